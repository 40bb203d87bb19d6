"""The hand-off report in words, for the command line and for printing."""

from __future__ import annotations

from .._learn.handoffs import HandoffGroup, HandoffReport

__all__ = ["handoff_text"]

_COLUMNS = (
    ("leads", "leads"),
    ("handed_over", "handed over"),
    ("kept_nurturing", "nurturing"),
    ("accepted", "accepted"),
    ("rejected", "rejected"),
    ("sent_back", "sent back"),
    ("flagged", "flagged"),
    ("won", "won"),
    ("lost", "lost"),
)


def _table(title: str, groups: tuple[HandoffGroup, ...]) -> list[str]:
    header = [title, *(label for _, label in _COLUMNS), "conversion"]
    rows = [
        [
            group.name,
            *(f"{getattr(group, name):,}" for name, _ in _COLUMNS),
            "-" if group.conversion is None else f"{group.conversion:.0%}",
        ]
        for group in groups
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
    return lines


def handoff_text(report: HandoffReport) -> str:
    """*report* as aligned tables: in total, per source, per rep, then rejections by reason."""
    lines = [f"Hand-offs under agreement {report.agreement}", ""]
    lines += _table("total", (report.total,))
    lines += ["", *_table("source", report.by_source)]
    if report.by_rep:
        lines += ["", *_table("rep", report.by_rep)]
    if report.total.rejected_by_reason:
        lines += ["", "Rejected by reason:"]
        lines += [f"  {count:>5,}  {reason}" for reason, count in report.total.rejected_by_reason]
    flagged = [group.name for group in report.by_rep if group.flagged]
    if flagged:
        lines += [
            "",
            f"Flagged: {', '.join(flagged)} rejected leads that met the agreement.",
        ]
    return "\n".join(lines) + "\n"
