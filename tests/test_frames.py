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

import qualify

OUT = ["score", "verdict", "completeness", "potential", "stage", "missing", "next_question"]


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


def _expected(data: dict[str, list[Any]], framework: str, keys: list[str]) -> list[dict[str, Any]]:
    rows = []
    for i in range(len(data["lead"])):
        result = qualify.evaluate({key: data[key][i] for key in keys}, framework)
        rows.append(
            {
                "score": result.score,
                "verdict": result.verdict.value,
                "completeness": result.completeness,
                "potential": result.potential,
                "stage": result.stage,
                "missing": [m.key for m in result.missing],
                "next_question": result.next_question,
            }
        )
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


def test_bad_values_are_reported_with_their_row() -> None:
    frame = pl.DataFrame({"budget": ["allocated", "lots", None], "timeframe": [3, 4, -1]})
    with pytest.raises(
        qualify.EvidenceError, match=r"row 2: 'budget' cannot be rated from budget='lots'"
    ):
        qualify.evaluate_frame(frame, "bant")
    lazy = frame.lazy()
    with pytest.raises(qualify.EvidenceError, match="'budget' cannot be rated"):
        qualify.evaluate_frame(lazy, "bant")
    lenient = qualify.evaluate_frame(frame, "bant", check=False)
    assert lenient["completeness"].to_list()[1] == pytest.approx(2 / 12)  # 'lots' ignored


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


def test_not_a_table() -> None:
    with pytest.raises(qualify.QualifyError, match="got list"):
        qualify.evaluate_frame([{"need": "validated"}], "bant")


def test_without_narwhals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "narwhals", None)
    with pytest.raises(qualify.QualifyError, match=r'pip install "qualify\[frames\]"'):
        qualify.evaluate_frame(pd.DataFrame({"need": ["validated"]}), "bant")


@pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning")
@pytest.mark.xfail(
    reason="narwhals' Dask backend (2.29) returns pd.NA from replace_strict on string"
    " columns and then fails to cast to float; polars, pandas, pyarrow and DuckDB pass",
    raises=TypeError,
    strict=False,
)
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
