"""The evaluation written the plain way, as the oracle the compiled engine must match.

No plan, no remembered results, no shared tuples: each lead is read and rated
from the framework as the rules in docs/concepts.md say. Only the arithmetic
is spelled the engine's way (sums in framework order, one multiplication by
100 / total), because the results must be identical, not merely close.

What the answers still to come can do (``settled`` and the reachable chances)
is the one part taken from the library (``Completions``): it is checked against
every completion, tried one by one, in tests/test_completions.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from qualify._core.completions import Completions
from qualify import (
    Boolean,
    CriterionResult,
    Evaluation,
    Evidence,
    Framework,
    Missing,
    Status,
    Verdict,
)


def _clean(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int):
        return int(value)
    number = float(value)
    assert not math.isnan(number), "the oracle is only given valid evidence"
    return number


def _chosen(evidence: Mapping[str, Any] | Iterable[Evidence]) -> dict[str, tuple[Any, Any]]:
    """Each key with evidence: its value, and the Evidence item it came from."""
    if isinstance(evidence, Mapping):
        cleaned = {key: _clean(value) for key, value in evidence.items()}
        return {key: (value, None) for key, value in cleaned.items() if value is not None}
    chosen: dict[str, tuple[Any, Any]] = {}
    for item in evidence:
        value = _clean(item.value)
        if value is None:
            continue
        earlier = chosen.get(item.key)
        if earlier is None or (
            item.observed_at is not None
            and (earlier[1].observed_at is None or item.observed_at >= earlier[1].observed_at)
        ):
            chosen[item.key] = (value, item)
    return chosen


def evaluate_reference(
    evidence: Mapping[str, Any] | Iterable[Evidence], framework: Framework
) -> Evaluation:
    chosen = _chosen(evidence)
    total = 0.0
    for criterion in framework.criteria:
        total += criterion.weight
    results = []
    earned = reachable = floor = known = 0.0
    for criterion in framework.criteria:
        points = 100.0 * criterion.weight / total
        if criterion.key not in chosen:
            reachable += criterion.weight
            earned += criterion.weight * criterion.unknown_satisfaction
            results.append(
                CriterionResult(
                    key=criterion.key,
                    label=criterion.label,
                    question=criterion.question,
                    status=Status.UNKNOWN,
                    satisfaction=float(criterion.unknown_satisfaction),
                    weight=float(criterion.weight),
                    points=points * criterion.unknown_satisfaction,
                )
            )
            continue
        value, item = chosen[criterion.key]
        satisfaction = criterion.scale.assess(value)
        assert satisfaction is not None, "the oracle is only given valid evidence"
        earned += criterion.weight * satisfaction
        reachable += criterion.weight * satisfaction
        floor += criterion.weight * satisfaction
        known += criterion.weight
        if satisfaction >= 1.0:
            status = Status.MET
        elif satisfaction <= 0.0:
            status = Status.UNMET
        else:
            status = Status.PARTIAL
        results.append(
            CriterionResult(
                key=criterion.key,
                label=criterion.label,
                question=criterion.question,
                status=status,
                satisfaction=satisfaction,
                weight=float(criterion.weight),
                points=points * satisfaction,
                value=value,
                evidence=item,
            )
        )
    score = 100.0 if earned >= total else earned * (100.0 / total)
    potential = 100.0 if reachable >= total else reachable * (100.0 / total)
    completeness = 1.0 if known >= total else known * (1.0 / total)
    disqualified_by = tuple(
        d.key
        for d in framework.disqualifiers
        if d.key in chosen and Boolean().assess(chosen[d.key][0])
    )
    status_of = {result.key: result.status for result in results}
    threshold = framework.qualified_at - 1e-9
    if disqualified_by:
        verdict = Verdict.DISQUALIFIED
    elif score >= threshold and all(
        status_of[c.key] is Status.MET for c in framework.criteria if c.required
    ):
        verdict = Verdict.QUALIFIED
    elif potential >= threshold:
        verdict = Verdict.NURTURE
    else:
        verdict = Verdict.UNQUALIFIED
    stage = next_stage = None
    for candidate in framework.stages:
        if all(status_of[key] is Status.MET for key in candidate.requires):
            stage = candidate.key
        else:
            next_stage = candidate.key
            break
    unknown = [c for c in framework.criteria if status_of[c.key] is Status.UNKNOWN]
    missing = tuple(
        Missing(
            key=c.key,
            label=c.label,
            question=c.question,
            weight=float(c.weight),
            points=100.0 * c.weight / total,
        )
        for c in sorted(unknown, key=lambda c: -c.weight)  # stable: ties keep framework order
    )
    gaps = sorted(
        (r for r in results if r.status in (Status.PARTIAL, Status.UNMET)),
        key=lambda r: -r.weight * (1.0 - r.satisfaction),
    )
    pattern = sum(1 << i for i, r in enumerate(results) if r.status is Status.UNKNOWN)
    ahead = Completions(
        framework.criteria, total, 100.0 / total, threshold, framework.probability
    )
    flagged, unchecked = bool(disqualified_by), any(
        d.key not in chosen for d in framework.disqualifiers
    )
    reach = ahead.chances(floor, reachable, flagged, unchecked)
    return Evaluation(
        framework=framework.name,
        framework_version=framework.version,
        score=score,
        completeness=completeness,
        potential=potential,
        qualified_at=float(framework.qualified_at),
        verdict=verdict,
        criteria=tuple(results),
        missing=missing,
        gaps=tuple(gaps),
        stage=stage,
        next_stage=next_stage,
        disqualified_by=disqualified_by,
        settled=ahead.settled(pattern, floor, reachable, results, flagged, unchecked),
        lowest_probability=None if reach is None else reach[0],
        highest_probability=None if reach is None else reach[1],
        expected=ahead.expected(pattern, earned, flagged),
        checks=tuple(
            Missing(key=d.key, label=d.label, question=d.question, weight=0.0, points=0.0)
            for d in framework.disqualifiers
            if d.key not in chosen
        ),
    )
