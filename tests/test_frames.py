"""evaluate_frame: vectorised, lazy where the input is lazy, equal to evaluate row by row."""

from __future__ import annotations

import datetime
import random
import sys
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import qualify
from qualify import Status
from qualify._tables import distinct as table_distinct

from .test_properties import frameworks

OUT = [
    "score",
    "verdict",
    "completeness",
    "potential",
    "stage",
    "missing",
    "next_question",
    "priority",
    "settled",
]


def _polars(result: Any) -> pl.DataFrame:
    """Any output as a polars DataFrame, to compare rows."""
    if isinstance(result, pl.LazyFrame):
        return result.collect()
    if isinstance(result, pl.DataFrame):
        return result
    if isinstance(result, pd.DataFrame):
        return pl.from_pandas(result)
    if isinstance(result, pa.Table):
        return pl.from_arrow(result)  # type: ignore[return-value]
    if isinstance(result, duckdb.DuckDBPyRelation):
        return result.pl()
    raise AssertionError(type(result))


def _natives(data: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "pandas": pd.DataFrame(data),
        "polars": pl.DataFrame(data, strict=False),
        "polars-lazy": pl.DataFrame(data, strict=False).lazy(),
        "pyarrow": pa.table(data),
        "duckdb": duckdb.from_arrow(pa.table(data)),
    }


def _bant_rows(count: int, seed: int) -> dict[str, list[Any]]:
    rng = random.Random(seed)
    spellings = {
        "budget": [
            "none",
            "No Budget",
            "process",
            "access-to budget",
            "allocated",
            "SUFFICIENT",
            " ",
        ],
        "authority": ["unknown", "identified", "Engaged", "in_contact"],
        "need": ["assumed", "Pain Identified", "validated", "matched"],
    }
    data: dict[str, list[Any]] = {key: [] for key in [*spellings, "timeframe", "lead"]}
    for number in range(count):
        data["lead"].append(f"L{number}")
        for key, options in spellings.items():
            data[key].append(None if rng.random() < 0.25 else rng.choice(options))
        data["timeframe"].append(
            None if rng.random() < 0.25 else rng.choice([0, 3, 6, 6.5, 12, 13, 48])
        )
    return data


def _output_row(result: qualify.Evaluation) -> dict[str, Any]:
    """What evaluate_frame's output columns should hold for *result*."""
    return {
        "score": result.score,
        "verdict": result.verdict.value,
        "completeness": result.completeness,
        "potential": result.potential,
        "stage": result.stage,
        "missing": [m.key for m in result.missing],
        "next_question": result.next_question,
        "priority": result.priority,
        "settled": None if result.settled is None else result.settled.value,
    }


def _expected(data: dict[str, list[Any]], framework: str, keys: list[str]) -> list[dict[str, Any]]:
    rows = []
    for i in range(len(data["lead"])):
        rows.append(_output_row(qualify.evaluate({key: data[key][i] for key in keys}, framework)))
    return rows


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_equal_to_evaluate_row_by_row(backend: str, seed: int) -> None:
    data = _bant_rows(200, seed)
    native = _natives(data)[backend]
    result = qualify.evaluate_frame(native, "bant")
    assert type(result) is type(native)  # the same kind comes back, lazy stays lazy
    got = (
        _polars(result).sort("lead", maintain_order=True)
        if backend == "duckdb"
        else _polars(result)
    )
    if backend == "duckdb":  # a relation has no order; compare by lead
        order = {lead: i for i, lead in enumerate(data["lead"])}
        got = got.with_columns(pl.col("lead").replace_strict(order).alias("_i")).sort("_i")
    assert got.select(OUT).rows(named=True) == _expected(
        data, "bant", ["budget", "authority", "need", "timeframe"]
    )


def test_stages_booleans_and_disqualifiers() -> None:
    rng = random.Random(7)
    tele = [s.key for s in qualify.get_framework("teleprospecting").stages]
    data: dict[str, list[Any]] = {"lead": [f"T{i}" for i in range(150)]}
    for key in tele:
        data[key] = [rng.choice([True, False, None]) for _ in range(150)]
    got = _polars(qualify.evaluate_frame(pl.DataFrame(data), "teleprospecting"))
    assert got.select(OUT).rows(named=True) == _expected(data, "teleprospecting", tele)

    short = qualify.get_framework("short-term-lead")
    data = {"lead": [f"S{i}" for i in range(150)]}
    for key in short.keys:
        options: list[Any] = (
            ["yes", "No", "TRUE", None, " "] if key != "budget" else ["allocated", "process", None]
        )
        data[key] = [rng.choice(options) for _ in range(150)]
    got = _polars(qualify.evaluate_frame(pd.DataFrame(data), short))
    assert got.select(OUT).rows(named=True) == _expected(data, "short-term-lead", list(short.keys))


def test_nan_and_blank_mean_no_evidence() -> None:
    frame = pd.DataFrame(
        {"need": ["validated", "  ", None], "timeframe": [float("nan"), 3.0, None]}
    )
    result = qualify.evaluate_frame(frame, "bant")
    assert list(result["completeness"]) == pytest.approx([4 / 12, 2 / 12, 0.0])
    assert list(frame.columns) == ["need", "timeframe"]  # the input is untouched


def test_through_the_dynamics_mapping() -> None:
    rows = {
        "leadid": ["a", "b", "c", "d"],
        "fullname": ["Mei Chen", "Sam Okafor", "Ana Souza", "Raj Patel"],
        "budgetstatus": ["Will Buy", None, "no committed budget", 2],
        "budgetamount": [None, 50000.0, None, None],
        "decisionmaker": [True, False, None, True],
        "need": ["Must have", "Good to have", "No need", "0"],
        "purchasetimeframe": ["This Quarter", "Unknown", "This Year", None],
    }
    rows["budgetstatus"] = [str(v) if v is not None else None for v in rows["budgetstatus"]]
    got = _polars(qualify.evaluate_frame(pl.DataFrame(rows), "bant", mapping="dynamics365"))
    expected = []
    for i in range(4):
        crm_row = {key: values[i] for key, values in rows.items()}
        expected.append(qualify.evaluate(crm_row, "bant", mapping="dynamics365"))
    assert got["score"].to_list() == [e.score for e in expected]
    assert got["verdict"].to_list() == [e.verdict.value for e in expected]
    assert got["missing"].to_list() == [[m.key for m in e.missing] for e in expected]


def test_numeric_option_codes_through_a_mapping() -> None:
    frame = pd.DataFrame({"budgetstatus": [0, 3, None], "purchasetimeframe": [1, 4, 2]})
    result = qualify.evaluate_frame(frame, "bant", mapping="dynamics365")
    budget = [qualify.evaluate({"budgetstatus": v}, "bant", mapping="dynamics365") for v in (0, 3)]
    assert list(result["score"])[:2] == [
        qualify.evaluate(
            {"budgetstatus": b, "purchasetimeframe": t}, "bant", mapping="dynamics365"
        ).score
        for b, t in ((0, 1), (3, 4))
    ]
    assert budget[1].result("budget").value == "sufficient"


def test_every_bad_row_is_named_with_every_problem() -> None:
    frame = pl.DataFrame(
        {"lead": ["a", "b", "c"], "budget": ["allocated", "lots", None], "timeframe": [3, 4, -1]}
    )
    with pytest.raises(qualify.EvidenceError) as raised:
        qualify.evaluate_frame(frame, "bant")
    message = str(raised.value)
    assert message.startswith("2 rows cannot be scored")
    assert "row 2: criterion 'budget' of framework 'bant' does not accept 'lots'" in message
    assert "row 3: criterion 'timeframe' of framework 'bant' does not accept -1" in message
    assert len(raised.value.problems) == 2
    with pytest.raises(qualify.EvidenceError, match="lead='b': criterion 'budget'"):
        qualify.evaluate_frame(frame, "bant", id="lead")
    with pytest.raises(qualify.EvidenceError, match="the row with budget='lots'"):
        qualify.evaluate_frame(frame.lazy(), "bant")


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"])
def test_errors_report_scores_the_rest_and_lists_each_bad_row(backend: str) -> None:
    data = {
        "lead": ["a", "b", "c", "d"],
        "budget": ["allocated", "lots", None, "plenty"],
        "need": ["validated", "urgent", "assumed", "identified"],
        "timeframe": [3, 4, -1, 2],
    }
    got = _polars(
        qualify.evaluate_frame(_natives(data)[backend], "bant", errors="report", id="lead")
    )
    got = got.sort("lead")
    assert got["problems"].to_list() == [
        [],
        [
            "criterion 'budget' of framework 'bant' does not accept 'lots'. Accepted: one of"
            " 'none' (or 'no budget'), 'process' (or 'access', 'access to budget', 'process"
            " documented'), 'allocated', 'sufficient' (or 'allocated and sufficient'), or"
            " true/false.",
            "criterion 'need' of framework 'bant' does not accept 'urgent'. Accepted: one of"
            " 'assumed' (or 'firmographics only'), 'identified' (or 'pain identified'),"
            " 'validated' (or 'pain validated', 'matched'), or true/false.",
        ],
        [
            "criterion 'timeframe' of framework 'bant' does not accept -1. Accepted: a number"
            " of months from now, 0 or more (a number written like 1234.5 or 1,234.5), or"
            " true/false."
        ],
        [
            qualify.get_framework("bant").criterion("budget").scale.accepted()
            and "criterion 'budget' of framework 'bant' does not accept 'plenty'. Accepted: one of"
            " 'none' (or 'no budget'), 'process' (or 'access', 'access to budget', 'process"
            " documented'), 'allocated', 'sufficient' (or 'allocated and sufficient'), or"
            " true/false."
        ],
    ]
    assert got["score"].to_list()[1:] == [None, None, None]
    assert got["verdict"].to_list() == ["nurture", None, None, None]
    good = qualify.evaluate({"budget": "allocated", "need": "validated", "timeframe": 3}, "bant")
    assert got["score"][0] == good.score and got["missing"][0].to_list() == ["authority"]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pl.DataFrame({"lead": ["a"], "company": ["x"]}), "no column of the table is evidence"),
        (pl.DataFrame({"need": ["validated"], "score": [1]}), "already has columns named 'score'"),
        (pl.DataFrame({"timeframe": [datetime.date(2026, 1, 1)]}), "holds Date"),
    ],
)
def test_unusable_tables(frame: pl.DataFrame, message: str) -> None:
    with pytest.raises(qualify.QualifyError, match=message):
        qualify.evaluate_frame(frame, "bant")


def test_a_criterion_named_like_the_report_column_is_refused_only_with_a_report() -> None:
    named = qualify.Framework(
        name="named", title="Named",
        criteria=[qualify.Criterion(key="problems", label="Problems", question="Any?",
                                    scale=qualify.Boolean())],
    )  # fmt: skip
    frame = pl.DataFrame({"problems": [True, None]})
    assert qualify.evaluate_frame(frame, named)["score"].to_list() == [100.0, 0.0]
    with pytest.raises(qualify.QualifyError, match="already has columns named 'problems'"):
        qualify.evaluate_frame(frame, named, errors="report")


def test_not_a_table() -> None:
    with pytest.raises(qualify.QualifyError, match="got list"):
        qualify.evaluate_frame([{"need": "validated"}], "bant")


def test_without_narwhals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "narwhals", None)
    with pytest.raises(qualify.QualifyError, match=r'pip install "qualify\[frames\]"'):
        qualify.evaluate_frame(pd.DataFrame({"need": ["validated"]}), "bant")


@pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning")
def test_dask_when_installed() -> None:
    dd = pytest.importorskip("dask.dataframe")
    data = _bant_rows(60, 5)
    lazy = dd.from_pandas(pd.DataFrame(data), npartitions=3)
    result = qualify.evaluate_frame(lazy, "bant")
    assert type(result) is type(lazy)
    got = pl.from_pandas(result.compute().reset_index(drop=True))
    expected = _expected(data, "bant", ["budget", "authority", "need", "timeframe"])
    assert got.select(OUT).rows(named=True) == expected


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "duckdb"])
def test_summarize_a_scored_table_equals_summarize_of_evaluations(backend: str) -> None:
    data = _bant_rows(120, 9)
    scored = qualify.evaluate_frame(_natives(data)[backend], "bant")
    from_table = qualify.summarize(scored, framework="bant")
    keys = ["budget", "authority", "need", "timeframe"]
    evaluations = [
        qualify.evaluate({key: data[key][i] for key in keys}, "bant") for i in range(120)
    ]
    from_objects = qualify.summarize(evaluations)
    assert from_table.verdicts == from_objects.verdicts
    assert from_table.missing == from_objects.missing
    assert from_table.mean_score == pytest.approx(from_objects.mean_score)
    assert from_table.leads == 120


def test_summarize_a_table_needs_the_framework() -> None:
    scored = qualify.evaluate_frame(pl.DataFrame({"need": ["validated"]}), "bant")
    with pytest.raises(qualify.QualifyError, match="needs framework="):
        qualify.summarize(scored)
    with pytest.raises(qualify.QualifyError, match="missing: missing, score, stage, verdict"):
        qualify.summarize(pl.DataFrame({"need": ["x"]}), framework="bant")


# Generated frameworks and tables: every backend equals evaluate row by row ----------


def _column_for(scale: qualify.Scale) -> tuple[str, st.SearchStrategy[Any]]:
    """The column type a CRM would hold for *scale*, and values for it (None: empty)."""
    if isinstance(scale, qualify.Levels):
        names = [level.name for level in scale.levels]
        spelled = st.sampled_from(names).flatmap(
            lambda name: st.sampled_from([name, name.upper(), f" {name} "])
        )
        return "text", st.one_of(st.none(), st.just(" "), spelled)
    if isinstance(scale, qualify.Months | qualify.Numbers):
        return "number", st.one_of(
            st.none(), st.just(float("nan")), st.integers(0, 60).map(float), st.floats(0, 1e5)
        )
    return "flag", st.one_of(st.none(), st.booleans())


_TYPES = {
    "text": (pl.String, pa.string(), "str"),
    "number": (pl.Float64, pa.float64(), "Float64"),
    "flag": (pl.Boolean, pa.bool_(), "boolean"),
}


@st.composite
def _tables(draw: st.DrawFn) -> tuple[qualify.Framework, dict[str, tuple[str, list[Any]]]]:
    framework = draw(frameworks())
    assume(not set(framework.keys) & set(OUT))  # a key named like an output column is refused
    rows = draw(st.integers(0, 12))
    columns: dict[str, tuple[str, list[Any]]] = {}
    scales = {c.key: c.scale for c in framework.criteria}
    scales.update({d.key: qualify.Boolean() for d in framework.disqualifiers})
    for key, scale in scales.items():
        if not draw(st.booleans()):
            continue
        kind, values = _column_for(scale)
        columns[key] = (kind, draw(st.lists(values, min_size=rows, max_size=rows)))
    if not columns:
        key = framework.criteria[0].key
        kind, values = _column_for(framework.criteria[0].scale)
        columns[key] = (kind, draw(st.lists(values, min_size=rows, max_size=rows)))
    return framework, columns


def _typed(columns: dict[str, tuple[str, list[Any]]], backend: str) -> Any:
    if backend == "pandas":
        return pd.DataFrame(
            {
                key: pd.array(
                    [None if v is not None and v != v else v for v in values]
                    if kind != "number"
                    else values,
                    dtype=_TYPES[kind][2],
                )
                for key, (kind, values) in columns.items()
            }
        )
    if backend in ("pyarrow", "duckdb"):
        table = pa.table(
            {key: pa.array(values, _TYPES[kind][1]) for key, (kind, values) in columns.items()}
        )
        if backend == "pyarrow":
            return table
        # a relation has no order of its own: "_row" (no generated key starts with "_")
        rows = len(next(iter(columns.values()))[1])
        return duckdb.from_arrow(table.append_column("_row", pa.array(range(rows), pa.int64())))
    frame = pl.DataFrame(
        {key: pl.Series(values, dtype=_TYPES[kind][0]) for key, (kind, values) in columns.items()}
    )
    return frame.lazy() if backend == "polars-lazy" else frame


@settings(max_examples=40, deadline=None)
@given(_tables(), st.sampled_from(["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"]))
def test_generated_tables_equal_evaluate_row_by_row(
    case: tuple[qualify.Framework, dict[str, tuple[str, list[Any]]]], backend: str
) -> None:
    framework, columns = case
    result = qualify.evaluate_frame(_typed(columns, backend), framework, criteria=True)
    satisfactions = [f"satisfaction_{c.key}" for c in framework.criteria]
    got = _polars(result)
    if backend == "duckdb":
        got = got.sort("_row")
    got = got.select(*OUT, *satisfactions).with_columns(
        pl.col("verdict").cast(pl.String), pl.col("settled").cast(pl.String)
    )
    assert got.rows(named=True) == expected_rows(framework, columns)


def expected_rows(
    framework: qualify.Framework, columns: dict[str, tuple[str, list[Any]]]
) -> list[dict[str, Any]]:
    """What evaluate gives for each row of a generated table, as evaluate_frame's columns
    (with criteria=True)."""
    rows = len(next(iter(columns.values()))[1])
    expected = []
    for i in range(rows):
        lead = {key: values[i] for key, (_, values) in columns.items()}
        lead = {key: None if isinstance(v, float) and v != v else v for key, v in lead.items()}
        evaluation = qualify.evaluate(lead, framework)
        per_criterion = {
            f"satisfaction_{r.key}": None if r.status is Status.UNKNOWN else r.satisfaction
            for r in evaluation.criteria
        }
        expected.append({**_output_row(evaluation), **per_criterion})
    return expected


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"])
def test_criteria_adds_each_criterions_satisfaction(backend: str) -> None:
    data = _bant_rows(60, 4)
    result = qualify.evaluate_frame(_natives(data)[backend], "bant", criteria=True)
    got = _polars(result)
    keys = ["budget", "authority", "need", "timeframe"]
    assert got.columns[-4:] == [f"satisfaction_{key}" for key in keys]
    leads = dict(zip(got["lead"].to_list(), got.iter_rows(named=True), strict=True))
    for i, lead in enumerate(data["lead"]):
        evaluation = qualify.evaluate({key: data[key][i] for key in keys}, "bant")
        for r in evaluation.criteria:
            found = leads[lead][f"satisfaction_{r.key}"]
            assert found == (None if r.status is Status.UNKNOWN else r.satisfaction)
    with pytest.raises(qualify.QualifyError, match="criteria must be True or False"):
        qualify.evaluate_frame(_natives(data)["polars"], "bant", criteria="wide")
    taken = pl.DataFrame({"need": ["validated"], "satisfaction_need": [1.0]})
    with pytest.raises(qualify.QualifyError, match="satisfaction_need"):
        qualify.evaluate_frame(taken, "bant", criteria=True)


def test_a_number_column_with_many_distinct_values() -> None:
    from qualify._tables import arrays as _frame_arrays

    rng = random.Random(11)
    count = 3 * _frame_arrays._DISTINCT_LIMIT
    months = [None if rng.random() < 0.1 else rng.uniform(0, 40) for _ in range(count)]
    needs = [rng.choice(["assumed", "validated", None]) for _ in range(count)]
    for native in (
        pd.DataFrame({"timeframe": pd.array(months, dtype="Float64"), "need": needs}),
        pl.DataFrame({"timeframe": months, "need": needs}),
    ):
        scored = _polars(qualify.evaluate_frame(native, "bant"))
        for i in range(0, count, 97):
            expected = qualify.evaluate({"timeframe": months[i], "need": needs[i]}, "bant")
            assert scored["score"][i] == expected.score
            assert scored["missing"][i].to_list() == [m.key for m in expected.missing]


def test_a_pandas_index_and_column_types_are_kept() -> None:
    frame = pd.DataFrame(
        {"need": ["validated", None, "assumed"], "timeframe": [3, 30, 7]},
        index=pd.Index(["x", "x", "y"], name="lead"),
    )
    scored = qualify.evaluate_frame(frame, "bant")
    assert list(scored.index) == ["x", "x", "y"] and scored.index.name == "lead"
    assert scored["timeframe"].dtype == frame["timeframe"].dtype
    assert list(scored["missing"].iloc[1]) == ["need", "budget", "authority"]
    leads = [{"need": "validated", "timeframe": 3}, {"timeframe": 30}, {"need": "assumed"}]
    leads[2]["timeframe"] = 7
    assert scored["verdict"].tolist() == [qualify.evaluate(x, "bant").verdict.value for x in leads]


def test_a_chunked_arrow_table_and_nan_in_polars() -> None:
    first = pa.table({"budget": ["allocated", None], "timeframe": [3.0, float("nan")]})
    second = pa.table({"budget": ["none", "allocated"], "timeframe": [None, 12.0]})
    table = pa.concat_tables([first, second])
    assert table["budget"].num_chunks == 2
    scored = qualify.evaluate_frame(table, "bant")
    leads = [
        {"budget": "allocated", "timeframe": 3.0},
        {"budget": None, "timeframe": None},
        {"budget": "none", "timeframe": None},
        {"budget": "allocated", "timeframe": 12.0},
    ]
    assert scored["score"].to_pylist() == [qualify.evaluate(x, "bant").score for x in leads]
    polars = qualify.evaluate_frame(pl.from_arrow(table), "bant")
    assert polars["completeness"].to_list() == scored["completeness"].to_pylist()


def test_a_bad_value_in_pandas_is_named_by_its_index() -> None:
    frame = pd.DataFrame(
        {"timeframe": [3.0, -2.0], "budget": ["none", "none"]}, index=["00Q1", "00Q2"]
    )
    with pytest.raises(
        qualify.EvidenceError,
        match=r"index '00Q2': criterion 'timeframe' .* does not accept -2\.0\.",
    ):
        qualify.evaluate_frame(frame, "bant")
    reported = qualify.evaluate_frame(frame, "bant", errors="report")
    assert list(reported.index) == ["00Q1", "00Q2"] and len(reported.loc["00Q2", "problems"]) == 1


def test_report_needs_an_id_on_a_lazy_table_and_errors_is_checked() -> None:
    lazy = pl.DataFrame({"need": ["validated"]}).lazy()
    with pytest.raises(qualify.QualifyError, match="needs id="):
        qualify.evaluate_frame(lazy, "bant", errors="report")
    with pytest.raises(qualify.QualifyError, match="errors must be one of 'raise', 'report'"):
        qualify.evaluate_frame(lazy, "bant", errors="ignore")
    with pytest.raises(qualify.QualifyError, match="id 'lead' is not a column"):
        qualify.evaluate_frame(lazy, "bant", id="lead")


def test_a_framework_with_very_many_criteria() -> None:
    criteria = [
        qualify.Criterion(key=f"c{i}", label=f"C{i}", question=f"Is {i} true?", weight=1 + i % 3)
        for i in range(70)
    ]
    framework = qualify.Framework(name="wide", title="Wide", criteria=criteria, qualified_at=50)
    rng = random.Random(3)
    data = {f"c{i}": [rng.choice([True, False, None]) for _ in range(20)] for i in range(70)}
    data["lead"] = list(range(20))
    # lazily too: the expressions grow in step with the criteria (a largest gap nested
    # by hand doubled at each one and never finished here)
    for native in (
        pd.DataFrame({k: v for k, v in data.items() if k != "lead"}, dtype="boolean").assign(
            lead=data["lead"]
        ),
        pl.DataFrame(data),
        pl.DataFrame(data).lazy(),
        _natives(data)["duckdb"],
    ):
        scored = _polars(qualify.evaluate_frame(native, framework)).sort("lead")
        for row in range(20):
            lead = {k: v[row] for k, v in data.items() if k != "lead"}
            expected = qualify.evaluate(lead, framework)
            assert scored["score"][row] == expected.score
            assert scored["missing"][row].to_list() == [m.key for m in expected.missing]
            assert scored["next_question"][row] == expected.next_question


def test_many_distinct_combinations_are_read_column_by_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A lazy table's text columns are read in one query unless they hold more distinct
    combinations than that query should fetch; both ways give the same result."""
    data = _bant_rows(200, 5)
    lazy = _natives(data)["polars-lazy"]
    together = qualify.evaluate_frame(lazy, "bant").collect()
    monkeypatch.setattr(table_distinct, "COMBINATIONS", 2)
    apart = qualify.evaluate_frame(lazy, "bant").collect()
    assert apart.equals(together)
    assert together.select(OUT).rows(named=True) == _expected(
        data, "bant", ["budget", "authority", "need", "timeframe"]
    )


def test_decimal_and_integer_columns_are_numbers_as_in_evaluate() -> None:
    from decimal import Decimal

    months = [Decimal("3.5"), None, Decimal("30")]
    table = pa.table({"timeframe": pa.array(months, pa.decimal128(10, 2))})
    expected = [qualify.evaluate({"timeframe": m}, "bant").score for m in months]
    assert qualify.evaluate_frame(table, "bant")["score"].to_pylist() == expected
    assert qualify.evaluate_frame(pl.from_arrow(table), "bant")["score"].to_list() == expected
    whole = pd.DataFrame({"timeframe": [3, 30, 12]})  # int64
    assert qualify.evaluate_frame(whole, "bant")["score"].tolist() == [
        qualify.evaluate({"timeframe": m}, "bant").score for m in (3, 30, 12)
    ]


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"])
def test_amounts_as_text_or_numbers_read_as_evaluate_reads_them(backend: str) -> None:
    european = qualify.FieldMap(
        name="eu",
        fields=[
            qualify.Field(column="amount", criterion="budget", at_least=[(0.01, "allocated")]),
            qualify.Field(column="months", criterion="timeframe"),
        ],
        decimal=",",
    )
    data = {"amount": ["1.234,50 €", None, "0"], "months": ["6,5", "14", None]}
    got = _polars(qualify.evaluate_frame(_natives(data)[backend], "bant", mapping=european))
    rows = [{key: values[i] for key, values in data.items()} for i in range(3)]
    expected = [qualify.evaluate(row, "bant", mapping=european) for row in rows]
    assert got["score"].to_list() == [e.score for e in expected]
    assert got["missing"].to_list() == [[m.key for m in e.missing] for e in expected]
    amounts = qualify.FieldMap(name="amounts", fields=european.fields[:1])
    for negative in ({"amount": [500.0, -20.0]}, {"amount": ["$500", "-$20"]}):
        with pytest.raises(qualify.EvidenceError, match="negative amount .?-\\$?20"):
            qualify.evaluate_frame(_natives(negative)[backend], "bant", mapping=amounts)


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"])
def test_a_nurture_lead_with_nothing_missing_is_asked_about_its_largest_gap(backend: str) -> None:
    data = {
        # need (required) only identified: nurture with nothing missing
        "budget": ["sufficient", "allocated", "sufficient", "none"],
        "authority": ["engaged", "identified", "engaged", "identified"],
        "need": ["identified", "identified", "validated", "identified"],
        "timeframe": [3, 9, 3, None],
    }
    got = _polars(qualify.evaluate_frame(_natives(data)[backend], "bant"))
    expected = [
        qualify.evaluate({key: values[i] for key, values in data.items()}, "bant") for i in range(4)
    ]
    assert expected[0].verdict is qualify.Verdict.NURTURE and not expected[0].missing
    assert expected[0].next_question == qualify.get_framework("bant").criterion("need").question
    assert got["next_question"].to_list() == [e.next_question for e in expected]
    assert got["priority"].to_list() == [e.priority for e in expected]


@st.composite
def _tables_with_bad_values(
    draw: st.DrawFn,
) -> tuple[qualify.Framework, dict[str, tuple[str, list[Any]]]]:
    framework, columns = draw(_tables())
    # the report adds a "problems" column: a key of that name is refused (tested apart)
    assume("problems" not in framework.keys)
    odd = {
        "text": st.sampled_from(["lots", "maybe", "N/A", "-- Select --", "unknown"]),
        "number": st.floats(-100, -0.5),
        "flag": st.none(),
    }
    for key, (kind, values) in columns.items():
        spoil = draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
        columns[key] = (
            kind,
            [draw(odd[kind]) if bad else value for value, bad in zip(values, spoil, strict=True)],
        )
    return framework, columns


@settings(max_examples=40, deadline=None)
@given(_tables_with_bad_values(), st.sampled_from(["pandas", "polars", "pyarrow"]))
def test_report_lists_exactly_the_rows_and_problems_evaluate_raises_on(
    table: tuple[qualify.Framework, dict[str, tuple[str, list[Any]]]], backend: str
) -> None:
    framework, columns = table
    got = _polars(qualify.evaluate_frame(_typed(columns, backend), framework, errors="report"))
    rows = len(next(iter(columns.values()))[1])
    for i in range(rows):
        lead = {key: values[i] for key, (_, values) in columns.items()}
        lead = {key: None if isinstance(v, float) and v != v else v for key, v in lead.items()}
        try:
            expected = qualify.evaluate(lead, framework)
        except qualify.EvidenceError as exc:
            assert tuple(got["problems"][i]) == exc.problems
            assert got["score"][i] is None and got["verdict"][i] is None
        else:
            assert got["problems"][i].to_list() == []
            assert {name: got[name][i] for name in OUT if name != "missing"} == {
                name: value for name, value in _output_row(expected).items() if name != "missing"
            }


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(
            {
                "timeframe": [3, "4", None, " ", 5.5],
                "budget": ["none", "allocated", pd.NA, "N/A", True],
            }
        ).astype(object),
        pd.DataFrame({"budget": pd.Categorical(["none", "allocated", None, "Unknown", "none"])}),
        pl.DataFrame(
            {"budget": ["none", "allocated", None, "Unknown", "none"]},
            schema={"budget": pl.Categorical},
        ),
        pl.DataFrame(
            {"budget": ["none", "allocated", None, "none", "none"]},
            schema={"budget": pl.Enum(["none", "allocated"])},
        ),
        pl.DataFrame({"budget": [None] * 5, "need": ["validated"] * 5}),
        pa.table({"budget": pa.array([None] * 5), "need": pa.array(["validated"] * 5)}),
        pa.table(
            {"budget": pa.array(["none", "allocated", None, "none", "none"]).dictionary_encode()}
        ),
        pl.DataFrame(
            {"budget": ["none", "allocated", None, "Unknown", "none"]},
            schema={"budget": pl.Categorical},
        ).lazy(),
        pl.DataFrame({"budget": [None] * 5, "need": ["validated"] * 5}).lazy(),
        pl.DataFrame(
            {
                "timeframe": pl.Series([3, "4", None, " ", 5.5], dtype=pl.Object),
                "budget": pl.Series(["none", "allocated", None, "N/A", True], dtype=pl.Object),
            }
        ),
    ],
    ids=[
        "pandas-objects",
        "pandas-categorical",
        "polars-categorical",
        "polars-enum",
        "polars-nulls",
        "arrow-nulls",
        "arrow-dictionary",
        "lazy-categorical",
        "lazy-nulls",
        "polars-objects",
    ],
)
def test_object_categorical_and_null_columns_read_as_evaluate_reads_them(frame: Any) -> None:
    result = qualify.evaluate_frame(frame, "bant")
    if isinstance(result, pd.DataFrame):  # its object columns do not convert to polars
        result = result[["score", "missing"]]
    got = _polars(result)
    native = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    table = _polars(native) if not isinstance(native, pd.DataFrame) else None
    if table is not None and any(dtype == pl.Object for dtype in table.dtypes):
        rows = [dict(zip(table.columns, row, strict=True)) for row in table.iter_rows()]
    elif table is None:
        rows = [
            {
                k: (None if v is None or (isinstance(v, float) and v != v) else v)
                for k, v in row.items()
            }
            for row in native.astype(object).where(native.notna(), None).to_dict("records")
        ]
    else:
        rows = table.to_dicts()
    expected = [qualify.evaluate(row, "bant") for row in rows]
    assert len(rows) == 5
    assert got["score"].to_list() == [e.score for e in expected]
    assert got["missing"].to_list() == [[m.key for m in e.missing] for e in expected]


@pytest.mark.parametrize("backend", ["polars", "polars-lazy", "pyarrow", "duckdb"])
def test_a_mapping_reads_struct_columns_by_dotted_path_as_evaluate_does(backend: str) -> None:
    hubspot = qualify.FieldMap(
        name="nested",
        fields=[
            qualify.Field(column="properties.budget", criterion="budget"),
            qualify.Field(column="properties.deal.months", criterion="timeframe"),
        ],
    )
    records = [
        {"id": "a", "properties": {"budget": "allocated", "deal": {"months": 3}}},
        {"id": "b", "properties": {"budget": "lots", "deal": {"months": None}}},
        {"id": "c", "properties": {"budget": None, "deal": {"months": 14}}},
    ]
    table = pa.Table.from_pylist(records)
    native = {
        "polars": pl.from_arrow(table),
        "polars-lazy": pl.from_arrow(table).lazy(),  # type: ignore[union-attr]
        "pyarrow": table,
        "duckdb": duckdb.from_arrow(table),
    }[backend]
    got = _polars(qualify.evaluate_frame(native, "bant", mapping=hubspot, errors="report", id="id"))
    got = got.sort("id")
    assert got.columns[:2] == ["id", "properties"] and "properties.budget" not in got.columns
    outcomes = list(qualify.evaluate_many(records, "bant", mapping=hubspot, errors="report"))
    assert got["score"].to_list() == [
        None if isinstance(o, qualify.RowProblems) else o.score for o in outcomes
    ]
    assert got["problems"].to_list()[1] == list(outcomes[1].problems)  # type: ignore[union-attr]


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"])
def test_a_calibrated_framework_adds_the_probability_of_evaluate(backend: str) -> None:
    model = qualify.Probability(
        intercept=-2.2, per_point=0.031, unknown={"budget": -0.4, "need": 0.25}, disqualified=-1
    )
    framework = qualify.get_framework("bant").customize(name="bant-odds", probability=model)
    data = _bant_rows(120, 6)
    result = _polars(qualify.evaluate_frame(_natives(data)[backend], framework))
    assert result.columns[-1] == "probability"
    by_lead = dict(zip(result["lead"].to_list(), result["probability"].to_list(), strict=True))
    keys = ["budget", "authority", "need", "timeframe"]
    for i, lead in enumerate(data["lead"]):
        expected = qualify.evaluate({key: data[key][i] for key in keys}, framework).probability
        if backend in ("polars-lazy", "duckdb"):  # exp() is the engine's own there
            assert by_lead[lead] == pytest.approx(expected, rel=1e-12)
        else:  # worked out by the engine's own arithmetic: the same bits
            assert by_lead[lead] == expected
    plain = _polars(qualify.evaluate_frame(_natives(data)[backend], "bant"))
    assert "probability" not in plain.columns


RANKED = ["disqualified", "unqualified", "nurture", "qualified"]


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"])
def test_the_verdict_is_an_ordered_category_worst_first(backend: str) -> None:
    """Sorting or cross-tabulating verdicts goes by rank, not by the alphabet."""
    data = _bant_rows(60, 4)
    result = qualify.evaluate_frame(_natives(data)[backend], "bant")
    if backend == "pandas":
        dtype = result["verdict"].dtype
        assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered
        assert list(dtype.categories) == RANKED
        best_first = result.sort_values("verdict", ascending=False)["verdict"].tolist()
    elif backend == "pyarrow":
        kind = result.schema.field("verdict").type
        assert pa.types.is_dictionary(kind) and kind.ordered
        assert result["verdict"].combine_chunks().dictionary.to_pylist() == RANKED
        as_pandas = result.to_pandas()  # the order travels with the table
        best_first = as_pandas.sort_values("verdict", ascending=False)["verdict"].tolist()
    elif backend == "duckdb":
        assert str(result.select("verdict").types[0]) == (
            "ENUM('disqualified', 'unqualified', 'nurture', 'qualified')"
        )
        best_first = [row[0] for row in result.order("verdict DESC").select("verdict").fetchall()]
    else:
        table = _polars(result)
        assert table.schema["verdict"] == pl.Enum(RANKED)
        best_first = table.sort("verdict", descending=True)["verdict"].to_list()
    ranks = [RANKED.index(verdict) for verdict in best_first]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) > 1


def test_reported_rows_have_an_empty_ordered_verdict() -> None:
    data = {"lead": ["a", "b"], "need": ["validated", "a lot"]}
    result = qualify.evaluate_frame(pd.DataFrame(data), "bant", errors="report")
    assert result["verdict"].isna().tolist() == [False, True]
    assert result["verdict"].dtype.ordered


def test_a_lazy_polars_table_with_reported_rows_keeps_its_row_order() -> None:
    """polars' left join may reorder rows unless asked not to (it did, 7 runs in 10)."""
    budgets = ["allocated", "bogus", None, "process", "none"]
    table = pl.DataFrame(
        {"id": list(range(500)), "budget": [budgets[i % len(budgets)] for i in range(500)]}
    )
    eager = qualify.evaluate_frame(table, "bant", errors="report", id="id")
    for _ in range(5):
        lazy = qualify.evaluate_frame(table.lazy(), "bant", errors="report", id="id").collect()
        assert lazy["id"].to_list() == list(range(500))
        assert lazy.equals(eager)
