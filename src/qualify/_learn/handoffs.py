"""The hand-off report: per source and per rep, what was handed over and what sales did.

Marketing reports the nurtured leads it handed over, not how many leads it
made; sales reports what it accepted and, for what it rejected, why. A source
whose leads keep coming back below the agreement needs its targeting fixed; a
rep who rejects leads that met the agreement is applying criteria of their
own. With outcomes, the report says how many accepted leads were won.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .._core.checks import shown
from .._core.display import html_of
from .._core.handoff import Handoff, Routing
from ..errors import OutcomeError, QualifyError
from .outcomes import LOST, WON, Outcomes

__all__ = ["COLUMNS", "HandoffGroup", "HandoffReport", "handoff_report"]

#: The group name of hand-offs with no source.
NO_SOURCE = "(no source)"


@attrs.frozen(kw_only=True)
class HandoffGroup:
    """The hand-offs of one source, one rep, or all of them.

    ``handed_over`` leads met the agreement, ``kept_nurturing`` did not;
    ``accepted`` and ``rejected`` count sales' reviews, ``rejected_by_reason``
    the rejections per reason (most first), ``sent_back`` the rejections below
    the agreement, ``flagged`` those of leads that met it. ``won`` and ``lost``
    count the accepted leads whose outcome is known; ``conversion`` is the
    share won (``None`` when none is known).
    """

    name: str
    leads: int
    handed_over: int
    kept_nurturing: int
    accepted: int
    rejected: int
    rejected_by_reason: tuple[tuple[str, int], ...]
    sent_back: int
    flagged: int
    won: int
    lost: int
    conversion: float | None


@attrs.frozen(kw_only=True)
class HandoffReport:
    """What happened to the leads handed off under one agreement."""

    agreement: str
    total: HandoffGroup
    by_source: tuple[HandoffGroup, ...]
    by_rep: tuple[HandoffGroup, ...]

    def text(self) -> str:
        """The report as aligned tables (in total, per source, per rep), then the
        rejections by reason and the reps flagged: what ``qualify handoffs`` prints."""
        return _text(self)

    def _repr_html_(self) -> str:
        """The notebook view: the same tables."""
        return html_of(self)


def handoff_report(
    handoffs: Iterable[Handoff],
    *,
    outcomes: Mapping[str, Any] | None = None,
    won: Iterable[Any] | None = None,
) -> HandoffReport:
    """Count *handoffs* per source and per rep (reviewed leads only), and in total.

    *outcomes* maps a lead to its outcome (won or lost, read as
    :func:`qualify.backtest` reads outcomes; blank for a lead still open; *won*
    names the values that mean won). Groups are sorted by name.

    :param handoffs: the hand-offs, from one agreement.
    :param outcomes: each lead mapped to its outcome, read as :func:`qualify.backtest` reads
        outcomes (blank: still open).
    :param won: the values that mean won; any other means lost.
    :raises QualifyError: for hand-offs under more than one agreement, or none.
    :raises OutcomeError: for an outcome that says neither won nor lost.
    """
    given = list(handoffs)
    for position, item in enumerate(given):
        if not isinstance(item, Handoff):
            raise QualifyError(
                f"handoff_report counts qualify.journey.Handoff items, got {shown(item)} at position"
                f" {position}"
            )
    agreements = sorted({h.agreement for h in given})
    if len(agreements) != 1:
        raise QualifyError(
            "handoff_report counts the hand-offs of one agreement; got"
            f" {', '.join(map(repr, agreements)) or 'none'}"
        )
    reader = Outcomes(None if won is None else list(won))
    results: dict[str, int] = {}
    if outcomes is not None and not isinstance(outcomes, Mapping):
        raise QualifyError(
            "outcomes= maps each lead (as the hand-offs name it) to its outcome, such as"
            f" {{'lead-17': 'won'}}; got {shown(outcomes)}"
        )
    for lead, value in (outcomes or {}).items():
        try:
            results[lead] = reader.read(value)
        except OutcomeError as exc:
            raise OutcomeError(f"lead {lead!r}: {exc}") from None
    by_source: dict[str, list[Handoff]] = {}
    by_rep: dict[str, list[Handoff]] = {}
    for handoff in given:
        by_source.setdefault(handoff.source or NO_SOURCE, []).append(handoff)
        if handoff.accepted is not None and handoff.rep is not None:
            by_rep.setdefault(handoff.rep, []).append(handoff)
    return HandoffReport(
        agreement=agreements[0],
        total=_group("all", given, results),
        by_source=tuple(_group(name, by_source[name], results) for name in sorted(by_source)),
        by_rep=tuple(_group(name, by_rep[name], results) for name in sorted(by_rep)),
    )


def _group(name: str, handoffs: list[Handoff], results: Mapping[str, int]) -> HandoffGroup:
    routings = Counter(h.routing for h in handoffs)
    reasons = Counter(h.reason for h in handoffs if h.reason is not None)
    accepted = [h.lead for h in handoffs if h.routing is Routing.ACCEPTED]
    won = sum(1 for lead in accepted if results.get(lead) == WON)
    lost = sum(1 for lead in accepted if results.get(lead) == LOST)
    handed = sum(1 for h in handoffs if h.meets)
    return HandoffGroup(
        name=name,
        leads=len(handoffs),
        handed_over=handed,
        kept_nurturing=len(handoffs) - handed,
        accepted=routings[Routing.ACCEPTED],
        rejected=routings[Routing.SENT_BACK] + routings[Routing.FLAGGED],
        rejected_by_reason=tuple(sorted(reasons.items(), key=lambda pair: (-pair[1], pair[0]))),
        sent_back=routings[Routing.SENT_BACK],
        flagged=routings[Routing.FLAGGED],
        won=won,
        lost=lost,
        conversion=won / (won + lost) if won + lost else None,
    )


#: The counts of a :class:`HandoffGroup` a report shows, with their headings.
COLUMNS = (
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
    header = [title, *(label for _, label in COLUMNS), "conversion"]
    rows = [
        [
            group.name,
            *(f"{getattr(group, name):,}" for name, _ in COLUMNS),
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


def _text(report: HandoffReport) -> str:
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
