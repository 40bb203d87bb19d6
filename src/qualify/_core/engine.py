"""The engine: evidence and a framework in, an :class:`Evaluation` out.

The engine knows the core types only; it never sees the registry. Each
framework is compiled once (lookups, weights, the order of ``missing``) and
the compiled form is cached for as long as the framework lives. Results are
immutable, so the compiled form also remembers the result of each distinct
value a criterion is given as mapping evidence and shares it between leads:
a CRM's picklists hold a handful of values, so most leads are scored without
rating anything. When mapping evidence has anything wrong with it, the general
path (:func:`_rate_any`) evaluates it again and raises the error that says what.
"""

from __future__ import annotations

import math
import numbers
import weakref
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeAlias

import attrs

from .framework import Criterion, Evidence, Framework, unknown_key_message
from .scales import Boolean, EvidenceValue
from ..errors import EvidenceError, UnknownCriterionError

__all__ = [
    "CriterionResult",
    "Evaluation",
    "EvidenceInput",
    "Missing",
    "Status",
    "Verdict",
    "clean_value",
    "evaluate_framework",
]

#: What :func:`qualify.evaluate` accepts as evidence: a mapping of criterion key
#: to value (``None`` or a blank string meaning "no evidence"), or Evidence items.
EvidenceInput: TypeAlias = Mapping[str, object] | Iterable[Evidence]


class Verdict(StrEnum):
    """What the evaluation means for the lead's next step."""

    #: Score at or above the framework's threshold and every required criterion met.
    QUALIFIED = "qualified"
    #: Not qualified yet, but could be: best answers to the missing questions would reach
    #: the threshold (a required criterion that is not met yet also lands here).
    NURTURE = "nurture"
    #: Even best answers to every missing question would leave it below the threshold.
    UNQUALIFIED = "unqualified"
    #: A disqualifier holds (bad contact data, a competitor, ...): no score rescues it.
    DISQUALIFIED = "disqualified"


class Status(StrEnum):
    """How far the evidence on one criterion satisfies it."""

    MET = "met"
    PARTIAL = "partial"
    UNMET = "unmet"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class Missing:
    """A criterion nobody has evidence on yet: the question to ask, and what it is worth.

    ``points`` is how many score points the best answer would add.
    """

    key: str
    label: str
    question: str
    weight: float
    points: float


@attrs.frozen(kw_only=True)
class CriterionResult:
    """How one criterion came out: its status, satisfaction and the points it earned.

    ``value`` is the evidence value that was rated (``None`` when unknown);
    ``evidence`` is the :class:`~qualify.Evidence` item it came from, with its
    provenance, when evidence was given as items rather than as a mapping.
    """

    key: str
    label: str
    question: str
    status: Status
    satisfaction: float
    weight: float
    points: float
    value: EvidenceValue | None = None
    evidence: Evidence | None = None


@attrs.frozen(kw_only=True)
class Evaluation:
    """The outcome of evaluating one lead against one framework.

    ``score`` (0 to 100) is the weighted mean satisfaction, unknown criteria
    counting 0; ``completeness`` (0 to 1) is the share of the weight that has
    evidence; ``potential`` is the score the lead would reach if every missing
    criterion came out best. ``missing`` lists what to ask next, heaviest
    first; ``gaps`` the criteria with evidence that falls short, largest
    shortfall first.
    """

    framework: str
    framework_version: str
    score: float
    completeness: float
    potential: float
    qualified_at: float
    verdict: Verdict
    criteria: tuple[CriterionResult, ...]
    missing: tuple[Missing, ...]
    gaps: tuple[CriterionResult, ...]
    stage: str | None = None
    next_stage: str | None = None
    disqualified_by: tuple[str, ...] = ()

    @property
    def next_question(self) -> str | None:
        """The question worth most points among the missing ones, or ``None``."""
        return self.missing[0].question if self.missing else None

    def _repr_html_(self) -> str:
        """The notebook view: score and verdict, then a row per criterion."""
        from .._views.html import evaluation_html  # the view is loaded only when shown

        return evaluation_html(self)

    def result(self, key: str) -> CriterionResult:
        """Return the result of the criterion *key*."""
        for result in self.criteria:
            if result.key == key:
                return result
        raise UnknownCriterionError(
            f"evaluation by {self.framework!r} has no criterion {key!r}; its criteria are"
            f" {', '.join(r.key for r in self.criteria)}"
        )


# Compilation -----------------------------------------------------------------

_BOOLEAN = Boolean()

# Scores are sums of float products; a lead that should sit exactly on the
# threshold must not miss it by a rounding error.
_TOLERANCE = 1e-9

# How many distinct values of one criterion a plan remembers the rated result of.
# Picklists and level names hold a handful; free text beyond this is rated afresh
# each time rather than growing the cache without bound.
_REMEMBERED = 1024


class _Plan:
    """A framework compiled for evaluation: everything that does not depend on the lead.

    Results are immutable, so what does not depend on the lead is built once and
    shared: the result of a criterion nobody knows, the result of each distinct
    value given as plain mapping evidence (remembered up to :data:`_REMEMBERED`
    values per criterion), and the ``missing`` tuple for each pattern of
    unknown criteria.
    """

    __slots__ = (
        "accepted",
        "criteria",
        "criterion_keys",
        "disqualifiers",
        "index",
        "keys",
        "missing",
        "missing_by_pattern",
        "missing_order",
        "name",
        "points",
        "qualified_at",
        "remembered",
        "required",
        "stages",
        "to_points",
        "to_share",
        "total",
        "unknown_results",
        "version",
    )

    def __init__(self, framework: Framework) -> None:
        # No reference to the framework itself: the cache is keyed on it weakly.
        self.name = framework.name
        self.version = framework.version
        self.qualified_at = float(framework.qualified_at)
        self.criteria: tuple[Criterion, ...] = framework.criteria
        self.index = {criterion.key: i for i, criterion in enumerate(framework.criteria)}
        self.keys = framework.keys  # criteria and disqualifiers
        self.criterion_keys = tuple(self.index)
        self.disqualifiers = tuple(d.key for d in framework.disqualifiers)
        self.accepted = frozenset(self.index) | frozenset(self.disqualifiers)
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
        self.missing_order = tuple(
            sorted(range(len(framework.criteria)), key=lambda i: -framework.criteria[i].weight)
        )
        self.unknown_results = tuple(
            CriterionResult(
                key=c.key,
                label=c.label,
                question=c.question,
                status=Status.UNKNOWN,
                satisfaction=0.0,
                weight=float(c.weight),
                points=0.0,
            )
            for c in framework.criteria
        )
        # Rated results by type, then criterion, then value: a dict per type, as True == 1
        # == 1.0 yet each result keeps its value's type.
        self.remembered: dict[type, tuple[dict[Any, CriterionResult], ...]] = {
            kind: tuple({} for _ in framework.criteria) for kind in (str, int, float, bool)
        }
        self.missing_by_pattern: dict[int, tuple[Missing, ...]] = {}
        self.required = tuple(i for i, c in enumerate(framework.criteria) if c.required)
        self.stages = tuple(
            (stage.key, tuple(self.index[key] for key in stage.requires))
            for stage in framework.stages
        )

    def unknown_key(self, key: object) -> str:
        return unknown_key_message(self.name, self.keys, key)

    def rate(
        self, i: int, value: EvidenceValue, item: Evidence | None = None
    ) -> CriterionResult | None:
        """The result of criterion *i* for a clean *value*, or ``None`` if its scale rejects it."""
        criterion = self.criteria[i]
        satisfaction = criterion.scale.assess(value)
        if satisfaction is None:
            return None
        return CriterionResult(
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
            value = clean_value("", raw)
        except EvidenceError:
            return None
        found = self.unknown_results[i] if value is None else self.rate(i, value)
        if found is not None and remembered is not None and len(remembered) < _REMEMBERED:
            remembered[raw] = found
        return found


# Compiled plans, keyed by the framework's identity: looking a frozen framework up
# by equality would compare it field by field on every call. An entry goes away
# with its framework.
_plans: dict[int, tuple[weakref.ref[Framework], _Plan]] = {}


def _plan(framework: Framework) -> _Plan:
    key = id(framework)
    entry = _plans.get(key)
    if entry is not None and entry[0]() is framework:
        return entry[1]
    plan = _Plan(framework)
    _plans[key] = (weakref.ref(framework, lambda _, key=key: _forget(key)), plan)  # type: ignore[misc]
    return plan


def _forget(key: int) -> None:
    entry = _plans.get(key)
    if entry is not None and entry[0]() is None:
        del _plans[key]


# Reading evidence ------------------------------------------------------------

_ACCEPTED_VALUES = "a string, a number, true/false, or None for no evidence"


def clean_value(key: str, value: object) -> EvidenceValue | None:
    """Return *value* as a plain evidence value, ``None`` for no evidence, or raise.

    Blank text is no evidence; numbers of any kind become ``int`` or ``float``;
    NaN and values of other types raise :class:`EvidenceError` naming *key*.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal | numbers.Real) and not isinstance(
        value, numbers.Integral
    ):
        number = float(value)
        if math.isnan(number):
            raise EvidenceError(
                f"evidence for {key!r} is NaN, which says nothing; pass None or leave"
                " the key out for no evidence"
            )
        return number
    if isinstance(value, numbers.Integral):
        return int(value)
    raise EvidenceError(
        f"evidence for {key!r} must be {_ACCEPTED_VALUES}, got {type(value).__name__}"
    )


def _newer(candidate: datetime | None, current: datetime | None, key: str) -> bool:
    """Whether evidence observed at *candidate* replaces evidence observed at *current*."""
    if current is None:
        return True
    if candidate is None:
        return False
    try:
        return candidate >= current
    except TypeError:
        raise EvidenceError(
            f"evidence for {key!r} mixes timezone-aware and naive observed_at times,"
            " which cannot be ordered; give every observed_at a timezone, or none"
        ) from None


def _collect(evidence: object, plan: _Plan) -> dict[str, tuple[EvidenceValue, Evidence | None]]:
    """Map each key with evidence to its value, and the Evidence item it came from."""
    chosen: dict[str, tuple[EvidenceValue, Evidence | None]] = {}
    accepted = plan.accepted
    if isinstance(evidence, Mapping):
        for key, raw in evidence.items():
            if key not in accepted:
                raise UnknownCriterionError(plan.unknown_key(key))
            value = clean_value(key, raw)
            if value is not None:
                chosen[key] = (value, None)
        return chosen
    if isinstance(evidence, str | bytes) or not isinstance(evidence, Iterable):
        raise EvidenceError(
            "evidence must be a mapping of criterion key to value, or an iterable of"
            f" qualify.Evidence; got {type(evidence).__name__}"
        )
    observed: dict[str, datetime | None] = {}
    for position, item in enumerate(evidence):
        if not isinstance(item, Evidence):
            raise EvidenceError(
                f"evidence items must be qualify.Evidence, got {type(item).__name__}"
                f" at position {position}"
            )
        key = item.key
        if key not in accepted:
            raise UnknownCriterionError(plan.unknown_key(key))
        value = clean_value(key, item.value)
        if value is None:
            continue
        if key not in chosen or _newer(item.observed_at, observed[key], key):
            chosen[key] = (value, item)
            observed[key] = item.observed_at
    return chosen


# Evaluation ------------------------------------------------------------------


def evaluate_framework(evidence: EvidenceInput, framework: Framework) -> Evaluation:
    """Evaluate *evidence* against *framework*; the pure core of :func:`qualify.evaluate`."""
    plan = _plan(framework)
    if type(evidence) is dict or isinstance(evidence, Mapping):
        rated = _rate_mapping(evidence, plan)
        if rated is not None:
            return _conclude(plan, *rated)
    return _conclude(plan, *_rate_any(evidence, plan))


def _rate_mapping(
    evidence: Mapping[str, object], plan: _Plan
) -> tuple[list[CriterionResult], list[str]] | None:
    """Rate mapping evidence through the plan's remembered results.

    ``None`` when anything is wrong with the evidence: :func:`_rate_any` then
    finds the first problem and says what it is.
    """
    if not plan.accepted.issuperset(evidence.keys()):
        return None
    get = evidence.get
    result = plan.result
    unknown = plan.unknown_results
    results: list[CriterionResult] = []
    append = results.append
    for i, key in enumerate(plan.criterion_keys):
        raw = get(key)
        if raw is None:
            append(unknown[i])
            continue
        found = result(i, raw)
        if found is None:
            return None
        append(found)
    disqualified_by = []
    for key in plan.disqualifiers:
        raw = get(key)
        if raw is None:
            continue
        try:
            value = clean_value(key, raw)
        except EvidenceError:
            return None
        if value is None:
            continue
        flag = _BOOLEAN.assess(value)
        if flag is None:
            return None
        if flag:
            disqualified_by.append(key)
    return results, disqualified_by


def _rate_any(evidence: object, plan: _Plan) -> tuple[list[CriterionResult], list[str]]:
    """Rate evidence of any accepted form, or raise the error that says what is wrong."""
    chosen = _collect(evidence, plan)
    results = []
    for i, criterion in enumerate(plan.criteria):
        found = chosen.get(criterion.key)
        if found is None:
            results.append(plan.unknown_results[i])
            continue
        value, item = found
        rated = plan.rate(i, value, item)
        if rated is None:
            raise EvidenceError(
                f"criterion {criterion.key!r} of framework {plan.name!r} does not accept"
                f" {value!r}. Accepted: {criterion.scale.accepted()}."
            )
        results.append(rated)
    disqualified_by = []
    for key in plan.disqualifiers:
        if key not in chosen:
            continue
        value = chosen[key][0]
        flag = _BOOLEAN.assess(value)
        if flag is None:
            raise EvidenceError(
                f"disqualifier {key!r} of framework {plan.name!r} does not accept {value!r}."
                f" Accepted: {_BOOLEAN.accepted()}."
            )
        if flag:
            disqualified_by.append(key)
    return results, disqualified_by


# Enum members are looked up on their class at some cost; the engine keeps its own names.
_MET, _UNKNOWN = Status.MET, Status.UNKNOWN
_QUALIFIED, _NURTURE = Verdict.QUALIFIED, Verdict.NURTURE
_UNQUALIFIED, _DISQUALIFIED = Verdict.UNQUALIFIED, Verdict.DISQUALIFIED


def _all_met(results: list[CriterionResult], positions: tuple[int, ...]) -> bool:
    for i in positions:
        if results[i].status is not _MET:
            return False
    return True


def _shortfall(result: CriterionResult) -> float:
    """How far a gap falls short, in weight, negated: the largest sorts first."""
    return -result.weight * (1.0 - result.satisfaction)


def _conclude(
    plan: _Plan, results: list[CriterionResult], disqualified_by: list[str]
) -> Evaluation:
    """Score, verdict, stage, missing and gaps from the rated criteria."""
    earned = 0.0  # weight times satisfaction, summed in framework order
    reachable = 0.0  # the same with every unknown criterion at its best
    known = 0.0  # weight with evidence
    pattern = 0  # bit i set: criterion i is unknown
    gaps = []
    bit = 1
    for rated in results:
        status = rated.status
        if status is _UNKNOWN:
            reachable += rated.weight
            pattern |= bit
        else:
            weight = rated.weight
            satisfaction = rated.satisfaction
            earned += weight * satisfaction
            reachable += weight * satisfaction
            known += weight
            if status is not _MET:
                gaps.append(rated)
        bit <<= 1

    total = plan.total
    score = 100.0 if earned >= total else earned * plan.to_points
    potential = 100.0 if reachable >= total else reachable * plan.to_points
    completeness = 1.0 if known >= total else known * plan.to_share

    threshold = plan.qualified_at - _TOLERANCE
    if disqualified_by:
        verdict = _DISQUALIFIED
    elif score >= threshold and _all_met(results, plan.required):
        verdict = _QUALIFIED
    elif potential >= threshold:
        verdict = _NURTURE
    else:
        verdict = _UNQUALIFIED

    stage: str | None = None
    next_stage: str | None = None
    for stage_key, requires in plan.stages:
        if _all_met(results, requires):
            stage = stage_key
        else:
            next_stage = stage_key
            break

    missing = plan.missing_by_pattern.get(pattern)
    if missing is None:
        missing = plan.missing_by_pattern[pattern] = tuple(
            plan.missing[i] for i in plan.missing_order if pattern >> i & 1
        )
    if len(gaps) > 1:
        gaps.sort(key=_shortfall)
    return Evaluation(
        framework=plan.name,
        framework_version=plan.version,
        score=score,
        completeness=completeness,
        potential=potential,
        qualified_at=plan.qualified_at,
        verdict=verdict,
        criteria=tuple(results),
        missing=missing,
        gaps=tuple(gaps),
        stage=stage,
        next_stage=next_stage,
        disqualified_by=tuple(disqualified_by),
    )
