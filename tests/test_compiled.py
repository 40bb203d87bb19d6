"""The compiled engine gives exactly what the plain evaluation in reference.py gives.

The engine remembers rated results per distinct value and shares them between
leads; these tests check that nothing of that shows: same results, same types,
same bytes from ``to_dict``, whether the plan is cold or warm.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import qualify
from qualify import Evidence, Framework

from .reference import evaluate_reference
from .test_properties import frameworks


def values_for(scale: qualify.Scale) -> st.SearchStrategy[Any]:
    """Every kind of value the scale accepts, spelled every way a CRM might."""
    blank = st.sampled_from([None, "", "   ", "\t"])
    base = st.one_of(blank, st.booleans())
    if isinstance(scale, qualify.Levels):
        names = [level.name for level in scale.levels]
        spelled = st.sampled_from(names).flatmap(
            lambda name: st.sampled_from([name, name.upper(), f" {name} ", name.title()])
        )
        return st.one_of(base, spelled)
    if isinstance(scale, qualify.Months | qualify.Numbers):
        return st.one_of(
            base,
            st.integers(0, 100),
            st.floats(0, 100, allow_nan=False),
            st.sampled_from([0.0, -0.0, 0, 1, 1.0]),
            st.integers(0, 100).map(str),
        )
    return st.one_of(base, st.sampled_from(["yes", "no", "Yes", 1, 0, 1.0, 0.0, -0.0]))


@st.composite
def leads(draw: st.DrawFn) -> tuple[Framework, list[dict[str, Any]]]:
    """A framework and a few leads for it, drawing values from a small pool so they repeat."""
    framework = draw(frameworks())
    pools = {
        c.key: draw(st.lists(values_for(c.scale), min_size=1, max_size=3))
        for c in framework.criteria
    }
    pools.update({d.key: [None, True, False, "yes", 0] for d in framework.disqualifiers})
    drawn = []
    for _ in range(draw(st.integers(1, 6))):
        lead = {}
        for key, pool in pools.items():
            if draw(st.booleans()):
                lead[key] = draw(st.sampled_from(pool))
        drawn.append(lead)
    return framework, drawn


def same(got: qualify.Evaluation, expected: qualify.Evaluation) -> None:
    assert got == expected
    assert json.dumps(qualify.to_dict(got)) == json.dumps(qualify.to_dict(expected))


def compile_now(framework: Framework) -> None:
    """Compile *framework*'s mapping path at once, not after its first leads."""
    from qualify._core import compiled, plan

    found = plan.plan_of(framework)
    found.rating = compiled.compile_rating(found)


@given(leads(), st.booleans())
def test_mapping_evidence_matches_the_plain_evaluation(
    case: tuple[Framework, list[dict[str, Any]]], compiled: bool
) -> None:
    framework, drawn = case
    if compiled:
        compile_now(framework)
    for _ in range(2):  # cold plan, then every value remembered
        for lead in drawn:
            same(qualify.evaluate(lead, framework), evaluate_reference(lead, framework))


@given(leads(), st.randoms(use_true_random=False))
def test_evidence_items_match_the_plain_evaluation(
    case: tuple[Framework, list[dict[str, Any]]], rng: Any
) -> None:
    framework, drawn = case
    start = datetime(2026, 11, 1)
    for lead in drawn:
        given = {key: value for key, value in lead.items() if value is not None}
        items = [
            Evidence(key=key, value=value, observed_at=start + timedelta(days=rng.randint(0, 3)))
            for key, value in given.items()
        ]
        items += [Evidence(key=key, value=value) for key, value in given.items()]
        rng.shuffle(items)
        same(qualify.evaluate(items, framework), evaluate_reference(items, framework))


def test_remembered_results_keep_each_values_own_type() -> None:
    months = qualify.Framework(
        name="months",
        title="Months",
        criteria=(
            qualify.Criterion(
                key="when",
                label="When",
                question="When?",
                scale=qualify.Months(bands=(qualify.Band(within=6, satisfaction=1.0),)),
            ),
        ),
    )
    # equal as dict keys, yet each must come back as given
    for value in [1, 1.0, True, 0, 0.0, -0.0, False, 1, 1.0, True, -0.0, 0.0]:
        got = qualify.evaluate({"when": value}, months).result("when").value
        assert type(got) is type(value)
        assert repr(got) == repr(value)


def test_equal_values_share_one_result_and_the_memory_is_bounded() -> None:
    from qualify._core import plan

    bant = qualify.get_framework("bant")
    first = qualify.evaluate({"need": "validated", "timeframe": 3}, bant)
    second = qualify.evaluate({"need": "validated", "budget": "none"}, bant)
    assert first.result("need") is second.result("need")
    # thousands of distinct amounts: each rated right, no more than the limit kept
    for months in range(3 * plan._REMEMBERED):
        result = qualify.evaluate({"timeframe": months}, bant).result("timeframe")
        assert result.value == months
        assert result == evaluate_reference({"timeframe": months}, bant).result("timeframe")
    compiled = plan.plan_of(bant)
    assert len(compiled.remembered[int][bant.keys.index("timeframe")]) == plan._REMEMBERED


def test_a_rejected_value_is_never_remembered() -> None:
    from qualify._core import plan

    bant = qualify.get_framework("bant")
    for _ in range(2):
        with pytest.raises(qualify.EvidenceError, match="does not accept 'plenty'"):
            qualify.evaluate({"budget": "plenty", "need": "validated"}, bant)
    assert "plenty" not in plan.plan_of(bant).remembered[str][0]


def test_leads_that_stand_alike_share_one_evaluation_equal_to_a_fresh_one() -> None:
    from qualify._core import plan

    bant = qualify.get_framework("bant")
    lead = {"budget": "allocated", "need": "validated", "timeframe": 9}
    first = qualify.evaluate(lead, bant)
    again = qualify.evaluate(dict(lead), bant)
    assert again is first  # immutable: one object serves both
    same(first, evaluate_reference(lead, bant))
    decision = qualify.evaluate(lead, bant, ask="decision")  # another order: its own
    assert decision is not first and decision == qualify.evaluate(lead, bant, ask="decision")
    compiled = plan.plan_of(bant)
    compiled.concluded.keeping = False
    try:
        alone = qualify.evaluate(lead, bant)
    finally:
        compiled.concluded.keeping = True
    assert alone is not first and alone == first
    assert [m.answers for m in alone.missing] == [m.answers for m in first.missing]


def test_a_framework_whose_leads_seldom_stand_alike_stops_keeping_them() -> None:
    from qualify._core import keeping, plan

    wide = qualify.Framework(
        name="wide-sharing", title="Wide",
        criteria=[qualify.Criterion(key=f"c{i}", label=f"C{i}", question="?", scale=qualify.Months(
            bands=(qualify.Band(within=6, satisfaction=1.0),))) for i in range(3)],
    )  # fmt: skip
    compiled = plan.plan_of(wide)
    leads = [{"c0": i % 50, "c1": (i // 50) % 50, "c2": i // 2500} for i in range(keeping.KEPT + 1)]
    for lead in leads:
        qualify.evaluate(lead, wide)
    assert compiled.concluded.keeping is False and not compiled.concluded.entries  # all alone
    for lead in leads[:50]:  # still right, worked out afresh
        same(qualify.evaluate(lead, wide), evaluate_reference(lead, wide))


def test_what_each_answer_would_do_stops_being_kept_when_leads_never_stand_alike() -> None:
    from qualify._core import keeping, plan

    wide = qualify.Framework(
        name="wide-outlooks", title="Wide",
        criteria=[qualify.Criterion(key=f"c{i}", label=f"C{i}", question=f"Q{i}?",
                                    scale=qualify.Months(bands=(qualify.Band(within=6, satisfaction=1.0),)))
                  for i in range(2)],
    )  # fmt: skip
    compiled = plan.plan_of(wide)
    leads = [{"c0": 1 + i / 10_000} for i in range(keeping.KEPT + 1)]  # c1 open each time
    for lead in leads:
        qualify.evaluate(lead, wide)
    assert compiled.outlooks.kept.keeping is False and not compiled.outlooks.kept.entries
    for lead in leads[:20]:  # still right, worked out afresh: each answer as evaluate gives it
        (asked,) = qualify.evaluate(lead, wide).missing
        for answer, value in zip(asked.answers, [1, 13, None], strict=True):  # within, over
            answered = qualify.evaluate({**lead, "c1": "unknown" if value is None else value}, wide)
            assert (answer.score, answer.verdict) == (answered.score, answered.verdict)


@given(leads())
def test_the_compiled_mapping_path_sums_and_concludes_as_the_general_path(
    case: tuple[Framework, list[dict[str, Any]]],
) -> None:
    from qualify._core import compiled as compiled_, engine, plan

    framework, drawn = case
    compiled = plan.plan_of(framework)
    rating = compiled_.compile_rating(compiled)
    for _ in range(2):  # cold, then every value remembered
        for lead in drawn:
            if not compiled.accepted.issuperset(lead):
                continue  # refused before either path
            by_loop = compiled_.rate_by_loop(lead, compiled)
            fast = rating(lead)
            assert (fast is None) == (by_loop is None)
            try:
                results, disqualified_by, checked = engine._rate_any(lead, compiled)
            except qualify.EvidenceError:
                assert fast is None  # the general path says what is wrong
                continue
            if fast is None:  # a value the compiled path leaves to the general one
                continue
            assert fast[:3] == by_loop == (results, disqualified_by, checked)
            summed = compiled_.sum_results(compiled, results)
            assert repr(fast[3]) == repr(summed)  # every sum to the bit, in the same order
            same(
                engine._concluded(compiled, *fast),
                engine._conclude(compiled, results, disqualified_by, checked),
            )


def test_keys_never_reach_the_compiled_source() -> None:
    # keys spelled as the compiled code's own names and as Python's keywords
    hostile = ["earned", "r0", "get", "import", "return", "k0", "evidence", "pattern"]
    framework = Framework(
        name="rating",
        title="Keys of any text",
        criteria=[
            qualify.Criterion(key=key, label=f"L{n}", question=f"Q{n}?", weight=n + 1,
                              scale=qualify.Levels(levels=[qualify.Level(name="half", satisfaction=0.5),
                                                           qualify.Level(name="yes", satisfaction=1.0)]))
            for n, key in enumerate(hostile)
        ],
    )  # fmt: skip
    compile_now(framework)
    for lead in [{hostile[0]: "yes", hostile[3]: "half", hostile[6]: "yes"}, {"r0": "half"}, {}]:
        same(qualify.evaluate(lead, framework), evaluate_reference(lead, framework))


def test_past_the_compiled_limit_the_loop_rates_every_lead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import linecache

    from qualify._core import compiled, plan

    bant = qualify.get_framework("bant")
    monkeypatch.setattr(compiled, "MAX_CRITERIA", 3)
    big = qualify.Framework(name="big", title="Big", criteria=bant.criteria)
    compile_now(big)
    found = plan.plan_of(big)
    lead = {"need": "validated", "timeframe": 3}
    assert found.rating(lead) == compiled.rate_and_sum(lead, found)  # the loop, not source
    assert not any("'big'" in name for name in linecache.cache)
    for lead in [{"need": "validated", "timeframe": 3}, {"budget": "none"}, {}]:
        same(qualify.evaluate(lead, big), evaluate_reference(lead, big))
    with pytest.raises(qualify.EvidenceError, match="does not accept 'plenty'"):
        qualify.evaluate({"budget": "plenty"}, big)


def test_a_framework_is_compiled_once_it_has_rated_its_first_leads() -> None:
    from qualify._core import compiled, plan

    bant = qualify.get_framework("bant")
    fresh = qualify.Framework(name="fresh", title="Fresh", criteria=bant.criteria)
    found = plan.plan_of(fresh)
    leads = [{"need": "validated", "timeframe": months} for months in range(100)]
    for n, lead in enumerate(leads):
        assert (found.rating is None) == (n <= compiled.COMPILE_AFTER)
        same(qualify.evaluate(lead, fresh), evaluate_reference(lead, fresh))


def test_compiled_lines_are_shown_while_their_framework_lives_and_go_with_it() -> None:
    import gc
    import inspect
    import linecache

    from qualify._core import plan

    bant = qualify.get_framework("bant")
    passing = qualify.Framework(name="passing", title="Passing", criteria=bant.criteria)
    compile_now(passing)
    source = inspect.getsource(plan.plan_of(passing).rating)
    assert source.startswith("def rating(evidence):") and "K0" in source
    names = [name for name in linecache.cache if "'passing'" in name]
    assert len(names) == 1
    del passing
    gc.collect()
    assert names[0] not in linecache.cache
