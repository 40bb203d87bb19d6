"""compare: one lead, several frameworks, the questions that move them all."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualify
from qualify import Status

NAMES = qualify.list_frameworks()


def test_the_cfo_signed_off_reaches_budget_money_and_funds() -> None:
    """The same answer counts under Budget, Money and Funds, given once."""
    result = qualify.compare({"budget": "sufficient"}, ["bant", "champ", "faint", "meddpicc"])
    for name, key in (("bant", "budget"), ("champ", "money"), ("faint", "funds")):
        assert result.evaluation(name).result(key).status is Status.MET
    assert result.evaluation("meddpicc").completeness == 0.0  # MEDDPICC measures no budget
    assert result.not_carried == ()


def test_a_framework_s_own_key_wins_over_the_concept_and_other_frameworks() -> None:
    lead = {"budget": "none", "money": "sufficient", "need": "validated"}
    result = qualify.compare(lead, ["bant", "champ", "faint"])
    assert result.evaluation("bant").result("budget").value == "none"  # its own key
    assert result.evaluation("champ").result("money").value == "sufficient"  # its own key
    assert result.evaluation("faint").result("funds").value == "none"  # the concept's value


def test_a_value_another_scale_cannot_read_is_listed_not_guessed() -> None:
    result = qualify.compare({"timing": 4}, ["bant", "anum"])
    assert result.evaluation("bant").result("timeframe").satisfaction == 1.0
    assert result.evaluation("anum").result("urgency").status is Status.UNKNOWN
    assert [(n.given, n.framework, n.key, n.value) for n in result.not_carried] == [
        ("timing", "anum", "urgency", 4)
    ]


def test_a_key_two_frameworks_read_differently_is_given_per_framework() -> None:
    lead = {"anum:urgency": "top", "short-term-lead:urgency": True}
    result = qualify.compare(lead, ["anum", "short-term-lead"])
    assert result.evaluation("anum").result("urgency").value == "top"
    assert result.evaluation("short-term-lead").result("urgency").value is True
    with pytest.raises(qualify.EvidenceError, match="under 'short-term-lead'"):
        qualify.compare({"urgency": "top"}, ["anum", "short-term-lead"])
    with pytest.raises(qualify.UnknownCriterionError, match="not one of those evaluated"):
        qualify.compare({"bant:budget": "none"}, ["anum"])
    with pytest.raises(qualify.UnknownCriterionError, match="Did you mean 'urgency'"):
        qualify.compare({"anum:urgncy": "top"}, ["anum"])


def test_the_one_question_that_moves_every_framework_most() -> None:
    lead = {"need": "validated", "budget": "allocated"}
    result = qualify.compare(lead, ["bant", "champ", "anum", "neat"])
    first = result.questions[0]
    assert first.concept == "authority"
    assert {a.framework for a in first.asked} == {"bant", "champ", "anum", "neat"}
    assert first.points == pytest.approx(sum(a.points for a in first.asked))
    assert result.next_question == first.question
    # anum weighs authority most (4 of 10): its wording is asked
    assert first.question == qualify.get_framework("anum").criterion("authority").question


def test_the_comparison_round_trips_and_writes_json() -> None:
    result = qualify.compare({"need": "identified"}, ["bant", "spiced"])
    data = qualify.to_dict(result)
    assert json.loads(json.dumps(data))["questions"][0]["points"] > 0
    assert qualify.from_dict(data, qualify.Comparison) == result


@pytest.mark.parametrize(
    ("evidence", "frameworks", "error", "message"),
    [
        ({"budgte": "allocated"}, ["bant"], qualify.UnknownCriterionError, "Did you mean 'budget'"),
        ({"budget": "plenty"}, ["bant", "champ"], qualify.EvidenceError, "under 'bant'"),
        ({"need": "validated"}, "bant", qualify.QualifyError, "a list of frameworks"),
        ({"need": "validated"}, ["bant", "bant"], qualify.QualifyError, "more than once"),
        ({"need": "validated"}, ["bnat"], qualify.UnknownFrameworkError, "Did you mean 'bant'"),
    ],
)
def test_bad_input_says_what_is_accepted(
    evidence: dict[str, Any], frameworks: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        qualify.compare(evidence, frameworks)


# -- properties -----------------------------------------------------------------------

frameworks_drawn = st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True)


def _values(framework: qualify.Framework, key: str) -> st.SearchStrategy[Any]:
    scale = framework.criterion(key).scale
    levels = getattr(scale, "levels", None)
    if levels is not None:
        return st.sampled_from([level.name for level in levels])
    if isinstance(scale, qualify.Months):
        return st.integers(0, 30)
    return st.booleans()


@st.composite
def own_evidence(draw: st.DrawFn) -> tuple[list[str], dict[str, Any]]:
    """Frameworks with no key in common, and evidence under their own keys only."""
    names = draw(frameworks_drawn)
    chosen: list[str] = []
    keys: set[str] = set()
    concepts: set[str] = set()
    for name in names:
        framework = qualify.get_framework(name)
        theirs = {c.key for c in framework.criteria}
        measured = {c.concept for c in framework.criteria if c.concept}
        if theirs & keys or measured & concepts or theirs & concepts or measured & keys:
            continue
        chosen.append(name)
        keys |= theirs
        concepts |= measured
    evidence: dict[str, Any] = {}
    for name in chosen:
        framework = qualify.get_framework(name)
        for criterion in framework.criteria:
            if draw(st.booleans()):
                evidence[criterion.key] = draw(_values(framework, criterion.key))
    return chosen, evidence


@settings(max_examples=60, deadline=None)
@given(own_evidence())
def test_several_frameworks_give_exactly_the_single_evaluations(
    case: tuple[list[str], dict[str, Any]],
) -> None:
    names, evidence = case
    result = qualify.compare(evidence, names)
    for name, evaluation in zip(names, result.evaluations, strict=True):
        keys = set(qualify.get_framework(name).keys)
        assert evaluation == qualify.evaluate({k: v for k, v in evidence.items() if k in keys}, name)


@settings(max_examples=60, deadline=None)
@given(frameworks_drawn, st.data())
def test_a_value_given_once_under_a_concept_reaches_every_framework_that_maps_it(
    names: list[str], data: st.DataObject
) -> None:
    measured = sorted(
        {c.concept for n in names for c in qualify.get_framework(n).criteria if c.concept}
        - {key for n in names for key in qualify.get_framework(n).keys}
    )
    if not measured:
        return
    concept = data.draw(st.sampled_from(measured))
    holder = next(
        (qualify.get_framework(n), c.key)
        for n in names
        for c in qualify.get_framework(n).criteria
        if c.concept == concept
    )
    value = data.draw(_values(*holder))
    result = qualify.compare({concept: value}, names)
    missed = {(n.framework, n.key) for n in result.not_carried}
    for name, evaluation in zip(names, result.evaluations, strict=True):
        for criterion in qualify.get_framework(name).criteria:
            if criterion.concept != concept:
                continue
            reached = evaluation.result(criterion.key).status is not Status.UNKNOWN
            held = criterion.key in {u.key for u in evaluation.unvetted}  # reached, unvetted
            assert reached or held or (name, criterion.key) in missed, (name, criterion.key, value)


@settings(max_examples=80, deadline=None)
@given(frameworks_drawn, st.data())
def test_the_shared_next_question_is_never_worth_less_than_any_framework_s_own(
    names: list[str], data: st.DataObject
) -> None:
    evidence: dict[str, Any] = {}
    for name in names:
        framework = qualify.get_framework(name)
        for criterion in framework.criteria:
            if criterion.key not in evidence and data.draw(st.booleans()):
                evidence[criterion.key] = data.draw(_values(framework, criterion.key))
    try:
        result = qualify.compare(evidence, names)
    except qualify.EvidenceError:
        return  # a key two frameworks share with different scales: not this property
    own_best = [e.missing[0].points for e in result.evaluations if e.missing]
    if not own_best:
        assert result.questions == ()
        return
    assert result.questions[0].points >= max(own_best) - 1e-9


SAME_SCALES = ["bant", "champ", "faint", "neat", "meddpicc", "anum"]


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "duckdb"])
def test_a_table_under_several_frameworks_equals_evaluate_all_row_by_row(backend: str) -> None:
    import random

    import polars as pl

    from .test_frames import OUT, _natives, _output_row, _polars

    rng = random.Random(3)
    data: dict[str, list[Any]] = {
        "lead": [f"L{i}" for i in range(120)],
        "budget": [rng.choice(["none", "process", "allocated", "sufficient", None]) for _ in range(120)],
        "need": [rng.choice(["assumed", "identified", "validated", None]) for _ in range(120)],
        "economic_buyer": [rng.choice(["identified", "engaged", None]) for _ in range(120)],
        "prioritization": [rng.choice(["low", "planned", "top", None]) for _ in range(120)],
        "timeline": [rng.choice([2.0, 8.0, 20.0, None]) for _ in range(120)],
        # BANT's budget alone, read before "budget" by BANT only, as compare does
        "bant:budget": [rng.choice(["none", "sufficient", None]) for _ in range(120)],
    }
    got = _polars(qualify.evaluate_frame(_natives(data)[backend], SAME_SCALES))
    assert got["budget"].to_list() == data["budget"]  # the column read around is kept
    if backend == "duckdb":
        order = {lead: i for i, lead in enumerate(data["lead"])}
        got = got.with_columns(pl.col("lead").replace_strict(order).alias("_i")).sort("_i")
    keys = [key for key in data if key != "lead"]
    for i, row in enumerate(got.rows(named=True)):
        lead = {key: data[key][i] for key in keys if data[key][i] is not None}
        result = qualify.compare(lead, SAME_SCALES)
        for evaluation in result.evaluations:
            expected = _output_row(evaluation)
            assert {c: row[f"{evaluation.framework}_{c}"] for c in OUT} == expected, (i, evaluation.framework)


def test_a_table_under_several_frameworks_says_what_is_wrong() -> None:
    pd = pytest.importorskip("pandas")
    table = pd.DataFrame({"need": ["validated"]})
    with pytest.raises(qualify.QualifyError, match="more than once"):
        qualify.evaluate_frame(table, ["bant", "bant"])
    with pytest.raises(qualify.QualifyError, match="empty list"):
        qualify.evaluate_frame(table, [])
    with pytest.raises(qualify.QualifyError, match="already has columns named 'bant_score'"):
        qualify.evaluate_frame(table.assign(bant_score=1), ["bant", "champ"])


COMPARE_CSV = """lead,budget,need,economic_buyer,prioritization,champ:money
L-1,allocated,validated,identified,top,
L-2,none,assumed,,low,sufficient
L-3,plenty,validated,,,
"""


def test_the_command_line_judges_a_file_under_several_frameworks(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv
    import io

    from qualify.cli import main

    leads = tmp_path / "leads.csv"
    leads.write_text(COMPARE_CSV, encoding="utf-8")
    argv = ["evaluate", str(leads), "-f", "bant", "-f", "champ", "-f", "meddpicc"]
    assert main([*argv, "--format", "csv"]) == 1  # L-3's budget is no level BANT knows
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["lead"] for row in rows] == ["L-1", "L-2"]
    first = qualify.compare(
        {"budget": "allocated", "need": "validated", "economic_buyer": "identified",
         "prioritization": "top"}, ["bant", "champ", "meddpicc"])  # fmt: skip
    assert rows[0]["champ_score"] == f"{first.evaluation('champ').score:.2f}"
    assert rows[0]["next_question"] == first.next_question
    assert rows[1]["champ_score"] == f"{qualify.evaluate({'money': 'sufficient', 'challenges': 'assumed', 'prioritization': 'low'}, 'champ').score:.2f}"
    assert "error: line 4 (L-3): under 'bant'" in err
    assert "2 leads evaluated under bant, champ, meddpicc; 1 row reported" in err
    assert main([*argv, "--format", "jsonl"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert qualify.from_dict({k: v for k, v in lines[0].items() if k != "lead"}, qualify.Comparison) == first
    assert main(argv) == 1  # text: a table with a header, columns aligned
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["lead", "bant", "score", "champ", "score", "meddpicc", "score", "ask", "next"]
    assert table[1].split()[:7] == [
        "L-1", *(part for e in first.evaluations for part in (e.verdict.value, f"{e.score:.1f}"))
    ]
    assert table[1].endswith(first.next_question or "-")
    ends = [m.end() for m in re.finditer("score", table[0])]  # numbers end under their header
    for line in table[1:]:
        assert all(line[end - 1].isdigit() and line[end] == " " for end in ends), line
    assert main([*argv, "--mapping", "dynamics365"]) == 2
    assert "give one -f with it" in capsys.readouterr().err
    assert main(["backtest", str(leads), "-f", "bant", "-f", "champ", "--outcome", "x"]) == 2
    assert "backtest takes one framework" in capsys.readouterr().err


def test_a_comparison_shows_in_a_notebook() -> None:
    result = qualify.compare({"need": "validated"}, ["bant", "champ"])
    html = result._repr_html_()
    assert html.startswith('<div class="qualify-comparison">')
    assert "points across all" in html and "bant.authority" in html
    assert html.count("<tr>") == 1 + 2 + 1 + min(5, len(result.questions))


def test_asking_for_a_framework_not_compared_names_those_that_were() -> None:
    result = qualify.compare({"need": "validated"}, ["bant", "champ"])
    with pytest.raises(qualify.UnknownFrameworkError, match="the frameworks compared: bant, champ"):
        result.evaluation("meddic")


def test_compare_reads_a_crm_row_through_a_mapping() -> None:
    mapping = qualify.FieldMap(
        name="acme-compare", framework="bant",
        fields=[qualify.Field(column="Budget_Status__c", criterion="budget",
                              values={"Approved": "allocated"}),
                qualify.Field(column="Need__c", criterion="need")],
    )  # fmt: skip
    row = {"Id": "00Q1", "Budget_Status__c": "Approved", "Need__c": "validated"}
    through = qualify.compare(row, ["bant", "champ"], mapping=mapping)
    direct = qualify.compare({"budget": "allocated", "need": "validated"}, ["bant", "champ"])
    assert through == direct


def test_compare_judges_as_of_an_instant() -> None:
    from datetime import timedelta

    aged = qualify.get_framework("bant").customize(name="bant-compare-aged",
                                                    fresh_for=timedelta(days=30))  # fmt: skip
    lead = {"budget": "allocated", "need": "validated"}
    found = qualify.compare(lead, [aged, "champ"], as_of=datetime(2026, 6, 1),
                            observed_at=datetime(2026, 1, 1))  # fmt: skip
    alone = qualify.evaluate(lead, aged, as_of=datetime(2026, 6, 1),
                             observed_at=datetime(2026, 1, 1))  # fmt: skip
    assert found.evaluations[0] == alone and {s.key for s in alone.stale} == {"budget", "need"}


def test_evaluate_all_is_a_deprecated_alias_of_compare() -> None:
    lead = {"budget": "allocated", "need": "validated"}
    with pytest.warns(DeprecationWarning, match="qualify.compare"):
        old = qualify.evaluate_all(lead, ["bant", "champ"])
    assert old == qualify.compare(lead, ["bant", "champ"])


def test_true_one_and_one_point_zero_are_read_apart_lead_after_lead() -> None:
    # True == 1 == 1.0 in Python, yet a numbers scale reads True as fully met and 1 as the
    # number one: compare remembers how it routed a lead's answers, and once answered a
    # later lead's 1 with an earlier lead's True (found in review)
    seats = qualify.Criterion(
        key="seats", label="Seats", question="How many seats?",
        scale=qualify.Numbers(thresholds=[qualify.Threshold(at_least=1, satisfaction=0.2),
                                          qualify.Threshold(at_least=50, satisfaction=1.0)]),
    )  # fmt: skip
    counted = qualify.Framework(name="seats-counted", title="Seats", criteria=[seats])
    other = qualify.Framework(
        name="seats-other", title="Other",
        criteria=[qualify.Criterion(key="fit", label="Fit", question="A fit?")],
    )  # fmt: skip
    for value in (True, 1, 1.0, True, 1):
        compared = qualify.compare({"seats": value}, [counted, other]).evaluations[0]
        assert compared == qualify.evaluate({"seats": value}, counted), value
        assert type(compared.result("seats").value) is type(value)


def test_leads_that_stand_alike_share_one_comparison_equal_to_a_fresh_one() -> None:
    from qualify._plugins import several

    frameworks = [qualify.get_framework(name) for name in ("bant", "champ", "spiced")]
    lead = {"budget": "allocated", "need": "validated", "timing": 3}
    first = qualify.compare(lead, frameworks)
    again = qualify.compare(dict(lead), frameworks)
    assert again is first  # immutable: one object serves both
    assert first.evaluations == tuple(
        qualify.evaluate(own, framework)
        for own, framework in zip(
            [{r.key: r.value for r in e.criteria if r.value is not None} for e in first.evaluations],
            frameworks,
            strict=True,
        )
    )
    decided = qualify.compare(lead, frameworks, ask="decision")  # another order: its own
    assert decided is not first and decided.evaluations == first.evaluations
    dated = qualify.compare(lead, frameworks, as_of=datetime(2026, 6, 1))  # never kept
    assert dated is not qualify.compare(lead, frameworks, as_of=datetime(2026, 6, 1))
    walk = several._crosswalk(frameworks)
    walk.compared.keeping = False
    try:
        alone = qualify.compare(lead, frameworks)
    finally:
        walk.compared.keeping = True
    assert alone is not first and alone == first


def test_comparisons_stop_being_kept_when_leads_never_stand_alike() -> None:
    from qualify._core.keeping import KEPT
    from qualify._plugins import several

    frameworks = [qualify.get_framework("bant"), qualify.get_framework("anum")]
    walk = several._crosswalk(frameworks)
    leads = [{"timeframe": 1 + i / 10_000} for i in range(KEPT + 1)]
    for lead in leads:
        qualify.compare(lead, frameworks)
    assert walk.compared.keeping is False and not walk.compared.entries
    for lead in leads[:20]:  # still right, worked out afresh
        found = qualify.compare(lead, frameworks)
        assert found.evaluations[0] == qualify.evaluate(lead, frameworks[0])


def test_an_unhashable_value_is_compared_afresh_and_refused_as_evaluate_refuses_it() -> None:
    for _ in range(2):
        with pytest.raises(qualify.EvidenceError, match="budget"):
            qualify.compare({"budget": ["allocated"]}, ["bant", "champ"])


def test_shared_questions_keep_each_leads_own_wording() -> None:
    # rankings are remembered per set of open questions: one asked to vet an answer reads
    # apart from the same question not answered yet
    frameworks = ["meeting-gate", "bant"]
    for lead in ({"committed": True}, {}, {"committed": True}):
        found = qualify.compare(lead, frameworks)
        gate = found.evaluation("meeting-gate")
        asked = {q.asked[0].key: q.question for q in found.questions if q.asked[0].framework == "meeting-gate"}
        assert asked["committed"] == gate.missing[[m.key for m in gate.missing].index("committed")].question
        assert ("Vet the answer" in asked["committed"]) == bool(lead)


@settings(max_examples=60, deadline=None)
@given(own_evidence())
def test_shared_questions_equal_a_ranking_worked_out_afresh(
    case: tuple[list[str], dict[str, Any]],
) -> None:
    # rankings are remembered by the open questions' tuples, then by what they hold
    from qualify._core.comparison import rank
    from qualify._plugins import several

    names, evidence = case
    frameworks = [qualify.get_framework(name) for name in names]
    walk = several._crosswalk(frameworks)
    walk.compared.keeping = False  # each comparison worked out, its ranking looked up
    try:
        for _ in range(2):
            found = qualify.compare(dict(evidence), frameworks)
            assert found.questions == rank(list(found.evaluations), walk.concepts, "points")
    finally:
        walk.compared.keeping = True
