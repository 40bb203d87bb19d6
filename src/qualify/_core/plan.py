"""A framework compiled for evaluation, once, and cached for as long as the framework lives.

Everything that does not depend on the lead is built here: lookups, weights
as points, the order of ``missing``, the result of a criterion nobody knows.
Results are immutable, so the plan also remembers the result of each
distinct value a criterion is given as mapping evidence and shares it
between leads: a CRM's picklists hold a handful of values, so most leads are
scored without rating anything.
"""

from __future__ import annotations

import weakref
from typing import Any

import attrs

from ..errors import EvidenceError, Problem, given
from .completions import Completions, choices_of
from .outlook import Outlooks
from .criteria import Criterion
from .evidence import Evidence, clean_value, not_known
from .keeping import Kept
from .framework import Framework, unknown_key_message
from .pairs import Pair, pairs_of
from .results import CriterionResult, Missing, Status, Unvetted, blank
from .scales import EvidenceValue

__all__ = ["TOLERANCE", "Plan", "plan_of", "said"]

#: Scores are sums of float products; a lead that should sit exactly on the
#: threshold must not miss it by a rounding error.
TOLERANCE = 1e-9

def said(raw: object) -> bool:
    """Whether a value read as no evidence was an answer (a word saying nobody knows:
    asked, and nobody knew), not a blank (not asked yet)."""
    return isinstance(raw, str) and bool(raw.strip())


# How many distinct values of one criterion a plan remembers the rated result of.
# Picklists and level names hold a handful; free text beyond this is rated afresh
# each time rather than growing the cache without bound.
_REMEMBERED = 1024
# How many patterns of unknown criteria a plan keeps the ``missing`` entries of.
_PATTERNS = 4096


class Plan:
    """A framework compiled for evaluation: everything that does not depend on the lead.

    Results are immutable, so what does not depend on the lead is built once and
    shared: the result of a criterion nobody knows, the result of each distinct
    value given as plain mapping evidence (remembered up to :data:`_REMEMBERED`
    values per criterion), and the ``missing`` tuple for each pattern of
    unknown criteria.
    """

    __slots__ = (
        "accepted",
        "asked_results",
        "all_checked",
        "blank",
        "by_satisfaction",
        "check_questions",
        "checks",
        "cold",
        "completions",
        "concluded",
        "criteria",
        "criterion_keys",
        "disqualifiers",
        "fresh_for",
        "index",
        "vetting",
        "stage_vetting",
        "vets",
        "again",
        "again_missing",
        "keys",
        "missing",
        "missing_by_pattern",
        "missing_order",
        "missing_rank",
        "pair_positions",
        "outlooks",
        "pairs",
        "pair_keys",
        "pair_cells",
        "name",
        "not_known",
        "points",
        "probability",
        "qualified_at",
        "rating",
        "remembered",
        "required",
        "stages",
        "to_points",
        "to_share",
        "threshold",
        "total",
        "unknown_offsets",
        "unknown_results",
        "unvetted",
        "version",
    )

    def __init__(self, framework: Framework) -> None:
        # No reference to the framework itself: the cache is keyed on it weakly.
        self.name = framework.name
        self.version = framework.version
        self.qualified_at = framework.qualifying_score
        self.blank = blank(self.name, self.version, self.qualified_at)  # each lead's, filled
        self.criteria: tuple[Criterion, ...] = framework.criteria
        self.index = {criterion.key: i for i, criterion in enumerate(framework.criteria)}
        self.keys = framework.keys  # criteria and disqualifiers
        self.criterion_keys = tuple(self.index)
        self.disqualifiers = tuple(d.key for d in framework.disqualifiers)
        self.accepted = frozenset(self.index) | frozenset(self.disqualifiers)
        self.not_known = {key: framework.not_known(key) for key in framework.keys}
        # Summed in framework order, exactly as the engine sums earned weight, so a
        # lead that meets everything scores exactly 100.
        total = 0.0
        for criterion in framework.criteria:
            total += criterion.weight
        self.total = total
        # Multiplying by one factor, never dividing, gives the same bits in every
        # dataframe backend too (some turn a division by a constant into this).
        self.to_points = 100.0 / total
        self.to_share = 1.0 / total
        self.threshold = self.qualified_at - TOLERANCE  # a score at least this qualifies
        self.points = tuple(100.0 * c.weight / self.total for c in framework.criteria)
        self.missing = tuple(
            Missing(
                key=c.key,
                label=c.label,
                question=c.question,
                weight=float(c.weight),
                points=self.points[i],
            )
            for i, c in enumerate(framework.criteria)
        )
        # pair criteria follow from two others: never asked, never answered
        self.pairs = pairs_of(framework.criteria)
        self.pair_keys = frozenset(framework.criteria[p.position].key for p in self.pairs)
        self.pair_cells: dict[tuple[int, float, float], CriterionResult] = {}
        self.missing_order = tuple(
            sorted(
                (i for i, c in enumerate(framework.criteria) if c.of is None),
                key=lambda i: -framework.criteria[i].weight,
            )
        )
        # each criterion's place in that order; pairs, never asked, come after all the others
        self.pair_positions = frozenset(pair.position for pair in self.pairs)
        rank = {i: place for place, i in enumerate(self.missing_order)}
        self.missing_rank = [rank.get(i, len(rank)) for i in range(len(framework.criteria))]
        self.unknown_results = tuple(
            CriterionResult(
                key=c.key,
                label=c.label,
                question=c.question,
                status=Status.UNKNOWN,
                satisfaction=float(c.unknown_satisfaction),
                weight=float(c.weight),
                points=self.points[i] * c.unknown_satisfaction,
            )
            for i, c in enumerate(framework.criteria)
        )
        # the same, answered "nobody knows": equal, but another object, so the engine can
        # tell a question asked from one not asked yet (see Evaluation.expected)
        self.asked_results = tuple(attrs.evolve(result) for result in self.unknown_results)
        # Rated results by type, then criterion, then value: a dict per type, as True == 1
        # == 1.0 yet each result keeps its value's type.
        self.remembered: dict[type, tuple[dict[Any, CriterionResult], ...]] = {
            kind: tuple({} for _ in framework.criteria) for kind in (str, int, float, bool)
        }
        self.missing_by_pattern: dict[int, tuple[Missing, ...]] = {}
        self.by_satisfaction: tuple[dict[float, CriterionResult], ...] = tuple(
            {} for _ in framework.criteria
        )
        # A calibrated framework's chance of winning: log-odds per point, and per
        # criterion the offset when it is unknown (by position, as the pattern bits).
        model = framework.probability
        self.probability = model
        offsets = dict(model.unknown) if model is not None else {}
        self.unknown_offsets = tuple(offsets.get(c.key, 0.0) for c in framework.criteria)
        self.required = tuple(i for i, c in enumerate(framework.criteria) if c.required)
        self.completions = Completions(
            framework.criteria, total, self.to_points, self.threshold, model
        )
        # what each answer to a missing question would do, bound to leads' entries
        self.outlooks = Outlooks(
            self.completions, choices_of(framework.criteria), self.index, self.pairs
        )
        # how long each criterion's evidence stays fresh: its own, else the framework's
        self.fresh_for = tuple(
            framework.fresh_for if c.fresh_for is None else c.fresh_for
            for c in framework.criteria
        )
        self.stages = tuple(
            (stage.key, tuple(self.index[key] for key in stage.requires))
            for stage in framework.stages
        )
        # which criteria count only vetted answers, and which stages need theirs vetted
        self.vetting = tuple(c.requires_vetting for c in framework.criteria)
        self.stage_vetting = tuple(stage.requires_vetting for stage in framework.stages)
        self.vets = any(self.vetting) or any(self.stage_vetting)
        # a criterion's missing entry asked again (re-confirm, vet), built once per reason
        self.again: dict[tuple[str, int], Missing] = {}
        # open questions with some asked again, per those open and those asked again (see
        # engine._asked_again); each unvetted answer's record, per criterion and answer
        self.again_missing: dict[tuple[int, str, int], tuple[tuple[Missing, ...], ...]] = {}
        self.unvetted: dict[tuple[object, ...], Unvetted] = {}
        # each disqualifier as a question (a yes ends the lead), and the checks left per
        # pattern of answered ones (bit k: disqualifier k answered)
        self.all_checked = (1 << len(framework.disqualifiers)) - 1
        self.check_questions = tuple(
            Missing(key=d.key, label=d.label, question=d.question, weight=0.0, points=0.0)
            for d in framework.disqualifiers
        )
        self.checks: dict[int, tuple[Missing, ...]] = {}
        # whole evaluations, per situation of rated results (see engine._shared)
        self.concluded: Kept[tuple[object, ...], Any] = Kept()
        # the mapping path compiled for this framework (see .compiled), once it is in use
        self.rating: Any = None
        self.cold = 0  # leads rated by loop meanwhile

    def missing_of(self, pattern: int, unknown_at: list[int]) -> tuple[Missing, ...]:
        """The ``missing`` entries of the criteria unknown at *unknown_at* (the bits of
        *pattern*) a rep can ask about, heaviest first; kept per pattern, up to a point
        (many criteria make more patterns than leads)."""
        unknown_at.sort(key=self.missing_rank.__getitem__)
        if self.pairs:  # a pair is never asked: its two criteria are
            unknown_at = [i for i in unknown_at if i not in self.pair_positions]
        found = tuple(map(self.missing.__getitem__, unknown_at))
        if len(self.missing_by_pattern) < _PATTERNS:
            self.missing_by_pattern[pattern] = found
        return found

    def checks_of(self, checked: int) -> tuple[Missing, ...]:
        """The questions of the disqualifiers not answered (bit k of *checked* clear)."""
        found = self.checks.get(checked)
        if found is None:
            found = tuple(q for k, q in enumerate(self.check_questions) if not checked >> k & 1)
            if len(self.checks) < _REMEMBERED:
                self.checks[checked] = found
        return found

    def paired(self, results: list[CriterionResult]) -> None:
        """Set each pair criterion's result in *results* from its two criteria's."""
        for pair in self.pairs:
            results[pair.position] = self.pair_result(
                pair, results[pair.first], results[pair.second]
            )

    def pair_result(
        self, pair: Pair, first: CriterionResult, second: CriterionResult
    ) -> CriterionResult:
        """The result of *pair* from its two criteria's: the cell their rungs meet in, or
        unknown while either is."""
        if first.status is Status.UNKNOWN or second.status is Status.UNKNOWN:
            return self.unknown_results[pair.position]
        key = (pair.position, first.satisfaction, second.satisfaction)
        found = self.pair_cells.get(key)
        if found is None:
            name, satisfaction = pair.cell(first.satisfaction, second.satisfaction)
            found = self._rated(pair.position, satisfaction, name)
            if len(self.pair_cells) < _REMEMBERED:
                self.pair_cells[key] = found
        return found

    def pair_evidence(self, key: str, value: object) -> Problem:
        """Why *value*, given as evidence for the pair criterion *key*, is refused."""
        pair = self.criteria[self.index[key]]
        assert pair.of is not None
        accepted = f"evidence for {pair.of[0]!r} and {pair.of[1]!r}"
        return Problem(
            f"criterion {key!r} of framework {self.name!r} pairs {pair.of[0]!r} and"
            f" {pair.of[1]!r}, and follows from their answers; it takes no evidence of its"
            f" own. Accepted: {accepted}.",
            loc=(key,), input=given(value), accepted=accepted, type="pair_evidence",
        )  # fmt: skip

    def unknown_key(self, key: object) -> str:
        return unknown_key_message(self.name, self.keys, key)

    def read(self, key: str, raw: object) -> EvidenceValue | None:
        """*raw* as a clean evidence value; ``None`` for no evidence, a not-known answer included.

        :raises EvidenceError: naming *key* for a value of no accepted kind.
        """
        value = clean_value(key, raw)
        if type(value) is str and not_known(value, self.not_known[key]):
            return None
        return value

    def rate(
        self, i: int, value: EvidenceValue, item: Evidence | None = None
    ) -> CriterionResult | None:
        """The result of criterion *i* for a clean *value*, or ``None`` if its scale rejects it."""
        satisfaction = self.criteria[i].scale.assess(value)
        if satisfaction is None:
            return None
        return self._rated(i, satisfaction, value, item)

    def rated(self, i: int, satisfaction: float) -> CriterionResult:
        """The result of criterion *i* for a satisfaction already worked out (no value),
        remembered per satisfaction (up to :data:`_REMEMBERED` of them)."""
        found = self.by_satisfaction[i].get(satisfaction)
        if found is None:
            found = self._rated(i, satisfaction)
            if len(self.by_satisfaction[i]) < _REMEMBERED:
                self.by_satisfaction[i][satisfaction] = found
        return found

    def _rated(
        self,
        i: int,
        satisfaction: float,
        value: EvidenceValue | None = None,
        item: Evidence | None = None,
    ) -> CriterionResult:
        criterion = self.criteria[i]
        rated = CriterionResult(
            key=criterion.key,
            label=criterion.label,
            question=criterion.question,
            status=Status.MET
            if satisfaction >= 1.0
            else Status.UNMET
            if satisfaction <= 0.0
            else Status.PARTIAL,
            satisfaction=satisfaction,
            weight=float(criterion.weight),
            points=self.points[i] * satisfaction,
            value=value,
            evidence=item,
        )
        # how far it falls short, in weight, negated (the engine sorts gaps by it): set once
        object.__setattr__(rated, "_shortfall", -rated.weight * (1.0 - satisfaction))
        return rated

    def result(self, i: int, raw: object) -> CriterionResult | None:
        """The result of criterion *i* for a raw mapping value, remembered per distinct value.

        ``None`` when the value cannot be rated: the caller then takes the path that
        says why.
        """
        kind = type(raw)
        by_kind = self.remembered.get(kind)
        # 0.0 == -0.0, yet they print apart: float zeros are rated afresh.
        if by_kind is None or (kind is float and raw == 0.0):
            remembered = None
        else:
            remembered = by_kind[i]
            found = remembered.get(raw)
            if found is not None:
                return found
        try:
            value = self.read(self.criterion_keys[i], raw)
        except EvidenceError:
            return None
        if value is None:  # blank: not asked; a word saying nobody knows: asked
            found = self.asked_results[i] if said(raw) else self.unknown_results[i]
        else:
            found = self.rate(i, value)
        if found is not None and remembered is not None and len(remembered) < _REMEMBERED:
            remembered[raw] = found
        return found


# Compiled plans, keyed by the framework's identity: looking a frozen framework up
# by equality would compare it field by field on every call. An entry goes away
# with its framework.
_plans: dict[int, tuple[weakref.ref[Framework], Plan]] = {}


def plan_of(framework: Framework) -> Plan:
    """The compiled plan of *framework*: built on first use, then shared."""
    key = id(framework)
    entry = _plans.get(key)
    if entry is not None and entry[0]() is framework:
        return entry[1]
    plan = Plan(framework)
    _plans[key] = (weakref.ref(framework, lambda _, key=key: _forget(key)), plan)  # type: ignore[misc]
    return plan


def _forget(key: int) -> None:
    entry = _plans.get(key)
    if entry is not None and entry[0]() is None:
        del _plans[key]
