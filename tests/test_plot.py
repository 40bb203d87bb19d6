"""Charts render: one lead's criteria, many leads' verdicts, funnel and missing criteria."""

from __future__ import annotations

import io
import sys

import pytest

import qualify
from qualify import plot

STAGES = ["contacts_identified", "initial_conversation", "expanded_conversation"]


def png(figure: object) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=50)  # type: ignore[attr-defined]
    data = buffer.getvalue()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000
    return data


def test_criteria_chart_one_bar_pair_per_criterion() -> None:
    result = qualify.evaluate({"budget": "allocated", "need": "identified"}, "bant")
    figure = plot.criteria_chart(result)
    png(figure)
    (axes,) = figure.axes
    assert len(axes.patches) == 2 * 4  # possible and earned, per criterion
    labels = [tick.get_text() for tick in axes.get_yticklabels()]
    assert labels == ["Timeframe", "Need", "Authority", "Budget"]
    assert "bant" in axes.get_title() and "nurture" in axes.get_title()


def test_verdict_chart_with_a_stage_funnel() -> None:
    leads = [dict.fromkeys(STAGES[:reached], True) for reached in (0, 1, 2, 3, 3)]
    figure = plot.verdict_chart(qualify.evaluate_many(leads, "teleprospecting"))
    png(figure)
    verdicts, funnel = figure.axes
    assert [bar.get_height() for bar in verdicts.patches] == [0, 5, 0, 0]
    assert [bar.get_width() for bar in funnel.patches][-3:] == [2, 3, 4]  # drawn bottom-up


def test_verdict_chart_without_stages_has_one_panel() -> None:
    figure = plot.verdict_chart(qualify.summarize([qualify.evaluate({}, "bant")]))
    png(figure)
    assert len(figure.axes) == 1


def test_missing_chart_shows_the_top_criteria() -> None:
    evaluations = [qualify.evaluate({"need": "validated"}, "bant") for _ in range(3)]
    figure = plot.missing_chart(evaluations, top=2)
    png(figure)
    (axes,) = figure.axes
    assert [tick.get_text() for tick in axes.get_yticklabels()] == ["authority", "budget"]
    with pytest.raises(qualify.QualifyError, match="top must be"):
        plot.missing_chart(evaluations, top=0)


def test_wrong_input() -> None:
    with pytest.raises(qualify.QualifyError, match="one qualify.Evaluation"):
        plot.criteria_chart([qualify.evaluate({}, "bant")])  # type: ignore[arg-type]


def test_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(qualify.QualifyError, match=r'pip install "qualify\[plot\]"'):
        plot.criteria_chart(qualify.evaluate({}, "bant"))
