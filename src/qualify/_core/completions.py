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

import math
from collections.abc import Iterable, Sequence

from .answers import NOT_KNOWN_ANSWER, Choices, rungs_of
from .criteria import Criterion
from .probability import Probability, chance
from .results import CriterionResult, Status, Verdict

__all__ = ["Completions", "bits", "choices_of", "convolved", "gain_at", "information"]

# How many patterns of unknown criteria, and leads' (pattern, earned) pairs, the
# averages are kept for: CRM picklists give few of either; past this, afresh.
_KEPT = 4096
# Past this many distinct sums, the sums the unknown criteria can add are pooled
# into bins a hundredth of a point wide (each at its mean): the chance moves by far
# less than a rounding error of the shares across a bin.
_SUPPORT = 4096
# Enum members are looked up on their class at some cost; as in the engine, names of our own.
_MET = Status.MET
_QUALIFIED, _NURTURE, _UNQUALIFIED = Verdict.QUALIFIED, Verdict.NURTURE, Verdict.UNQUALIFIED
_DISQUALIFIED = Verdict.DISQUALIFIED


def _shares(criterion: Criterion) -> tuple[tuple[float, float], ...] | None:
    """How often each satisfaction was seen for *criterion* (not known: its credit for
    not knowing), as shares; ``None`` without counts."""
    rungs = rungs_of(criterion.scale)
    total = sum(count for _, count in criterion.seen)
    if rungs is None or not total:
        return None
    worth = dict(rungs)
    worth[NOT_KNOWN_ANSWER] = float(criterion.unknown_satisfaction)
    found: dict[float, float] = {}
    for name, count in criterion.seen:
        if count:
            found[worth[name]] = found.get(worth[name], 0.0) + count / total
    return tuple(sorted(found.items()))


class Completions:
    """Per framework, what the answers still to come can do to a lead."""

    __slots__ = (
        "averages", "credits", "model", "required", "required_mask", "shares", "sums",
        "threshold", "to_points", "total", "weights",
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
        found = [_shares(c) for c in criteria]
        # every criterion's answers counted, or no average at all
        self.shares = tuple(s for s in found if s is not None) if all(found) else None
        self.sums: dict[int, list[tuple[float, float]]] = {}
        self.averages: dict[tuple[int, float, bool], float] = {}

    def points(self, earned: float) -> float:
        """*earned* weight as a score, in the engine's arithmetic."""
        return 100.0 if earned >= self.total else earned * self.to_points

    def settled(
        self,
        pattern: int,
        floor: float,
        reachable: float,
        results: Sequence[CriterionResult],
        disqualified: bool,
        unchecked: bool,
    ) -> Verdict | None:
        """The verdict every completion gives, or ``None`` when answers can change it.

        *floor* is the weight the known criteria earn (every unknown answered false),
        *reachable* the potential's (every unknown answered true), both summed as the
        engine sums them; *unchecked* says a disqualifier has no answer yet.
        """
        if disqualified:
            return _DISQUALIFIED
        if unchecked:  # a yes would disqualify, a no would not
            return None
        threshold, total, to_points = self.threshold, self.total, self.to_points
        # the highest score (every unknown answered true) is the potential
        best = (100.0 if reachable >= total else reachable * to_points) >= threshold
        # the lowest (every unknown answered false) is a potential too: nothing left open
        worst = (100.0 if floor >= total else floor * to_points) >= threshold
        known_met = True  # every required criterion answered is met
        for i in self.required:
            if not pattern >> i & 1 and results[i].status is not _MET:
                known_met = False
                break
        if known_met and not pattern & self.required_mask:
            # every required criterion met whatever comes: qualified from the worst answers
            # on, unqualified below the best, either one in between (and nurture among them)
            if worst:
                return _QUALIFIED
            return None if best else _UNQUALIFIED
        # a required criterion may stay short (or is), so never surely qualified: nurture
        # when even the worst answers leave the potential at the threshold, unqualified
        # when even the best leave it below; with the best, "not known" to a required
        # criterion gives nurture, so both can happen in between
        if worst and not known_met:
            return _NURTURE
        if not best:
            return _UNQUALIFIED
        return None

    def chances(
        self, floor: float, reachable: float, disqualified: bool, unchecked: bool
    ) -> tuple[float, float] | None:
        """The lowest and highest chance a completion gives, for a calibrated framework
        whose chance rests on the score (``None`` otherwise)."""
        model = self.model
        if model is None:
            return None
        low = model.intercept + model.per_point * self.points(floor)
        high = model.intercept + model.per_point * self.points(reachable)
        offset = model.disqualified
        if disqualified:
            low, high = low + offset, high + offset
        elif unchecked:
            low, high = low + min(offset, 0.0), high + max(offset, 0.0)
        return chance(low), chance(high)

    def expected(self, pattern: int, earned: float, disqualified: bool) -> float | None:
        """The chance of winning averaged over the answers not given yet, each as often as
        the outcomes calibrated on saw it (criteria taken apart); ``None`` without a
        model resting on the score, or without the counts.

        *pattern* holds the criteria not asked yet; *earned* is what the lead earns now
        (a criterion asked, and nobody knew, earns its credit as the score counts it).
        """
        model = self.model
        if model is None or self.shares is None:
            return None
        if not pattern:  # everything answered: the chance itself, in the engine's arithmetic
            log_odds = model.intercept + model.per_point * self.points(earned)
            return chance(log_odds + model.disqualified if disqualified else log_odds)
        # what the asked, unknown criteria earn stays; the others' credit is averaged over
        base = earned - self._credit(pattern)
        key = (pattern, base, disqualified)
        found = self.averages.get(key)
        if found is not None:
            return found
        offset = model.intercept + (model.disqualified if disqualified else 0.0)
        average = 0.0
        for added, share in self._sums(pattern):
            average += share * chance(offset + model.per_point * self.points(base + added))
        if len(self.averages) >= _KEPT:
            self.averages.clear()
        self.averages[key] = average
        return average

    def _credit(self, pattern: int) -> float:
        """What not knowing earns, summed over the criteria of *pattern*."""
        return sum(
            weight * credit
            for i, (weight, credit) in enumerate(zip(self.weights, self.credits, strict=True))
            if pattern >> i & 1
        )

    def _sums(self, pattern: int) -> list[tuple[float, float]]:
        """What the answers to *pattern*'s unknown criteria add to what the known ones
        earn ("not known" its credit), with the share of leads adding it."""
        found = self.sums.get(pattern)
        if found is not None:
            return found
        shares = self.shares
        assert shares is not None
        sums = {0.0: 1.0}
        width = self.total * 1e-4  # a hundredth of a point
        for i, weight in enumerate(self.weights):
            if not pattern >> i & 1:
                continue
            adds = [(weight * satisfaction, seen) for satisfaction, seen in shares[i]]
            sums = convolved(sums, adds, width)
        found = sorted(sums.items())
        if len(self.sums) >= _KEPT:
            self.sums.clear()
        self.sums[pattern] = found
        return found


def convolved(
    sums: dict[float, float], adds: Iterable[tuple[float, float]], width: float
) -> dict[float, float]:
    """The distribution of a sum from *sums* plus one of *adds* (value, share), pooled
    into bins *width* wide past :data:`_SUPPORT` distinct values."""
    adds = list(adds)
    grown: dict[float, float] = {}
    for base, share in sums.items():
        for added, seen in adds:
            total = base + added
            grown[total] = grown.get(total, 0.0) + share * seen
    return grown if len(grown) <= _SUPPORT else _pooled(grown, width)


def _pooled(sums: dict[float, float], width: float) -> dict[float, float]:
    """*sums* pooled into bins *width* wide, each at its mean, their shares added."""
    bins: dict[int, list[float]] = {}
    for value, share in sums.items():
        cell = bins.setdefault(int(value // width), [0.0, 0.0])
        cell[0] += value * share
        cell[1] += share
    return {mean / share: share for mean, share in bins.values() if share}


def bits(p: float) -> float:
    """The entropy of a yes-or-no outcome with chance *p*, in bits."""
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return -(p * math.log2(p) + (1.0 - p) * math.log2(1.0 - p))


def information(answers: Sequence[tuple[float | None, float | None]]) -> float | None:
    """The mutual information between the answer and the outcome, in bits, from each
    answer's (share, chance): the entropy of the chance averaged over the answers, less the
    answers' own, weighted by share."""
    average = spread = 0.0
    for share, probability in answers:
        if share is None or probability is None:
            return None
        average += share * probability
        spread += share * bits(probability)
    return max(0.0, bits(average) - spread)


def gain_at(
    ahead: Completions,
    choices: Sequence[Sequence[tuple[str, float | None, float | None]]],
    i: int,
    weight: float,
    open_: int,
    earned: float,
    credit: float,
    disqualified: bool,
) -> float | None:
    """:attr:`Missing.gain <qualify.Missing.gain>` of criterion *i* for a lead known only
    by its sums (a table's row): *open_* holds the criteria not asked yet, *earned* is
    what the lead earns now, *credit* what criterion *i* earns of it while unknown.

    An answer's earned weight is *earned* less the credit plus what the answer earns, so
    the chances may differ in the last bits from the outlook's (:mod:`.outlook`, which
    re-adds the engine's sums in framework order); ``None`` without counts or a model.
    """
    if ahead.model is None or ahead.shares is None or not choices[i]:
        return None
    rest = open_ & ~(1 << i)
    base = earned - weight * credit
    return information(
        [
            (
                share,
                ahead.expected(
                    rest, earned if satisfaction is None else base + weight * satisfaction,
                    disqualified,
                ),
            )
            for _, satisfaction, share in choices[i]
        ]
    )


def choices_of(criteria: Sequence[Criterion]) -> Choices:
    """Each criterion's answers, worst rung first, then "not known", with their shares."""
    found: list[tuple[tuple[str, float | None, float | None], ...]] = []
    for criterion in criteria:
        rungs = rungs_of(criterion.scale)
        if rungs is None:  # a plugin's scale: its answers cannot be named
            found.append(())
            continue
        seen = dict(criterion.seen)
        total = sum(seen.values())
        named = [*((name, satisfaction) for name, satisfaction in rungs), (NOT_KNOWN_ANSWER, None)]
        found.append(
            tuple(
                (name, satisfaction, seen.get(name, 0) / total if total else None)
                for name, satisfaction in named
            )
        )
    return tuple(found)
