"""evaluate_frame's ``expected`` and ``next_gain``: equal to evaluate row by row, on every
table backend, for generated calibrated frameworks whose answers were counted."""

from __future__ import annotations

import math
import random
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualify

from .small import calibrated

BACKENDS = ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"]
WORDS = ["unknown", "n/a", " Not sure "]  # asked, and nobody knew


def _leads(framework: qualify.Framework, count: int, seed: int) -> dict[str, list[Any]]:
    """*count* leads: each criterion blank (not asked), answered, or (levels) a word saying
    nobody knows; each disqualifier blank, yes or no."""
    rng = random.Random(seed)
    data: dict[str, list[Any]] = {"lead": [f"L{i}" for i in range(count)]}
    for criterion in framework.criteria:
        scale = criterion.scale
        if isinstance(scale, qualify.Levels):
            options: list[Any] = [level.name for level in scale.levels] + WORDS
        elif isinstance(scale, qualify.Numbers):
            options = [t.at_least for t in scale.thresholds] + [0.0]
        else:
            options = [True, False]
        data[criterion.key] = [None if rng.random() < 0.4 else rng.choice(options) for _ in range(count)]
    for disqualifier in framework.disqualifiers:
        data[disqualifier.key] = [rng.choice([None, True, False]) for _ in range(count)]
    return data


def _native(data: dict[str, list[Any]], backend: str) -> Any:
    if backend == "pandas":
        return pd.DataFrame(data)
    table = pa.table(data)
    if backend == "pyarrow":
        return table
    if backend == "duckdb":
        return duckdb.from_arrow(table)
    frame = pl.from_arrow(table)
    return frame.lazy() if backend == "polars-lazy" else frame


def _rows(result: Any) -> list[dict[str, Any]]:
    if isinstance(result, pl.LazyFrame):
        result = result.collect()
    elif isinstance(result, pd.DataFrame):
        result = pl.from_pandas(result)
    elif isinstance(result, pa.Table):
        result = pl.from_arrow(result)
    elif isinstance(result, duckdb.DuckDBPyRelation):
        result = result.pl()
    rows = result.select("lead", "expected", "next_gain").rows(named=True)
    return sorted(rows, key=lambda row: int(row["lead"][1:]))  # a relation has no order


def _evaluated(data: dict[str, list[Any]], framework: qualify.Framework) -> list[Any]:
    keys = [k for k in data if k != "lead"]
    found = []
    for i in range(len(data["lead"])):
        lead = {key: data[key][i] for key in keys if data[key][i] is not None}
        found.append(qualify.evaluate(lead, framework))
    return found


def _gain(result: qualify.Evaluation) -> float | None:
    return result.missing[0].gain if result.missing else None


@settings(max_examples=25)
@given(case=calibrated(), seed=st.integers(0, 1000), backend=st.sampled_from(BACKENDS))
def test_equal_to_evaluate_row_by_row(
    case: tuple[qualify.Framework, dict[str, Any]], seed: int, backend: str
) -> None:
    framework, _ = case
    data = _leads(framework, 30, seed)
    rows = _rows(qualify.evaluate_frame(_native(data, backend), framework))
    for row, result in zip(rows, _evaluated(data, framework), strict=True):
        assert row["expected"] == result.expected  # the engine's own sums: every bit
        gain = _gain(result)
        if gain is None:
            assert row["next_gain"] is None
        else:  # re-added from the sums rather than in framework order: the last bits
            assert math.isclose(row["next_gain"], gain, rel_tol=1e-9, abs_tol=1e-12)


def test_a_word_saying_nobody_knows_is_asked_a_blank_is_not() -> None:
    """A blank cell is a question not asked yet (averaged over); "unknown" was asked."""
    framework = _counted()
    data = {"lead": ["L0", "L1"], "need": [None, "unknown"], "budget": ["allocated", "allocated"]}
    rows = _rows(qualify.evaluate_frame(pl.DataFrame(data), framework))
    blank, asked = (qualify.evaluate({"budget": "allocated", **extra}, framework)
                    for extra in ({}, {"need": "unknown"}))  # fmt: skip
    assert rows[0]["expected"] == blank.expected
    assert rows[1]["expected"] == asked.expected
    assert rows[0]["expected"] != rows[1]["expected"]


def test_only_for_a_framework_with_counts() -> None:
    """No chance, or no counts: no ``expected`` and ``next_gain`` columns."""
    result = qualify.evaluate_frame(pl.DataFrame({"budget": ["allocated"]}), "bant")
    assert "expected" not in result.columns and "next_gain" not in result.columns
    counted = _counted()
    result = qualify.evaluate_frame(pl.DataFrame({"budget": ["allocated"]}), counted)
    assert result.columns[-2:] == ["expected", "next_gain"]
    lead = qualify.evaluate({"budget": "allocated"}, counted)
    assert result.row(0, named=True)["next_gain"] == pytest.approx(lead.missing[0].gain)


def test_reported_rows_are_emptied() -> None:
    framework = _counted()
    frame = pl.DataFrame({"lead": ["good", "bad"], "budget": ["allocated", "lots"]})
    result = qualify.evaluate_frame(frame, framework, errors="report", id="lead")
    assert result["expected"].to_list()[1] is None
    assert result["expected"].to_list()[0] is not None
    lazy = qualify.evaluate_frame(frame.lazy(), framework, errors="report", id="lead").collect()
    assert lazy["expected"].to_list() == result["expected"].to_list()


def _counted() -> qualify.Framework:
    """BANT with a chance in its score and every answer counted."""
    bant = qualify.get_framework("bant")
    criteria = []
    for criterion in bant.criteria:
        names = [name for name, _ in _rungs(criterion)]
        seen = {name: 10 + 7 * i for i, name in enumerate(names)} | {"not known": 25}
        criteria.append(qualify.Criterion(**{**_fields(criterion), "seen": seen,
                                             "unknown_satisfaction": 0.1}))  # fmt: skip
    model = qualify.Probability(intercept=-3.0, per_point=0.05)
    return qualify.Framework(**{**_fields(bant), "criteria": criteria, "probability": model})


def _fields(item: Any) -> dict[str, Any]:
    import attrs

    return {f.name: getattr(item, f.name) for f in attrs.fields(type(item)) if f.init}


def _rungs(criterion: qualify.Criterion) -> list[tuple[str, float]]:
    from qualify._core.answers import rungs_of

    found = rungs_of(criterion.scale)
    assert found is not None
    return list(found)
