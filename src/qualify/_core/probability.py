"""A calibrated framework's chance of winning a lead, read from its score.

``qualify.calibrate`` fits it to won and lost leads; evaluating needs nothing
but this module. The chance is logistic in the score, with an offset for each
criterion nobody has answered (not knowing may itself say something) and one
for a disqualified lead:

    chance = 1 / (1 + exp(-(intercept + per_point * score
                            + sum of the unknown offsets + disqualified)))
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import attrs

from ..errors import FrameworkError
from .checks import SCHEMA, check_key, is_finite, shown

__all__ = ["Chance", "Probability", "chance", "logit"]


def _pairs(items: Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    if isinstance(items, dict):
        return tuple(items.items())
    try:
        return tuple((key, value) for key, value in items)
    except (TypeError, ValueError):
        raise FrameworkError(
            f"unknown offsets are pairs of criterion key and number, got {shown(items)}"
        ) from None


def _check_number(what: str, value: object) -> None:
    if not is_finite(value):
        raise FrameworkError(
            f"{what} of a probability model must be a finite number, got {shown(value)}"
        )


@attrs.frozen(kw_only=True)
class Probability:
    """How a calibrated framework turns a score into the chance of winning the lead.

    ``per_point`` (0 or more) is the change in log-odds per point of score;
    ``unknown`` holds, per criterion key, the change when nothing is known on
    that criterion; ``disqualified`` the change for a disqualified lead.
    ``outcomes`` records how many won and lost leads it was fitted on.
    """

    intercept: float
    per_point: float = attrs.field(metadata={SCHEMA: {"minimum": 0}})
    unknown: tuple[tuple[str, float], ...] = attrs.field(default=(), converter=_pairs)
    disqualified: float = 0.0
    outcomes: int = 0

    def __attrs_post_init__(self) -> None:
        _check_number("intercept", self.intercept)
        _check_number("per_point", self.per_point)
        if self.per_point < 0:
            raise FrameworkError(
                "per_point of a probability model must be 0 or more (a higher score never"
                f" lowers the chance), got {shown(self.per_point)}"
            )
        _check_number("disqualified", self.disqualified)
        seen = set()
        for key, offset in self.unknown:
            check_key("a criterion key of the unknown offsets", key)
            _check_number(f"the unknown offset of {key!r}", offset)
            if key in seen:
                raise FrameworkError(f"the unknown offset of {key!r} is given twice")
            seen.add(key)
        if (
            isinstance(self.outcomes, bool)
            or not isinstance(self.outcomes, int)
            or self.outcomes < 0
        ):
            raise FrameworkError(
                f"outcomes of a probability model must be a whole number, 0 or more, got"
                f" {shown(self.outcomes)}"
            )


def chance(log_odds: float) -> float:
    """The probability for *log_odds*, without overflow at either end."""
    if log_odds >= 0:
        return 1.0 / (1.0 + math.exp(-log_odds))
    small = math.exp(log_odds)
    return small / (1.0 + small)


def logit(probability: float) -> float:
    """The log-odds of *probability* (strictly between 0 and 1)."""
    return math.log(probability) - math.log1p(-probability)


def _check_chance(instance: object, attribute: object, value: float) -> None:
    if isinstance(value, bool) or not is_finite(value) or not 0 < value < 1:
        raise FrameworkError(
            f"a chance to qualify at must be a number above 0 and below 1 (0.3 for 30%),"
            f" got {shown(value)}"
        )


@attrs.frozen
class Chance:
    """``qualified_at`` given as a chance of winning: qualified means at least ``chance``.

    A framework qualifying at a chance needs a :class:`Probability` (a calibrated
    framework): the chance rises with the score, so it is met from one score on,
    and that score is the framework's
    :attr:`~qualify.Framework.qualifying_score`. Calibrating again keeps the
    chance and moves the score.

    >>> import qualify
    >>> qualify.Chance(0.3)
    Chance(chance=0.3)
    """

    chance: float = attrs.field(
        validator=_check_chance,
        metadata={SCHEMA: {"exclusiveMinimum": 0, "exclusiveMaximum": 1}},
    )

    def score(self, model: Probability, framework: str) -> float:
        """The score from which *model* gives at least this chance (0 to 100).

        :raises FrameworkError: when no score from 0 to 100 reaches it, or every
            score does, or the model does not rest on the score alone.
        """
        if model.unknown:
            raise FrameworkError(
                f"framework {framework!r} qualifies at a chance, but its probability model"
                " has unknown offsets (an older calibration): its chance is not a function of"
                " the score alone; calibrate it again, or give qualified_at as a score"
            )
        if model.per_point <= 0:
            raise FrameworkError(
                f"framework {framework!r} qualifies at a chance, but its probability model"
                " gives every score the same chance (per_point 0); give qualified_at as a score"
            )
        needed = (logit(self.chance) - model.intercept) / model.per_point
        if needed > 100 + 1e-9:
            raise FrameworkError(
                f"framework {framework!r} qualifies at a chance of {self.chance:g}, which no"
                f" lead reaches: a score of 100 gives {chance(model.intercept + 100 * model.per_point):.3f};"
                " ask for a lower chance"
            )
        if needed <= 0:
            raise FrameworkError(
                f"framework {framework!r} qualifies at a chance of {self.chance:g}, which every"
                f" lead reaches: a score of 0 already gives {chance(model.intercept):.3f};"
                " ask for a higher chance"
            )
        return min(needed, 100.0)
