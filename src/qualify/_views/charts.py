"""Charts of evaluations with matplotlib (install ``qualify[plot]``).

Every function returns a :class:`matplotlib.figure.Figure` built without
pyplot's global state, so it is safe in servers and threads; in a notebook the
figure displays itself, elsewhere call ``figure.savefig("chart.png")``. Given
``ax=`` (a matplotlib ``Axes``), a chart draws into it instead and returns its
figure, so charts can share one figure. Charts of many leads take a list of
evaluations, a :class:`~qualify.reports.Summary`, or a table from ``evaluate_frame``
(then with ``framework=``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._core.checks import shown
from .._core.results import Evaluation, Verdict
from .._learn.report import Backtest, wilson
from .._plugins.evaluate import resolve
from .._tables.summary import Summary, is_table, summarize
from ..errors import MissingExtraError, QualifyError
from .parts import VERDICT_COLOURS, labels_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "calibration_chart",
    "criteria_chart",
    "funnel_chart",
    "lift_chart",
    "missing_chart",
    "score_chart",
    "verdict_chart",
]

_MET, _SHORT = "#1a7f37", "#d0d7de"


def _figure(**options: Any) -> Figure:
    try:
        module = importlib.import_module("matplotlib.figure")
    except ImportError:
        raise MissingExtraError("a chart", "matplotlib", "plot") from None
    figure: Figure = module.Figure(**options)
    return figure


def _axes(ax: Axes | None, **options: Any) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: *ax*'s, or a new figure's."""
    if ax is None:
        figure = _figure(**options)
        return figure, figure.add_subplot()
    if not hasattr(ax, "barh") or getattr(ax, "figure", None) is None:
        raise QualifyError(f"ax must be a matplotlib Axes, got {shown(ax)}")
    return ax.figure, ax  # type: ignore[return-value]


def _summary(data: Any, framework: Any = None) -> Summary:
    return data if isinstance(data, Summary) else summarize(data, framework=framework)


def criteria_chart(evaluation: Evaluation, *, ax: Axes | None = None) -> Figure:
    """One lead: per criterion, the points earned against the points its weight allows.

    :param evaluation: one lead's :class:`~qualify.Evaluation`.
    :param ax: a matplotlib ``Axes`` to draw on; by default a new figure of its own.
    :returns: the figure drawn on (in a notebook, it shows itself).
    """
    if not isinstance(evaluation, Evaluation):
        raise QualifyError(
            f"criteria_chart draws one qualify.Evaluation, got {type(evaluation).__name__}"
        )
    results = list(reversed(evaluation.criteria))  # first criterion on top
    figure, axes = _axes(ax, figsize=(7, 0.45 * len(results) + 1.4), layout="constrained")
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
    # below the axes: inside, it can cover a status label whatever corner it takes
    axes.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=2, fontsize=8, frameon=False
    )
    return figure


def verdict_chart(
    data: Summary | Iterable[Evaluation] | Any,
    *,
    framework: Any = None,
    ax: Axes | None = None,
) -> Figure:
    """Many leads: how many got each verdict and, for staged frameworks on a figure of
    their own, reached each stage (with *ax*: the verdicts only; see :func:`funnel_chart`).

    :param data: evaluations (any iterable, read once), a table returned by
        :func:`~qualify.evaluate_frame`, or a :class:`~qualify.reports.Summary`.
    :param framework: where the stage order and threshold come from, for a table; by default
        the registered framework the evaluations name.
    :param ax: a matplotlib ``Axes`` to draw on; by default a new figure of its own.
    :returns: the figure drawn on (in a notebook, it shows itself).
    """
    summary = _summary(data, framework)
    panels = 2 if summary.funnel and ax is None else 1
    if ax is None:
        figure = _figure(figsize=(7 * panels, 3.5), layout="constrained")
        axes = figure.add_subplot(1, panels, 1)
    else:
        figure, axes = _axes(ax)
    verdicts = [verdict for verdict, _ in summary.verdicts]
    axes.bar(
        [v.value for v in verdicts],
        [count for _, count in summary.verdicts],
        color=[VERDICT_COLOURS[Verdict(v)] for v in verdicts],
    )
    axes.set_ylabel("leads")
    axes.set_title(f"{summary.framework}: {summary.leads} leads by verdict")
    if panels == 2:
        _funnel(summary, figure.add_subplot(1, panels, 2), labels_of(summary.framework, framework))
    return figure


def _funnel(summary: Summary, axes: Axes, labels: dict[str, str]) -> None:
    stages = [labels.get(stage, stage) for stage, _ in reversed(summary.funnel)]
    axes.barh(stages, [count for _, count in reversed(summary.funnel)], color="#0969da")
    axes.set_xlabel("leads that reached the stage")
    axes.set_title(f"{summary.framework}: stage funnel")


def funnel_chart(
    data: Summary | Iterable[Evaluation] | Any,
    *,
    framework: Any = None,
    ax: Axes | None = None,
) -> Figure:
    """Many leads of a staged framework: how many reached each stage.

    :param data: evaluations (any iterable, read once), a table returned by
        :func:`~qualify.evaluate_frame`, or a :class:`~qualify.reports.Summary`.
    :param framework: where the stage order and threshold come from, for a table; by default
        the registered framework the evaluations name.
    :param ax: a matplotlib ``Axes`` to draw on; by default a new figure of its own.
    :returns: the figure drawn on (in a notebook, it shows itself).
    """
    summary = _summary(data, framework)
    if not summary.funnel:
        raise QualifyError(
            f"funnel_chart: framework {summary.framework!r} has no stages; verdict_chart and"
            " missing_chart draw its leads"
        )
    figure, axes = _axes(ax, figsize=(7, 0.45 * len(summary.funnel) + 1.4), layout="constrained")
    _funnel(summary, axes, labels_of(summary.framework, framework))
    return figure


def missing_chart(
    data: Summary | Iterable[Evaluation] | Any,
    *,
    top: int = 10,
    framework: Any = None,
    ax: Axes | None = None,
) -> Figure:
    """Many leads: the criteria most often missing, that is, the questions most often unasked.

    :param data: evaluations (any iterable, read once), a table returned by
        :func:`~qualify.evaluate_frame`, or a :class:`~qualify.reports.Summary`.
    :param top: how many criteria to show, most often missing first.
    :param framework: where the stage order and threshold come from, for a table; by default
        the registered framework the evaluations name.
    :param ax: a matplotlib ``Axes`` to draw on; by default a new figure of its own.
    :returns: the figure drawn on (in a notebook, it shows itself).
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise QualifyError(f"top must be a whole number of criteria, 1 or more; got {shown(top)}")
    summary = _summary(data, framework)
    bars = list(reversed(summary.missing[:top]))
    figure, axes = _axes(
        ax, figsize=(7, 0.45 * max(len(bars), 1) + 1.4), layout="constrained"
    )
    axes.set_title(f"{summary.framework}: missing most often")
    if not bars:  # nothing to ask: say so, rather than draw empty axes
        axes.text(0.5, 0.5, f"nothing missing: every criterion of all {summary.leads} leads"
                  " has evidence", ha="center", va="center", transform=axes.transAxes)  # fmt: skip
        axes.set_axis_off()
        return figure
    labels = labels_of(summary.framework, framework)
    axes.barh([labels.get(key, key) for key, _ in bars], [count for _, count in bars], color="#8c959f")
    axes.set_xlabel(f"leads without evidence (of {summary.leads})")
    return figure


def score_chart(
    data: Iterable[Evaluation] | Any,
    *,
    framework: Any = None,
    bins: int = 20,
    ax: Axes | None = None,
) -> Figure:
    """Many leads: how their scores spread, with the framework's threshold marked.

    :param data: evaluations (any iterable, read once) or a table returned by
        :func:`~qualify.evaluate_frame`.
    :param framework: where the stage order and threshold come from, for a table; by default
        the registered framework the evaluations name.
    :param bins: how many bars the scores from 0 to 100 are cut into.
    :param ax: a matplotlib ``Axes`` to draw on; by default a new figure of its own.
    :returns: the figure drawn on (in a notebook, it shows itself).
    """
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise QualifyError(f"bins must be a whole number, 1 or more; got {shown(bins)}")
    scores, name, threshold = _scores(data, framework)
    figure, axes = _axes(ax, figsize=(7, 3.5), layout="constrained")
    axes.hist(scores, bins=bins, range=(0, 100), color="#0969da")
    if threshold is not None:
        axes.axvline(threshold, color="#1a7f37", linestyle="--", linewidth=1,
                     label=f"qualified at {threshold:g}")  # fmt: skip
        axes.legend(frameon=False, fontsize=8)
    axes.set_xlim(0, 100)
    axes.set_xlabel("score")
    axes.set_ylabel("leads")
    axes.set_title(f"{name}: {len(scores)} leads by score")
    return figure


def _scores(data: Any, framework: Any) -> tuple[list[float], str, float | None]:
    """The scores of evaluations, or of a table's ``score`` column, and what they are of."""
    if is_table(data):
        if framework is None:
            raise QualifyError("score_chart of a table needs framework=, the one that scored it")
        resolved = resolve(framework, None)[0]
        nw = importlib.import_module("narwhals")
        table = nw.from_native(data)
        if "score" not in table.collect_schema():
            raise QualifyError("score_chart of a table needs its score column (evaluate_frame's)")
        picked = table.select("score")
        found = picked.collect() if isinstance(picked, nw.LazyFrame) else picked
        column = found.get_column("score").to_list()
        return (
            [float(v) for v in column if v is not None and v == v],
            resolved.name,
            resolved.qualifying_score,
        )
    scores: list[float] = []
    names: set[str] = set()
    threshold = None
    for evaluation in data:
        if not isinstance(evaluation, Evaluation):
            raise QualifyError(
                f"score_chart draws qualify.Evaluation objects or a table, got"
                f" {type(evaluation).__name__}"
            )
        scores.append(evaluation.score)
        names.add(evaluation.framework)
        threshold = evaluation.qualified_at
    if len(names) > 1:
        raise QualifyError(f"score_chart draws one framework; got {', '.join(sorted(names))}")
    return scores, next(iter(names), "no leads"), threshold


def _backtest(backtest: Backtest, chart: str) -> Backtest:
    if not isinstance(backtest, Backtest):
        raise QualifyError(
            f"{chart} draws a qualify.reports.Backtest (from qualify.backtest), got"
            f" {type(backtest).__name__}"
        )
    if not backtest.deciles:
        raise QualifyError(f"{chart}: the backtest has no leads with an outcome to draw")
    return backtest


def lift_chart(backtest: Backtest, *, ax: Axes | None = None) -> Figure:
    """Conversion per score band, best first, against the base rate: does a higher score win more?

    :param backtest: a :class:`~qualify.reports.Backtest`.
    :param ax: a matplotlib ``Axes`` to draw on; by default a new figure of its own.
    :returns: the figure drawn on (in a notebook, it shows itself).
    """
    bands = _backtest(backtest, "lift_chart").deciles
    figure, axes = _axes(ax, figsize=(7, 3.8), layout="constrained")
    names = [str(band.rank) for band in bands]
    rates = [100 * band.rate for band in bands]
    intervals = [wilson(band.won, band.n) for band in bands]
    below = [rate - 100 * low for rate, (low, _) in zip(rates, intervals, strict=True)]
    above = [100 * high - rate for rate, (_, high) in zip(rates, intervals, strict=True)]
    axes.bar(names, rates, color="#0969da", yerr=[below, above], capsize=3, ecolor="#57606a")
    base = 100 * (backtest.base_rate or 0.0)
    axes.axhline(base, color="#cf222e", linestyle="--", linewidth=1, label=f"base rate {base:.1f}%")
    for position, band in enumerate(bands):
        if band.lift is not None:
            axes.text(position, 0, f"x{band.lift:.1f}", ha="center", va="bottom", fontsize=8,
                      color="white")  # fmt: skip
    axes.set_xlabel("score band, highest scores first (equal scores share a band)")
    axes.set_ylabel("won, % of leads (95% interval)")
    auc = "" if backtest.auc is None else f", ROC AUC {backtest.auc:.3f}"
    axes.set_title(f"{backtest.framework}: conversion by score band{auc}")
    axes.legend(frameon=False, fontsize=8)
    return figure


def calibration_chart(backtest: Backtest, *, ax: Axes | None = None) -> Figure:
    """Reliability: each score band's predicted chance against how often it was won.

    For a calibrated framework the prediction is its probability; otherwise the
    score read as a chance (score / 100), which a framework's points are not
    meant to be, so expect those off the diagonal.

    :param backtest: a :class:`~qualify.reports.Backtest`.
    :param ax: a matplotlib ``Axes`` to draw on; by default a new figure of its own.
    :returns: the figure drawn on (in a notebook, it shows itself).
    """
    bands = _backtest(backtest, "calibration_chart").deciles
    figure, axes = _axes(ax, figsize=(5, 5), layout="constrained")
    axes.plot([0, 1], [0, 1], color="#8c959f", linestyle="--", linewidth=1, label="perfect")
    most = max(band.n for band in bands)
    for band in bands:
        low, high = wilson(band.won, band.n)
        x = band.mean_score / 100 if band.mean_probability is None else band.mean_probability
        axes.plot([x, x], [low, high], color="#57606a", linewidth=1)
        axes.scatter([x], [band.rate], s=20 + 180 * band.n / most, color="#0969da", zorder=3)
    axes.set_xlim(-0.02, 1.02)
    axes.set_ylim(-0.02, 1.02)
    calibrated = bands[0].mean_probability is not None
    axes.set_xlabel(
        "mean chance the framework gave" if calibrated else "mean score of the band / 100"
    )
    axes.set_ylabel("share of the band won (95% interval)")
    axes.set_title(f"{backtest.framework}: calibration by score band")
    axes.legend(frameon=False, fontsize=8, loc="upper left")
    return figure
