"""What each answer to a missing question would do (``Missing.answers``, ``Missing.gain``)
and the order questions are asked in (``evaluate(..., ask=...)``)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualify
from qualify import Verdict
from qualify.cli import main

from .small import NOT_KNOWN, calibrated, cases, weighted_completions, worth


def _with(lead: dict[str, Any], criterion: qualify.Criterion, label: str) -> dict[str, Any]:
    """*lead* with *criterion* answered as *label* says ("not known": asked, nobody knew)."""
    answer = worth(criterion)[label]
    return {**lead, criterion.key: "unknown" if answer is NOT_KNOWN else answer}


def _bits(p: float) -> float:
    return 0.0 if p in (0.0, 1.0) else -(p * math.log2(p) + (1 - p) * math.log2(1 - p))


@settings(max_examples=300, deadline=None)
@given(cases())
def test_each_answer_shows_the_score_and_verdict_that_answer_gives(
    case: tuple[qualify.Framework, dict[str, Any]],
) -> None:
    framework, lead = case
    result = qualify.evaluate(lead, framework)
    for missing in result.missing:
        criterion = framework.criterion(missing.key)
        labels = [answer.label for answer in missing.answers]
        assert labels == [*worth(criterion)][1:] + ["not known"]  # worst rung first
        for answer in missing.answers:
            answered = qualify.evaluate(_with(lead, criterion, answer.label), framework)
            assert answer.score == answered.score  # summed as the engine sums: bit for bit
            assert answer.verdict is answered.verdict
        changing = [a for a in missing.answers if a.verdict is not result.verdict]
        if all(a.share is not None for a in missing.answers):
            assert missing.chance_to_change(result.verdict) == pytest.approx(
                sum(a.share for a in changing)  # type: ignore[misc]
            )
        else:
            assert missing.chance_to_change(result.verdict) == len(changing) / len(missing.answers)
        if framework.probability is None:
            assert missing.gain is None
            assert all(a.share is None and a.probability is None for a in missing.answers)


@settings(max_examples=300, deadline=None)
@given(calibrated())
def test_answers_chances_average_to_the_expected_chance(
    case: tuple[qualify.Framework, dict[str, Any]],
) -> None:
    framework, lead = case
    result = qualify.evaluate(lead, framework)
    assert result.expected is not None
    for missing in result.missing:
        criterion = framework.criterion(missing.key)
        shares = [answer.share for answer in missing.answers]
        assert all(share is not None and 0.0 <= share <= 1.0 for share in shares)
        assert math.fsum(s for s in shares if s is not None) == pytest.approx(1.0)
        average = 0.0
        for answer in missing.answers:
            assert answer.share is not None and answer.probability is not None
            answered = qualify.evaluate(_with(lead, criterion, answer.label), framework)
            assert answer.probability == answered.expected  # the chance a rep sees next
            average += answer.share * answer.probability
        gain = missing.gain
        assert gain is not None and gain >= 0.0
        spread = sum(a.share * _bits(a.probability) for a in missing.answers)  # type: ignore[operator]
        assert gain == pytest.approx(max(0.0, _bits(average) - spread), abs=1e-12)
        if criterion.key not in lead:  # not asked yet: the law of total expectation
            assert average == pytest.approx(result.expected, rel=1e-9, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(calibrated(), st.sampled_from(["points", "decision", "gain"]))
def test_the_order_asked_in_changes_nothing_but_the_order(
    case: tuple[qualify.Framework, dict[str, Any]], ask: str
) -> None:
    framework, lead = case
    default = qualify.evaluate(lead, framework)
    ordered = qualify.evaluate(lead, framework, ask=ask)  # type: ignore[arg-type]
    assert sorted(m.key for m in ordered.missing) == sorted(m.key for m in default.missing)
    assert (ordered.score, ordered.verdict, ordered.probability, ordered.expected) == (
        default.score, default.verdict, default.probability, default.expected,
    )  # fmt: skip
    if ask == "points":
        assert ordered == default
    worth_of = {
        "decision": lambda m: m.chance_to_change(default.verdict),
        "gain": lambda m: m.gain,
        "points": lambda m: m.points,
    }[ask]
    values = [worth_of(m) for m in ordered.missing]
    assert values == sorted(values, reverse=True)
    if ordered.missing:
        assert ordered.next_question == ordered.missing[0].question


def _counted() -> qualify.Framework:
    """BANT whose history counted each answer, with a chance per point."""
    seen = {
        "budget": {"none": 50, "process": 30, "allocated": 15, "sufficient": 5, "not known": 100},
        "authority": {"identified": 60, "engaged": 40, "not known": 100},
        "need": {"assumed": 120, "identified": 50, "validated": 30},
        "timeframe": {"within six months": 40, "within a year": 40, "over 12 months": 20},
    }
    return qualify.get_framework("bant").customize(
        name="acme",
        change={key: {"seen": counts} for key, counts in seen.items()},
        probability=qualify.Probability(intercept=-5.0, per_point=0.07),
    )


def test_a_rep_sees_what_each_answer_to_the_next_question_would_do() -> None:
    framework = _counted()
    result = qualify.evaluate({"budget": "allocated", "need": "validated"}, framework)
    authority = result.missing[0]
    assert authority.key == "authority"
    engaged = {a.label: a for a in authority.answers}["engaged"]
    assert engaged.verdict is Verdict.QUALIFIED and engaged.share == pytest.approx(40 / 200)
    identified = {a.label: a for a in authority.answers}["identified"]
    assert identified.probability is not None and engaged.probability is not None
    assert engaged.probability > identified.probability  # a better answer, a better chance
    assert authority.gain is not None and authority.gain > 0
    # answers are worked out from the framework, not data: to_dict writes the question
    assert qualify.to_dict(authority) == {
        "key": "authority", "label": "Authority", "question": authority.question,
        "weight": authority.weight, "points": authority.points,
    }  # fmt: skip


def test_uncalibrated_answers_give_verdicts_and_no_chances() -> None:
    result = qualify.evaluate({"budget": "allocated", "need": "validated"}, "bant")
    answers = {a.label: a for a in result.missing[0].answers}
    assert answers["engaged"].verdict is Verdict.QUALIFIED
    assert answers["identified"].verdict is Verdict.NURTURE
    assert answers["not known"].score == result.score
    assert all(a.share is None and a.probability is None for a in answers.values())
    assert result.missing[0].gain is None


def test_a_stored_evaluation_reads_back_without_answers() -> None:
    result = qualify.evaluate({"budget": "allocated"}, "bant")
    back = qualify.from_dict(qualify.to_dict(result), qualify.Evaluation)
    assert back == result  # answers are worked out from the framework, not data
    assert back.missing[0].answers == () and back.missing[0].gain is None
    by_hand = qualify.Missing(key="k", label="K", question="Q?", weight=1.0, points=10.0)
    assert by_hand.answers == () and by_hand.gain is None
    assert "outlook" not in repr(result.missing[0])
    schema = qualify.json_schema("evaluation")
    assert set(schema["$defs"]["Missing"]["properties"]) == {
        "key", "label", "question", "weight", "points",
    }  # fmt: skip


def test_a_question_asked_again_still_shows_its_answers() -> None:
    as_of = datetime(2026, 6, 1, tzinfo=UTC)
    framework = qualify.get_framework("bant").customize(name="fresh", fresh_for=timedelta(days=30))
    result = qualify.evaluate(
        {"budget": "allocated", "need": "validated", "authority": "engaged"},
        framework,
        as_of=as_of,
        observed_at={"authority": as_of - timedelta(days=90), "budget": as_of, "need": as_of},
    )
    again = next(m for m in result.missing if m.key == "authority")
    assert again.question != qualify.get_framework("bant").criterion("authority").question
    assert {a.label for a in again.answers} == {"identified", "engaged", "not known"}


def test_leads_alike_share_their_answers_and_leads_apart_do_not() -> None:
    framework = _counted()
    one = qualify.evaluate({"budget": "allocated"}, framework)
    two = qualify.evaluate({"budget": "allocated"}, framework)
    other = qualify.evaluate({"budget": "none"}, framework)
    assert one.missing[0].answers is two.missing[0].answers  # worked out once
    assert one.missing[0].answers != other.missing[0].answers


@pytest.mark.parametrize("ask", ["Points", "best", None, 1])
def test_ask_names_one_of_the_orders(ask: Any) -> None:
    with pytest.raises(qualify.QualifyError, match="ask must be one of 'points', 'decision', 'gain'"):
        qualify.evaluate({}, "bant", ask=ask)


def test_asking_by_gain_needs_a_calibrated_framework() -> None:
    with pytest.raises(qualify.QualifyError, match="ask='gain' needs a calibrated framework"):
        qualify.evaluate({"budget": "allocated"}, "bant", ask="gain")
    found = qualify.evaluate({"budget": "allocated"}, _counted(), ask="gain")
    gains = [m.gain for m in found.missing]
    assert gains == sorted(gains, reverse=True)  # type: ignore[type-var]


def test_asking_by_decision_puts_the_verdict_changing_question_first() -> None:
    # authority engaged would qualify this lead; timeframe cannot, whatever it is worth
    result = qualify.evaluate(
        {"budget": "allocated", "need": "validated"}, "bant", ask="decision"
    )
    assert [m.key for m in result.missing] == ["authority", "timeframe"]
    lead = {"budget": "allocated", "need": "validated", "authority": "engaged"}
    framework = qualify.get_framework("bant").customize(name="strict", qualified_at=90)
    by_points = qualify.evaluate(lead, framework)
    by_decision = qualify.evaluate(lead, framework, ask="decision")
    assert [m.key for m in by_decision.missing] == [m.key for m in by_points.missing]


def test_the_cli_asks_in_the_order_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    leads = tmp_path / "leads.csv"
    # budget allocated and need validated: authority would qualify, timeframe cannot
    leads.write_text("id,budget,need,authority\nacme,allocated,validated,\n", encoding="utf-8")
    assert main(["evaluate", str(leads), "-f", "bant", "--ask", "decision"]) == 0
    out = capsys.readouterr().out
    assert "Who signs off on this purchase" in out
    code = main(["evaluate", str(leads), "-f", "bant", "--ask", "gain"])
    err = capsys.readouterr().err
    assert code == 2 and "ask='gain' needs a calibrated framework" in err
    assert err.count("error") == 1  # said once, not per row


def test_the_notebook_view_shows_each_answer_and_its_chance() -> None:
    result = qualify.evaluate({"budget": "allocated", "need": "validated"}, _counted())
    html = result._repr_html_()
    assert "engaged: qualified, 75% to win (20% answer so)" in html
    assert "bits about winning" in html
    plain = qualify.evaluate({"budget": "allocated", "need": "validated"}, "bant")._repr_html_()
    assert "engaged: qualified<" in plain and "to win" not in plain


# -- disqualifier checks: questions a yes to which ends the lead -----------------------


def _checked() -> qualify.Framework:
    return qualify.get_framework("bant").customize(
        name="checked",
        disqualifiers=[
            qualify.Disqualifier(
                key="bad_number", label="Bad number", question="Is the number we have wrong?"
            )
        ],
    )


def test_an_unchecked_disqualifier_is_asked_once_nothing_is_missing() -> None:
    framework = _checked()
    every = {"budget": "sufficient", "authority": "engaged", "need": "validated", "timeframe": 3}
    result = qualify.evaluate(every, framework)
    assert result.verdict is Verdict.QUALIFIED and result.missing == ()
    assert [c.key for c in result.checks] == ["bad_number"]
    assert result.next_question == "Is the number we have wrong?"
    assert result.settled is None  # a yes would still disqualify
    yes, no = result.checks[0].answers
    assert (yes.label, yes.verdict, no.label, no.verdict) == (
        "yes", Verdict.DISQUALIFIED, "no", Verdict.QUALIFIED,
    )  # fmt: skip
    assert yes.share is None and result.checks[0].gain is None
    assert result.checks[0].chance_to_change(result.verdict) == 0.5
    # while questions are missing they come first; a check answered is no longer asked
    assert qualify.evaluate({"budget": "none"}, framework).next_question != yes.label
    answered = qualify.evaluate({**every, "bad_number": False}, framework)
    assert answered.checks == () and answered.next_question is None
    assert answered.settled is Verdict.QUALIFIED
    nobody = qualify.evaluate({**every, "bad_number": "unknown"}, framework)
    assert [c.key for c in nobody.checks] == ["bad_number"]  # asked, nobody knew: still open
    ruled_out = qualify.evaluate({**every, "bad_number": True}, framework)
    assert ruled_out.checks == () and ruled_out.next_question is None
    # an unqualified lead is not pursued either way: its check is listed, not asked
    poor = {"budget": "none", "authority": "identified", "need": "assumed", "timeframe": 30}
    unqualified = qualify.evaluate(poor, framework)
    assert unqualified.verdict is Verdict.UNQUALIFIED and unqualified.next_question is None
    assert [c.key for c in unqualified.checks] == ["bad_number"]


def test_a_check_shows_the_chance_a_yes_would_leave() -> None:
    framework = _counted().customize(
        name="counted-checked",
        disqualifiers=_checked().disqualifiers,
        probability=qualify.Probability(intercept=-5.0, per_point=0.07, disqualified=-3.0),
    )
    result = qualify.evaluate({"budget": "allocated"}, framework)
    yes, no = result.checks[0].answers
    assert no.probability == result.expected
    assert yes.probability is not None and no.probability is not None
    assert yes.probability < no.probability  # the model's offset for a disqualified lead


def test_checks_reach_json_and_read_back() -> None:
    result = qualify.evaluate({"budget": "allocated"}, _checked())
    data = qualify.to_dict(result)
    assert data["checks"] == [
        {"key": "bad_number", "label": "Bad number", "question": "Is the number we have wrong?",
         "weight": 0.0, "points": 0.0},
    ]  # fmt: skip
    assert qualify.from_dict(data, qualify.Evaluation) == result
    older = {key: value for key, value in data.items() if key != "checks"}
    assert qualify.from_dict(older, qualify.Evaluation).checks == ()  # stored before checks
    assert "checks" in qualify.json_schema("evaluation")["properties"]


def test_a_table_asks_the_check_as_evaluate_does() -> None:
    pandas = pytest.importorskip("pandas")
    every = {"budget": "sufficient", "authority": "engaged", "need": "validated", "timeframe": 3}
    poor = {"budget": "none", "authority": "identified", "need": "assumed", "timeframe": 30}
    rows = [every, {**every, "bad_number": False}, {**every, "bad_number": True}, {"need": "assumed"}, poor]
    table = pandas.DataFrame(rows)
    framework = _checked()
    got = qualify.evaluate_frame(table, framework)
    want = [qualify.evaluate({k: v for k, v in r.items() if v == v}, framework) for r in rows]
    asked = [None if pandas.isna(question) else question for question in got["next_question"]]
    assert asked == [r.next_question for r in want]
    assert asked[0] == "Is the number we have wrong?"


@pytest.mark.parametrize("ask", ["points", "decision"])
def test_several_frameworks_rank_their_shared_questions_by_the_order_asked(ask: str) -> None:
    lead = {"budget": "allocated", "need": "validated"}
    frameworks = ["bant", "champ", "anum"]
    compared = qualify.compare(lead, frameworks, ask=ask)  # type: ignore[arg-type]
    by_name = {e.framework: e for e in compared.evaluations}
    for evaluation in compared.evaluations:  # each ordered as evaluate orders it
        alone = qualify.compare(lead, [evaluation.framework], ask=ask)  # type: ignore[arg-type]
        assert [m.key for m in evaluation.missing] == [m.key for m in alone.evaluations[0].missing]

    def worth(question: qualify.reports.SharedQuestion) -> float:
        if ask == "points":
            return question.points
        total = 0.0
        for asked in question.asked:
            evaluation = by_name[asked.framework]
            missing = next(m for m in evaluation.missing if m.key == asked.key)
            total += missing.chance_to_change(evaluation.verdict)
        return total

    values = [worth(q) for q in compared.questions]
    assert values == sorted(values, reverse=True)
    with pytest.raises(qualify.QualifyError, match="ask must be one of"):
        qualify.compare(lead, frameworks, ask="best")  # type: ignore[arg-type]
    with pytest.raises(qualify.QualifyError, match="ask='gain' needs a calibrated framework"):
        qualify.compare(lead, frameworks, ask="gain")


@settings(max_examples=300, deadline=None)
@given(calibrated())
def test_the_open_chance_is_the_share_of_completions_ending_elsewhere(
    case: tuple[qualify.Framework, dict[str, Any]],
) -> None:
    framework, lead = case
    result = qualify.evaluate(lead, framework)
    moved = 0.0
    for completed, weight in weighted_completions(framework, lead):
        if qualify.evaluate(completed, framework).verdict is not result.verdict:
            moved += weight
    assert result.open_chance is not None
    assert result.open_chance == pytest.approx(moved, abs=1e-9)
    if result.settled is not None:
        assert result.open_chance == pytest.approx(0.0, abs=1e-9)


def test_the_open_chance_needs_a_calibrated_framework() -> None:
    assert qualify.evaluate({"budget": "allocated"}, "bant").open_chance is None
    found = qualify.evaluate({"budget": "allocated"}, _counted())
    assert found.open_chance is not None and 0.0 < found.open_chance < 1.0
    every = {"budget": "sufficient", "authority": "engaged", "need": "validated", "timeframe": 3}
    assert qualify.evaluate(every, _counted()).open_chance == 0.0
    back = qualify.from_dict(qualify.to_dict(found), qualify.Evaluation)
    assert back.open_chance is None  # worked out from the framework, not stored
