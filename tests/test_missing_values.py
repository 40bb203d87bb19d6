"""One missing value, one answer: NaN, pandas' NA and NaT, numpy's NaT and None mean
"nothing here" for evidence and for times, on every path a lead takes."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import pytest

import qualify

pandas = pytest.importorskip("pandas")
numpy = pytest.importorskip("numpy")

AS_OF = datetime(2026, 1, 1, tzinfo=UTC)
MARKERS = [
    pytest.param(float("nan"), id="nan"),
    pytest.param(math.nan, id="math.nan"),
    pytest.param("numpy-nan", id="numpy.nan"),
    pytest.param("numpy-float32-nan", id="numpy.float32-nan"),
    pytest.param("pandas-NA", id="pandas.NA"),
    pytest.param("pandas-NaT", id="pandas.NaT"),
    pytest.param("numpy-NaT", id="numpy.NaT"),
    pytest.param(None, id="None"),
]


def _marker(name: Any) -> Any:
    return {
        "numpy-nan": numpy.nan,
        "numpy-float32-nan": numpy.float32("nan"),
        "pandas-NA": pandas.NA,
        "pandas-NaT": pandas.NaT,
        "numpy-NaT": numpy.datetime64("NaT"),
    }.get(name, name) if isinstance(name, str) else name


@pytest.mark.parametrize("marker", MARKERS)
def test_a_missing_value_is_no_evidence_in_evaluate_as_in_tables(marker: Any) -> None:
    value = _marker(marker)
    result = qualify.evaluate({"budget": value, "need": "validated"}, "bant")
    assert result.result("budget").status is qualify.Status.UNKNOWN
    assert result == qualify.evaluate({"need": "validated"}, "bant")
    table = pandas.DataFrame({"budget": [value], "need": ["validated"]}, dtype=object)
    assert qualify.evaluate_frame(table, "bant")["score"].tolist() == [result.score]


@pytest.mark.parametrize("marker", MARKERS)
def test_a_missing_time_is_undated_everywhere(marker: Any) -> None:
    value = _marker(marker)
    undated = qualify.evaluate({"budget": "allocated"}, "bant", as_of=AS_OF)
    dated = qualify.evaluate(
        {"budget": "allocated"}, "bant", as_of=AS_OF, observed_at={"budget": value}
    )
    assert dated.score == undated.score == 18.75  # the answer counts, undated
    rows = [{"budget": "allocated", "seen": value}, {"budget": "allocated", "seen": None}]
    many = qualify.evaluate_many(rows, "bant", as_of=AS_OF, observed_at_column="seen")
    assert [e.score for e in many] == [18.75, 18.75]


def test_records_from_a_frame_with_missing_times_evaluate_as_the_frame() -> None:
    frame = pandas.DataFrame(
        {
            "budget": ["allocated", None, "none"],
            "seen": [pandas.Timestamp("2025-12-01", tz="UTC"), pandas.NaT, pandas.NaT],
        }
    )
    table = qualify.evaluate_frame(frame, "bant", as_of=AS_OF, observed_at_column="seen")
    rows = qualify.evaluate_many(
        frame.to_dict("records"), "bant", as_of=AS_OF, observed_at_column="seen"
    )
    assert [e.score for e in rows] == table["score"].tolist()


def test_a_touch_needs_a_time() -> None:
    with pytest.raises(qualify.EvidenceError, match="a touch without a time cannot be placed"):
        qualify.journey.Touch(at=pandas.NaT, channel="phone", outcome="voicemail left")


def test_a_table_of_lists_is_refused_as_evaluate_refuses_them() -> None:
    # json_normalize leaves a multi-select field as a list in an object column
    frame = pandas.DataFrame({"budget": [["allocated"], {"a": 1}, "allocated"]})
    with pytest.raises(qualify.EvidenceError) as raised:
        qualify.evaluate_frame(frame, "bant")
    assert "got list" in str(raised.value) and "got dict" in str(raised.value)
    with pytest.raises(qualify.EvidenceError, match="got list"):
        list(qualify.evaluate_many(frame.to_dict("records"), "bant"))
    reported = qualify.evaluate_frame(frame, "bant", errors="report")
    assert reported["score"].tolist()[2] == 18.75


def test_an_id_that_cannot_name_a_lead_is_reported() -> None:
    rows = [{"id": [1], "budget": "allocated"}, {"id": "b", "budget": "allocated"}]
    found = list(qualify.evaluate_many(rows, "bant", id="id", touches={}, errors="report"))
    assert isinstance(found[0], qualify.RowProblems)
    assert "the id [1] under 'id' cannot name a lead" in found[0].problems[0]
    assert isinstance(found[1], qualify.Evaluation)
