"""examples/course-enquiry.toml reads a web-lead export as it comes out of the CRM.

The rows below are written by hand in the shape of the X Education leads export
(benchmarks/x_education.py runs the framework on the real file): picklist text
with its own spellings, empty cells, numbers read as floats with a trailing
``.0``, and "Do Not Email" turned around into "may be emailed".
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import qualify
from qualify._files.framework_files import load_file

FILE = Path(__file__).resolve().parent.parent / "examples" / "course-enquiry.toml"
COLUMNS = ["Lead Number", "Lead Origin", "Lead Source", "Do Not Email", "TotalVisits",
           "Total Time Spent on Website", "Last Activity", "What is your current occupation"]  # fmt: skip
ROWS = [
    [660737, "API", "Olark Chat", "No", 0.0, 0, "Page Visited on Website", "Unemployed"],
    [660728, "API", "Organic Search", "No", 5.0, 674, "Email Opened", "Unemployed"],
    [660727, "Landing Page Submission", "Direct Traffic", "No", 2.0, 1532, "Email Opened", "Student"],
    [660719, "Lead Add Form", "Reference", "No", None, 0, "SMS Sent", "Working Professional"],
    [660681, "Landing Page Submission", "google", "Yes", 8.0, 1640, "Email Bounced", None],
]  # fmt: skip


@pytest.fixture(scope="module")
def loaded() -> tuple[qualify.Framework, qualify.FieldMap]:
    framework, mapping = load_file(FILE)
    assert mapping is not None
    return framework, mapping


def _row(values: list[Any]) -> dict[str, Any]:
    return {column: value for column, value in zip(COLUMNS, values, strict=True) if value is not None}


def test_every_row_is_read_and_each_answer_lands_where_it_should(
    loaded: tuple[qualify.Framework, qualify.FieldMap],
) -> None:
    framework, mapping = loaded
    first, _, _, referred, bounced = (
        qualify.evaluate(_row(row), framework, mapping=mapping) for row in ROWS
    )
    assert first.result("time_on_site").satisfaction == 0.0  # 0 seconds: below the first band
    assert first.result("channel").satisfaction == 0.2  # a chat window: a cold channel
    assert referred.result("visits").status is qualify.Status.UNKNOWN  # an empty cell
    assert [m.key for m in referred.missing] == ["visits"]
    assert referred.result("origin").satisfaction == 1.0  # a form: asked to be contacted
    assert bounced.result("emailable").satisfaction == 0.0  # Do Not Email = Yes
    assert bounced.result("channel").satisfaction == 0.5  # "google", spelt small, is search
    assert [m.key for m in bounced.missing] == ["occupation"]


def test_a_table_of_the_rows_scores_as_evaluate_does(
    loaded: tuple[qualify.Framework, qualify.FieldMap],
) -> None:
    pd = pytest.importorskip("pandas", reason="the table check needs pandas")
    framework, mapping = loaded
    table = pd.DataFrame(ROWS, columns=COLUMNS)
    scored = qualify.evaluate_frame(table, framework, mapping=mapping)
    expected = [qualify.evaluate(_row(row), framework, mapping=mapping).score for row in ROWS]
    assert scored["score"].tolist() == pytest.approx(expected)
    assert not any(math.isnan(score) for score in scored["score"])
