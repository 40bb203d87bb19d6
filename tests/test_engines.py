"""Engines beyond one machine's memory: Dask and Spark (local mode), run for real.

Each engine scores where the data lives and returns its own kind of lazy frame,
equal row by row to ``evaluate``; backtests count in the engine with
``group_by`` and equal a backtest of the same rows. Skipped, with the reason,
where the engine (or, for Spark, Java) is missing; ``.ci/run`` installs both.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import qualify
from tests.test_frames import OUT, _output_row, _tables, expected_rows

pd = pytest.importorskip("pandas")

KEYS = ["budget", "authority", "need", "timeframe"]
VALUES = {
    "budget": ["none", "process", "allocated", "sufficient", None, "Allocated "],
    "authority": ["identified", "engaged", None, "in contact"],
    "need": ["assumed", "identified", "validated", None, ""],
    "timeframe": [1.0, 4.0, 9.0, 20.0, None],
}


def _leads(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    leads = []
    for number in range(count):
        lead: dict[str, Any] = {"lead": f"L{number}"}
        lead.update({key: rng.choice(values) for key, values in VALUES.items()})
        lead["won"] = rng.choice(["yes", "no", "no", None])
        lead["source"] = rng.choice(["web", "event"])
        leads.append(lead)
    return leads


def _expected(leads: list[dict[str, Any]], framework: Any = "bant") -> dict[str, dict[str, Any]]:
    found = {}
    for lead in leads:
        result = qualify.evaluate({key: lead[key] for key in KEYS}, framework)
        found[lead["lead"]] = {
            **_output_row(result),
            **{
                f"satisfaction_{r.key}": None
                if r.status is qualify.Status.UNKNOWN
                else r.satisfaction
                for r in result.criteria
            },  # fmt: skip
            "probability": result.probability,
        }
    return found


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


# -- Dask ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _quiet_dask() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Dask support is moving out of Narwhals")
        yield


def _dask(leads: list[dict[str, Any]]) -> Any:
    dd = pytest.importorskip("dask.dataframe")
    return dd.from_pandas(pd.DataFrame(leads), npartitions=3)


def _dask_rows(result: Any) -> dict[str, dict[str, Any]]:
    frame = result.compute()
    return {
        row["lead"]: {key: _plain(value) for key, value in row.items()}
        for row in frame.to_dict(orient="records")
    }


def test_dask_scores_lazily_and_equals_evaluate_row_by_row() -> None:
    leads = _leads(90, 1)
    lazy = _dask(leads)
    result = qualify.evaluate_frame(lazy, "bant", criteria=True)
    assert type(result) is type(lazy)  # still lazy: nothing computed until asked
    verdicts = result["verdict"].dtype  # ordered worst first, as in pandas
    assert verdicts.ordered
    assert list(verdicts.categories) == ["disqualified", "unqualified", "nurture", "qualified"]
    got, expected = _dask_rows(result), _expected(leads)
    for lead, row in expected.items():
        for column, value in row.items():
            if column != "probability":
                assert got[lead][column] == value, (lead, column)


def test_dask_reports_bad_rows_by_id() -> None:
    leads = _leads(30, 2)
    leads[4]["budget"] = "lots"
    result = qualify.evaluate_frame(_dask(leads), "bant", errors="report", id="lead")
    got = _dask_rows(result)
    assert got["L4"]["score"] is None and "'lots'" in got["L4"]["problems"][0]
    assert got["L5"]["problems"] == [] and got["L5"]["score"] is not None


def test_dask_backtest_counts_in_dask_and_equals_rows() -> None:
    leads = _leads(200, 3)
    expected = qualify.backtest(leads, "bant", "won", by="source")
    assert qualify.backtest(_dask(leads), "bant", "won", by="source") == expected


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=10**6))
def test_generated_dask_tables_equal_evaluate(count: int, seed: int) -> None:
    leads = _leads(count, seed)
    got = _dask_rows(qualify.evaluate_frame(_dask(leads), "bant"))
    expected = _expected(leads)
    assert {lead: {c: got[lead][c] for c in OUT} for lead in got} == {
        lead: {c: row[c] for c in OUT} for lead, row in expected.items()
    }


Generated = tuple[qualify.Framework, dict[str, tuple[str, list[Any]]]]
_SPARK_TYPES = {"text": "string", "number": "double", "flag": "boolean"}
_PANDAS_TYPES = {"text": "string", "number": "Float64", "flag": "boolean"}


def _matches_evaluate(case: Generated, build: Callable[[Any], Any], rows_of: Any) -> None:
    """evaluate_frame on the engine's table built from *case* equals evaluate row by row:
    the same bits for every number (each engine sums in evaluate's order)."""
    framework, columns = case
    count = len(next(iter(columns.values()))[1])
    table = pd.DataFrame(
        {
            key: pd.array([None if v != v else v for v in values], dtype=_PANDAS_TYPES[kind])
            for key, (kind, values) in columns.items()
        }
    ).assign(_row=range(count))  # no generated key starts with "_"
    result = qualify.evaluate_frame(build(table), framework, criteria=True)
    satisfactions = [f"satisfaction_{c.key}" for c in framework.criteria]
    got = sorted(rows_of(result), key=lambda row: row["_row"])
    assert [{c: _plain(row[c]) for c in (*OUT, *satisfactions)} for row in got] == expected_rows(
        framework, columns
    )


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tables())
def test_generated_frameworks_and_tables_on_dask_equal_evaluate(case: Generated) -> None:
    def rows_of(result: Any) -> list[dict[str, Any]]:
        return result.compute().to_dict("records")  # type: ignore[no-any-return]

    dd = pytest.importorskip("dask.dataframe")
    _matches_evaluate(case, lambda table: dd.from_pandas(table, npartitions=2), rows_of)


# -- Spark --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark", reason="PySpark is not installed (.ci/run installs it)")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (17 on these machines), and java is not on the PATH")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("qualify-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _spark_frame(spark: Any, leads: list[dict[str, Any]]) -> Any:
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

    schema = StructType(
        [StructField(name, StringType()) for name in ("lead", "budget", "authority", "need")]
        + [StructField("timeframe", DoubleType())]
        + [StructField(name, StringType()) for name in ("won", "source")]
        + ([StructField("order", LongType())] if leads and "order" in leads[0] else [])
    )
    return spark.createDataFrame(
        [tuple(lead[f.name] for f in schema.fields) for lead in leads], schema
    )


def _spark_rows(result: Any) -> dict[str, dict[str, Any]]:
    return {
        row["lead"]: {k: _plain(v) for k, v in row.asDict().items()} for row in result.collect()
    }


def test_spark_scores_lazily_and_equals_evaluate_row_by_row(spark: Any) -> None:
    leads = _leads(120, 4)
    frame = _spark_frame(spark, leads)
    model = qualify.Probability(intercept=-2.0, per_point=0.04, unknown={"need": -0.3})
    calibrated = qualify.get_framework("bant").customize(name="bant-odds", probability=model)
    result = qualify.evaluate_frame(frame, calibrated, criteria=True)
    assert type(result) is type(frame)
    assert dict(result.dtypes)["verdict"] == "string"  # Spark has no ordered text type
    got, expected = _spark_rows(result), _expected(leads, calibrated)
    for lead, row in expected.items():
        for column, value in row.items():
            if column == "probability":  # exp() is Spark's own: equal within rounding
                assert got[lead][column] == pytest.approx(value, rel=1e-12)
            else:
                assert got[lead][column] == value, (lead, column)


def test_spark_reports_bad_rows_by_id(spark: Any) -> None:
    leads = _leads(20, 5)
    leads[3]["need"] = "desperately"
    result = qualify.evaluate_frame(_spark_frame(spark, leads), "bant", errors="report", id="lead")
    got = _spark_rows(result)
    assert got["L3"]["score"] is None and "'desperately'" in got["L3"]["problems"][0]
    assert got["L4"]["problems"] == []


def test_spark_backtest_and_calibrate_count_in_spark(spark: Any) -> None:
    leads = _leads(300, 6)
    frame = _spark_frame(spark, leads)
    assert qualify.backtest(frame, "bant", "won", by="source") == qualify.backtest(
        leads, "bant", "won", by="source"
    )
    assert qualify.calibrate(frame, "bant", "won") == qualify.calibrate(leads, "bant", "won")
    for number, lead in enumerate(leads):
        lead["order"] = number
    timed = _spark_frame(spark, leads)
    assert qualify.calibrate(timed, "bant", "won", time="order") == qualify.calibrate(
        leads, "bant", "won", time="order"
    )
    assert qualify.backtest(timed, "bant", "won", time="order") == qualify.backtest(
        leads, "bant", "won", time="order"
    )


def test_dask_and_duckdb_calibrate_on_time_as_rows_do() -> None:
    leads = _leads(300, 7)
    for number, lead in enumerate(leads):
        lead["order"] = number
    expected = qualify.calibrate(leads, "bant", "won", time="order")
    drift = qualify.backtest(leads, "bant", "won", time="order")
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(leads)
    relation = duckdb.from_df(frame)
    assert qualify.calibrate(relation, "bant", "won", time="order") == expected
    assert qualify.backtest(relation, "bant", "won", time="order") == drift
    table = _dask(leads)  # warnings quieted by the autouse fixture
    assert qualify.calibrate(table, "bant", "won", time="order") == expected
    assert qualify.backtest(table, "bant", "won", time="order") == drift


def test_the_spark_job_example_runs(spark: Any, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    job = root / "examples" / "spark_job" / "job.py"
    done = subprocess.run(
        [sys.executable, str(job), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "scored 200 leads" in done.stdout and "backtest:" in done.stdout
    partitions = sorted(p.name for p in (tmp_path / "scored").iterdir() if p.is_dir())
    assert "verdict=qualified" in partitions and "verdict=disqualified" in partitions


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=_tables())
@example(  # one criterion: Spark's greatest() refused a single column
    case=(
        qualify.Framework(
            name="one",
            title="One",
            criteria=[qualify.Criterion(key="a", label="A", question="A?")],
            qualified_at=1.0,
        ),
        {"a": ("flag", [True, None, False])},
    )
)
def test_generated_frameworks_and_tables_on_spark_equal_evaluate(
    spark: Any, case: Generated
) -> None:
    """Spark's own arithmetic, casts and NaN rules give evaluate's bits (a few cases: each
    is several Spark jobs)."""
    from pyspark.sql.types import StructType

    def build(table: Any) -> Any:
        schema = StructType.fromDDL(
            ", ".join(
                [f"`{key}` {_SPARK_TYPES[kind]}" for key, (kind, _) in case[1].items()]
                + ["`_row` bigint"]
            )
        )
        records = [
            tuple(None if value is pd.NA else value for value in row)
            for row in table.astype(object).itertuples(index=False)
        ]
        return spark.createDataFrame(records, schema)

    def rows_of(result: Any) -> list[dict[str, Any]]:
        return [row.asDict() for row in result.collect()]

    _matches_evaluate(case, build, rows_of)


# -- The lead's journey on the engines: as of an instant, vetted answers, hand-offs ----------

JOURNEY = qualify.get_framework("bant").customize(
    name="bant-journey",
    fresh_for=__import__("datetime").timedelta(days=120),
    change={"budget": {"requires_vetting": True}},
)
AGREEMENT = qualify.journey.Agreement(
    name="journey", framework="bant-journey", qualified_at=50, require=["need"],
    reasons=["no budget"],
)  # fmt: skip


def _journey_leads(count: int, seed: int) -> list[dict[str, Any]]:
    from datetime import datetime, timedelta

    rng = random.Random(seed)
    leads = _leads(count, seed)
    for lead in leads:
        lead["updated"] = datetime(2026, 11, 23) - timedelta(days=rng.randint(-10, 300))
        lead["budget_vetted_by"] = rng.choice([None, "", "CFO memo"])
    return leads


def _journey_expected(leads: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    from datetime import datetime

    found = {}
    for lead in leads:
        checked = {"budget"} if lead["budget_vetted_by"] else set()
        result = qualify.evaluate(
            {key: lead[key] for key in KEYS}, JOURNEY, as_of=datetime(2026, 11, 23),
            observed_at=lead["updated"], vetted=checked,
        )  # fmt: skip
        found[lead["lead"]] = {
            **_output_row(result),
            "stale": [s.key for s in result.stale],
            "unvetted": [u.key for u in result.unvetted],
            "handoff": AGREEMENT.hand_off(result, lead=lead["lead"]).decision.value,
        }
    return found


def _journey(frame: Any) -> Any:
    from datetime import datetime

    return qualify.evaluate_frame(
        frame, JOURNEY, as_of=datetime(2026, 11, 23), observed_at_column="updated",
        vetted_column={"budget": "budget_vetted_by"}, agreement=AGREEMENT,
    )  # fmt: skip


def test_dask_judges_as_of_an_instant_vetted_answers_and_hand_offs() -> None:
    leads = _journey_leads(80, 11)
    got = _dask_rows(_journey(_dask(leads)))
    for lead, row in _journey_expected(leads).items():
        assert {column: got[lead][column] for column in row} == row, lead


def test_spark_judges_as_of_an_instant_vetted_answers_and_hand_offs(spark: Any) -> None:
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType
    from pyspark.sql.types import TimestampNTZType

    leads = _journey_leads(80, 12)
    fields = [StructField(name, StringType()) for name in ("lead", *KEYS[:3])]
    fields += [StructField("timeframe", DoubleType()), StructField("updated", TimestampNTZType())]
    fields += [StructField("budget_vetted_by", StringType())]
    schema = StructType(fields)
    frame = spark.createDataFrame([tuple(lead[f.name] for f in fields) for lead in leads], schema)
    got = _spark_rows(_journey(frame))
    expected = _journey_expected(leads)
    assert any(row["stale"] for row in expected.values())
    assert any(row["unvetted"] for row in expected.values())
    for lead, row in expected.items():
        assert {column: got[lead][column] for column in row} == row, lead


# -- expected and next_gain: situations collected in the engine, values joined back ---------


def _counted_bant() -> Any:
    from tests.test_expected_columns import _counted

    return _counted()


def _check_expected(got: dict[str, dict[str, Any]], leads: list[dict[str, Any]], framework: Any) -> None:
    for lead in leads:
        result = qualify.evaluate({key: lead[key] for key in KEYS}, framework)
        row = got[lead["lead"]]
        assert row["expected"] == pytest.approx(result.expected, rel=1e-12)
        gain = result.missing[0].gain if result.missing else None
        assert row["next_gain"] == (None if gain is None else pytest.approx(gain, rel=1e-9))


def test_dask_adds_expected_and_next_gain_as_evaluate_gives_them() -> None:
    leads = _leads(90, 11)
    framework = _counted_bant()
    result = qualify.evaluate_frame(_dask(leads), framework)
    _check_expected(_dask_rows(result), leads, framework)


def test_spark_adds_expected_and_next_gain_as_evaluate_gives_them(spark: Any) -> None:
    leads = _leads(90, 12)
    framework = _counted_bant()
    result = qualify.evaluate_frame(_spark_frame(spark, leads), framework)
    _check_expected(_spark_rows(result), leads, framework)


def _paired() -> qualify.Framework:
    """BANT with a pair criterion of budget and need, as a calibration writes one."""
    import attrs

    bant = qualify.get_framework("bant")
    budget = ["none", "process", "allocated", "sufficient"]
    need = ["assumed", "identified", "validated"]
    cells = sorted(
        (round(((3 * b + 7 * n) % 11) / 10, 2), f"{budget[b]} & {need[n]}")
        for b in range(4) for n in range(3)
    )  # fmt: skip
    pair = qualify.Criterion(
        key="budget_and_need", label="Budget with Need", question="Follows from both.",
        of=("budget", "need"), weight=1.5, unknown_satisfaction=0.4,
        scale=qualify.Levels(levels=[qualify.Level(name=n, satisfaction=s) for s, n in cells]),
    )  # fmt: skip
    return attrs.evolve(bant, name="bant-paired", criteria=(*bant.criteria, pair))


def test_dask_scores_a_pair_criterion_as_evaluate_does() -> None:
    leads = _leads(90, 11)
    paired = _paired()
    got = _dask_rows(qualify.evaluate_frame(_dask(leads), paired, criteria=True))
    for lead, row in _expected(leads, paired).items():
        row.pop("probability")
        assert {key: got[lead][key] for key in row} == row, lead


def test_spark_scores_a_pair_criterion_as_evaluate_does(spark: Any) -> None:
    leads = _leads(90, 12)
    paired = _paired()
    got = _spark_rows(qualify.evaluate_frame(_spark_frame(spark, leads), paired, criteria=True))
    for lead, row in _expected(leads, paired).items():
        row.pop("probability")
        assert {key: got[lead][key] for key in row} == row, lead
