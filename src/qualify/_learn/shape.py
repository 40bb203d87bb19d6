"""A fit turned into a framework: weights and satisfactions rounded, a probability refitted.

Also how a pattern of rungs scores under a framework, in the engine's own arithmetic.
"""

from __future__ import annotations

from typing import Any

import attrs

from .._core.engine import evaluate_rated
from .._core.framework import Framework
from .._core.probability import Probability
from .._core.results import Evaluation
from .._core.scales import Levels, Months, Numbers, Scale
from .fit import Design, Fit, fit_declared, modules

__all__ = ["calibrated", "rated", "scores", "target"]


def rated(
    framework: Framework, design: Design, p: int, mapped: list[dict[float, float]]
) -> Evaluation:
    """Pattern *p* evaluated by *framework*, each rung moved to its fitted satisfaction."""
    rungs, out = design.keys[p]
    satisfactions = list(rungs)
    for i, moved in enumerate(mapped):
        position = int(design.index[i][p])
        if moved and position >= 0:
            satisfactions[i] = moved[design.rungs[i][position]]
    disqualified = [framework.disqualifiers[0].key] if out and framework.disqualifiers else []
    return evaluate_rated(framework, satisfactions, disqualified)


def scores(framework: Framework, design: Design, mapped: list[dict[float, float]]) -> Any:
    """Each pattern's score under *framework*, its rungs moved as *mapped* says: summed in
    the engine's order with the engine's operations, so the bits are the engine's."""
    np, _ = modules()
    earned = np.zeros(len(design.keys))
    total = 0.0
    for criterion in framework.criteria:
        total += criterion.weight
    for i, criterion in enumerate(framework.criteria):
        satisfaction = design.value[i].copy()
        moved = mapped[i] if mapped else {}
        if moved:
            rungs = np.array([moved[r] for r in design.rungs[i]])
            satisfaction = np.where(
                design.index[i] >= 0, rungs[np.maximum(design.index[i], 0)], 0.0
            )
        earned += float(criterion.weight) * satisfaction
    return np.where(earned >= total, 100.0, earned * (100.0 / total))


def _rescaled(scale: Scale, moved: dict[float, float]) -> Scale:
    """*scale* with each declared satisfaction moved to its fitted value."""
    if isinstance(scale, Levels):
        levels = [
            attrs.evolve(level, satisfaction=moved[float(level.satisfaction)])
            for level in scale.levels
        ]
        return attrs.evolve(scale, levels=levels)
    if isinstance(scale, Months):
        bands = [
            attrs.evolve(band, satisfaction=moved[float(band.satisfaction)]) for band in scale.bands
        ]
        return attrs.evolve(scale, bands=bands, beyond=moved[float(scale.beyond)])
    if isinstance(scale, Numbers):
        steps = [
            attrs.evolve(t, satisfaction=moved[float(t.satisfaction)]) for t in scale.thresholds
        ]
        return attrs.evolve(scale, thresholds=steps, below=moved[float(scale.below)])
    return scale


def _moves(
    framework: Framework, design: Design, fit: Fit
) -> tuple[dict[str, float], list[dict[float, float]]]:
    """Rounded weights per key, and per criterion each declared satisfaction's fitted value."""
    tops = [float(values[-1]) if len(values) else 0.0 for values in fit.values]
    declared = sum(float(c.weight) for c in framework.criteria)
    scale = declared / sum(tops) if sum(tops) > 0 else 1.0
    weights, mapped = {}, []
    for i, criterion in enumerate(framework.criteria):
        weights[criterion.key] = max(0.01, round(tops[i] * scale, 2))
        moved: dict[float, float] = {}
        if design.rungs[i] and tops[i] > 0:
            for j, rung in enumerate(design.rungs[i]):
                moved[rung] = min(1.0, max(0.0, round(float(fit.values[i][j]) / tops[i], 2)))
        mapped.append(moved)
    return weights, mapped


def _probability(
    framework: Framework,
    design: Design,
    mapped: list[dict[float, float]],
    won: Any,
    lost: Any,
    offsets: tuple[list[float], float] | None,
) -> Probability:
    """The probability model of *framework*'s (rounded) score, the offsets held as fitted."""
    intercept, per_point, unknown, disqualified = fit_declared(
        design, scores(framework, design, mapped), won, lost, offsets
    )
    keys = [c.key for c in framework.criteria]
    return Probability(
        intercept=round(intercept, 4),
        per_point=round(per_point, 5),
        unknown=tuple((key, round(offset, 4)) for key, offset in zip(keys, unknown, strict=True)),
        disqualified=round(disqualified, 4),
        outcomes=int(won.sum() + lost.sum()),
    )


def calibrated(
    framework: Framework, design: Design, fit: Fit | None, won: Any, lost: Any, description: str
) -> tuple[Framework, list[dict[float, float]]]:
    """The calibrated framework from *fit* (``None``: the declared weights kept)."""
    name = f"{framework.name}-calibrated"
    version = f"{framework.version}.calibrated.{int(won.sum() + lost.sum())}"
    mapped: list[dict[float, float]] = []
    if fit is None:
        shaped = framework
    else:
        weights, mapped = _moves(framework, design, fit)
        change = {
            c.key: {"weight": weights[c.key], "scale": _rescaled(c.scale, mapped[i])}
            if mapped[i]
            else {"weight": weights[c.key]}
            for i, c in enumerate(framework.criteria)
        }
        shaped = framework.customize(name=name, change=change)
    # the mapped satisfactions are looked up by the declared ones in the rungs of each pattern
    offsets = None if fit is None else (fit.unknown, fit.disqualified)
    model = _probability(shaped, design, mapped, won, lost, offsets)
    result = framework.customize(
        name=name,
        version=version,
        description=description,
        criteria=shaped.criteria,
        probability=model,
    )
    return result, mapped


def target(framework: Framework, design: Design, intercept: float, per_point: float) -> Fit:
    """The declared framework as a fit: its weights times satisfactions at the scale of the
    probability fitted to its score, each lowest rung moved to 0 (the difference going to
    the intercept and, with the opposite sign, to the criterion's unknown offset)."""
    np, _ = modules()
    total = sum(float(c.weight) for c in framework.criteria)
    values, unknown = [], []
    for i, criterion in enumerate(framework.criteria):
        weight = 100.0 * per_point * float(criterion.weight) / total
        rungs = design.rungs[i]
        if rungs:
            lowest = weight * rungs[0]
            values.append(np.array([weight * r - lowest for r in rungs]))
            unknown.append(-lowest)
            intercept += lowest
        else:
            values.append(np.array([weight]))
            unknown.append(0.0)
    return Fit(intercept, unknown, 0.0, values)
