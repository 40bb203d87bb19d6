"""evaluate_frame(as_of=, observed_at=): tables judged as of an instant, equal to evaluate."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pandas as pd
import polars as pl
import pytest

import qualify

from .test_frames import OUT, _bant_rows, _natives, _output_row, _polars

NOW = datetime(2026, 11, 23, 9, 0)
BANT = qualify.get_framework("bant").customize(
    name="bant-dated",
    fresh_for=timedelta(days=182),
    change={"timeframe": {"fresh_for": timedelta(days=30)}},
)
KEYS = ["budget", "authority", "need", "timeframe"]


def _dated_rows(count: int, seed: int) -> dict[str, list[Any]]:
    """BANT rows with a time per row and, for the budget, a time of its own (often empty)."""
    rng = random.Random(seed)
    data = _bant_rows(count, seed)

    def moment() -> datetime | None:
        if rng.random() < 0.15:
            return None
        return NOW - timedelta(days=rng.randint(-40, 500), hours=rng.randint(0, 23))

    data["updated"] = [moment() for _ in range(count)]
    data["budget_checked"] = [moment() if rng.random() < 0.5 else None for _ in range(count)]
    return data


def _expected(data: dict[str, list[Any]], i: int) -> dict[str, Any]:
    whole, own = data["updated"][i], data["budget_checked"][i]
    times = {key: whole for key in BANT.keys}
    times["budget"] = own if own is not None else whole
    result = qualify.evaluate(
        {key: data[key][i] for key in KEYS}, BANT, as_of=NOW, observed_at=times
    )
    return {**_output_row(result), "stale": [s.key for s in result.stale]}


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"])
@pytest.mark.parametrize("seed", [1, 2])
def test_equal_to_evaluate_row_by_row_as_of_an_instant(backend: str, seed: int) -> None:
    data = _dated_rows(300, seed)
    native = _natives(data)[backend]
    result = qualify.evaluate_frame(
        native,
        BANT,
        as_of=NOW,
        observed_at_column={"*": "updated", "budget": "budget_checked"},
    )
    got = _polars(result)
    if backend == "duckdb":  # a relation has no order; compare by lead
        order = {lead: i for i, lead in enumerate(data["lead"])}
        got = got.with_columns(pl.col("lead").replace_strict(order).alias("_i")).sort("_i")
    assert got.columns[-1 if backend != "duckdb" else -2] == "stale"
    expected = [_expected(data, i) for i in range(len(data["lead"]))]
    assert got.select([*OUT, "stale"]).rows(named=True) == expected
    assert any(row["stale"] for row in expected) and any(
        "Re-confirm" in (row["next_question"] or "") for row in expected
    )


def test_one_column_for_the_row_and_a_date_column() -> None:
    frame = pd.DataFrame(
        {
            "budget": ["allocated", "allocated", "allocated"],
            "need": ["validated", "validated", None],
            "updated": [date(2025, 1, 2), date(2026, 11, 1), None],
        }
    )
    frame["updated"] = pd.to_datetime(frame["updated"])  # as read_csv(parse_dates=) reads it
    got = qualify.evaluate_frame(frame, BANT, as_of=NOW, observed_at_column="updated")
    assert [list(s) for s in got["stale"]] == [["budget", "need"], [], []]
    assert got["score"].tolist()[1:] == [
        qualify.evaluate({"budget": "allocated", "need": "validated"}, BANT).score,
        qualify.evaluate({"budget": "allocated"}, BANT).score,
    ]
    assert got["score"][0] == 0.0
    dates = pl.from_pandas(frame).with_columns(pl.col("updated").dt.date())
    assert dates.schema["updated"] == pl.Date
    again = qualify.evaluate_frame(dates, BANT, as_of=NOW, observed_at_column="updated")
    assert again["stale"].to_list() == [["budget", "need"], [], []]
    assert again["score"].to_list() == got["score"].tolist()
    with pytest.raises(qualify.QualifyError, match="holds Object, not dates or times"):
        frame["updated"] = frame["updated"].dt.date  # Python dates in an object column
        qualify.evaluate_frame(frame, BANT, as_of=NOW, observed_at_column="updated")


def test_evidence_observed_after_as_of_is_left_out_of_a_table() -> None:
    frame = pl.DataFrame(
        {"need": ["validated", "validated"], "seen": [NOW + timedelta(days=1), NOW]}
    )
    got = qualify.evaluate_frame(frame, BANT, as_of=NOW, observed_at_column="seen")
    assert got["completeness"].to_list() == [0.0, 4 / 12]
    assert got["stale"].to_list() == [[], []]


@pytest.mark.parametrize(
    ("frame", "as_of", "observed_at", "message"),
    [
        (pl.DataFrame({"need": ["validated"], "seen": ["2026-01-01"]}), NOW, "seen",
         "holds String, not dates or times"),
        (pl.DataFrame({"need": ["validated"]}), NOW, "seen", "does not have; columns: need"),
        (pl.DataFrame({"need": ["validated"]}), NOW, None, "a table needs observed_at="),
        (pl.DataFrame({"need": ["validated"], "seen": [NOW]}), None, "seen", "give as_of= too"),
        (pl.DataFrame({"need": ["validated"], "seen": [NOW]}), NOW.replace(tzinfo=UTC), "seen",
         "without a timezone"),
        (pl.DataFrame({"need": ["validated"], "seen": [NOW]}), NOW, {"nede": "seen"},
         "does not have; its keys"),
    ],
)
def test_bad_times_in_a_table_say_what_is_accepted(
    frame: pl.DataFrame, as_of: Any, observed_at: Any, message: str
) -> None:
    with pytest.raises(qualify.QualifyError, match=message):
        qualify.evaluate_frame(frame, BANT, as_of=as_of, observed_at_column=observed_at)


def test_timezones_compare_as_instants() -> None:
    seen = datetime(2026, 5, 1, 23, 30, tzinfo=UTC)
    frame = pl.DataFrame({"need": ["validated"], "seen": [seen]}).with_columns(
        pl.col("seen").dt.convert_time_zone("Asia/Tokyo")
    )
    as_of = seen + timedelta(days=182, seconds=1)
    got = qualify.evaluate_frame(frame, BANT, as_of=as_of, observed_at_column="seen")
    assert got["stale"].to_list() == [["need"]]
    got = qualify.evaluate_frame(frame, BANT, as_of=as_of - timedelta(seconds=1), observed_at_column="seen")
    assert got["stale"].to_list() == [[]]


@pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning")
def test_dask_as_of_an_instant() -> None:
    dd = pytest.importorskip("dask.dataframe")
    data = _dated_rows(80, 3)
    lazy = dd.from_pandas(pd.DataFrame(data), npartitions=3)
    result = qualify.evaluate_frame(
        lazy, BANT, as_of=NOW, observed_at_column={"*": "updated", "budget": "budget_checked"}
    ).compute()
    expected = [_expected(data, i) for i in range(80)]
    assert [list(s) for s in result["stale"]] == [row["stale"] for row in expected]
    assert list(result["next_question"].fillna("")) == [row["next_question"] or "" for row in expected]


def test_an_as_of_at_the_edge_of_the_datetime_range_is_refused_with_what_is_accepted() -> None:
    framework = qualify.get_framework("bant").customize(name="f", fresh_for=timedelta(days=90))
    table = pd.DataFrame(
        {"budget": ["allocated"], "updated": pd.to_datetime(["2024-01-01T00:00:00Z"])}
    )
    edge = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-2)))
    for native in (table, pl.from_pandas(table)):
        with pytest.raises(qualify.QualifyError, match="between the years 2 and 9998"):
            qualify.evaluate_frame(native, framework, as_of=edge, observed_at_column="updated")
    # far, but in range: every answer is stale, as in rows
    far = datetime(3000, 1, 1, tzinfo=UTC)
    scored = qualify.evaluate_frame(table, framework, as_of=far, observed_at_column="updated")
    row = qualify.evaluate(
        {"budget": "allocated"}, framework, as_of=far,
        observed_at=datetime(2024, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    assert scored["score"].tolist() == [row.score]


def test_the_old_column_names_warn_and_still_work() -> None:
    import warnings

    import pandas as pd

    table = pd.DataFrame({"budget": ["allocated"], "updated": pd.to_datetime(["2025-01-01"])})
    when = datetime(2026, 1, 1)
    new = qualify.evaluate_frame(table, "bant", as_of=when, observed_at_column="updated")
    with pytest.warns(DeprecationWarning, match="observed_at_column"):
        old = qualify.evaluate_frame(table, "bant", as_of=when, observed_at="updated")
    assert old.equals(new)
    rows = [{"budget": "allocated", "updated": "2025-01-01"}]
    with pytest.warns(DeprecationWarning, match="vetted_column"):
        list(qualify.evaluate_many(rows, "bant", vetted={"budget": "updated"}))
    with pytest.raises(qualify.QualifyError, match="give observed_at_column= alone"):
        qualify.evaluate_frame(table, "bant", observed_at="updated", observed_at_column="updated")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(qualify.evaluate_many(rows, "bant", as_of=when, observed_at_column="updated"))
