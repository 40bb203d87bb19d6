"""qualify's results and frameworks as fields of pydantic models (and so of FastAPI's)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualify

pydantic = pytest.importorskip("pydantic", reason="pydantic is what these tests are about")
jsonschema = pytest.importorskip("jsonschema", reason="jsonschema checks the schemas")


class Scored(pydantic.BaseModel):
    """What a web API might return: a lead's id, its evaluation and the framework used."""

    lead: str
    evaluation: qualify.Evaluation
    framework: qualify.Framework | None = None


def _lead() -> qualify.Evaluation:
    touch = qualify.journey.Touch(at=datetime(2026, 9, 1), channel="phone", outcome="voicemail left")
    items = [
        qualify.Evidence(key="budget", value="allocated", observed_at=datetime(2026, 1, 1)),
        qualify.Evidence(key="need", value="validated", source="discovery call"),
    ]
    bant = qualify.get_framework("bant").customize(name="bant-aged", fresh_for=timedelta(days=90))
    return qualify.evaluate(items, bant, as_of=datetime(2026, 11, 23), touches=[touch])


def test_a_type_adapter_validates_and_serialises_an_evaluation() -> None:
    evaluation = _lead()
    adapter = pydantic.TypeAdapter(qualify.Evaluation)
    assert adapter.validate_python(evaluation) is evaluation
    assert adapter.dump_python(evaluation) == qualify.to_dict(evaluation)
    assert json.loads(adapter.dump_json(evaluation)) == qualify.to_dict(evaluation)
    assert adapter.validate_json(adapter.dump_json(evaluation)) == evaluation


def test_a_model_holding_an_evaluation_and_a_framework_round_trips_through_json() -> None:
    scored = Scored(lead="L-1", evaluation=_lead(), framework=qualify.get_framework("bant"))
    again = Scored.model_validate_json(scored.model_dump_json())
    assert again == scored
    assert isinstance(again.evaluation, qualify.Evaluation)
    assert again.evaluation.next_question == scored.evaluation.next_question
    assert Scored.model_validate(scored.model_dump()) == scored


def test_bad_data_is_a_validation_error_that_names_the_field_and_the_path() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        Scored(lead="L-1", evaluation={"score": "high"})  # type: ignore[arg-type]
    message = str(caught.value)
    assert "evaluation" in message and "$.score" in message and "$.verdict" in message
    with pytest.raises(pydantic.ValidationError, match="expected an instance of Evaluation"):
        Scored(lead="L-1", evaluation=3)  # type: ignore[arg-type]


def test_the_model_s_json_schema_is_qualify_s_own_and_validates_what_it_dumps() -> None:
    schema = Scored.model_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    evaluation = schema["properties"]["evaluation"]
    assert evaluation["description"].startswith("The outcome of evaluating one lead")
    assert "$ref" not in json.dumps(evaluation)  # self-contained: qualify's defs sit in place
    assert set(evaluation["properties"]) == {f.name for f in qualify.Evaluation.__attrs_attrs__}
    scored = Scored(lead="L-1", evaluation=_lead(), framework=qualify.get_framework("meddpicc"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.loads(scored.model_dump_json())))
    assert errors == []


@pytest.mark.parametrize("cls", [qualify.Comparison, qualify.journey.Handoff, qualify.Evidence])
def test_the_other_results_work_as_fields_too(cls: type) -> None:
    adapter: Any = pydantic.TypeAdapter(cls)
    jsonschema.Draft202012Validator.check_schema(adapter.json_schema())
    comparison = qualify.compare({"budget": "allocated", "need": "validated"}, ["bant", "champ"])
    agreement = qualify.journey.Agreement(name="sla", framework="bant", reasons=("no budget",))
    samples: dict[type, Any] = {
        qualify.Comparison: comparison,
        qualify.journey.Handoff: agreement.hand_off(comparison.evaluation("bant"), lead="L-1"),
        qualify.Evidence: qualify.Evidence(key="need", value="validated", channel="email"),
    }
    sample = samples[cls]
    assert adapter.validate_json(adapter.dump_json(sample)) == sample


@st.composite
def evidence(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(["bant", "icare", "short-term-lead", "teleprospecting", "meddpicc"]))
    framework = qualify.get_framework(name)
    answers: dict[str, Any] = {}
    for criterion in framework.criteria:
        if draw(st.booleans()):
            levels = getattr(criterion.scale, "levels", None)
            if levels is not None:
                answers[criterion.key] = draw(st.sampled_from([level.name for level in levels]))
            elif isinstance(criterion.scale, qualify.Months):
                answers[criterion.key] = draw(st.integers(0, 24))
            else:
                answers[criterion.key] = draw(st.booleans())
    return name, answers


@settings(max_examples=60, deadline=None)
@given(evidence())
def test_any_evaluation_survives_a_model_s_json_round_trip(drawn: tuple[str, dict[str, Any]]) -> None:
    name, answers = drawn
    evaluation = qualify.evaluate(answers, name)
    scored = Scored(lead="L", evaluation=evaluation)
    assert Scored.model_validate_json(scored.model_dump_json()).evaluation == evaluation


def test_what_the_answers_to_come_can_do_is_in_the_model_and_its_schema() -> None:
    adapter = pydantic.TypeAdapter(qualify.Evaluation)
    schema = adapter.json_schema()
    properties = schema["properties"]
    for field in ("settled", "expected", "lowest_probability", "highest_probability"):
        assert field in properties
    weak = qualify.evaluate({"need": "assumed", "budget": "none", "authority": "identified"}, "bant")
    dumped = adapter.dump_python(weak, mode="json")
    assert dumped["settled"] == "unqualified" and dumped["expected"] is None
    assert adapter.validate_python(dumped) == weak
