"""Vetted answers: criteria and stages that count only answers someone has checked."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import qualify
from qualify import Criterion, Evidence, Framework, Stage, Status
from qualify._core.jsontext import EvaluationText
from qualify._core.vetting import vet_question

from .test_properties import frameworks, values_for

BANT = qualify.get_framework("bant")
VETTED_BUDGET = BANT.customize(
    name="bant-vetted", change={"budget": {"requires_vetting": True}}
)


def test_an_unvetted_budget_counts_as_unknown_and_is_asked_to_be_vetted() -> None:
    guess = Evidence(key="budget", value="allocated", source="rep")
    result = qualify.evaluate([guess], VETTED_BUDGET)
    assert result.result("budget").status is Status.UNKNOWN
    assert [(u.key, u.value, u.stage) for u in result.unvetted] == [("budget", "allocated", None)]
    assert result.unvetted[0].evidence == guess
    budget = next(m for m in result.missing if m.key == "budget")
    assert budget.question.startswith(BANT.criterion("budget").question)
    assert budget.question.endswith("not been checked by a second person or against a source.)")
    checked = Evidence(
        key="budget", value="allocated", vetted_by="signed budget memo", vetted_at=datetime(2026, 3, 1)
    )
    vetted = qualify.evaluate([checked], VETTED_BUDGET)
    assert vetted.result("budget").status is Status.PARTIAL  # allocated: not yet enough
    assert vetted.unvetted == ()
    assert vetted.score > result.score


def test_mapping_evidence_is_vetted_by_key() -> None:
    lead = {"budget": "allocated", "need": "validated"}
    assert qualify.evaluate(lead, VETTED_BUDGET).result("budget").status is Status.UNKNOWN
    vetted = qualify.evaluate(lead, VETTED_BUDGET, vetted={"budget"})
    assert vetted.unvetted == ()
    assert vetted.score == qualify.evaluate(lead, BANT).score
    with pytest.raises(qualify.UnknownCriterionError, match="Did you mean 'budget'"):
        qualify.evaluate(lead, VETTED_BUDGET, vetted={"budgte"})
    with pytest.raises(qualify.EvidenceError, match="collection of criterion keys"):
        qualify.evaluate(lead, VETTED_BUDGET, vetted="budget")  # type: ignore[arg-type]


def test_a_stage_that_requires_vetting_waits_for_it_while_the_score_counts() -> None:
    tele = qualify.get_framework("teleprospecting")
    stages = tuple(
        Stage(
            key=s.key,
            label=s.label,
            requires=s.requires,
            requires_vetting=s.key == "assumptions_vetted",
        )
        for s in tele.stages
    )
    framework = tele.customize(name="tele-vetted", stages=stages)
    reached = [s.key for s in tele.stages][:6]
    items = [Evidence(key=key, value=True) for key in reached]
    result = qualify.evaluate(items, framework)
    assert result.stage == "company_mapped" and result.next_stage == "assumptions_vetted"
    assert {u.stage for u in result.unvetted} == {"assumptions_vetted"}
    assert result.score == qualify.evaluate(items, tele).score
    vetted = [Evidence(key=key, value=True, vetted_by="account manager") for key in reached]
    assert qualify.evaluate(vetted, framework).stage == "assumptions_vetted"


def test_requires_vetting_round_trips_through_files_and_json(tmp_path: Any) -> None:
    text = qualify.dumps_framework(VETTED_BUDGET)
    assert text.count("requires_vetting = true") == 1
    assert "requires_vetting" not in qualify.dumps_framework(BANT)
    path = tmp_path / "bant-vetted.toml"
    path.write_text(text, encoding="utf-8")
    assert qualify.load_framework(path) == VETTED_BUDGET
    result = qualify.evaluate([Evidence(key="budget", value="allocated")], VETTED_BUDGET)
    data = qualify.to_dict(result)
    assert data["unvetted"][0]["key"] == "budget"
    assert qualify.from_dict(data, qualify.Evaluation) == result
    assert EvaluationText()(result) == json.dumps(data)
    item = Evidence(key="budget", value="allocated", vetted_by="CFO", vetted_at=datetime(2026, 1, 5))
    assert qualify.from_dict(qualify.to_dict(item), Evidence) == item
    assert "vetted_by" not in qualify.to_dict(Evidence(key="budget", value="allocated"))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"vetted_at": datetime(2026, 1, 1)}, "no vetted_by"),
        ({"vetted_by": "  "}, "vetted_by"),
        ({"vetted_by": "CFO", "vetted_at": "yesterday"}, "vetted_at of evidence"),
    ],
)
def test_bad_vetting_says_what_is_accepted(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(qualify.EvidenceError, match=message):
        Evidence(key="budget", value="allocated", **fields)


def test_requires_vetting_must_be_a_flag() -> None:
    with pytest.raises(qualify.FrameworkError, match="requires_vetting of criterion 'x'"):
        Criterion(key="x", label="X", question="X?", requires_vetting="yes")  # type: ignore[arg-type]
    with pytest.raises(qualify.FrameworkError, match="requires_vetting of stage 's'"):
        Stage(key="s", label="S", requires=("x",), requires_vetting=1)  # type: ignore[arg-type]


def test_evaluate_many_reads_who_vetted_each_answer_from_the_row() -> None:
    rows = [
        {"id": "L-1", "budget": "allocated", "budget_vetted_by": "CFO memo"},
        {"id": "L-2", "budget": "allocated", "budget_vetted_by": ""},
    ]
    results = list(
        qualify.evaluate_many(rows, VETTED_BUDGET, id="id", vetted_column={"budget": "budget_vetted_by"})
    )
    assert [r.result("budget").status for r in results] == [Status.PARTIAL, Status.UNKNOWN]
    with pytest.raises(qualify.UnknownCriterionError, match="not a criterion"):
        qualify.evaluate_many(rows, VETTED_BUDGET, vetted_column={"cash": "budget_vetted_by"})


@st.composite
def vetted_cases(draw: st.DrawFn) -> tuple[Framework, list[Evidence], list[Evidence]]:
    base = draw(frameworks())
    criteria = tuple(
        Criterion(
            key=c.key,
            label=c.label,
            question=c.question,
            scale=c.scale,
            weight=c.weight,
            required=c.required,
            requires_vetting=draw(st.booleans()),
        )
        for c in base.criteria
    )
    stages = tuple(
        Stage(key=s.key, label=s.label, requires=s.requires, requires_vetting=draw(st.booleans()))
        for s in base.stages
    )
    framework = base.customize(name=f"{base.name}-vetted", criteria=criteria, stages=stages)
    items = [
        Evidence(key=c.key, value=value)
        for c in framework.criteria
        if (value := draw(values_for(c.scale))) is not None and value != ""
    ]
    vetted = [
        Evidence(key=item.key, value=item.value, vetted_by="second person")
        if draw(st.booleans())
        else item
        for item in items
    ]
    return framework, items, vetted


@given(vetted_cases())
def test_vetting_never_lowers_a_score(case: tuple[Framework, list[Evidence], list[Evidence]]) -> None:
    framework, items, vetted = case
    try:
        before = qualify.evaluate(items, framework)
    except qualify.EvidenceError:
        return  # a value this scale does not accept: nothing to compare
    after = qualify.evaluate(vetted, framework)
    assert after.score >= before.score - 1e-9
    assert after.completeness >= before.completeness - 1e-12
    assert len(after.unvetted) <= len(before.unvetted)
    order = [None, *(s.key for s in framework.stages)]
    assert order.index(after.stage) >= order.index(before.stage)


def _vetting_rows(count: int, seed: int) -> dict[str, list[Any]]:
    import random

    from .test_frames import _bant_rows

    rng = random.Random(seed)
    data = _bant_rows(count, seed)
    who = [None, "", "  ", "CFO memo", "second rep"]
    data["budget_vetted_by"] = [rng.choice(who) for _ in range(count)]
    data["need_vetted_by"] = [rng.choice(who) for _ in range(count)]
    return data


STAGED = BANT.customize(
    name="bant-staged-vetted",
    change={"budget": {"requires_vetting": True}},
    stages=[
        Stage(key="need_known", label="Need known", requires=["need"], requires_vetting=True),
        Stage(key="money_known", label="Money known", requires=["budget"]),
    ],
)


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"])
def test_a_table_counts_only_vetted_answers_as_evaluate_does(backend: str) -> None:
    from .test_frames import OUT, _natives, _output_row, _polars

    data = _vetting_rows(300, 7)
    columns = {"budget": "budget_vetted_by", "need": "need_vetted_by"}
    result = qualify.evaluate_frame(_natives(data)[backend], STAGED, vetted_column=columns)
    got = _polars(result)
    if backend == "duckdb":
        import polars as pl

        order = {lead: i for i, lead in enumerate(data["lead"])}
        got = got.with_columns(pl.col("lead").replace_strict(order).alias("_i")).sort("_i")
    keys = ["budget", "authority", "need", "timeframe"]
    expected = []
    for i in range(300):
        who = {key: data[column][i] for key, column in columns.items()}
        checked = {key for key, name in who.items() if name and name.strip()}
        lead = {key: data[key][i] for key in keys}
        found = qualify.evaluate(lead, STAGED, vetted=checked)
        expected.append({**_output_row(found), "unvetted": [u.key for u in found.unvetted]})
    assert got.select([*OUT, "unvetted"]).rows(named=True) == expected
    assert any(row["unvetted"] for row in expected)
    assert any("Vet the answer" in (row["next_question"] or "") for row in expected)
    staged = [row for row in expected if "need" in row["unvetted"]]
    assert staged and all(row["stage"] is None for row in staged)


def test_a_table_without_vetting_columns_counts_no_answer_as_vetted() -> None:
    pd = pytest.importorskip("pandas")
    got = qualify.evaluate_frame(pd.DataFrame({"budget": ["allocated"]}), VETTED_BUDGET)
    assert list(got["unvetted"][0]) == ["budget"] and got["score"][0] == 0.0
    with pytest.raises(qualify.QualifyError, match="requires none vetted"):
        qualify.evaluate_frame(pd.DataFrame({"budget": ["x"]}), BANT, vetted_column={"budget": "b"})
    with pytest.raises(qualify.QualifyError, match="does not have; columns: budget"):
        qualify.evaluate_frame(pd.DataFrame({"budget": ["allocated"]}), VETTED_BUDGET,
                               vetted_column={"budget": "budget_vetted_by"})


@given(vetted_cases(), st.booleans())
def test_mapping_evidence_vetted_by_key_matches_the_general_path(
    case: tuple[Framework, list[Evidence], list[Evidence]], compiled: bool
) -> None:
    from qualify._core import engine, plan, vetting
    from qualify._core.compiled import compile_rating

    framework, _, items = case
    lead = {item.key: item.value for item in items}
    keys = {item.key for item in items if item.vetted_by}
    found = plan.plan_of(framework)
    if compiled:
        found.rating = compile_rating(found)
    for _ in range(2):  # cold, then every value remembered
        alike = vetting.Vetting(found, keys)
        try:
            rated = engine._rate_any(lead, found, None, alike)
        except qualify.EvidenceError:
            with pytest.raises(qualify.EvidenceError):
                qualify.evaluate(lead, framework, vetted=keys)
            return
        expected = engine._conclude(found, *rated, None, alike)
        got = qualify.evaluate(lead, framework, vetted=keys)
        assert got == expected
        assert qualify.to_dict(got) == qualify.to_dict(expected)


def test_each_unvetted_answer_keeps_its_own_record_type_and_sign() -> None:
    """Records of unvetted answers are shared between leads that gave the same answer, never
    between answers that are equal yet differ (True and 1; 0.0 and -0.0)."""
    gate = qualify.get_framework("meeting-gate")
    for value in (True, 1, True, 1):
        [record] = qualify.evaluate({"committed": value}, gate).unvetted
        assert record.value == value and type(record.value) is type(value)
    seats = Criterion(
        key="seats", label="Seats", question="How many seats?", weight=1,
        scale=qualify.Numbers(thresholds=[qualify.Threshold(at_least=-1, satisfaction=1.0)]),
        requires_vetting=True,
    )  # fmt: skip
    framework = Framework(
        name="seats", title="Seats", version="1", criteria=[seats], qualified_at=50
    )
    for value in (0.0, -0.0, 0.0, -0.0):
        [record] = qualify.evaluate({"seats": value}, framework).unvetted
        assert str(record.value) == str(value)


def test_leads_alike_with_answers_to_vet_share_their_open_questions_asked_again() -> None:
    gate = qualify.get_framework("meeting-gate")
    lead = {"committed": True, "requirement": False}
    first, second = (qualify.evaluate(dict(lead), gate) for _ in range(2))
    assert first.missing == second.missing
    asked = {m.key: m.question for m in first.missing}
    assert asked["committed"] == vet_question(gate.criteria[0].question)
    assert asked["requirement"] == vet_question(gate.criteria[1].question)
    vetted = qualify.evaluate(lead, gate, vetted={"committed"})
    assert {m.key for m in vetted.missing} == set(asked) - {"committed"}
    assert [m.question for m in vetted.missing if m.key != "committed"] == [
        question for key, question in asked.items() if key != "committed"
    ]


def test_leads_alike_share_an_evaluation_only_with_the_same_keys_vetted() -> None:
    from qualify._core.plan import plan_of

    gate = qualify.get_framework("meeting-gate")
    lead = {"committed": True, "requirement": True, "unknown_participants": False}
    choices = [None, {"committed"}, {"committed", "requirement"}, set(), {"requirement"}]
    shared = [qualify.evaluate(dict(lead), gate, vetted=keys) for keys in choices * 3]
    kept = plan_of(gate).concluded
    kept.keeping = False
    try:
        afresh = [qualify.evaluate(dict(lead), gate, vetted=keys) for keys in choices * 3]
    finally:
        kept.keeping = True
    assert shared == afresh
    assert shared[0] is shared[len(choices)]  # the same lead, the same keys vetted: one
    counted = [len(result.unvetted) for result in shared[: len(choices)]]
    assert counted == [2, 1, 0, 2, 1]
