"""Cut points of number bands learned from outcomes.

A team declares "1,000 euros or more" from experience; the outcomes may say
the line that matters is at 500, or that a band hides two kinds of lead
(zero seconds on the site, and a few). To let the data say so, every number
criterion is first rated by a *probe*: its scale cut at every point of a fine
grid (1 and 3 times each power of ten from 1 to 3 million, the same below 0 down to
-300,000, and 0) and at every
declared cut, each fine band worth its position, so a backtest of the probe
counts won and lost leads per fine band. Cuts are then added, one at a time,
where they split a declared band into two that convert differently by more
than chance would (a likelihood gain over half the log of the leads, the
Bayesian information criterion for one more parameter), with enough leads on
each side. Declared cuts always stay, so every new band lies inside one
declared band and starts with its declared satisfaction: the refined
framework scores every lead as the declared one does, and the calibration
that follows decides, by validation, what each band is worth.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs

from .._core.framework import Framework
from .._core.scales import Numbers, Threshold

__all__ = ["ANSWERED", "GRID", "MAX_NEW_CUTS", "is_learned", "learned", "band_moves", "learned_cuts", "merged", "probe", "refined"]

#: The points a number band may be cut at, beside the declared cuts.
GRID: tuple[float, ...] = tuple(
    sorted(
        {0.0}
        | {step * 10.0**power for step in (1, 3) for power in range(0, 7)}
        | {-step * 10.0**power for step in (1, 3) for power in range(0, 5)}
    )
)

#: At most this many cuts are added to one criterion.
MAX_NEW_CUTS = 2

# A new band needs this share of the leads known on the criterion (and 30 leads) on each side.
_MIN_SHARE = 0.02
_MIN_LEADS = 30

# Each refined band's satisfaction is its declared one plus this much per band, so no two
# bands share a satisfaction (a calibration tells rungs apart by it): far below anything
# a score, a rounding or a reader can see.
_APART = 1e-9


def _cuts(scale: Numbers) -> list[float]:
    return sorted({float(t.at_least) for t in scale.thresholds} | set(GRID))


def _code(band: int, cuts: list[float]) -> float:
    """Fine band *band*'s satisfaction in the probe: strictly between 0 and 1, which a
    true or false answer earns on any scale, so the two are never taken for each other."""
    return (band + 1) / (len(cuts) + 2)


def _band(rung: float, cuts: list[float]) -> int | None:
    """The fine band a probe's satisfaction stands for; ``None`` for a true or false answer."""
    if rung in (0.0, 1.0):
        return None
    return int(round(rung * (len(cuts) + 2))) - 1


#: What a true or false answer earns on any scale, probe or not.
ANSWERED = {0.0: 0.0, 1.0: 1.0}


def probe(framework: Framework) -> Framework | None:
    """*framework* with each number criterion cut at every grid point and declared cut, each
    fine band worth its position (strictly between 0 and 1); ``None`` without number criteria."""
    change = {}
    for criterion in framework.criteria:
        if isinstance(criterion.scale, Numbers):
            cuts = _cuts(criterion.scale)
            steps = [
                Threshold(at_least=c, satisfaction=_code(j + 1, cuts)) for j, c in enumerate(cuts)
            ]
            change[criterion.key] = {"scale": Numbers(thresholds=steps, below=_code(0, cuts))}
    return _changed(framework, change) if change else None


def _changed(framework: Framework, change: Mapping[str, Mapping[str, object]]) -> Framework:
    """*framework* itself (same name and version) with some criteria's fields changed."""
    criteria = [
        attrs.evolve(c, **change[c.key]) if c.key in change else c  # type: ignore[arg-type]
        for c in framework.criteria
    ]
    return attrs.evolve(framework, criteria=criteria)


def _loss(won: float, lost: float) -> float:
    """Negative log-likelihood of a band's leads at its own conversion rate."""
    total = won + lost
    found = 0.0
    for count in (won, lost):
        if count > 0:
            found -= count * math.log(count / total)
    return found


def learned_cuts(
    framework: Framework, counts: Mapping[str, Mapping[object, list[int]]]
) -> dict[str, list[float]]:
    """Per number criterion, the cuts to add: from *counts*, a probe backtest's won and lost
    leads per fine band (its rung) of each criterion."""
    found: dict[str, list[float]] = {}
    for criterion in framework.criteria:
        scale = criterion.scale
        if not isinstance(scale, Numbers):
            continue
        cuts = _cuts(scale)
        size = len(cuts) + 1
        won, lost = [0.0] * size, [0.0] * size  # band 0: below the first cut
        for rung, (w, lo) in counts.get(criterion.key, {}).items():
            band = None if rung is None else _band(float(rung), cuts)  # type: ignore[arg-type]
            if band is None:
                continue
            won[band] += w
            lost[band] += lo
        known = sum(won) + sum(lost)
        if not known:
            continue
        least = max(_MIN_LEADS, _MIN_SHARE * known)
        fixed = {0} | {cuts.index(float(t.at_least)) + 1 for t in scale.thresholds}
        chosen: set[int] = set()
        for _ in range(MAX_NEW_CUTS):
            best, gain = None, 0.5 * math.log(known)  # more than chance would give
            edges = sorted(fixed | chosen) + [size]
            for start, end in zip(edges, edges[1:], strict=False):
                whole = _loss(sum(won[start:end]), sum(lost[start:end]))
                for cut in range(start + 1, end):
                    left = sum(won[start:cut]) + sum(lost[start:cut])
                    right = sum(won[cut:end]) + sum(lost[cut:end])
                    if left < least or right < least:
                        continue
                    split = _loss(sum(won[start:cut]), sum(lost[start:cut])) + _loss(
                        sum(won[cut:end]), sum(lost[cut:end])
                    )
                    if whole - split > gain:
                        best, gain = cut, whole - split
            if best is None:
                break
            chosen.add(best)
        if chosen:
            found[criterion.key] = sorted(cuts[band - 1] for band in chosen)
    return found


def learned(cut: float) -> str:
    """The label of a band a calibration cut: where it starts, and that the data put it there."""
    return f"{cut:g} or more (learned)"


def is_learned(threshold: Threshold) -> bool:
    """Whether *threshold* is a cut a calibration added."""
    return threshold.label == learned(threshold.at_least)


def refined(framework: Framework, added: Mapping[str, list[float]]) -> Framework:
    """*framework* with the *added* cuts: each new band worth its declared band's
    satisfaction (and a hair more per band, so bands stay apart)."""
    change = {}
    for criterion in framework.criteria:
        cuts = added.get(criterion.key)
        scale = criterion.scale
        if not cuts or not isinstance(scale, Numbers):
            continue
        steps = sorted(
            [*scale.thresholds, *(Threshold(at_least=c, satisfaction=scale.rate(c) or 0.0, label=learned(c)) for c in cuts)],
            key=lambda t: t.at_least,
        )
        taken = {float(scale.below)}
        apart = []
        for step in steps:
            value = float(step.satisfaction)
            while value in taken:  # a band of its own, however close
                value = value - _APART if value + _APART > 1.0 else value + _APART
            taken.add(value)
            apart.append(attrs.evolve(step, satisfaction=value))
        change[criterion.key] = {"scale": attrs.evolve(scale, thresholds=apart)}
    return _changed(framework, change) if change else framework


def band_moves(declared: Framework, framework: Framework) -> dict[int, dict[float, float]]:
    """Per number criterion (by position), each fine band of :func:`probe` of *declared*
    (its satisfaction there) and the satisfaction of the band of *framework* (declared,
    cuts added) it lies in."""
    found: dict[int, dict[float, float]] = {}
    for i, criterion in enumerate(declared.criteria):
        scale = framework.criteria[i].scale
        if isinstance(criterion.scale, Numbers) and isinstance(scale, Numbers):
            cuts = _cuts(criterion.scale)
            moves = {_code(0, cuts): float(scale.rate(cuts[0] - 1.0) or 0.0), **ANSWERED}
            for j, cut in enumerate(cuts):
                moves[_code(j + 1, cuts)] = float(scale.rate(cut) or 0.0)
            found[i] = moves
    return found


def merged(
    patterns: Mapping[Any, list[int]], moves: Mapping[int, Mapping[float, float]]
) -> dict[Any, list[int]]:
    """*patterns* with each rung of the criteria in *moves* (by position) moved as it says:
    rungs counted under a probe merged into the bands or levels they belong to."""
    found: dict[Any, list[int]] = {}
    for (rungs, out, when), (won, lost) in patterns.items():
        moved = list(rungs)
        for i, move in moves.items():
            rung = moved[i]
            if rung is not None:
                moved[i] = move[rung]
        cell = found.setdefault((tuple(moved), out, when), [0, 0])
        cell[0] += won
        cell[1] += lost
    return found
