"""The FastAPI recipe through FastAPI's own test client."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

import qualify
from service import app

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema checks the documented schema")

client = TestClient(app)

#: A lead from the BANT story: the budget is set aside, the buyer is engaged, no date yet.
LEAD = {"evidence": {"budget": "allocated", "authority": "engaged", "need": "validated"}}


def test_a_posted_lead_is_evaluated_as_the_library_would() -> None:
    response = client.post("/frameworks/bant/evaluate", json=LEAD)
    assert response.status_code == 200, response.text
    body = response.json()
    expected = qualify.evaluate(LEAD["evidence"], "bant")
    assert qualify.from_dict(body["evaluation"], qualify.Evaluation) == expected
    assert body["next_question"] == expected.next_question
    assert body["evaluation"]["missing"][0]["key"] == "timeframe"


def test_the_answer_validates_against_qualify_s_schema() -> None:
    body = client.post(
        "/frameworks/meddpicc/evaluate", json={"evidence": {"champion": "coach", "metrics": "quantified"}}
    ).json()
    validator = jsonschema.Draft202012Validator(qualify.json_schema("evaluation"))
    assert [error.message for error in validator.iter_errors(body["evaluation"])] == []


def test_the_openapi_document_describes_the_evaluation_field_by_field() -> None:
    document: dict[str, Any] = client.get("/openapi.json").json()
    scored = document["components"]["schemas"]["Scored"]
    evaluation = scored["properties"]["evaluation"]
    assert evaluation["description"].startswith("The outcome of evaluating one lead")
    assert {"score", "verdict", "missing", "stale"} <= set(evaluation["properties"])
    assert evaluation["properties"]["verdict"]["enum"] == [v.value for v in qualify.Verdict]
    operation = document["paths"]["/frameworks/{name}/evaluate"]["post"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Scored"
    }
    assert "404" in operation["responses"] and "422" in operation["responses"]
    jsonschema.Draft202012Validator.check_schema(evaluation)


def test_evidence_that_ages_is_asked_again() -> None:
    lead = {**LEAD, "observed_at": "2025-10-01T00:00:00", "as_of": "2026-11-23T00:00:00"}
    aged = qualify.get_framework("bant").customize(name="bant-aged", fresh_for=timedelta(days=120))
    qualify.register_plugin(_Aged(aged), name="recipe-aged")
    try:
        body = client.post("/frameworks/bant-aged/evaluate", json=lead).json()
    finally:
        qualify.unregister_plugin("recipe-aged")
    assert {item["key"] for item in body["evaluation"]["stale"]} == {"budget", "authority", "need"}
    assert "Re-confirm" in body["next_question"]


def test_a_framework_is_served_whole() -> None:
    body = client.get("/frameworks/icare").json()
    assert qualify.from_dict(body, qualify.Framework) == qualify.get_framework("icare")
    assert "bant" in client.get("/frameworks").json()


def test_an_unknown_framework_is_a_404_naming_those_registered() -> None:
    response = client.post("/frameworks/bnat/evaluate", json=LEAD)
    assert response.status_code == 404
    assert "Did you mean 'bant'?" in response.json()["detail"]


def test_evidence_the_framework_refuses_is_a_422_that_says_what_is_accepted() -> None:
    """In FastAPI's own shape: a list of {loc, msg, type, input}, one per refused value."""
    body = {"evidence": {"budget": "approved", "timeframe": "soon"}}
    response = client.post("/frameworks/bant/evaluate", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [entry["loc"] for entry in detail] == [
        ["body", "evidence", "budget"], ["body", "evidence", "timeframe"]
    ]
    assert detail[0]["input"] == "approved" and detail[0]["type"] == "value_not_accepted"
    assert "does not accept 'approved'" in detail[0]["msg"] and "'allocated'" in detail[0]["msg"]
    unknown = client.post("/frameworks/bant/evaluate", json={"evidence": {"timing": 3}})
    assert unknown.status_code == 422
    (entry,) = unknown.json()["detail"]
    assert entry["loc"] == ["body", "evidence", "timing"] and entry["type"] == "unknown_key"
    assert "timeframe" in entry["msg"]


def test_a_malformed_body_is_fastapi_s_own_422() -> None:
    response = client.post("/frameworks/bant/evaluate", json={"evidence": ["budget"]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "evidence"]
    # the same shape as the framework's refusals: a client handles both with one parser
    refused = client.post("/frameworks/bant/evaluate", json={"evidence": {"need": "badly"}})
    assert set(refused.json()["detail"][0]) >= set(response.json()["detail"][0]) - {"ctx", "url"}


class _Aged:
    """A plugin registering one framework, as a plugin package would."""

    def __init__(self, framework: qualify.Framework) -> None:
        self.framework = framework

    @qualify.hookimpl
    def qualify_frameworks(self) -> list[qualify.Framework]:
        return [self.framework]


def test_a_form_is_built_from_the_evidence_schema_and_what_it_sends_evaluates() -> None:
    """The schema a client builds its form from; a lead valid under it is evaluated."""
    schema = client.get("/frameworks/bant/evidence").json()
    assert schema == qualify.json_schema("evidence", framework="bant")
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(LEAD["evidence"]))
    assert list(validator.iter_errors({"budget": "lots"}))  # the form would not send it
    assert client.post("/frameworks/bant/evaluate", json=LEAD).status_code == 200
    assert client.get("/frameworks/no-such/evidence").status_code == 404
