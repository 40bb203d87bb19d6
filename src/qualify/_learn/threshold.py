"""What qualified means after a calibration: a score, a chance, or the chance that
qualifies a wanted share of the leads.

A chance threshold rests on the calibrated model (the chance rises with the score,
so it is met from one score on); a share is turned into the chance that qualifies
that share of the leads calibrate learned from, rounded down to a readable chance.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from .._core.checks import is_finite, shown
from .._core.engine import TOLERANCE
from .._core.framework import Framework
from .._core.probability import Chance
from ..errors import FrameworkError, OutcomeError, QualifyError
from .fit import Design, numpy
from .shape import Moves, satisfactions, scores

__all__ = ["Threshold", "check_threshold", "qualified", "share_chance", "thresholded"]

#: What calibrate may be asked to qualify at: a score, a chance, or neither.
Threshold = float | Chance | None


def check_threshold(qualified_at: object, qualified_share: object) -> None:
    """Refuse a threshold calibrate cannot use, saying what it accepts."""
    if qualified_at is not None and qualified_share is not None:
        raise QualifyError(
            "give qualified_at (a score or a qualify.Chance) or qualified_share (the share"
            " of leads to qualify), not both"
        )
    if qualified_at is not None and not isinstance(qualified_at, Chance) and (
        isinstance(qualified_at, bool)
        or not is_finite(qualified_at)
        or not 0 < qualified_at <= 100  # type: ignore[operator]
    ):
        raise QualifyError(
            "qualified_at must be a score above 0 and at most 100, a qualify.Chance such as"
            f" Chance(0.3), or None for the framework's own; got {shown(qualified_at)}"
        )
    if qualified_share is not None and (
        isinstance(qualified_share, bool)
        or not is_finite(qualified_share)
        or not 0 < qualified_share < 1  # type: ignore[operator]
    ):
        raise QualifyError(
            "qualified_share must be a share above 0 and below 1 (0.2 to qualify one lead in"
            f" five), or None; got {shown(qualified_share)}"
        )


def _eligible(framework: Framework, design: Design, moves: Moves | None) -> Any:
    """Whether each pattern can be qualified at all: not disqualified, and every required
    criterion met."""
    np = numpy()
    eligible = design.out == 0
    rated = satisfactions(design, moves)
    for i, criterion in enumerate(framework.criteria):
        if criterion.required:
            eligible &= np.nan_to_num(rated[i], nan=0.0) >= 1.0
    return eligible


def qualified(framework: Framework, design: Design, moves: Moves | None) -> float:
    """The share of *design*'s leads with an outcome that *framework* qualifies."""
    counts = design.won + design.lost
    passed = _eligible(framework, design, moves) & (
        scores(framework, design, moves) >= framework.qualifying_score - TOLERANCE
    )
    total = float(counts.sum())
    return float(counts[passed].sum()) / total if total else 0.0


def share_chance(framework: Framework, design: Design, moves: Moves | None, share: float) -> Chance:
    """The chance, rounded down to a tenth of a percent, that qualifies at least *share*
    of *design*'s leads under the calibrated *framework*.

    :raises OutcomeError: when fewer leads than that can be qualified at any chance (the
        rest miss a required criterion or are disqualified).
    """
    np = numpy()
    model = framework.probability
    assert model is not None
    log_odds = model.intercept + model.per_point * scores(framework, design, moves)
    chance = 1.0 / (1.0 + np.exp(-log_odds))
    eligible = _eligible(framework, design, moves)
    counts = design.won + design.lost
    total = float(counts.sum())
    order = np.argsort(-chance[eligible], kind="stable")
    ranked = chance[eligible][order]
    reached = np.cumsum(counts[eligible][order]) / total
    at = int(np.searchsorted(reached, share - 1e-12))
    if at >= len(ranked):
        most = float(reached[-1]) if len(reached) else 0.0
        raise OutcomeError(
            f"no chance qualifies {share:.0%} of the leads: at most {most:.1%} can be qualified"
            " (the others miss a required criterion or are disqualified); ask for a smaller"
            " share"
        )
    floor = math.floor(float(ranked[at]) * 1000) / 1000
    return Chance(floor if floor > 0 else float(ranked[at]))


def thresholded(framework: Framework, threshold: Threshold, *, strict: bool) -> Framework:
    """*framework* qualifying at *threshold* (``None``: as it is).

    A chance no score reaches, or that every score reaches, is an
    :class:`~qualify.OutcomeError` when *strict*; otherwise (a fold's framework, checked
    on held-out leads) it stands for the nearest score that can be reached.
    """
    if threshold is None:
        return framework
    try:
        return attrs.evolve(framework, qualified_at=threshold)
    except FrameworkError as exc:
        if strict:
            raise OutcomeError(f"the calibrated framework cannot qualify as asked: {exc}") from None
    model = framework.probability
    assert isinstance(threshold, Chance) and model is not None
    at_top = model.intercept + 100 * model.per_point
    nearest = 100.0 if math.log(threshold.chance / (1 - threshold.chance)) > at_top else 1e-9
    return attrs.evolve(framework, qualified_at=nearest)
