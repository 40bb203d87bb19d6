"""Charts render: one lead's criteria, many leads' verdicts, funnel and missing criteria."""

from __future__ import annotations

import io
import sys
from pathlib import Path

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
    stages = qualify.get_framework("teleprospecting").stages
    assert funnel.get_yticklabels()[-1].get_text() == stages[0].label  # labels, not keys


def test_verdict_chart_without_stages_has_one_panel() -> None:
    figure = plot.verdict_chart(qualify.summarize([qualify.evaluate({}, "bant")]))
    png(figure)
    assert len(figure.axes) == 1


def test_missing_chart_shows_the_top_criteria() -> None:
    evaluations = [qualify.evaluate({"need": "validated"}, "bant") for _ in range(3)]
    figure = plot.missing_chart(evaluations, top=2)
    png(figure)
    (axes,) = figure.axes
    assert [tick.get_text() for tick in axes.get_yticklabels()] == ["Authority", "Budget"]  # labels
    with pytest.raises(qualify.QualifyError, match="top must be"):
        plot.missing_chart(evaluations, top=0)


def test_wrong_input() -> None:
    with pytest.raises(qualify.QualifyError, match="one qualify.Evaluation"):
        plot.criteria_chart([qualify.evaluate({}, "bant")])  # type: ignore[arg-type]


def test_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(qualify.QualifyError, match=r'pip install "qualify\[plot\]"'):
        plot.criteria_chart(qualify.evaluate({}, "bant"))


def test_every_chart_draws_into_a_given_axes_and_returns_its_figure() -> None:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(12, 8))
    grid = figure.subplots(2, 3)
    leads = [dict.fromkeys(STAGES[:reached], True) for reached in (0, 1, 2, 3, 3)]
    tele = list(qualify.evaluate_many(leads, "teleprospecting"))
    one = qualify.evaluate({"need": "validated"}, "bant")
    assert plot.criteria_chart(one, ax=grid[0][0]) is figure
    assert plot.verdict_chart(tele, ax=grid[0][1]) is figure
    assert plot.funnel_chart(tele, ax=grid[0][2]) is figure
    assert plot.missing_chart(tele, ax=grid[1][0]) is figure
    assert plot.score_chart(tele, ax=grid[1][1]) is figure
    assert len(figure.axes) == 6
    png(figure)
    with pytest.raises(qualify.QualifyError, match="ax must be a matplotlib Axes"):
        plot.score_chart(tele, ax="left")  # type: ignore[arg-type]


def test_charts_of_a_table_take_its_framework() -> None:
    pd = pytest.importorskip("pandas")
    table = qualify.evaluate_frame(
        pd.DataFrame({"need": ["validated", "assumed", None], "budget": ["none", None, "sufficient"]}),
        "bant",
    )
    figure = plot.verdict_chart(table, framework="bant")
    assert sum(bar.get_height() for bar in figure.axes[0].patches) == 3
    scores = plot.score_chart(table, framework="bant")
    (axes,) = scores.axes
    assert sum(bar.get_height() for bar in axes.patches) == 3
    assert axes.get_legend().get_texts()[0].get_text() == "qualified at 70"
    with pytest.raises(qualify.QualifyError, match="needs framework="):
        plot.score_chart(table)


def test_nothing_missing_says_so_instead_of_empty_axes() -> None:
    everything = {"budget": "sufficient", "authority": "engaged", "need": "validated", "timeframe": 2}
    figure = plot.missing_chart([qualify.evaluate(everything, "bant")])
    (axes,) = figure.axes
    assert "nothing missing" in axes.texts[0].get_text() and not axes.axison
    with pytest.raises(qualify.QualifyError, match="has no stages"):
        plot.funnel_chart([qualify.evaluate(everything, "bant")])


def test_a_framework_not_registered_lends_its_labels() -> None:
    custom = qualify.get_framework("bant").customize(
        name="acme-custom", change={"authority": {"label": "Signing authority"}}
    )
    evaluations = [qualify.evaluate({"need": "validated"}, custom) for _ in range(2)]
    (axes,) = plot.missing_chart(evaluations, framework=custom).axes
    assert "Signing authority" in [tick.get_text() for tick in axes.get_yticklabels()]
    (axes,) = plot.missing_chart(evaluations).axes  # not registered: its keys, not a guess
    assert "authority" in [tick.get_text() for tick in axes.get_yticklabels()]


def _covered(figure: object) -> list[str]:
    """The labels a legend covers: titles, axis labels, tick labels and texts on the axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)  # type: ignore[arg-type]
    canvas.draw()
    renderer = canvas.get_renderer()
    covered = []
    for axes in figure.axes:  # type: ignore[attr-defined]
        legend = axes.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer)
        labels = [*axes.texts, *axes.get_xticklabels(), *axes.get_yticklabels(),
                  axes.title, axes.xaxis.label, axes.yaxis.label]  # fmt: skip
        for label in labels:
            if label.get_visible() and label.get_text().strip():
                if box.overlaps(label.get_window_extent(renderer)):
                    covered.append(f"{axes.get_title()!r}: {label.get_text()!r}")
    return covered


def test_no_legend_covers_a_label_in_the_charts_the_docs_show() -> None:
    """Every chart of the docs' gallery (drawn from the example leads, as the docs build draws
    them) and a lead with every status: no legend lies over a label."""
    pytest.importorskip("pandas")
    sys.path.insert(0, str(Path(__file__).parent.parent / "docs" / "_ext"))
    try:
        import gallery
    finally:
        sys.path.pop(0)
    charts = gallery.charts()
    # the heaviest criterion drawn last puts its status label where a legend inside would go
    heavy_last = qualify.get_framework("bant").customize(
        name="heavy-last", change={"timeframe": {"weight": 4}}
    )
    for statuses in ({"budget": "sufficient", "authority": "identified", "need": "assumed"}, {}):
        for framework in ("bant", heavy_last):
            charts[f"criteria {statuses} {framework}"] = plot.criteria_chart(
                qualify.evaluate(statuses, framework)
            )
    assert len(charts) >= 11
    for name, figure in charts.items():
        assert _covered(figure) == [], name
