"""The engine: evidence and a framework in, an :class:`~qualify.Evaluation` out.

The engine knows the core types only; it never sees the registry. It works
from the framework's compiled :class:`~.plan.Plan`. Mapping evidence takes a
fast path through the plan's remembered results; when it has anything wrong
with it, the general path (:func:`_rate_any`) evaluates it again and raises
the error that says what.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from operator import attrgetter

from ..errors import EvidenceError, Problem, given
from .checks import shown
from .evidence import EvidenceInput
from .framework import Framework
from .collect import collect
from .compiled import COMPILE_AFTER, Rating, Summed, compile_rating, rate_and_sum, sum_results
from .outlook import in_order
from .plan import TOLERANCE, Plan, plan_of
from .probability import chance
from .clock import Clock
from .keeping import KEPT
from .results import CriterionResult, Evaluation, Missing, Stale, Status, Unvetted, Verdict, made
from .scales import Boolean
from .vetting import Vetting

__all__ = ["TOLERANCE", "evaluate_framework", "evaluate_rated"]

_BOOLEAN = Boolean()

# Evaluation ------------------------------------------------------------------


def evaluate_framework(
    evidence: EvidenceInput,
    framework: Framework,
    *,
    as_of: datetime | None = None,
    observed_at: datetime | Mapping[str, datetime | None] | None = None,
    vetted: Collection[str] | None = None,
    ask: str = "points",
) -> Evaluation:
    """Evaluate *evidence* against *framework*; the pure core of :func:`qualify.evaluate`.

    *ask* (checked by the caller) is the order of ``missing``, as :func:`.outlook.in_order`
    takes it."""
    plan = plan_of(framework)
    if as_of is not None or vetted is not None or plan.vets:
        clock = None if as_of is None else Clock(plan, as_of, observed_at)
        vetting = Vetting(plan, vetted)
        if clock is None and (type(evidence) is dict or isinstance(evidence, Mapping)):
            rated = _rate_mapping(evidence, plan)
            if rated is not None:  # answers as rated, then the unvetted ones set aside
                return _shared_vetted(plan, rated, vetting, ask)
        results, disqualified_by, checked = _rate_any(evidence, plan, clock, vetting)
        return _conclude(plan, results, disqualified_by, checked, clock, vetting, ask)
    if type(evidence) is dict or isinstance(evidence, Mapping):
        rated = _rate_mapping(evidence, plan)
        if rated is not None:
            return _shared(plan, rated, ask)
    return _conclude(plan, *_rate_any(evidence, plan), ask=ask)


def _rate_mapping(
    evidence: Mapping[str, object], plan: Plan
) -> tuple[list[CriterionResult], list[str], int, Summed] | None:
    """Rate mapping evidence and sum it: by loop for a framework's first leads, then by the
    path compiled for it (see :mod:`.compiled`).

    ``None`` when anything is wrong with the evidence: :func:`_rate_any` then
    finds the first problem and says what it is.
    """
    if not plan.accepted.issuperset(evidence.keys()):
        return None
    if plan.pairs and not plan.pair_keys.isdisjoint(evidence.keys()):
        return None  # evidence for a pair: the general path says why not
    rating: Rating | None = plan.rating
    if rating is None:  # a framework not compiled yet: by loop, the first few leads
        plan.cold += 1
        if plan.cold <= COMPILE_AFTER:
            return rate_and_sum(evidence, plan)
        rating = plan.rating = compile_rating(plan)
    return rating(evidence)


def _shared(
    plan: Plan, rated: tuple[list[CriterionResult], list[str], int, Summed], ask: str
) -> Evaluation:
    """The evaluation of a lead *rated* so (results, disqualifiers, checks, sums), shared
    with every lead rated alike.

    An evaluation is immutable and depends on nothing but the rated results (the plan
    shares them between leads with the same answers), the disqualifiers and the order
    asked for; leads from CRM picklists stand alike often, so it is worked out once per
    situation, and kept (see :class:`.keeping.Kept`) with the results it holds, so no
    other object takes one of their identities meanwhile.
    """
    results, disqualified_by, checked, summed = rated
    kept = plan.concluded
    if not kept.keeping:  # leads that seldom stand alike: not even a key
        return _concluded(plan, results, disqualified_by, checked, summed, None, None, ask)
    key = (ask, checked, *map(id, results), *disqualified_by)
    found = kept.get(key)
    if found is None:
        found = _concluded(plan, results, disqualified_by, checked, summed, None, None, ask)
        kept.put(key, found)
    return found


def _shared_vetted(
    plan: Plan,
    rated: tuple[list[CriterionResult], list[str], int, Summed],
    vetting: Vetting,
    ask: str,
) -> Evaluation:
    """As :func:`_shared`, for answers some of which count only vetted (the unvetted ones
    set aside): shared by leads rated alike with the same keys vetted. Kept with the
    results as rated, which the evaluation does not hold; a key of another shape."""
    results, disqualified_by, checked, _ = rated
    kept = plan.concluded
    key = None
    if kept.keeping:
        key = (ask, checked, vetting.keys, *map(id, results), *disqualified_by)
        found = kept.get(key)
        if found is not None:
            evaluation: Evaluation = found[0]
            return evaluation
    as_rated = tuple(results)
    vetting.set_aside(results)
    summed = sum_results(plan, results)
    evaluation = _concluded(plan, results, disqualified_by, checked, summed, None, vetting, ask)
    if key is not None:
        kept.put(key, (evaluation, as_rated))
    return evaluation


def evaluate_rated(
    framework: Framework,
    satisfactions: Sequence[float | None],
    disqualified_by: Sequence[str] = (),
    checked: int = 0,
) -> Evaluation:
    """Evaluate a lead whose criteria are already rated: a satisfaction per criterion, in
    framework order (``None`` for unknown), the disqualifiers that hold, and how many
    disqualifiers were answered (those that hold among them; as many as there are:
    all answered, else the others are taken as unanswered).

    For backtests of fitted frameworks, which know each lead's rungs, not its answers.
    """
    plan = plan_of(framework)
    if len(satisfactions) != len(plan.criteria):
        raise EvidenceError(
            f"framework {plan.name!r} has {len(plan.criteria)} criteria, got"
            f" {len(satisfactions)} satisfactions"
        )
    results = [
        plan.unknown_results[i] if s is None else plan.rated(i, s)
        for i, s in enumerate(satisfactions)
    ]
    if plan.pairs:  # a pair follows from its criteria, whatever stands at its place
        plan.paired(results)
    answered = sum(1 << plan.disqualifiers.index(key) for key in set(disqualified_by))
    if checked >= len(plan.disqualifiers):
        answered = plan.all_checked
    return _conclude(plan, results, list(disqualified_by), answered)


def _rate_any(
    evidence: object, plan: Plan, clock: Clock | None = None, vetting: Vetting | None = None
) -> tuple[list[CriterionResult], list[str], int]:
    """Rate evidence of any accepted form, or raise one error naming every problem.

    With a *clock*, evidence older than its criterion's ``fresh_for`` counts as
    unknown, and the clock records it as stale. With *vetting*, an unvetted
    answer to a criterion that requires vetting counts as unknown, recorded.
    """
    problems: list[str] = []
    asked: set[str] = set()
    chosen = collect(evidence, plan, problems, clock, asked)
    results = []
    for i, criterion in enumerate(plan.criteria):
        found = chosen.get(criterion.key)
        if found is not None and criterion.of is not None:
            problems.append(plan.pair_evidence(criterion.key, found[0]))
            found = None
        if found is None:
            none = plan.asked_results if criterion.key in asked else plan.unknown_results
            results.append(none[i])
            continue
        value, item = found
        # mapping evidence carries no item: its result is remembered per value
        rated = plan.rate(i, value, item) if item is not None else plan.result(i, value)
        if rated is None:
            accepted = criterion.scale.accepted()
            problems.append(
                Problem(
                    f"criterion {criterion.key!r} of framework {plan.name!r} does not accept"
                    f" {shown(value)}. Accepted: {accepted}.",
                    loc=(criterion.key,), input=given(value), accepted=accepted,
                    type="value_not_accepted",
                )  # fmt: skip
            )
            continue
        if clock is not None and clock.stale(i, value, item):
            rated = plan.unknown_results[i]
        elif vetting is not None and not vetting.counts(i, value, item):
            rated = plan.unknown_results[i]
        results.append(rated)
    disqualified_by = []
    checked = 0
    for position, key in enumerate(plan.disqualifiers):
        if key not in chosen:
            continue
        value = chosen[key][0]
        flag = _BOOLEAN.assess(value)
        if flag is None:
            problems.append(
                Problem(
                    f"disqualifier {key!r} of framework {plan.name!r} does not accept"
                    f" {shown(value)}. Accepted: {_BOOLEAN.accepted()}.",
                    loc=(key,), input=given(value), accepted=_BOOLEAN.accepted(),
                    type="value_not_accepted",
                )  # fmt: skip
            )
            continue
        checked |= 1 << position
        if flag:
            disqualified_by.append(key)
    if problems:
        raise EvidenceError.of(problems)
    if plan.pairs:
        plan.paired(results)
    return results, disqualified_by, checked


_BY_SHORTFALL = attrgetter("_shortfall")  # how far a gap falls short, negated

# Enum members are looked up on their class at some cost; the engine keeps its own names.
_MET = Status.MET
_QUALIFIED, _NURTURE = Verdict.QUALIFIED, Verdict.NURTURE
_UNQUALIFIED, _DISQUALIFIED = Verdict.UNQUALIFIED, Verdict.DISQUALIFIED


def _all_met(results: list[CriterionResult], positions: tuple[int, ...]) -> bool:
    for i in positions:
        if results[i].status is not _MET:
            return False
    return True


def _asked_again(
    plan: Plan,
    missing: tuple[Missing, ...],
    why: str,
    asked: int,
    again: Callable[[], dict[str, Missing]],
) -> tuple[Missing, ...]:
    """*missing*, with the entry of each criterion whose question is asked *again* (bits
    of *asked*, for the reason *why*) in its place. One tuple per situation, as many as
    the plan keeps, so leads that stand alike share their bound entries (see
    :meth:`.outlook.Outlooks.bound`)."""
    key = (id(missing), why, asked)
    found = plan.again_missing.get(key)
    if found is not None and found[0] is missing:
        return found[1]
    replacing = again()
    replaced = tuple([replacing.get(item.key, item) for item in missing])
    if len(plan.again_missing) < KEPT:  # held with what it replaces: no identity reused
        plan.again_missing[key] = (missing, replaced)
    return replaced


def _conclude(
    plan: Plan,
    results: list[CriterionResult],
    disqualified_by: list[str],
    checked: int,
    clock: Clock | None = None,
    vetting: Vetting | None = None,
    ask: str = "points",
) -> Evaluation:
    """Score, verdict, stage, missing and gaps from the rated criteria."""
    summed = sum_results(plan, results)
    return _concluded(plan, results, disqualified_by, checked, summed, clock, vetting, ask)


def _concluded(
    plan: Plan,
    results: list[CriterionResult],
    disqualified_by: list[str],
    checked: int,
    summed: Summed,
    clock: Clock | None = None,
    vetting: Vetting | None = None,
    ask: str = "points",
) -> Evaluation:
    """Score, verdict, stage, missing and gaps from the rated criteria and their sums."""
    earned, reachable, floor, known, pattern, said, unknown_at, gaps = summed
    total = plan.total
    score = 100.0 if earned >= total else earned * plan.to_points
    potential = 100.0 if reachable >= total else reachable * plan.to_points
    completeness = 1.0 if known >= total else known * plan.to_share

    threshold = plan.threshold
    if disqualified_by:
        verdict = _DISQUALIFIED
    elif score >= threshold and _all_met(results, plan.required):
        verdict = _QUALIFIED
    elif potential >= threshold:
        verdict = _NURTURE
    else:
        verdict = _UNQUALIFIED

    fields = plan.blank.copy()  # the framework's own fields, and each default
    if plan.stages:
        stage: str | None = None
        next_stage: str | None = None
        for position, (stage_key, requires) in enumerate(plan.stages):
            if _all_met(results, requires) and not (
                vetting is not None
                and plan.stage_vetting[position]
                and vetting.stage_blocked(stage_key, requires, results)
            ):
                stage = stage_key
            else:
                next_stage = stage_key
                break
        fields["stage"] = stage
        fields["next_stage"] = next_stage

    missing = plan.missing_by_pattern.get(pattern)
    if missing is None:
        missing = plan.missing_of(pattern, unknown_at)
    stale: tuple[Stale, ...] = ()
    if clock is not None and clock.found:
        stale = tuple(clock.found)
        missing = _asked_again(plan, missing, "stale", clock.asked, clock.reconfirm)
    unvetted: tuple[Unvetted, ...] = ()
    if vetting is not None and vetting.found:
        unvetted = tuple(vetting.found)
        missing = _asked_again(plan, missing, "vet", vetting.asked, vetting.ask)
    checks = plan.checks_of(checked) if plan.disqualifiers else ()  # nobody answered
    criteria = tuple(results)
    if missing or checks:  # what each answer would do, worked out when read
        missing, checks = plan.outlooks.bound(
            missing, checks, criteria, pattern & ~said, bool(disqualified_by), verdict
        )
        if ask != "points":
            missing = in_order(missing, verdict, ask, plan.name)
    if plan.pairs and gaps:  # a pair is no gap to work on: its two criteria are
        gaps = [gap for gap in gaps if gap.key not in plan.pair_keys]
    if len(gaps) > 1:
        gaps.sort(key=_BY_SHORTFALL)  # the plan set each rated result's (see Plan._rated)
    fields["score"] = score
    fields["completeness"] = completeness
    fields["potential"] = potential
    fields["verdict"] = verdict
    fields["criteria"] = criteria
    fields["missing"] = missing
    fields["gaps"] = tuple(gaps)
    if disqualified_by:
        fields["disqualified_by"] = tuple(disqualified_by)
    if checks:
        fields["checks"] = checks
    model = plan.probability
    if model is not None:
        log_odds = model.intercept + model.per_point * score
        if pattern:
            offsets = plan.unknown_offsets
            for i in range(len(offsets)):
                if pattern >> i & 1:
                    log_odds += offsets[i]
        if disqualified_by:
            log_odds += model.disqualified
        fields["probability"] = chance(log_odds)
    if clock is not None:
        fields["as_of"] = clock.as_of
        fields["stale"] = stale
    if unvetted:
        fields["unvetted"] = unvetted
    ahead = plan.completions
    unchecked = checked != plan.all_checked
    disqualified = bool(disqualified_by)
    fields["settled"] = ahead.settled(pattern, floor, reachable, results, disqualified, unchecked)
    if ahead.model is not None:  # without a model, neither (most frameworks: no calls)
        reach = ahead.chances(floor, reachable, disqualified, unchecked)
        if reach is not None:
            fields["lowest_probability"], fields["highest_probability"] = reach
        fields["expected"] = ahead.expected(pattern & ~said, earned, disqualified)
    return made(fields)
