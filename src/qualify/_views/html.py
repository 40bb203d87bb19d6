"""HTML views of evaluations, frameworks and summaries, for notebooks (``_repr_html_``).

Self-contained markup with inline styles: no scripts, no external files, and
every piece of text escaped. :func:`register_views` tells the core which view
shows which class; :mod:`qualify` calls it on import.
"""

from __future__ import annotations

from html import escape

from .._core.comparison import Comparison
from .._core.display import register_html
from .._core.framework import Framework
from .._core.results import Evaluation, Missing, Status
from .._learn.calibrate import Calibration
from .._learn.handoffs import COLUMNS, HandoffGroup, HandoffReport
from .._plugins.registry import registry
from .._learn.report import Backtest
from .._tables.summary import Summary
from ..errors import QualifyError
from .describe import criterion_flags, describe_scale, stage_flags, threshold_text
from .learn import backtest_html, calibration_html
from .parts import VERDICT_COLOURS, badge, bar, labels_of

__all__ = [
    "comparison_html",
    "evaluation_html",
    "framework_html",
    "handoff_html",
    "register_views",
    "summary_html",
]

_STATUS_COLOURS = {
    Status.MET: "#1a7f37",
    Status.PARTIAL: "#bf8700",
    Status.UNMET: "#cf222e",
    Status.UNKNOWN: "#afb8c1",
}

_TABLE = 'style="border-collapse:collapse;font-size:0.9em;text-align:left"'
# Every cell says text-align itself: JupyterLab's stylesheet right-aligns table cells.
_CELL = 'style="padding:2px 8px;border-bottom:1px solid #d0d7de;vertical-align:top;text-align:left"'


def _row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td {_CELL}>{cell}</td>" for cell in cells) + "</tr>"


def _header(*cells: str) -> str:
    return "<tr>" + "".join(f"<th {_CELL}>{escape(cell)}</th>" for cell in cells) + "</tr>"


def evaluation_html(evaluation: Evaluation) -> str:
    """Score and verdict first, then one row per criterion, with the question for missing ones."""
    facts = [
        f"score <b>{evaluation.score:.1f}</b> of 100 (qualified at {evaluation.qualified_at:g})",
        f"complete {evaluation.completeness:.0%}",
        f"potential {evaluation.potential:.1f}",
    ]
    if evaluation.probability is not None:
        facts.append(f"chance of winning <b>{evaluation.probability:.0%}</b>")
    if evaluation.expected is not None and evaluation.missing:
        facts.append(f"{evaluation.expected:.0%} over the answers to come")
    open_chance = evaluation.open_chance
    if open_chance is not None and evaluation.missing and evaluation.settled is None:
        facts.append(f"{open_chance:.0%} chance the answers to come change the verdict")
    if evaluation.settled is not None and evaluation.missing:
        facts.append(f"<b>settled</b>: {escape(evaluation.settled.value)} whatever they answer")
    if evaluation.stage is not None or evaluation.next_stage is not None:
        facts.append(f"stage {escape(evaluation.stage or 'none yet')}")
    if evaluation.disqualified_by:
        facts.append("disqualified by " + escape(", ".join(evaluation.disqualified_by)))
    head = (
        f"<div><b>{escape(evaluation.framework)}</b> (version"
        f" {escape(evaluation.framework_version)}) {badge(evaluation.verdict)}"
        f"<br>{' · '.join(facts)}</div>"
    )
    rows = [_header("criterion", "status", "satisfaction", "points", "ask next")]
    asking = {missing.key: missing for missing in evaluation.missing}
    for result in evaluation.criteria:
        colour = _STATUS_COLOURS[result.status]
        ask = ""
        if result.key in asking:
            ask = escape(asking[result.key].question) + _answers_html(asking[result.key])
        rows.append(
            _row(
                escape(result.label),
                f'<span style="color:{colour}">{escape(result.status.value)}</span>',
                bar(result.satisfaction, colour),
                f"{result.points:.1f}",
                ask,
            )
        )
    return f'<div class="qualify-evaluation">{head}<table {_TABLE}>{"".join(rows)}</table></div>'


def _answers_html(missing: Missing) -> str:
    """What each answer would do, one small line each: verdict, and the chance with its share."""
    lines = []
    for answer in missing.answers:
        text = f"{escape(answer.label)}: {escape(answer.verdict.value)}"
        if answer.probability is not None and answer.share is not None:
            text += f", {answer.probability:.0%} to win ({answer.share:.0%} answer so)"
        lines.append(text)
    if missing.gain is not None:
        lines.append(f"tells {missing.gain:.3f} bits about winning")
    return "".join(f'<br><small style="color:#57606a">{line}</small>' for line in lines)


def framework_html(framework: Framework) -> str:
    """Criteria with weights, questions and scales; then stages and disqualifiers."""
    total = sum(c.weight for c in framework.criteria)
    head = (
        f"<div><b>{escape(framework.title)}</b> ({escape(framework.name)}, version"
        f" {escape(framework.version)}), qualified at {escape(threshold_text(framework))}"
        + (f", extends {escape(framework.extends)}" if framework.extends else "")
        + (f"<br><small>{escape(framework.description)}</small>" if framework.description else "")
        + "</div>"
    )
    rows = [_header("criterion", "weight", "points", "question", "scale")]
    for criterion in framework.criteria:
        flags = criterion_flags(criterion, framework)
        required = f" <small>({escape(', '.join(flags))})</small>" if flags else ""
        rows.append(
            _row(
                f"{escape(criterion.label)} <code>{escape(criterion.key)}</code>{required}",
                f"{criterion.weight:g}",
                f"{100 * criterion.weight / total:.1f}",
                escape(criterion.question)
                if criterion.of is None
                else f"<em>asked nothing: pairs {escape(' and '.join(criterion.of))}</em>",
                escape(describe_scale(criterion.scale)),
            )
        )
    parts = [head, f"<table {_TABLE}>{''.join(rows)}</table>"]
    if framework.stages:
        items = "".join(
            f"<li>{escape(s.label)} <code>{escape(s.key)}</code>: {escape(stage_flags(s))}</li>"
            for s in framework.stages
        )
        parts.append(f"<div>Stages<ol>{items}</ol></div>")
    if framework.disqualifiers:
        items = "".join(
            f"<li>{escape(d.label)} <code>{escape(d.key)}</code>: {escape(d.question)}</li>"
            for d in framework.disqualifiers
        )
        parts.append(f"<div>Disqualifiers<ul>{items}</ul></div>")
    return f'<div class="qualify-framework">{"".join(parts)}</div>'


def summary_html(summary: Summary) -> str:
    """Verdict counts, the stage funnel and the most-missing criteria, each with a bar."""
    most = max(summary.leads, 1)
    labels = labels_of(summary.framework)

    def named(key: str) -> str:
        label = labels.get(key)
        return escape(key) if label is None else f"{escape(label)} <code>{escape(key)}</code>"

    rows = [_header("verdict", "leads", "")] + [
        _row(badge(verdict), f"{count:,}", bar(count / most, VERDICT_COLOURS[verdict]))
        for verdict, count in summary.verdicts
    ]
    parts = [
        f"<div><b>{escape(summary.framework)}</b>: {summary.leads:,} leads,"
        f" mean score {summary.mean_score:.1f}</div>",
        f"<table {_TABLE}>{''.join(rows)}</table>",
    ]
    if summary.funnel:
        steps = [_header("stage reached", "leads", "")] + [
            _row(named(stage), f"{count:,}", bar(count / most, "#0969da"))
            for stage, count in summary.funnel
        ]
        parts.append(f"<table {_TABLE}>{''.join(steps)}</table>")
    if summary.missing:
        gaps = [_header("missing most often", "leads", "")] + [
            _row(named(key), f"{count:,}", bar(count / most, "#afb8c1"))
            for key, count in summary.missing
        ]
        parts.append(f"<table {_TABLE}>{''.join(gaps)}</table>")
    return f'<div class="qualify-summary">{"".join(parts)}</div>'


def handoff_html(report: HandoffReport) -> str:
    """The hand-off report: a table per source and per rep, flagged reps in red."""

    def table(title: str, groups: tuple[HandoffGroup, ...]) -> str:
        rows = [
            _row(
                escape(group.name),
                *(f"{getattr(group, name):,}" for name, _ in COLUMNS[:6]),
                f'<span style="color:#cf222e">{group.flagged:,}</span>'
                if group.flagged
                else "0",
                f"{group.won:,}",
                f"{group.lost:,}",
                "-" if group.conversion is None else f"{group.conversion:.0%}",
            )
            for group in groups
        ]
        head = _header(title, *(label for _, label in COLUMNS), "conversion")
        return f"<table {_TABLE}>{head}{''.join(rows)}</table>"

    parts = [
        f"<div><b>Hand-offs under {escape(report.agreement)}</b></div>",
        table("total", (report.total,)),
        table("source", report.by_source),
    ]
    if report.by_rep:
        parts.append(table("rep", report.by_rep))
    if report.total.rejected_by_reason:
        reasons = "".join(
            _row(escape(reason), f"{count:,}") for reason, count in report.total.rejected_by_reason
        )
        parts.append(f"<table {_TABLE}>{_header('rejected for', 'leads')}{reasons}</table>")
    return f'<div class="qualify-handoffs">{"".join(parts)}</div>'


def comparison_html(comparison: Comparison) -> str:
    """One lead under several frameworks: each verdict and score, then what to ask."""
    rows = [_header("framework", "verdict", "score", "complete", "ask next")]
    for evaluation in comparison.evaluations:
        rows.append(
            _row(
                escape(evaluation.framework),
                badge(evaluation.verdict),
                f"{evaluation.score:.1f} {bar(evaluation.score / 100, VERDICT_COLOURS[evaluation.verdict])}",
                f"{evaluation.completeness:.0%}",
                escape(evaluation.next_question or "-"),
            )
        )
    asks = [_header("ask once", "concept", "points across all", "answers")]
    for question in comparison.questions[:5]:
        answers = ", ".join(f"{a.framework}.{a.key}" for a in question.asked)
        asks.append(
            _row(
                escape(question.question),
                escape(question.concept or "-"),
                f"{question.points:.1f}",
                escape(answers),
            )
        )
    return (
        f'<div class="qualify-comparison"><table {_TABLE}>{"".join(rows)}</table>'
        f"<table {_TABLE}>{''.join(asks)}</table></div>"
    )


def register_views() -> None:
    """Register the notebook view of each class that has one with the core."""
    register_html(Evaluation, evaluation_html)
    register_html(Framework, framework_html)
    register_html(Summary, summary_html)
    register_html(Backtest, backtest_html)
    register_html(Calibration, calibration_html)
    register_html(HandoffReport, handoff_html)
    register_html(Comparison, comparison_html)
