"""Charts of evaluations with matplotlib (install ``qualify[plot]``).

Every function returns a :class:`matplotlib.figure.Figure` built without
pyplot's global state, so it is safe in servers and threads; in a notebook the
figure displays itself, elsewhere call ``figure.savefig("chart.png")``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._core.checks import shown
from .._core.results import Evaluation, Verdict
from .._tables.summary import Summary, summarize
from ..errors import QualifyError
from .html import VERDICT_COLOURS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["criteria_chart", "missing_chart", "verdict_chart"]

_MET, _SHORT = "#1a7f37", "#d0d7de"


def _figure(**options: Any) -> Figure:
    try:
        module = importlib.import_module("matplotlib.figure")
    except ImportError:
        raise QualifyError('charts need matplotlib: pip install "qualify[plot]"') from None
    figure: Figure = module.Figure(**options)
    return figure


def _summary(data: Summary | Iterable[Evaluation]) -> Summary:
    return data if isinstance(data, Summary) else summarize(data)


def criteria_chart(evaluation: Evaluation) -> Figure:
    """One lead: per criterion, the points earned against the points its weight allows."""
    if not isinstance(evaluation, Evaluation):
        raise QualifyError(
            f"criteria_chart draws one qualify.Evaluation, got {type(evaluation).__name__}"
        )
    results = list(reversed(evaluation.criteria))  # first criterion on top
    figure = _figure(figsize=(7, 0.45 * len(results) + 1.4), layout="constrained")
    axes = figure.add_subplot()
    labels = [result.label for result in results]
    total = sum(r.weight for r in evaluation.criteria)
    most = [100 * result.weight / total for result in results]
    axes.barh(labels, most, color=_SHORT, label="points possible")
    axes.barh(labels, [r.points for r in results], color=_MET, label="points earned")
    for position, result in enumerate(results):
        axes.text(most[position], position, f" {result.status.value}", va="center", fontsize=8)
    axes.set_xlabel("points")
    axes.set_xlim(0, max(most) * 1.3)
    axes.set_title(
        f"{evaluation.framework}: {evaluation.score:.1f} points, {evaluation.verdict.value}"
    )
    figure.legend(loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    return figure


def verdict_chart(data: Summary | Iterable[Evaluation]) -> Figure:
    """Many leads: how many got each verdict and, for staged frameworks, reached each stage."""
    summary = _summary(data)
    panels = 2 if summary.funnel else 1
    figure = _figure(figsize=(7 * panels, 3.5), layout="constrained")
    axes = figure.add_subplot(1, panels, 1)
    verdicts = [verdict for verdict, _ in summary.verdicts]
    axes.bar(
        [v.value for v in verdicts],
        [count for _, count in summary.verdicts],
        color=[VERDICT_COLOURS[Verdict(v)] for v in verdicts],
    )
    axes.set_ylabel("leads")
    axes.set_title(f"{summary.framework}: {summary.leads} leads by verdict")
    if summary.funnel:
        funnel = figure.add_subplot(1, panels, 2)
        stages = [stage for stage, _ in reversed(summary.funnel)]
        funnel.barh(stages, [count for _, count in reversed(summary.funnel)], color="#0969da")
        funnel.set_xlabel("leads that reached the stage")
        funnel.set_title("Stage funnel")
    return figure


def missing_chart(data: Summary | Iterable[Evaluation], *, top: int = 10) -> Figure:
    """Many leads: the criteria most often missing, that is, the questions most often unasked."""
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise QualifyError(f"top must be a whole number of criteria, 1 or more; got {shown(top)}")
    summary = _summary(data)
    bars = list(reversed(summary.missing[:top]))
    figure = _figure(figsize=(7, 0.45 * max(len(bars), 1) + 1.4), layout="constrained")
    axes = figure.add_subplot()
    axes.barh([key for key, _ in bars], [count for _, count in bars], color="#8c959f")
    axes.set_xlabel(f"leads without evidence (of {summary.leads})")
    axes.set_title(f"{summary.framework}: missing most often")
    return figure
