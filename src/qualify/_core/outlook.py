"""What each answer to a lead's open questions would do, and the order to ask them in.

An evaluation's ``missing`` entries carry an :class:`LeadOutlook`: the numbers of
the lead that the answers move (what each criterion earns now, the disqualifiers),
nothing else. Nothing is worked out until a program reads ``Missing.answers`` or
``Missing.gain``: a lead scored in a batch pays for none of it. The score and
potential with one answer added are summed again in framework order, exactly as
the engine sums them, so an answer's score, verdict and chance are those an
evaluation with that answer would give, bit for bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

from ..errors import QualifyError
from .answers import Choices
from .checks import shown
from .completions import Completions, convolved, information
from .keeping import Kept
from .pairs import Pair
from .results import Answer, CriterionResult, Missing, Status, Verdict

__all__ = [
    "ASK",
    "Ask",
    "LeadOutlook",
    "Outlooks",
    "check_ask",
    "in_order",
]

#: The orders ``evaluate(..., ask=...)`` accepts: by points (the default), by the chance
#: of changing the verdict, by the information the answer brings.
Ask = Literal["points", "decision", "gain"]
ASK: tuple[str, ...] = get_args(Ask)

# Enum members are looked up on their class at some cost; as in the engine, names of our own.
_MET, _UNKNOWN = Status.MET, Status.UNKNOWN
_QUALIFIED, _NURTURE = Verdict.QUALIFIED, Verdict.NURTURE
_UNQUALIFIED, _DISQUALIFIED = Verdict.UNQUALIFIED, Verdict.DISQUALIFIED


class LeadOutlook:
    """One lead's open questions: what each answer would do, worked out on first read.

    Implements :class:`~qualify._core.results.Outlook` for the ``missing``
    entries of one evaluation (and of every lead that stands exactly where it
    stands: the plan shares them).
    """

    __slots__ = (
        "ahead", "choices", "disqualified", "found", "index", "open", "pairs", "results",
        "stepped", "sums", "verdict",
    )  # fmt: skip

    def __init__(
        self,
        ahead: Completions,
        choices: Choices,
        index: dict[str, int],
        results: Sequence[CriterionResult],
        open_: int,
        disqualified: bool,
        verdict: Verdict,
        pairs: tuple[Pair, ...] = (),
    ) -> None:
        self.ahead = ahead
        self.pairs = pairs
        self.verdict = verdict
        self.choices = choices
        self.index = index
        self.results = results if type(results) is tuple else tuple(results)
        self.open = open_  # the criteria not asked yet, as pattern bits
        self.disqualified = disqualified
        self.found: dict[str, tuple[tuple[Answer, ...], float | None]] = {}
        self.stepped: dict[str, tuple[_Step, ...]] = {}
        self.sums: _Sums | None = None  # worked out with the first answers

    def answers(self, key: str) -> tuple[Answer, ...]:
        """What each answer to criterion *key* would do."""
        return self._worked_out(key)[0]

    def gain(self, key: str) -> float | None:
        """The expected information, in bits, the answer to *key* brings about winning."""
        return self._worked_out(key)[1]

    def chance_to_change(self, key: str, verdict: Verdict) -> float:
        """The chance the answer to *key* changes *verdict*: the shares of the answers that
        would, or without counts, the fraction of them that would (no chance worked out)."""
        steps = self._steps(key)
        if not steps:
            return 0.0
        if all(step[1] is not None for step in steps):
            return sum(step[1] or 0.0 for step in steps if step[4] is not verdict)
        return sum(step[4] is not verdict for step in steps) / len(steps)

    def open_chance(self) -> float | None:
        """The chance that the verdict once every open question is answered differs from
        the verdict now, each answer as often as the history saw it (disqualifiers, whose
        answers are not counted, taken as they stand); ``None`` without the counts."""
        ahead = self.ahead
        if ahead.model is None or ahead.shares is None:
            return None
        if self.disqualified:
            return 0.0
        results = self.results
        if self.sums is None:
            self.sums = _running(results)
        earn, reach = self.sums[0], self.sums[1]
        open_ = self.open
        # what the criteria answered (or asked, and nobody knew) add, in framework order
        earned = reachable = 0.0
        for j in range(len(results)):
            if not open_ >> j & 1:
                earned += earn[j]
                reachable += reach[j]
        met = all(results[j].status is _MET for j in ahead.required if not open_ >> j & 1)
        qualifying = {earned: 1.0} if met else {}  # the earned weight, every required met
        reaching = {reachable: 1.0}  # the potential's weight
        width = ahead.total * 1e-4
        for j, choices in enumerate(self.choices):
            if not open_ >> j & 1:
                continue
            weight = results[j].weight
            credit = results[j].satisfaction  # what not knowing earns
            required = j in ahead.required
            adds_e: dict[float, float] = {}
            adds_r: dict[float, float] = {}
            for _, satisfaction, share in choices:
                seen = share or 0.0
                e = weight * (credit if satisfaction is None else satisfaction)
                r = weight if satisfaction is None else weight * satisfaction
                if not required or (satisfaction is not None and satisfaction >= 1.0):
                    adds_e[e] = adds_e.get(e, 0.0) + seen
                adds_r[r] = adds_r.get(r, 0.0) + seen
            qualifying = convolved(qualifying, adds_e.items(), width)
            reaching = convolved(reaching, adds_r.items(), width)
        threshold = ahead.threshold
        qualified = sum(p for e, p in qualifying.items() if ahead.points(e) >= threshold)
        reached = sum(p for r, p in reaching.items() if ahead.points(r) >= threshold)
        final = {
            _QUALIFIED: qualified,
            _NURTURE: max(0.0, reached - qualified),
            _UNQUALIFIED: max(0.0, 1.0 - reached),
        }
        return min(1.0, max(0.0, 1.0 - final.get(self.verdict, 0.0)))

    def _worked_out(self, key: str) -> tuple[tuple[Answer, ...], float | None]:
        found = self.found.get(key)
        if found is None:
            i = self.index.get(key)
            rest = self.open if i is None else self.open & ~(1 << i)
            answers = tuple(
                Answer(
                    label=label,
                    score=score,
                    verdict=verdict,
                    share=share,
                    probability=self.ahead.expected(
                        rest & ~known, earned, self.disqualified or verdict is _DISQUALIFIED
                    ),
                )
                for label, share, earned, score, verdict, known in self._steps(key)
            )
            found = self.found[key] = (
                answers,
                information([(a.share, a.probability) for a in answers]) if answers else None,
            )
        return found

    def _steps(self, key: str) -> tuple[_Step, ...]:
        """Each answer to *key* as (label, share, earned weight, score, verdict, and the pair
        criteria the answer makes known, as pattern bits)."""
        found = self.stepped.get(key)
        if found is None:
            i = self.index.get(key)
            found = self.stepped[key] = self._check() if i is None else self._step(i)
        return found

    def _check(self) -> tuple[_Step, ...]:
        """A disqualifier's answers: yes ends the lead, no leaves it as it stands."""
        if self.sums is None:
            self.sums = _running(self.results)
        earned = self.sums[2][-1]
        score = self.ahead.points(earned)
        return (
            ("yes", None, earned, score, _DISQUALIFIED, 0),
            ("no", None, earned, score, self.verdict, 0),
        )

    def _step(self, i: int) -> tuple[_Step, ...]:
        ahead = self.ahead
        results = self.results
        required = ahead.required
        if self.sums is None:
            self.sums = _running(results)
        earn, reach, earned_before, reachable_before = self.sums
        total, to_points, threshold = ahead.total, ahead.to_points, ahead.threshold
        # every other required criterion met, as the engine's verdict asks
        others_met = all(results[j].status is _MET for j in required if j != i)
        qualifies = others_met and not self.disqualified
        weight = results[i].weight
        after_earn, after_reach = earn[i + 1 :], reach[i + 1 :]
        # the pairs this answer completes: those of criterion i whose other criterion is known
        linked = [
            (pair, pair.first == i, results[pair.second if pair.first == i else pair.first])
            for pair in self.pairs
            if i in (pair.first, pair.second)
            and results[pair.second if pair.first == i else pair.first].status is not _UNKNOWN
        ]
        steps = []
        for label, satisfaction, share in self.choices[i]:
            known = 0
            # the engine's sums, in its order: the criteria before, this answer, the rest
            if satisfaction is None:  # not known: as it stands, credit and all
                earned = earned_before[i] + earn[i]
                reachable = reachable_before[i] + reach[i]
            else:
                earned = earned_before[i] + weight * satisfaction
                reachable = reachable_before[i] + weight * satisfaction
            if linked and satisfaction is not None:  # pairs come after the two they pair
                after_earn, after_reach = list(earn[i + 1 :]), list(reach[i + 1 :])
                for pair, first, other in linked:
                    cell = pair.cell(*((satisfaction, other.satisfaction) if first else (
                        other.satisfaction, satisfaction)))[1]  # fmt: skip
                    at = pair.position - i - 1
                    after_earn[at] = after_reach[at] = results[pair.position].weight * cell
                    known |= 1 << pair.position
            elif linked:
                after_earn, after_reach = earn[i + 1 :], reach[i + 1 :]
            for added in after_earn:
                earned += added
            for added in after_reach:
                reachable += added
            # the engine's score and verdict
            score = 100.0 if earned >= total else earned * to_points
            if self.disqualified:
                verdict = _DISQUALIFIED
            elif (
                score >= threshold
                and qualifies
                and (i not in required or (satisfaction is not None and satisfaction >= 1.0))
            ):
                verdict = _QUALIFIED
            elif (100.0 if reachable >= total else reachable * to_points) >= threshold:
                verdict = _NURTURE
            else:
                verdict = _UNQUALIFIED
            steps.append((label, share, earned, score, verdict, known))
        return tuple(steps)


# An answer as (label, share, earned weight, score, verdict, pairs made known as bits).
_Step = tuple[str, float | None, float, float, Verdict, int]
_Sums = tuple[list[float], list[float], list[float], list[float]]


def _running(results: Sequence[CriterionResult]) -> _Sums:
    """What each criterion adds to the earned and the reachable weight, as the engine adds
    it, and both sums before each criterion (adding 0.0 leaves a sum's bits alone)."""
    earn = []
    reach = []
    for rated in results:
        contribution = rated.weight * rated.satisfaction
        earn.append(contribution)
        reach.append(rated.weight if rated.status is _UNKNOWN else contribution)
    earned_before = [0.0]
    reachable_before = [0.0]
    for earned, reachable in zip(earn, reach, strict=True):
        earned_before.append(earned_before[-1] + earned)
        reachable_before.append(reachable_before[-1] + reachable)
    return earn, reach, earned_before, reachable_before


class Outlooks:
    """Per framework, the ``missing`` entries of each lead situation, bound to its outlook.

    A ``Missing`` costs a microsecond or two to build, more than the rest of an
    evaluation with a few unknowns; leads that stand alike (the same result
    objects, which the plan shares between leads with the same answers) share
    their entries, and so what was worked out for one. A framework whose leads
    seldom stand alike stops keeping them, as the engine stops sharing
    evaluations: when the kept entries fill up having served fewer leads.
    """

    __slots__ = ("ahead", "choices", "index", "kept", "pairs")

    def __init__(
        self,
        ahead: Completions,
        choices: Choices,
        index: dict[str, int],
        pairs: tuple[Pair, ...] = (),
    ) -> None:
        self.ahead = ahead
        self.pairs = pairs
        self.choices = choices
        self.index = index
        # keyed by identities: the value holds the objects, so none is reused meanwhile
        self.kept: Kept[tuple[int, ...], tuple[tuple[Missing, ...], ...]] = Kept()

    def bound(
        self,
        missing: tuple[Missing, ...],
        checks: tuple[Missing, ...],
        results: Sequence[CriterionResult],
        open_: int,
        disqualified: bool,
        verdict: Verdict,
    ) -> tuple[tuple[Missing, ...], tuple[Missing, ...]]:
        """*missing* and *checks*, each entry carrying the outlook of a lead rated as
        *results*."""
        kept = self.kept
        if kept.keeping:
            key = (id(missing), id(checks), open_, disqualified, *map(id, results))
            found = kept.get(key)
            if found is not None:
                return found[2], found[3]
        outlook = LeadOutlook(
            self.ahead, self.choices, self.index, results, open_, disqualified, verdict,
            self.pairs,
        )  # fmt: skip
        bound = _bind(missing, outlook), _bind(checks, outlook)
        if kept.keeping:  # holding missing and checks, and the results through the outlook
            kept.put(key, (missing, checks, *bound))
        return bound


# A bound entry is a copy of a checked one with the lead's outlook: a copy of its fields'
# dict, set as a new object's dict past the generated __init__ (Missing keeps its fields
# in a dict, not slots, for this: binding is most of what an evaluation with many
# unknowns costs)
_NEW = object.__new__
_SET_FIELDS = Missing.__dict__["__dict__"].__set__


def _bind(items: tuple[Missing, ...], outlook: LeadOutlook) -> tuple[Missing, ...]:
    """*items*, each copied with *outlook* (frozen entries: set once, here)."""
    bound = []
    for item in items:
        entry = _NEW(Missing)
        fields = item.__dict__.copy()
        fields["_outlook"] = outlook
        _SET_FIELDS(entry, fields)
        bound.append(entry)
    return tuple(bound)


def check_ask(ask: object) -> str:
    """*ask* if it is one of :data:`ASK`, else a :class:`~qualify.QualifyError` saying so."""
    if not isinstance(ask, str) or ask not in ASK:
        raise QualifyError(f"ask must be one of {', '.join(map(repr, ASK))}, got {shown(ask)}")
    return ask


def in_order(
    missing: tuple[Missing, ...], verdict: Verdict, ask: str, framework: str
) -> tuple[Missing, ...]:
    """*missing* in the order *ask* names; ties, and ``"points"``, keep the points order."""
    if ask == "points" or len(missing) < 2:
        return missing
    if ask == "gain":
        gains = [item.gain for item in missing]
        if any(gain is None for gain in gains):
            raise QualifyError(
                f"ask='gain' needs a calibrated framework that counted its answers (qualify"
                f" calibrate records them); {framework!r} has no chance for every answer."
                " Accepted here: ask='points' or ask='decision'"
            )
        worth = [-(gain or 0.0) for gain in gains]
    else:
        worth = [-item.chance_to_change(verdict) for item in missing]
    order = sorted(range(len(missing)), key=worth.__getitem__)
    return tuple(missing[i] for i in order)
