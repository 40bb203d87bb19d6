"""The one evaluation API, met the way a CRM developer meets it."""

from __future__ import annotations

import copy
import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest

import qualify
from qualify import Evidence, Status, Verdict

from .conftest import make_framework

QUALIFIED_BANT = {
    "budget": "allocated",
    "authority": "engaged",
    "need": "validated",
    "timeframe": 4,
}


def test_the_issue_example() -> None:
    result = qualify.evaluate(QUALIFIED_BANT, framework="bant")
    assert 0 <= result.score <= 100
    assert result.verdict is Verdict.QUALIFIED
    assert result.missing == ()
    assert result.framework == "bant" and result.framework_version == "1"


def test_score_is_the_weighted_mean_satisfaction() -> None:
    # budget 0.75 x 3, authority 1 x 3, need 1 x 4, timeframe 1 x 2, out of 12.
    result = qualify.evaluate(QUALIFIED_BANT, "bant")
    assert result.score == pytest.approx(100 * (2.25 + 3 + 4 + 2) / 12)
    assert result.completeness == 1.0
    assert result.potential == result.score


def test_everything_best_scores_exactly_100() -> None:
    best = {key: True for key in ("budget", "authority", "need", "timeframe")}
    assert qualify.evaluate(best, "bant").score == 100.0
    assert qualify.evaluate({}, "bant").potential == 100.0


def test_missing_is_what_to_ask_next_heaviest_first() -> None:
    result = qualify.evaluate({"timeframe": 3}, "bant")
    # need (4) first, then budget and authority (3 each) in framework order.
    assert [m.key for m in result.missing] == ["need", "budget", "authority"]
    first = result.missing[0]
    assert first.label == "Need" and first.question.endswith("?")
    assert first.weight == 4.0 and first.points == pytest.approx(100 * 4 / 12)
    assert result.next_question == first.question


def test_gaps_are_known_shortfalls_largest_first() -> None:
    result = qualify.evaluate(
        {"budget": "process", "authority": "identified", "need": "validated"}, "bant"
    )
    # budget loses 3 x 0.65 = 1.95, authority 3 x 0.5 = 1.5
    assert [g.key for g in result.gaps] == ["budget", "authority"]
    assert {g.status for g in result.gaps} == {Status.PARTIAL}
    assert [m.key for m in result.missing] == ["timeframe"]


def test_criteria_results_in_framework_order() -> None:
    result = qualify.evaluate({"need": "identified", "budget": "none"}, "bant")
    assert [r.key for r in result.criteria] == ["budget", "authority", "need", "timeframe"]
    budget, authority, need, _ = result.criteria
    assert budget.status is Status.UNMET and budget.points == 0.0
    assert authority.status is Status.UNKNOWN and authority.evidence is None
    assert need.status is Status.PARTIAL and need.satisfaction == 0.5
    assert need.points == pytest.approx(100 * 4 * 0.5 / 12)
    assert need.value == "identified" and need.evidence is None
    assert result.result("need") is need
    with pytest.raises(qualify.UnknownCriterionError, match="no criterion 'nead'"):
        result.result("nead")


class TestVerdict:
    def test_required_criterion_must_be_met_to_qualify(self) -> None:
        # 83 points, above the 70 threshold, but need (required) is only identified:
        # a lead to nurture until the need is validated.
        evidence = {
            "budget": "sufficient",
            "authority": "engaged",
            "need": "identified",
            "timeframe": 2,
        }
        result = qualify.evaluate(evidence, "bant")
        assert result.score >= result.qualified_at
        assert result.verdict is Verdict.NURTURE
        evidence["need"] = "validated"
        assert qualify.evaluate(evidence, "bant").verdict is Verdict.QUALIFIED

    def test_nurture_when_missing_answers_could_still_qualify(self) -> None:
        result = qualify.evaluate({"authority": "engaged", "need": "identified"}, "bant")
        assert result.potential >= 70 > result.score
        assert result.verdict is Verdict.NURTURE

    def test_unqualified_when_even_best_answers_fall_short(self) -> None:
        result = qualify.evaluate({"budget": "none", "authority": False}, "bant")
        assert result.potential < 70
        assert result.verdict is Verdict.UNQUALIFIED

    def test_a_disqualifier_beats_any_score(self) -> None:
        every = {key: True for key in qualify.get_framework("short-term-lead").keys}
        every.update(consultant=False, competitor=False, bad_contact_data=False, student="yes")
        result = qualify.evaluate(every, "short-term-lead")
        assert result.score == 100.0
        assert result.verdict is Verdict.DISQUALIFIED
        assert result.disqualified_by == ("student",)

    def test_verdict_is_a_str_enum(self) -> None:
        assert Verdict.NURTURE == "nurture"
        assert [v.value for v in Verdict] == ["qualified", "nurture", "unqualified", "disqualified"]


class TestStages:
    def test_highest_stage_with_all_earlier_met(self) -> None:
        evidence = {
            "contacts_identified": True,
            "initial_conversation": True,
            "expanded_conversation": True,
            "company_mapped": True,  # stage 5 without stage 4 does not count
        }
        result = qualify.evaluate(evidence, "teleprospecting")
        assert result.stage == "expanded_conversation"
        assert result.next_stage == "initial_assessment"

    def test_none_before_the_first_stage(self) -> None:
        result = qualify.evaluate({"initial_conversation": True}, "teleprospecting")
        assert result.stage is None and result.next_stage == "contacts_identified"

    def test_frameworks_without_stages(self) -> None:
        result = qualify.evaluate(QUALIFIED_BANT, "bant")
        assert result.stage is None and result.next_stage is None


class TestEvidenceItems:
    def test_latest_observation_wins(self) -> None:
        monday = datetime(2026, 11, 2, 9, tzinfo=UTC)
        items = [
            Evidence(key="budget", value="allocated", observed_at=monday + timedelta(days=3)),
            Evidence(key="budget", value="none", observed_at=monday),
            Evidence(key="need", value="validated", channel="phone"),
        ]
        result = qualify.evaluate(items, "bant")
        assert result.result("budget").evidence is items[0]
        assert result.result("budget").value == "allocated"
        assert result.result("need").evidence is items[2]

    def test_ties_go_to_the_later_item(self) -> None:
        when = datetime(2026, 11, 2, 9, tzinfo=UTC)
        items = [
            Evidence(key="need", value="assumed", observed_at=when),
            Evidence(key="need", value="identified", observed_at=when),
        ]
        assert qualify.evaluate(items, "bant").result("need").satisfaction == 0.5

    def test_undated_evidence_yields_to_dated(self) -> None:
        items = [
            Evidence(key="need", value="validated", observed_at=datetime(2026, 1, 1, tzinfo=UTC)),
            Evidence(key="need", value="assumed"),
        ]
        assert qualify.evaluate(items, "bant").result("need").status is Status.MET

    def test_blank_values_are_no_evidence(self) -> None:
        items = [Evidence(key="need", value="validated"), Evidence(key="need", value="  ")]
        assert qualify.evaluate(items, "bant").result("need").status is Status.MET

    def test_naive_and_aware_times_cannot_be_mixed(self) -> None:
        items = [
            Evidence(key="need", value="validated", observed_at=datetime(2026, 1, 1)),
            Evidence(key="need", value="assumed", observed_at=datetime(2026, 1, 2, tzinfo=UTC)),
        ]
        with pytest.raises(qualify.EvidenceError, match="timezone"):
            qualify.evaluate(items, "bant")

    def test_generators_are_accepted(self) -> None:
        items = (Evidence(key=k, value=True) for k in ("budget", "authority", "need", "timeframe"))
        assert qualify.evaluate(items, "bant").verdict is Verdict.QUALIFIED


class TestNoEvidence:
    @pytest.mark.parametrize("blank", [None, "", "   "])
    def test_none_and_blank_strings_mean_no_evidence(self, blank: object) -> None:
        result = qualify.evaluate({"need": "validated", "budget": blank}, "bant")
        assert result.result("budget").status is Status.UNKNOWN
        assert "budget" in [m.key for m in result.missing]


class TestNumbers:
    @pytest.mark.parametrize("months", [4, 4.0, "4", " 4.5 ", Decimal("4"), Fraction(9, 2)])
    def test_number_like_months(self, months: object) -> None:
        result = qualify.evaluate({"timeframe": months}, "bant")  # type: ignore[dict-item]
        assert result.result("timeframe").status is Status.MET

    def test_nan_is_no_evidence_as_in_tables(self) -> None:
        # a table's NaN and a mapping's NaN are no evidence; a dict's is the same
        result = qualify.evaluate({"timeframe": math.nan}, "bant")
        assert result.result("timeframe").status is qualify.Status.UNKNOWN


class TestBadInput:
    def test_unknown_criterion_names_the_framework_keys(self) -> None:
        with pytest.raises(qualify.UnknownCriterionError) as caught:
            qualify.evaluate({"need": "identified"}, framework="icare")
        message = str(caught.value)
        assert "'icare'" in message and "'need'" in message
        assert "imperative, consequences, agreement, resources, environment" in message

    def test_unknown_criterion_suggests_the_closest(self) -> None:
        with pytest.raises(qualify.UnknownCriterionError, match="Did you mean 'budget'"):
            qualify.evaluate({"budegt": "allocated"}, "bant")

    def test_unacceptable_value_names_criterion_value_and_accepted(self) -> None:
        with pytest.raises(qualify.EvidenceError) as caught:
            qualify.evaluate({"budget": "loads"}, "bant")
        message = str(caught.value)
        assert "'budget'" in message and "'loads'" in message
        assert "'none'" in message and "'sufficient'" in message

    def test_bad_disqualifier_value(self) -> None:
        with pytest.raises(qualify.EvidenceError, match="disqualifier 'student'.*'perhaps'"):
            qualify.evaluate({"student": "perhaps"}, "short-term-lead")

    @pytest.mark.parametrize("value", [[1], {"a": 1}, object(), b"bytes", 3j])
    def test_wrong_value_types(self, value: object) -> None:
        with pytest.raises(qualify.EvidenceError, match="'need' must be a string, a number"):
            qualify.evaluate({"need": value}, "bant")  # type: ignore[dict-item]

    @pytest.mark.parametrize("evidence", ["need=validated", 42, None, b"x"])
    def test_wrong_evidence_shapes(self, evidence: object) -> None:
        with pytest.raises(qualify.EvidenceError, match="mapping of criterion key to value"):
            qualify.evaluate(evidence, "bant")  # type: ignore[arg-type]

    def test_iterable_of_non_evidence(self) -> None:
        with pytest.raises(qualify.EvidenceError, match="got tuple at position 0"):
            qualify.evaluate([("need", "validated")], "bant")  # type: ignore[list-item]

    def test_non_string_keys(self) -> None:
        with pytest.raises(qualify.UnknownCriterionError, match="no criterion or disqualifier 3"):
            qualify.evaluate({3: "x"}, "bant")  # type: ignore[dict-item]

    def test_unknown_framework_lists_the_registered(self) -> None:
        with pytest.raises(qualify.UnknownFrameworkError) as caught:
            qualify.evaluate({}, "bnat")
        message = str(caught.value)
        assert "Did you mean 'bant'" in message
        assert ", ".join(qualify.list_frameworks()) in message

    def test_framework_of_the_wrong_type(self) -> None:
        with pytest.raises(qualify.UnknownFrameworkError, match="got int"):
            qualify.evaluate({}, 3)  # type: ignore[arg-type]

    def test_every_error_is_a_qualify_error(self) -> None:
        for call in (
            lambda: qualify.evaluate({"x": 1}, "bant"),
            lambda: qualify.evaluate({}, "nope"),
            lambda: qualify.evaluate({"need": [math.nan]}, "bant"),
        ):
            with pytest.raises(qualify.QualifyError):
                call()


def test_evaluate_never_mutates_its_input() -> None:
    evidence = {"budget": "allocated", "need": " ", "timeframe": 4, "authority": None}
    items = [Evidence(key="need", value="validated"), Evidence(key="need", value="assumed")]
    before = copy.deepcopy((evidence, items))
    qualify.evaluate(evidence, "bant")
    qualify.evaluate(items, "bant")
    assert (evidence, items) == before


def test_a_framework_object_is_evaluated_without_registering(tiny: qualify.Framework) -> None:
    result = qualify.evaluate({"fit": True}, tiny)
    assert result.framework == "tiny"
    assert result.score == pytest.approx(200 / 3)
    assert "tiny" not in qualify.list_frameworks()


def test_equal_frameworks_evaluate_alike() -> None:
    first = make_framework(qualified_at=50)
    second = make_framework(qualified_at=50)
    assert qualify.evaluate({"fit": True}, first) == qualify.evaluate({"fit": True}, second)
    changed = make_framework(qualified_at=90)
    assert qualify.evaluate({"fit": True}, changed).verdict is Verdict.NURTURE


def test_a_score_on_the_threshold_qualifies_despite_rounding() -> None:
    # 0.1 + 0.2 is not exactly 0.3 in floating point; 3 of 10 equal criteria is 30 points.
    criteria = tuple(
        qualify.Criterion(key=f"c{i}", label=f"C{i}", question="?", weight=0.1) for i in range(10)
    )
    framework = qualify.Framework(name="tenths", title="Tenths", criteria=criteria, qualified_at=30)
    result = qualify.evaluate({"c0": True, "c1": True, "c2": True}, framework)
    assert result.score == pytest.approx(30)
    assert result.verdict is Verdict.QUALIFIED


def test_compiled_plans_share_parts_yet_equal_a_fresh_compile() -> None:
    """Shared unknown results and missing tuples give what a fresh compile gives, and a
    framework's compiled plan goes away with it."""
    import gc

    from qualify._core import plan

    bant = qualify.get_framework("bant")
    leads = [{}, {"need": "validated"}, {"budget": "none", "timeframe": 30}, {"need": "assumed"}]
    first = [qualify.evaluate(lead, bant) for lead in leads * 2]
    copy = bant.customize(name="bant-copy")
    again = [qualify.evaluate(lead, copy) for lead in leads * 2]
    for one, other in zip(first, again, strict=True):
        assert attrs.evolve(other, framework="bant", framework_version="1") == one
    assert first[0].missing is first[4].missing  # one tuple per pattern of unknowns
    key = id(copy)
    assert key in plan._plans
    del copy, again
    gc.collect()
    assert key not in plan._plans


class TestNextStep:
    def test_a_nurture_lead_with_nothing_missing_is_asked_about_its_largest_gap(self) -> None:
        lead = {
            "budget": "sufficient",
            "authority": "engaged",
            "need": "identified",
            "timeframe": 3,
        }
        result = qualify.evaluate(lead, "bant")
        assert result.verdict is Verdict.NURTURE and result.missing == ()
        assert result.next_question == result.result("need").question

    def test_ties_between_gaps_go_to_the_first_in_framework_order(self) -> None:
        a = qualify.Criterion(key="a", label="A", question="Ask A?", required=True)
        b = qualify.Criterion(
            key="b",
            label="B",
            question="Ask B?",
            scale=qualify.Months(bands=[qualify.Band(within=3, satisfaction=1.0)], beyond=0.5),
        )
        c = qualify.Criterion(
            key="c",
            label="C",
            question="Ask C?",
            scale=qualify.Months(bands=[qualify.Band(within=3, satisfaction=1.0)], beyond=0.5),
        )
        framework = qualify.Framework(
            name="ties", title="Ties", criteria=[a, b, c], qualified_at=60
        )
        result = qualify.evaluate({"a": True, "b": 9, "c": 9}, framework)
        assert result.verdict is Verdict.QUALIFIED and result.next_question is None
        required = framework.customize(name="ties-2", change={"b": {"required": True}})
        result = qualify.evaluate({"a": True, "b": 9, "c": 9}, required)
        assert result.verdict is Verdict.NURTURE and result.next_question == "Ask B?"

    def test_qualified_unqualified_and_disqualified_leads_have_no_gap_question(self) -> None:
        done = qualify.evaluate(
            {"budget": "sufficient", "authority": "engaged", "need": "validated", "timeframe": 3},
            "bant",
        )
        assert done.next_question is None
        lost = qualify.evaluate(
            {"budget": "none", "authority": False, "need": "assumed", "timeframe": 40}, "bant"
        )
        assert lost.verdict is Verdict.UNQUALIFIED and lost.next_question is None

    def test_priority_sorts_disqualified_leads_last(self) -> None:
        leads = [
            {"urgency": True, "pain_validated": True, "budget": True, "competitor": True},
            {"urgency": True},
            {},
        ]
        results = [qualify.evaluate(lead, "short-term-lead") for lead in leads]
        assert results[0].score > results[1].score > results[2].score
        ranked = sorted(results, key=lambda e: e.priority, reverse=True)
        assert ranked[-1].verdict is Verdict.DISQUALIFIED
        assert [e.priority for e in ranked] == [results[1].score, 0.0, -1.0]


class TestEveryProblem:
    def test_every_bad_value_of_a_lead_is_named_at_once(self) -> None:
        with pytest.raises(qualify.EvidenceError) as raised:
            qualify.evaluate({"budget": "lots", "need": "urgent", "timeframe": "soon"}, "bant")
        problems = raised.value.problems
        assert len(problems) == 3
        assert [p.split("'")[1] for p in problems] == ["budget", "need", "timeframe"]
        assert str(raised.value).startswith("3 problems: (1) criterion 'budget'")

    def test_one_problem_reads_as_before(self) -> None:
        with pytest.raises(qualify.EvidenceError) as raised:
            qualify.evaluate({"budget": "lots"}, "bant")
        assert raised.value.problems == (str(raised.value),)
        assert str(raised.value).startswith(
            "criterion 'budget' of framework 'bant' does not accept"
        )

    def test_problems_survive_pickling_and_evaluate_many(self) -> None:
        import pickle

        leads = [{"need": "validated"}, {"budget": "lots", "need": "urgent"}]
        with pytest.raises(qualify.EvidenceError) as raised:
            list(qualify.evaluate_many(leads, "bant"))
        assert str(raised.value).startswith("record 2: 2 problems")
        again = pickle.loads(pickle.dumps(raised.value))
        assert type(again) is qualify.EvidenceError
        assert again.problems == raised.value.problems and len(again.problems) == 2
        assert str(again) == str(raised.value)


class TestOtherKeys:
    ROW = {"Id": "00Q1", "Company": "Acme", "need": "validated", "budget": "allocated"}

    def test_other_keys_are_an_error_by_default(self) -> None:
        with pytest.raises(
            qualify.UnknownCriterionError, match="no criterion or disqualifier 'Id'"
        ):
            qualify.evaluate(self.ROW, "bant")

    def test_other_keys_can_be_ignored(self) -> None:
        result = qualify.evaluate(self.ROW, "bant", other_keys="ignore")
        assert result == qualify.evaluate({"need": "validated", "budget": "allocated"}, "bant")
        items = [
            qualify.Evidence(key="need", value="validated"),
            qualify.Evidence(key="region", value="EMEA"),
        ]
        assert (
            qualify.evaluate(items, "bant", other_keys="ignore").result("need").value == "validated"
        )
        many = list(qualify.evaluate_many([self.ROW, {"x": 1}], "bant", other_keys="ignore"))
        assert many[0] == result and many[1].completeness == 0

    def test_bad_values_are_still_errors_and_the_choice_is_checked(self) -> None:
        with pytest.raises(qualify.EvidenceError, match="does not accept 'lots'"):
            qualify.evaluate({"Id": "1", "budget": "lots"}, "bant", other_keys="ignore")
        with pytest.raises(
            qualify.QualifyError, match="other_keys must be one of 'error', 'ignore'"
        ):
            qualify.evaluate(self.ROW, "bant", other_keys="skip")
        with pytest.raises(qualify.QualifyError, match="other_keys must be one of"):
            qualify.evaluate_many([self.ROW], "bant", other_keys="drop")


def test_an_evaluation_is_an_attrs_instance_like_any_other() -> None:
    """The engine makes each evaluation from its framework's blank fields (a dict copied in
    one step): the result behaves as one built by its ``__init__``, and the blank stays."""
    import pickle

    from qualify._core.plan import plan_of

    result = qualify.evaluate({"budget": "allocated", "timeframe": 3}, "bant")
    fields = {field.name: getattr(result, field.name) for field in attrs.fields(qualify.Evaluation)}
    built = qualify.Evaluation(**fields)
    assert result == built and hash(result) == hash(built) and repr(result) == repr(built)
    assert list(vars(result)) == list(vars(built))  # every field there, in field order
    for again in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result), attrs.evolve(result)):
        assert again == result
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.score = 100.0  # type: ignore[misc]
    qualify.evaluate({"budget": "sufficient", "need": "validated"}, "bant")
    blank = plan_of(qualify.get_framework("bant")).blank
    assert blank["score"] == 0.0 and blank["criteria"] == () and blank["settled"] is None
    assert blank["framework"] == "bant" and blank["qualified_at"] == 70.0
