"""Drift: how the newer leads differ from the older ones a framework was judged or learned on.

Two things move under a framework without anyone editing it: how often leads
convert (the base rate), and how often each question goes unanswered (a CRM
field dropped from a form, a new channel that never asks it). Both are shown
older against newer, so a team sees why last quarter's numbers do not hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .._core.framework import Framework

__all__ = ["NEWER", "Drift", "UnknownShare", "drift_between", "drift_by_block", "totals"]

#: With a time, the newest share of the leads is compared with the rest.
NEWER = 0.3


@attrs.frozen(kw_only=True)
class UnknownShare:
    """The share of leads with nothing known on a criterion, older against newer."""

    key: str
    label: str
    older: float | None
    newer: float | None


@attrs.frozen(kw_only=True)
class Drift:
    """How the ``newer`` leads differ from the ``older`` ones (counts of leads with an
    outcome): their base rates, and per criterion the share of leads it was unknown on."""

    older: int
    newer: int
    base_rate_older: float | None
    base_rate_newer: float | None
    unknown: tuple[UnknownShare, ...]


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def drift_between(
    framework: Framework,
    older: tuple[float, float, Mapping[str, float]],
    newer: tuple[float, float, Mapping[str, float]],
) -> Drift:
    """From (leads, won, leads unknown per criterion key) of the older and the newer leads."""
    (old_n, old_won, old_unknown), (new_n, new_won, new_unknown) = older, newer
    return Drift(
        older=int(old_n),
        newer=int(new_n),
        base_rate_older=_share(old_won, old_n),
        base_rate_newer=_share(new_won, new_n),
        unknown=tuple(
            UnknownShare(
                key=c.key,
                label=c.label,
                older=_share(old_unknown.get(c.key, 0.0), old_n),
                newer=_share(new_unknown.get(c.key, 0.0), new_n),
            )
            for c in framework.criteria
        ),
    )


def totals(tallies: Any) -> tuple[float, float, dict[str, float]]:
    """(leads, won, leads unknown per criterion) of a backtest's tallies."""
    leads = won = 0.0
    for w, lost in tallies.verdicts.values():
        leads += w + lost
        won += w
    unknown = {key: float(sum(rungs.get(None, (0, 0)))) for key, rungs in tallies.criteria.items()}
    return leads, won, unknown


def drift_by_block(
    framework: Framework, patterns: Mapping[Any, list[int]], blocks: int
) -> Drift:
    """From patterns counted per block of time (0 oldest): the newest blocks (a
    :data:`NEWER` share of them) against the rest."""
    first_newer = blocks - max(1, round(blocks * NEWER))
    leads, won_leads = [0.0, 0.0], [0.0, 0.0]
    unknown: list[dict[str, float]] = [{c.key: 0.0 for c in framework.criteria} for _ in "on"]
    keys = [c.key for c in framework.criteria]
    for (rungs, _, block), (won, lost) in patterns.items():
        part = 1 if block >= first_newer else 0
        leads[part] += won + lost
        won_leads[part] += won
        for key, rung in zip(keys, rungs, strict=True):
            if rung is None:
                unknown[part][key] += won + lost
    return drift_between(
        framework, (leads[0], won_leads[0], unknown[0]), (leads[1], won_leads[1], unknown[1])
    )
