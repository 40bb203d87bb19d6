"""``settled`` and the reachable chances, checked against every completion of a lead.

A completion answers every unknown criterion (any rung of its scale, true,
false, or "not known") and every unchecked disqualifier (yes or no). On small
generated frameworks the completions are few enough to try one by one.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import qualify
from qualify import Verdict

from .small import NOT_KNOWN, answers_of, calibrated, cases, weighted_completions


def _completions(
    framework: qualify.Framework, lead: dict[str, Any]
) -> list[qualify.Evaluation]:
    # every criterion a rep can answer: a pair follows from two of them
    unknown = [c for c in framework.criteria if c.key not in lead and c.of is None]
    unchecked = [d.key for d in framework.disqualifiers if d.key not in lead]
    options = [answers_of(c.scale) for c in unknown] + [[True, False] for _ in unchecked]
    keys = [c.key for c in unknown] + unchecked
    found = []
    for chosen in itertools.product(*options):
        completed = dict(lead)
        completed.update({k: v for k, v in zip(keys, chosen, strict=True) if v is not NOT_KNOWN})
        found.append(qualify.evaluate(completed, framework))
    return found


@settings(max_examples=400, deadline=None)
@given(cases())
def test_settled_is_exact(case: tuple[qualify.Framework, dict[str, Any]]) -> None:
    framework, lead = case
    result = qualify.evaluate(lead, framework)
    verdicts = {completed.verdict for completed in _completions(framework, lead)}
    assert result.verdict in verdicts  # answering "not known" to everything is one
    if result.settled is not None:
        assert verdicts == {result.settled}
    else:
        assert len(verdicts) > 1


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_reachable_chances_bound_every_completion(
    case: tuple[qualify.Framework, dict[str, Any]],
) -> None:
    framework, lead = case
    result = qualify.evaluate(lead, framework)
    if framework.probability is None:
        assert result.lowest_probability is None and result.highest_probability is None
        return
    low, high = result.lowest_probability, result.highest_probability
    assert low is not None and high is not None and result.probability is not None
    chances = [c.probability for c in _completions(framework, lead)]
    assert all(chance is not None for chance in chances)
    # the bounds are reached by some completion, and nothing lies outside them
    assert min(chances) == pytest.approx(low, rel=1e-9, abs=1e-12)  # type: ignore[type-var]
    assert max(chances) == pytest.approx(high, rel=1e-9, abs=1e-12)  # type: ignore[type-var]
    assert low <= result.probability <= high


def test_a_rep_can_stop_asking_when_nothing_left_can_change_the_verdict() -> None:
    bant = qualify.get_framework("bant")
    # the need is validated, budget and authority strong: the timeframe cannot undo it
    strong = qualify.evaluate(
        {"need": "validated", "budget": "allocated", "authority": "engaged"}, bant
    )
    assert strong.verdict == "qualified" and strong.settled is Verdict.QUALIFIED
    assert strong.missing  # still a question, but it cannot change the outcome
    # no budget, an assumed need: even the best timeframe leaves it short
    weak = qualify.evaluate({"need": "assumed", "budget": "none", "authority": "identified"}, bant)
    assert weak.settled is Verdict.UNQUALIFIED
    # nothing known yet: anything can happen
    assert qualify.evaluate({}, bant).settled is None


def test_an_unchecked_disqualifier_keeps_the_verdict_open() -> None:
    framework = qualify.Framework(
        name="gate",
        title="Gate",
        criteria=[qualify.Criterion(key="fit", label="Fit", question="Fit?")],
        disqualifiers=[qualify.Disqualifier(key="student", label="Student", question="Student?")],
        qualified_at=50,
    )
    assert qualify.evaluate({"fit": True}, framework).settled is None
    assert qualify.evaluate({"fit": True, "student": False}, framework).settled is Verdict.QUALIFIED
    ruled_out = qualify.evaluate({"student": True}, framework)
    assert ruled_out.settled is Verdict.DISQUALIFIED


def test_the_new_fields_round_trip_and_reach_json() -> None:
    bant = qualify.get_framework("bant")
    result = qualify.evaluate({"need": "assumed", "budget": "none", "authority": "identified"}, bant)
    data = qualify.to_dict(result)
    assert data["settled"] == "unqualified"
    assert data["lowest_probability"] is None and data["highest_probability"] is None
    assert qualify.from_dict(data, qualify.Evaluation) == result
    older = {
        k: v
        for k, v in data.items()
        if k not in ("settled", "lowest_probability", "highest_probability")
    }
    assert qualify.from_dict(older, qualify.Evaluation).settled is None  # stored before


# -- expected: the chance averaged over the answers not given yet ----------------------


@settings(max_examples=300, deadline=None)
@given(calibrated())
def test_expected_averages_every_completion_by_how_often_its_answers_were_seen(
    case: tuple[qualify.Framework, dict[str, Any]],
) -> None:
    framework, lead = case
    result = qualify.evaluate(lead, framework)
    unknown = [c for c in framework.criteria if c.key not in lead]
    average = 0.0
    for completed, weight in weighted_completions(framework, lead):
        chance = qualify.evaluate(completed, framework).probability
        assert chance is not None
        average += weight * chance
    assert result.expected == pytest.approx(average, rel=1e-9, abs=1e-12)
    assert result.lowest_probability is not None and result.highest_probability is not None
    assert result.lowest_probability - 1e-12 <= result.expected <= result.highest_probability + 1e-12
    if not unknown:
        assert result.expected == result.probability


def test_a_question_asked_is_not_a_question_not_asked_yet() -> None:
    counts = {"identified": 10, "engaged": 30, "not known": 60}
    framework = qualify.get_framework("bant").customize(
        name="acme",
        change={
            key: {"seen": seen}
            for key, seen in {
                "authority": counts,
                "budget": {"none": 5, "allocated": 5, "not known": 90},
                "need": {"assumed": 20, "validated": 20, "not known": 60},
                "timeframe": {"within six months": 10, "not known": 90},
            }.items()
        },
        probability=qualify.Probability(intercept=-2, per_point=0.04),
    )
    keys = [c.key for c in framework.criteria]
    never = qualify.evaluate({}, framework)
    blank = qualify.evaluate({key: "  " for key in keys}, framework)
    nobody_knew = qualify.evaluate({key: "unknown" for key in keys}, framework)
    items = qualify.evaluate([qualify.Evidence(key=key, value="n/a") for key in keys], framework)
    assert never.expected == blank.expected != never.probability  # a blank is not asked
    # asked everything, nobody knew anything: nothing left to average over
    assert nobody_knew.expected == nobody_knew.probability == never.probability
    assert items.expected == items.probability
    assert nobody_knew == attrs.evolve(never, expected=never.probability)  # nothing else moves
    # a "nobody knew" said after as_of was not said yet then
    as_of = datetime(2026, 6, 1, tzinfo=UTC)
    later = [
        qualify.Evidence(key=key, value="unknown", observed_at=as_of + timedelta(days=1))
        for key in keys
    ]
    earlier = [attrs.evolve(item, observed_at=as_of - timedelta(days=1)) for item in later]
    assert qualify.evaluate(later, framework, as_of=as_of).expected == never.expected
    assert qualify.evaluate(earlier, framework, as_of=as_of).expected == never.probability
    mapped = qualify.evaluate(
        {key: "unknown" for key in keys}, framework, as_of=as_of,
        observed_at=as_of + timedelta(days=1),
    )  # fmt: skip
    assert mapped.expected == never.expected


def test_expected_needs_the_counts_of_every_criterion() -> None:
    model = qualify.Probability(intercept=-2, per_point=0.03)
    bant = qualify.get_framework("bant").customize(name="acme", probability=model)
    assert qualify.evaluate({}, bant).expected is None  # no counts: nothing to average over
    assert qualify.evaluate({}, qualify.get_framework("bant")).expected is None


@pytest.mark.parametrize(
    ("seen", "message"),
    [
        ({"maybe": 3}, "names 'maybe', which is not one of its answers: 'identified', 'engaged'"),
        ({"engaged": -1}, "the count of 'engaged' must be a whole number, 0 or more"),
        ({"engaged": 1.5}, "must be a whole number"),
        ("engaged", "seen is a mapping of answer name to count"),
    ],
)
def test_seen_names_the_answers_of_the_scale(seen: Any, message: str) -> None:
    authority = qualify.get_framework("bant").criterion("authority")
    with pytest.raises(qualify.FrameworkError, match=message):
        attrs.evolve(authority, seen=seen)


def test_seen_round_trips_through_files(tmp_path: Any) -> None:
    bant = qualify.get_framework("bant")
    counted = bant.customize(
        name="acme",
        change={"authority": {"seen": {"identified": 12, "engaged": 30, "not known": 4}}},
    )
    text = qualify.dumps_framework(counted)
    assert 'seen = { identified = 12, engaged = 30, "not known" = 4 }' in text
    path = tmp_path / "acme.toml"
    path.write_text(text, encoding="utf-8")
    assert qualify.load_framework(path) == counted
    assert "seen" not in qualify.to_dict(bant)["criteria"][0]  # left out when not counted


def test_show_lists_how_often_each_answer_was_seen(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from qualify.cli import main

    counted = qualify.get_framework("bant").customize(
        name="acme",
        change={"authority": {"seen": {"identified": 1200, "engaged": 30, "not known": 4}}},
    )
    qualify.dump_framework(counted, tmp_path / "acme.toml")
    assert main(["show", str(tmp_path / "acme.toml")]) == 0
    assert "    seen:  identified 1,200, engaged 30, not known 4\n" in capsys.readouterr().out
