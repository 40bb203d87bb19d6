"""Rows and every table backend read the same leads alike: groups of ``by=``, scoped
``framework:key`` columns and missing values (None, NaN, "Unknown") mean one thing."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualify

pandas = pytest.importorskip("pandas")
polars = pytest.importorskip("polars")

BUDGETS = ["none", "process", "allocated", "sufficient", None, "Unknown", "n/a", ""]


@st.composite
def _leads(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(2, 12))
    regions = draw(st.sampled_from(["ints", "texts"]))
    region = st.one_of(st.none(), st.integers(1, 3)) if regions == "ints" else st.one_of(
        st.none(), st.sampled_from(["north", "south"])
    )
    return [
        {
            "budget": draw(st.sampled_from(BUDGETS)),
            "need": draw(st.sampled_from(["assumed", "validated", None])),
            "bant:budget": draw(st.sampled_from(["sufficient", None])),
            "won": draw(st.booleans()),
            "region": draw(region),
        }
        for _ in range(count)
    ]


def _tables(leads: list[dict[str, Any]]) -> dict[str, Any]:
    frame = pandas.DataFrame(leads)
    if all(isinstance(r["region"], int | type(None)) for r in leads):
        frame["region"] = pandas.array([r["region"] for r in leads], dtype="Int64")
    return {"pandas": frame, "polars": polars.DataFrame(leads, strict=False)}


@settings(max_examples=60)
@given(_leads())
def test_groups_are_the_same_from_rows_and_every_table(leads: list[dict[str, Any]]) -> None:
    rows = [{k: v for k, v in lead.items() if k != "bant:budget"} for lead in leads]
    want = qualify.backtest(rows, "bant", "won", by="region")
    named = [(g.group, g.n, g.won) for g in want.groups]
    for backend, table in _tables(leads).items():
        got = qualify.backtest(table.drop(columns=["bant:budget"]) if backend == "pandas"
                               else table.drop("bant:budget"), "bant", "won", by="region")  # fmt: skip
        assert [(g.group, g.n, g.won) for g in got.groups] == named, backend
        assert got.auc == want.auc, backend


@settings(max_examples=60)
@given(_leads())
def test_scoped_columns_and_missing_values_read_alike(leads: list[dict[str, Any]]) -> None:
    frameworks = ["bant", "champ"]
    for backend, table in _tables(leads).items():
        scored = qualify.evaluate_frame(table, frameworks)
        if backend == "polars":
            scored = scored.to_pandas()
        for i, lead in enumerate(leads):
            given_ = {k: v for k, v in lead.items() if k in ("budget", "need", "bant:budget")}
            compared = qualify.compare({k: v for k, v in given_.items() if v is not None},
                                            frameworks)  # fmt: skip
            for evaluation in compared.evaluations:
                got = scored[f"{evaluation.framework}_score"].iloc[i]
                assert math.isclose(got, evaluation.score, rel_tol=0, abs_tol=0), (
                    backend, i, evaluation.framework, lead,
                )
