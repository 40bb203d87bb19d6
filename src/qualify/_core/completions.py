"""What the answers still to come can do: the verdict they all lead to, and the chances
they can still reach.

A *completion* of a lead gives every unknown criterion an answer: any its scale
accepts, or "not known" (it stays unknown, earning its ``unknown_satisfaction``
and counting at its best in the potential); and every disqualifier nobody
checked, yes or no. The verdict is settled when every completion gives the same
one.

Every scale accepts true (1) and false (0), so the score of a completion runs
from the lead's score with every unknown criterion answered false to its
potential, both reached; which verdicts some completion gives follows from
those two sums and the required criteria, without trying completions one by
one (tests/test_completions.py does, on small frameworks).
"""

from __future__ import annotations

from collections.abc import Sequence

from .criteria import Criterion
from .probability import Probability, chance
from .results import CriterionResult, Status, Verdict

__all__ = ["Completions"]


class Completions:
    """Per framework, what the answers still to come can do to a lead."""

    __slots__ = (
        "credits", "model", "required", "required_mask", "threshold", "to_points", "total",
        "weights",
    )  # fmt: skip

    def __init__(
        self,
        criteria: Sequence[Criterion],
        total: float,
        to_points: float,
        threshold: float,
        model: Probability | None,
    ) -> None:
        self.weights = tuple(float(c.weight) for c in criteria)
        self.credits = tuple(float(c.unknown_satisfaction) for c in criteria)
        self.required = tuple(i for i, c in enumerate(criteria) if c.required)
        self.required_mask = sum(1 << i for i in self.required)
        self.total = total
        self.to_points = to_points
        self.threshold = threshold  # qualified_at, less the engine's tolerance
        self.model = model if model is not None and not model.unknown else None

    def _points(self, earned: float) -> float:
        """*earned* weight as a score, in the engine's arithmetic."""
        return 100.0 if earned >= self.total else earned * self.to_points

    def _spread(self, pattern: int) -> tuple[float, float]:
        """What the unknown criteria of *pattern* can take from the score (their credit
        for not knowing) and add to it (the rest of their weight)."""
        credit = room = 0.0
        for i, weight in enumerate(self.weights):
            if pattern >> i & 1:
                credit += weight * self.credits[i]
                room += weight * (1.0 - self.credits[i])
        return credit, room

    def settled(
        self,
        pattern: int,
        earned: float,
        results: Sequence[CriterionResult],
        disqualified: bool,
        unchecked: bool,
    ) -> Verdict | None:
        """The verdict every completion gives, or ``None`` when answers can change it.

        *earned* is the weight the lead earns now (unknown credit included);
        *unchecked* says a disqualifier has no answer yet.
        """
        if disqualified:
            return Verdict.DISQUALIFIED
        if unchecked:  # a yes would disqualify, a no would not
            return None
        credit, room = self._spread(pattern)
        threshold = self.threshold
        # the highest score (every unknown answered true) is the potential
        best = self._points(earned + room) >= threshold
        # the lowest (every unknown answered false) is a potential too: nothing left open
        worst = self._points(earned - credit) >= threshold
        known_met = all(
            pattern >> i & 1 or results[i].status is Status.MET for i in self.required
        )
        if known_met and not pattern & self.required_mask:
            # every required criterion met whatever comes: qualified from the worst answers
            # on, unqualified below the best, either one in between (and nurture among them)
            if worst:
                return Verdict.QUALIFIED
            return None if best else Verdict.UNQUALIFIED
        # a required criterion may stay short (or is), so never surely qualified: nurture
        # when even the worst answers leave the potential at the threshold, unqualified
        # when even the best leave it below; with the best, "not known" to a required
        # criterion gives nurture, so both can happen in between
        if worst and not known_met:
            return Verdict.NURTURE
        if not best:
            return Verdict.UNQUALIFIED
        return None

    def chances(
        self, pattern: int, earned: float, disqualified: bool, unchecked: bool
    ) -> tuple[float, float] | None:
        """The lowest and highest chance a completion gives, for a calibrated framework
        whose chance rests on the score (``None`` otherwise)."""
        model = self.model
        if model is None:
            return None
        credit, room = self._spread(pattern)
        low = model.intercept + model.per_point * self._points(earned - credit)
        high = model.intercept + model.per_point * self._points(earned + room)
        offset = model.disqualified
        if disqualified:
            low, high = low + offset, high + offset
        elif unchecked:
            low, high = low + min(offset, 0.0), high + max(offset, 0.0)
        return chance(low), chance(high)
