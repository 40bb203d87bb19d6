"""Invariants of the evaluation, over generated frameworks and evidence."""

from __future__ import annotations

import copy
import json
import string
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import qualify
from qualify._core import jsontext
from qualify._core.jsontext import EvaluationText
from qualify import (
    Band,
    Boolean,
    Criterion,
    Disqualifier,
    Evaluation,
    Framework,
    Level,
    Levels,
    Months,
    Numbers,
    Scale,
    Stage,
    Status,
    Threshold,
    Verdict,
)

keys = st.text(string.ascii_lowercase + "_", min_size=1, max_size=12).filter(lambda k: k[0] != "_")
fractions = st.floats(0, 1, allow_nan=False)
texts = st.text(string.ascii_letters + " ?", min_size=1, max_size=20).filter(str.strip)


@st.composite
def levels_scales(draw: st.DrawFn) -> Levels:
    # lowercase words only: names differing by '_' alone would collide by design
    words = st.text(string.ascii_lowercase, min_size=1, max_size=8)
    names = draw(st.lists(words, min_size=1, max_size=5, unique=True))
    satisfactions = sorted(draw(st.lists(fractions, min_size=len(names), max_size=len(names))))
    return Levels(
        levels=tuple(
            Level(name=n, satisfaction=s) for n, s in zip(names, satisfactions, strict=True)
        )
    )


@st.composite
def months_scales(draw: st.DrawFn) -> Months:
    edges = sorted(draw(st.sets(st.integers(0, 60), min_size=1, max_size=4)))
    return Months(
        bands=tuple(Band(within=e, satisfaction=draw(fractions)) for e in edges),
        beyond=draw(fractions),
    )


@st.composite
def numbers_scales(draw: st.DrawFn) -> Numbers:
    edges = sorted(draw(st.sets(st.integers(-1000, 100_000), min_size=1, max_size=4)))
    return Numbers(
        thresholds=tuple(Threshold(at_least=e, satisfaction=draw(fractions)) for e in edges),
        below=draw(fractions),
    )


scales: st.SearchStrategy[Scale] = st.one_of(
    st.sampled_from([Boolean(), Boolean(yes=0.0, no=1.0)]),  # as declared, and turned around
    levels_scales(),
    months_scales(),
    numbers_scales(),
)


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    all_keys = draw(st.lists(keys, min_size=1, max_size=9, unique=True))
    split = draw(st.integers(1, len(all_keys)))
    criterion_keys, disqualifier_keys = all_keys[:split], all_keys[split:]
    criteria = tuple(
        Criterion(
            key=key,
            label=draw(texts),
            question=draw(texts),
            scale=draw(scales),
            weight=draw(st.floats(0.01, 100, allow_nan=False)),
            required=draw(st.booleans()),
            # what not knowing earns: 0 as declared, or learned by a calibration
            unknown_satisfaction=draw(st.one_of(st.just(0.0), fractions)),
        )
        for key in criterion_keys
    )
    stages = tuple(
        Stage(key=f"stage_{i}", label=f"Stage {i}", requires=(key,))
        for i, key in enumerate(draw(st.lists(st.sampled_from(criterion_keys), unique=True)))
    )
    return Framework(
        name=draw(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)),
        title=draw(texts),
        version=draw(st.sampled_from(["1", "2.0", "2026-11"])),
        criteria=criteria,
        stages=stages,
        disqualifiers=tuple(Disqualifier(key=k, label=k, question="?") for k in disqualifier_keys),
        qualified_at=draw(st.floats(1, 100, allow_nan=False)),
    )


def values_for(scale: Scale) -> st.SearchStrategy[Any]:
    """Values the scale accepts, including no evidence."""
    base = st.one_of(st.booleans(), st.none(), st.just(""))
    if isinstance(scale, Levels):
        return st.one_of(base, st.sampled_from([level.name for level in scale.levels]))
    if isinstance(scale, Months):
        return st.one_of(base, st.integers(0, 100), st.floats(0, 100, allow_nan=False))
    if isinstance(scale, Numbers):
        return st.one_of(base, st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6))
    return st.one_of(base, st.sampled_from(["yes", "no", 1, 0]))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Framework, dict[str, Any]]:
    framework = draw(frameworks())
    evidence: dict[str, Any] = {}
    for criterion in framework.criteria:
        if draw(st.booleans()):
            evidence[criterion.key] = draw(values_for(criterion.scale))
    for disqualifier in framework.disqualifiers:
        if draw(st.booleans()):
            evidence[disqualifier.key] = draw(st.booleans())
    return framework, evidence


@given(cases())
def test_measures_stay_in_range(case: tuple[Framework, dict[str, Any]]) -> None:
    framework, evidence = case
    result = qualify.evaluate(evidence, framework)
    assert 0.0 <= result.score <= result.potential <= 100.0
    assert 0.0 <= result.completeness <= 1.0
    assert all(0.0 <= r.satisfaction <= 1.0 for r in result.criteria)


@given(cases(), st.data())
def test_best_evidence_never_lowers_the_score(
    case: tuple[Framework, dict[str, Any]], data: st.DataObject
) -> None:
    framework, evidence = case
    before = qualify.evaluate(evidence, framework)
    key = data.draw(st.sampled_from([c.key for c in framework.criteria]))
    scale = framework.criterion(key).scale
    best = not (isinstance(scale, Boolean) and scale.no > scale.yes)  # a turned flag: no
    after = qualify.evaluate({**evidence, key: best}, framework)
    assert after.score >= before.score
    assert after.result(key).status is Status.MET


@given(cases())
def test_missing_is_exactly_the_criteria_without_evidence(
    case: tuple[Framework, dict[str, Any]],
) -> None:
    framework, evidence = case
    result = qualify.evaluate(evidence, framework)
    without = {c.key for c in framework.criteria if evidence.get(c.key) in (None, "")}
    assert {m.key for m in result.missing} == without
    weights = [m.weight for m in result.missing]
    assert weights == sorted(weights, reverse=True)
    assert all(g.status in (Status.PARTIAL, Status.UNMET) for g in result.gaps)


@given(cases())
def test_verdict_agrees_with_the_numbers(case: tuple[Framework, dict[str, Any]]) -> None:
    framework, evidence = case
    result = qualify.evaluate(evidence, framework)
    if result.disqualified_by:
        assert result.verdict is Verdict.DISQUALIFIED
    elif result.verdict is Verdict.QUALIFIED:
        assert result.score >= framework.qualified_at - 1e-9
        assert all(
            result.result(c.key).status is Status.MET for c in framework.criteria if c.required
        )
    elif result.verdict is Verdict.NURTURE:
        assert result.potential >= framework.qualified_at - 1e-9
    else:
        assert result.potential < framework.qualified_at


@given(cases())
def test_evaluations_round_trip(case: tuple[Framework, dict[str, Any]]) -> None:
    framework, evidence = case
    snapshot = copy.deepcopy(evidence)
    result = qualify.evaluate(evidence, framework)
    assert evidence == snapshot
    data = json.loads(json.dumps(qualify.to_dict(result)))
    restored = qualify.from_dict(data, Evaluation)
    assert restored == result
    assert type(restored.verdict) is Verdict
    assert [type(r.value) for r in restored.criteria] == [type(r.value) for r in result.criteria]


@given(frameworks())
def test_frameworks_round_trip(framework: Framework) -> None:
    data = json.loads(json.dumps(qualify.to_dict(framework)))
    assert qualify.from_dict(data, Framework) == framework


_TEXT = EvaluationText()


@given(cases(), st.text())
def test_the_command_lines_json_text_is_json_dumps_of_to_dict(
    case: tuple[Framework, dict[str, Any]], lead: str
) -> None:
    # the fast path must be in use: a field added to Evaluation fails here, not in silence
    assert jsontext._KNOWN
    framework, evidence = case
    result = qualify.evaluate(evidence, framework)
    for _ in range(2):  # the second time from the parts remembered
        assert _TEXT(result) == json.dumps(qualify.to_dict(result))
    written = f'{{"lead": {json.dumps(lead)}, {_TEXT.members(result)}}}'
    assert written == json.dumps({"lead": lead, **qualify.to_dict(result)})
