"""What a backtest reports, computed from counts of won and lost leads.

Everything here works on a few small tables of counts (won and lost leads per
score, per verdict, per criterion rung, per group), never on the leads
themselves, so a table of millions of leads, or one that lives in a database,
only has to be counted. The statistics, and the choices behind them:

- ``auc``: the chance that a won lead scores above a lost one, ties counted
  half (the Mann-Whitney form of ROC AUC, equal to scikit-learn's
  ``roc_auc_score``); ``None`` when the leads are all won or all lost.
- Rates come with a 95% Wilson score interval, which stays inside [0, 1] and
  behaves with few leads and with rates near 0 or 1.
- Score bands ("deciles"): leads sorted by score, highest first, cut into
  tenths; leads with the same score always share a band, so with few distinct
  scores there are fewer than ten bands, of unequal sizes.
- Weight of evidence of a rung: ``ln(share of won leads / share of lost leads)``
  with half a lead added to every rung some lead reached, so a rung with no won
  (or no lost) lead gives a finite number; a rung no lead reached has WoE 0.
  Information value: the sum over rungs of ``(won share - lost share) * WoE``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs

from .._core.display import html_of
from .._core.framework import Framework
from .._core.results import Verdict
from .._core.scales import Scale
from ..errors import QualifyError
from .drift import Drift, UnknownShare
from .reliability import ChanceBin, ChanceReport, chance_report
from .rungs import declared_rungs, rung_name
from .stats import Counts, auc, wilson

__all__ = [
    "AgeRate",
    "Backtest",
    "ChanceBin",
    "ChanceReport",
    "Drift",
    "CriterionBacktest",
    "GroupRate",
    "Rate",
    "RungRate",
    "ScoreBand",
    "UnknownShare",
    "auc",
    "build",
    "wilson",
]

@attrs.frozen(kw_only=True)
class Rate:
    """Conversion in one group of leads: how many, how many won, and a 95% interval.

    ``rate`` is ``None`` for a group without leads.
    """

    group: str
    n: int
    won: int
    rate: float | None
    low: float
    high: float

    @classmethod
    def of(cls, group: str, won: int, lost: int) -> Rate:
        """The rate of *won* among *won* + *lost* leads."""
        n = won + lost
        low, high = wilson(won, n)
        return cls(group=group, n=n, won=won, rate=won / n if n else None, low=low, high=high)


@attrs.frozen(kw_only=True)
class ScoreBand:
    """A band of leads by score, best first: its scores, leads, conversion and lift.

    ``lift`` is the band's rate over the base rate; ``captured`` the share of
    all won leads in this band and the bands above it; ``mean_probability``
    the mean chance a calibrated framework gave its leads (else ``None``).
    """

    rank: int
    low: float
    high: float
    mean_score: float
    n: int
    won: int
    rate: float
    lift: float | None
    captured: float | None
    mean_probability: float | None = None


@attrs.frozen(kw_only=True)
class RungRate:
    """Conversion of the leads on one rung of a criterion (or with nothing known on it)."""

    rung: str
    satisfaction: float | None
    n: int
    won: int
    rate: float | None
    low: float
    high: float
    woe: float


@attrs.frozen(kw_only=True)
class CriterionBacktest:
    """One criterion: conversion per rung, unknown last, and its information value."""

    key: str
    label: str
    rungs: tuple[RungRate, ...]
    information_value: float


@attrs.frozen(kw_only=True)
class GroupRate:
    """One group of leads (a source, campaign or rep): conversion and qualified share.

    With a cost, ``cost`` is what the group's leads cost and the two ratios say
    what a qualified lead and a won deal cost (``None`` where there are none).
    """

    group: str
    n: int
    won: int
    rate: float | None
    low: float
    high: float
    qualified: int
    qualified_share: float | None
    cost: float | None = None
    cost_per_qualified: float | None = None
    cost_per_won: float | None = None


@attrs.frozen(kw_only=True)
class AgeRate:
    """Of the leads that came in at least ``months`` before the end, how many were won
    within ``months`` of coming in, with a 95% interval."""

    months: int
    n: int
    won: int
    rate: float | None
    low: float
    high: float


@attrs.frozen(kw_only=True)
class Backtest:
    """How well a framework's score and verdicts predicted won and lost leads.

    ``n`` leads with a known outcome, ``won`` of them won; ``open`` leads had
    no outcome yet and ``skipped`` could not be scored (``errors="report"``):
    neither is in any rate. ``ages`` (given when leads were created and
    closed) is the share of leads won within 3, 6, 12 and 24 months. ``chance``
    (for a framework with a :class:`~qualify.Probability`) says whether its
    chance can be trusted: its ROC AUC, log loss, Brier score, calibration
    error and reliability table. ``drift`` (with ``test=`` or ``time=``) compares
    newer leads with older ones. See :func:`qualify.backtest`.
    """

    framework: str
    framework_version: str
    n: int
    won: int
    open: int
    skipped: int
    auc: float | None
    verdicts: tuple[Rate, ...]
    deciles: tuple[ScoreBand, ...]
    criteria: tuple[CriterionBacktest, ...]
    by: str | None = None
    groups: tuple[GroupRate, ...] = ()
    ages: tuple[AgeRate, ...] = ()
    chance: ChanceReport | None = None
    drift: Drift | None = None

    @property
    def base_rate(self) -> float | None:
        """The share of leads won, or ``None`` without leads."""
        return self.won / self.n if self.n else None

    def verdict(self, verdict: Verdict | str) -> Rate:
        """The conversion of the leads that got *verdict*."""
        name = Verdict(verdict).value
        return next(rate for rate in self.verdicts if rate.group == name)

    def _repr_html_(self) -> str:
        """The notebook view: headline numbers, verdicts, score bands and criteria."""
        return html_of(self)


def _pairs(counts: Mapping[object, list[int]]) -> dict[object, tuple[int, int]]:
    return {key: (won, lost) for key, (won, lost) in counts.items()}


def _bands(
    scores: Counts, won_total: int, base: float | None, chances: Mapping[object, float]
) -> tuple[ScoreBand, ...]:
    n = sum(w + lost for w, lost in scores.values())
    if not n:
        return ()
    # per band, highest score first: won, leads, lowest and highest score, score and
    # chance summed lead by lead (in that order, so the bits do not depend on the pass)
    members: dict[int, list[Any]] = {}
    seen = 0
    for score in sorted(scores, reverse=True):  # type: ignore[type-var]
        w, lost = scores[score]
        band = min(9, seen * 10 // n)
        here = members.get(band)
        if here is None:
            here = members[band] = [0, 0, score, score, 0, 0]
        here[0] += w
        here[1] += w + lost
        here[2] = score  # the lowest so far: scores come down
        here[4] += score * (w + lost)  # type: ignore[operator]
        if chances:
            here[5] += chances[score]
        seen += w + lost
    bands = []
    captured = 0
    for rank, band in enumerate(sorted(members), start=1):
        won, count, low, high, summed, chance = members[band]
        captured += won
        rate = won / count
        bands.append(
            ScoreBand(
                rank=rank,
                low=low,
                high=high,
                mean_score=summed / count,
                mean_probability=chance / count if chances else None,
                n=count,
                won=won,
                rate=rate,
                lift=rate / base if base else None,
                captured=captured / won_total if won_total else None,
            )
        )
    return tuple(bands)


def _criterion(
    key: str, label: str, scale: Scale, counts: Counts, won: int, lost: int
) -> CriterionBacktest:
    found = {float(s) for s in counts if s is not None}  # type: ignore[arg-type]
    keys: list[object] = [*sorted(found | declared_rungs(scale)), None]
    counts = {**{k: (0, 0) for k in keys}, **counts}
    cells = sum(1 for k in keys if sum(counts[k])) or 1  # rungs some lead reached
    rungs = []
    value = 0.0
    for rung in keys:
        w, lost_here = counts[rung]
        woe = 0.0  # a rung no lead reached says nothing either way
        if w + lost_here:
            won_share = (w + 0.5) / (won + 0.5 * cells)
            lost_share = (lost_here + 0.5) / (lost + 0.5 * cells)
            woe = math.log(won_share / lost_share)
            value += (won_share - lost_share) * woe
        low, high = wilson(w, w + lost_here)
        rungs.append(
            RungRate(
                rung="unknown" if rung is None else rung_name(scale, float(rung)),  # type: ignore[arg-type]
                satisfaction=None if rung is None else float(rung),  # type: ignore[arg-type]
                n=w + lost_here,
                won=w,
                rate=w / (w + lost_here) if w + lost_here else None,
                low=low,
                high=high,
                woe=woe,
            )
        )
    return CriterionBacktest(key=key, label=label, rungs=tuple(rungs), information_value=value)


def group_name(group: object) -> str:
    """How a group of ``by=`` is shown: its value as text, a whole float as the integer it
    holds (an integer column with nulls comes out of a table as floats)."""
    if group is None:
        return "(none)"
    if isinstance(group, float) and group.is_integer():
        return str(int(group))
    return str(group)


def _named(
    groups: Mapping[object, object], cost: float | Mapping[object, float] | None
) -> dict[str, object]:
    """Each group by its name; two values of one name, or a cost for no group, refused."""
    named: dict[str, object] = {}
    for group in groups:
        name = group_name(group)
        if name in named:
            raise QualifyError(
                f"by= holds both {named[name]!r} and {group!r}, which would both be named"
                f" {name!r}; give the column one type (all text, or all numbers)"
            )
        named[name] = group
    if isinstance(cost, Mapping):
        stray = [key for key in cost if key not in groups and group_name(key) not in named]
        if stray:
            raise QualifyError(
                f"cost names {', '.join(map(repr, stray))}, which no lead's group is; the"
                f" groups are {', '.join(map(repr, sorted(named)))}"
            )
    return named


def _groups(
    groups: Mapping[object, Mapping[str, list[int]]], cost: float | Mapping[object, float] | None
) -> tuple[GroupRate, ...]:
    found = []
    named = _named(groups, cost)
    costs = (
        {group_name(key): value for key, value in cost.items()}
        if isinstance(cost, Mapping)
        else {}
    )
    for name in sorted(named, key=lambda n: (named[n] is None, n)):
        group = named[name]
        by_verdict = groups[group]
        won = sum(w for w, _ in by_verdict.values())
        n = sum(w + lost for w, lost in by_verdict.values())
        qualified = sum(by_verdict.get(Verdict.QUALIFIED.value, (0, 0)))
        low, high = wilson(won, n)
        spent = None
        if isinstance(cost, Mapping):
            spent = costs.get(name)
        elif cost is not None:
            spent = cost * n
        found.append(
            GroupRate(
                group=name,
                n=n,
                won=won,
                rate=won / n if n else None,
                low=low,
                high=high,
                qualified=qualified,
                qualified_share=qualified / n if n else None,
                cost=spent,
                cost_per_qualified=spent / qualified if spent is not None and qualified else None,
                cost_per_won=spent / won if spent is not None and won else None,
            )
        )
    return tuple(found)


def build(
    framework: Framework,
    *,
    scores: Mapping[object, list[int]],
    verdicts: Mapping[str, list[int]],
    criteria: Mapping[str, Mapping[object, list[int]]],
    groups: Mapping[object, Mapping[str, list[int]]] | None = None,
    by: str | None = None,
    cost: float | Mapping[object, float] | None = None,
    open: int = 0,  # noqa: A002
    skipped: int = 0,
    chances: Mapping[object, float] | None = None,
    ages: tuple[AgeRate, ...] = (),
    by_chance: Mapping[float, list[int]] | None = None,
    drift: Drift | None = None,
) -> Backtest:
    """The backtest of *framework* from counts of (won, lost) leads."""
    score_counts = _pairs(scores)
    won = sum(w for w, _ in score_counts.values())
    n = sum(w + lost for w, lost in score_counts.values())
    base = won / n if n else None
    return Backtest(
        framework=framework.name,
        framework_version=framework.version,
        n=n,
        won=won,
        open=open,
        skipped=skipped,
        auc=auc(score_counts),
        verdicts=tuple(Rate.of(v.value, *verdicts.get(v.value, (0, 0))) for v in Verdict),
        deciles=_bands(score_counts, won, base, chances or {}),
        criteria=tuple(
            _criterion(c.key, c.label, c.scale, _pairs(criteria.get(c.key, {})), won, n - won)
            for c in framework.criteria
        ),
        by=by,
        groups=_groups(groups or {}, cost),
        ages=ages,
        chance=chance_report(by_chance) if by_chance else None,
        drift=drift,
    )
