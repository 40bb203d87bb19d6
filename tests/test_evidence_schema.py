"""``json_schema("evidence", framework=...)``: what a lead may hold, checked before evaluate.

Whatever the schema accepts, evaluate accepts: every value it lists, for every built-in
framework, evaluates without an EvidenceError; values evaluate refuses fail the schema.
"""

from __future__ import annotations

import math

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualify
from qualify.cli import main

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema validates the schemas")

BUILT_IN = sorted(qualify.list_frameworks())


def _validator(framework: str | qualify.Framework) -> Any:
    schema = qualify.json_schema("evidence", framework=framework)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _listed(option: dict[str, Any]) -> list[Any]:
    """Values one branch of a property accepts: its enum, else one of its type."""
    if "enum" in option:
        return list(option["enum"])
    kinds = option["type"] if isinstance(option["type"], list) else [option["type"]]
    samples = {"boolean": [True, False], "null": [None], "number": [0, 3.5, 1e6], "string": []}
    return [value for kind in kinds for value in samples[kind]]


@pytest.mark.parametrize("name", BUILT_IN)
def test_every_value_the_schema_lists_evaluates(name: str) -> None:
    framework = qualify.get_framework(name)
    schema = qualify.json_schema("evidence", framework=name)
    validator = _validator(name)
    assert list(schema["properties"]) == list(framework.keys)
    for key, described in schema["properties"].items():
        for option in described["anyOf"]:
            for value in _listed(option):
                lead = {key: value}
                assert not list(validator.iter_errors(lead)), (key, value)
                qualify.evaluate(lead, framework)  # never an EvidenceError


def test_labels_are_titles_and_questions_descriptions() -> None:
    bant = qualify.get_framework("bant")
    schema = qualify.json_schema("evidence", framework=bant)
    budget = bant.criterion("budget")
    assert schema["properties"]["budget"]["title"] == budget.label
    assert schema["properties"]["budget"]["description"] == budget.question
    assert schema["additionalProperties"] is False


@settings(max_examples=60)
@given(
    key=st.sampled_from(["budget", "authority", "need", "timeframe"]),
    value=st.one_of(st.text(max_size=12), st.integers(-5, 100), st.floats(allow_nan=False)),
)
def test_what_the_schema_accepts_evaluate_accepts(key: str, value: Any) -> None:
    lead = {key: value}
    if not list(_validator("bant").iter_errors(lead)):
        qualify.evaluate(lead, "bant")


def test_what_evaluate_refuses_the_schema_refuses() -> None:
    validator = _validator("bant")
    for lead in ({"budget": "lots"}, {"timeframe": -3}, {"budgit": "allocated"}, {"need": [1]}):
        assert list(validator.iter_errors(lead)), lead
        with pytest.raises(qualify.QualifyError):
            qualify.evaluate(lead, "bant")


def test_a_framework_is_needed_for_evidence_and_only_there() -> None:
    with pytest.raises(qualify.QualifyError, match="framework='bant'"):
        qualify.json_schema("evidence")
    with pytest.raises(qualify.QualifyError, match="framework= goes with json_schema"):
        qualify.json_schema("evaluation", framework="bant")
    with pytest.raises(qualify.UnknownFrameworkError):
        qualify.json_schema("evidence", framework="no-such-framework")
    with pytest.raises(qualify.QualifyError, match="accepted: .*evidence"):
        qualify.json_schema("lead")


def test_the_cli_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "evidence", "-f", "bant"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == qualify.json_schema("evidence", framework="bant")
    assert main(["schema", "evidence"]) == 2
    assert "name it with -f" in capsys.readouterr().err
    assert main(["schema", "framework", "-f", "bant"]) == 2
    assert "-f goes with" in capsys.readouterr().err


def test_infinity_is_refused_by_the_schema_as_by_evaluate() -> None:
    validator = _validator("bant")
    for value in (math.inf, -math.inf):
        assert list(validator.iter_errors({"timeframe": value}))
        with pytest.raises(qualify.EvidenceError):
            qualify.evaluate({"timeframe": value}, "bant")
