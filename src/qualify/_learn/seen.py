"""How often each answer was seen: the counts a calibrated criterion records.

They are what :attr:`qualify.Evaluation.expected` averages over while a question
is not asked yet: per criterion, the leads calibrated on that reached each rung
(by its name in the file) and those nobody knew the answer for.
"""

from __future__ import annotations

from typing import Any

import attrs

from .._core.answers import NOT_KNOWN_ANSWER, rungs_of
from .._core.framework import Framework
from .fit import Design, numpy
from .shape import Moves, satisfactions

__all__ = ["with_seen"]


def with_seen(framework: Framework, design: Design, moves: Moves | None) -> Framework:
    """*framework* (calibrated on *design*'s leads, its rungs moved as *moves* says) with
    each criterion's ``seen``: the leads on each of its rungs, and not known."""
    np = numpy()
    counts = design.won + design.lost
    rated = satisfactions(design, moves)
    criteria = []
    for i, (criterion, values) in enumerate(zip(framework.criteria, rated, strict=True)):
        rungs = rungs_of(criterion.scale)
        if rungs is None:  # a plugin's scale: its answers have no names to count by
            criteria.append(criterion)
            continue
        unknown = np.isnan(values)
        seen = {name: 0 for name, _ in rungs}
        seen[NOT_KNOWN_ANSWER] = int(round(float(counts[unknown].sum())))
        # by the rung each lead answered, as declared: rungs the calibration moved to one
        # satisfaction stay apart; by the moved satisfaction where the names changed
        declared = rungs_of(design.framework.criteria[i].scale)
        if declared is not None and {name for name, _ in declared} <= seen.keys():
            values, rungs = design.value[i], declared
        for value, count in _by_value(np, values[~unknown], counts[~unknown]):
            seen[_name(rungs, value)] += count
        criteria.append(attrs.evolve(criterion, seen=tuple(seen.items())))
    return attrs.evolve(framework, criteria=criteria)


def _by_value(np: Any, values: Any, counts: Any) -> list[tuple[float, int]]:
    distinct, at = np.unique(values, return_inverse=True)
    summed = np.bincount(at, weights=counts, minlength=len(distinct))
    return [(float(v), int(round(float(c)))) for v, c in zip(distinct, summed, strict=True)]


def _name(rungs: tuple[tuple[str, float], ...], value: float) -> str:
    """The first rung worth *value*; else (a true or false no rung is worth) the best rung
    worth less, or the worst."""
    for name, worth in rungs:
        if worth == value:
            return name
    below = [(worth, name) for name, worth in rungs if worth < value]
    return max(below)[1] if below else min((worth, name) for name, worth in rungs)[1]
