"""A fit turned into a framework: weights, satisfactions and unknown's place rounded, a
probability refitted to the rounded score, and where the fit turned the declared order.

Also how a pattern of rungs scores under a framework, in the engine's own arithmetic.
"""

from __future__ import annotations

from typing import Any

import attrs

from .._core.framework import Framework
from .._core.pairs import Pair
from .._core.probability import Probability
from .._core.scales import Boolean, Levels, Months, Numbers, Scale, Threshold
from .._tables.paired import cell_values
from .bands import is_learned
from .fit import Design, Fit, fit_score, numpy
from .rungs import rung_name
from .splits import split_from

__all__ = ["Moves", "Reversal", "calibrated", "moves_of", "reversals", "satisfactions", "scores"]


@attrs.frozen
class Reversal:
    """Where the data turned a criterion's declared order around: ``rung`` was declared
    below ``above``, and leads on it converted better, so it now earns more."""

    criterion: str
    rung: str
    above: str


@attrs.frozen
class Moves:
    """What a fit changes in a framework, per criterion in framework order: its weight,
    each declared rung satisfaction's new value, and what not knowing earns."""

    weights: tuple[float, ...]
    rungs: tuple[dict[float, float], ...]
    unknown: tuple[float, ...]


def satisfactions(design: Design, moves: Moves | None) -> list[Any]:
    """Per criterion, each pattern's satisfaction with its rung moved as *moves* says
    (NaN where unknown)."""
    np = numpy()
    found = []
    for i in range(len(design.rungs)):
        known = design.unknown[:, i] == 0
        values = design.value[i]
        moved = moves.rungs[i] if moves is not None else {}
        if moved:
            table = np.array([moved[r] for r in design.rungs[i]])
            values = table[np.maximum(design.index[i], 0)]
        found.append(np.where(known, values, np.nan))
    return found


def scores(framework: Framework, design: Design, moves: Moves | None) -> Any:
    """Each pattern's score under *framework* (its rungs moved as *moves* says): summed in
    the engine's order with the engine's operations, so the bits are the engine's."""
    np = numpy()
    earned = np.zeros(len(design.keys))
    total = 0.0
    for criterion in framework.criteria:
        total += criterion.weight
    rated = satisfactions(design, moves)  # NaN unknown; a pair's cells follow from them
    for i, criterion in enumerate(framework.criteria):
        if criterion.of is not None:  # a pair comes after the criteria of the design
            pair = Pair(framework.criteria, i)
            rated.append(cell_values(pair, rated[pair.first], rated[pair.second]))
        values = rated[i]
        known = ~np.isnan(values)
        weight = float(criterion.weight)
        earned += np.where(
            known, weight * np.nan_to_num(values), weight * criterion.unknown_satisfaction
        )
    return np.where(earned >= total, 100.0, earned * (100.0 / total))


def _rescaled(scale: Scale, moved: dict[float, float]) -> Scale:
    """*scale* with each declared satisfaction moved to its fitted value (levels sorted
    worst first again, where the data turned them around)."""
    if isinstance(scale, Levels):
        levels = [
            attrs.evolve(level, satisfaction=moved[float(level.satisfaction)])
            for level in scale.levels
        ]
        worth = {level.name: level.satisfaction for level in levels}
        for level in [lv for lv in levels if split_from(lv) in worth]:
            parent = split_from(level)
            assert parent is not None
            if level.satisfaction == worth[parent]:  # the split found worth nothing: fold it back
                levels.remove(level)
                at = next(i for i, lv in enumerate(levels) if lv.name == parent)
                aliases = (*levels[at].aliases, level.name, *level.aliases)
                levels[at] = attrs.evolve(levels[at], aliases=aliases)
        return attrs.evolve(scale, levels=sorted(levels, key=lambda level: level.satisfaction))
    if isinstance(scale, Months):
        bands = [
            attrs.evolve(band, satisfaction=moved[float(band.satisfaction)]) for band in scale.bands
        ]
        return attrs.evolve(scale, bands=bands, beyond=moved[float(scale.beyond)])
    if isinstance(scale, Boolean):
        return attrs.evolve(scale, yes=moved[float(scale.yes)], no=moved[float(scale.no)])
    if isinstance(scale, Numbers):
        below = moved[float(scale.below)]
        steps: list[Threshold] = []
        for threshold in scale.thresholds:
            value = moved[float(threshold.satisfaction)]
            if value == (steps[-1].satisfaction if steps else below) and is_learned(threshold):
                continue  # a learned cut the fit found worth nothing: one band, as declared
            steps.append(attrs.evolve(threshold, satisfaction=value))
        if not steps:  # every band alike: the first cut stays, so the scale is whole
            steps = [attrs.evolve(scale.thresholds[0], satisfaction=below)]
        return attrs.evolve(scale, thresholds=steps, below=below)
    return scale


def moves_of(framework: Framework, design: Design, fit: Fit) -> Moves:
    """Rounded weights, satisfactions and unknown's place from *fit*: each criterion's
    values shifted so its worst is 0 and divided by their range (its weight)."""
    spans, shifted, unknown = [], [], []
    leads = design.won + design.lost
    for i in range(len(framework.criteria)):
        values = [float(v) for v in fit.values[i]]
        seen = bool((leads * design.unknown[:, i]).sum())
        place = fit.unknown[i]
        if not seen:  # no lead was unknown on it: the data say nothing, it earns as declared
            declared_unknown = framework.criteria[i].unknown_satisfaction
            if design.rungs[i]:
                place = min(values) + declared_unknown * (max(values) - min(values))
            else:
                place = values[0] * declared_unknown
        if design.rungs[i]:
            # a flag's two answers earn 0 and 1 (turned or not): its range is theirs, and
            # what not knowing earns is kept within it
            flag = isinstance(framework.criteria[i].scale, Boolean)
            low = min(values) if flag else min(*values, place)
            high = max(values) if flag else max(*values, place)
            spans.append(high - low)
            shifted.append([v - low for v in values])
            unknown.append(place - low)
        else:  # its satisfactions are the scale's: only the weight and unknown move
            spans.append(max(values[0], 0.0))
            shifted.append([])
            unknown.append(place)
    declared = sum(float(c.weight) for c in framework.criteria)
    scale = declared / sum(spans) if sum(spans) > 0 else 1.0
    weights: list[float] = []
    rungs: list[dict[float, float]] = []
    credits: list[float] = []
    for i in range(len(framework.criteria)):
        span = spans[i]
        weights.append(max(0.01, round(span * scale, 2)))
        if span <= 0:  # the data say nothing: the declared rungs stay, unknown earns 0
            rungs.append({})
            credits.append(0.0)
            continue
        rungs.append(
            {
                rung: min(1.0, max(0.0, round(shifted[i][j] / span, 2)))
                for j, rung in enumerate(design.rungs[i])
            }
        )
        credits.append(min(1.0, max(0.0, round(unknown[i] / span, 2))))
    return Moves(tuple(weights), tuple(rungs), tuple(credits))


def reversals(framework: Framework, design: Design, fit: Fit) -> tuple[Reversal, ...]:
    """Each pair of neighbouring rungs whose fitted values run against the declared order."""
    found = []
    for i, criterion in enumerate(framework.criteria):
        rungs = design.rungs[i]
        values = [float(v) for v in fit.values[i]]
        for j in range(len(rungs) - 1):
            if values[j] > values[j + 1] + 1e-6:
                found.append(
                    Reversal(
                        criterion.key,
                        rung_name(criterion.scale, rungs[j]),
                        rung_name(criterion.scale, rungs[j + 1]),
                    )
                )
    return tuple(found)


def calibrated(
    framework: Framework,
    design: Design,
    moves: Moves | None,
    won: Any,
    lost: Any,
    description: str,
) -> Framework:
    """The calibrated framework with *moves* (``None``: the declared weights kept) and a
    chance fitted to its score on the (weighted) *won* and *lost* counts."""
    name = f"{framework.name}-calibrated"
    version = f"{framework.version}.calibrated.{int(round(design.won.sum() + design.lost.sum()))}"
    shaped = framework
    if moves is not None:
        change = {}
        for i, c in enumerate(framework.criteria):
            fields: dict[str, Any] = {
                "weight": moves.weights[i],
                "unknown_satisfaction": moves.unknown[i],
            }
            if moves.rungs[i]:
                fields["scale"] = _rescaled(c.scale, moves.rungs[i])
            change[c.key] = fields
        shaped = framework.customize(name=name, change=change)
    # kept declared: the score's own logistic fit, so the chance ranks leads as it does
    intercept, per_point, disqualified = fit_score(
        design, scores(shaped, design, moves), won, lost, offset=moves is not None
    )
    model = Probability(
        intercept=round(intercept, 4),
        per_point=max(round(per_point, 5), 1e-5),
        disqualified=round(disqualified, 4),
        outcomes=int(round(design.won.sum() + design.lost.sum())),
    )
    return framework.customize(
        name=name,
        version=version,
        description=description,
        criteria=shaped.criteria,
        probability=model,
    )
