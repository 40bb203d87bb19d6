"""JSON Schema: what to_dict writes and what files hold validate against qualify's schemas."""

from __future__ import annotations

import json
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import qualify
from qualify.cli import main

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema validates the schemas")

ROOT = Path(__file__).parent.parent
SHIPPED = ROOT / "src" / "qualify" / "schemas" / "framework-file.schema.json"


def _validator(name: str) -> Any:
    schema = qualify.json_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(name: str, data: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in _validator(name).iter_errors(data)]


def test_evaluations_of_every_shape_validate() -> None:
    bant = qualify.get_framework("bant").customize(
        name="bant-aged", fresh_for=timedelta(days=90), change={"budget": {"requires_vetting": True}}
    )
    touch = qualify.journey.Touch(at=datetime(2026, 9, 1), channel="phone", outcome="voicemail left")
    items = [
        qualify.Evidence(key="budget", value="allocated", observed_at=datetime(2026, 1, 1)),
        qualify.Evidence(key="need", value="validated", vetted_by="CFO memo"),
    ]
    shapes = [
        qualify.evaluate({}, "bant"),
        qualify.evaluate({"contacts_identified": True}, "teleprospecting"),
        qualify.evaluate(items, bant, as_of=datetime(2026, 11, 23), touches=[touch]),
        qualify.evaluate({"budget": "allocated"}, bant),
    ]
    for evaluation in shapes:
        data = json.loads(json.dumps(qualify.to_dict(evaluation)))
        assert _errors("evaluation", data) == []


@pytest.mark.parametrize("name", qualify.list_frameworks())
def test_every_built_in_framework_and_its_file_validate(name: str) -> None:
    framework = qualify.get_framework(name)
    assert _errors("framework", json.loads(json.dumps(qualify.to_dict(framework)))) == []
    assert _errors("framework-file", tomllib.loads(qualify.dumps_framework(framework))) == []


@pytest.mark.parametrize(
    "path",
    ["examples/acme-bant.toml", "examples/icare-mapping.toml", "examples/bank-calls.toml",
     "examples/course-enquiry.toml",
     "src/qualify/frameworks/rant.toml", "src/qualify/frameworks/dynamics365.toml"],
)  # fmt: skip
def test_the_repository_s_framework_and_mapping_files_validate(path: str) -> None:
    assert _errors("framework-file", tomllib.loads((ROOT / path).read_text("utf-8"))) == []


def test_a_bad_file_fails_the_schema_where_an_editor_would_flag_it() -> None:
    bad = {"name": "acme", "title": "A", "criteria": [{"key": "need", "label": "N",
           "question": "?", "weight": "heavy", "scale": {"type": "levels", "lvls": []}}]}  # fmt: skip
    problems = _errors("framework-file", bad)
    assert any("criteria[0].weight" in p for p in problems)
    assert any("criteria[0].scale" in p for p in problems)
    assert _errors("framework-file", {"mapping": {"name": "m", "fields": []}}) == []
    assert _errors("framework-file", {"title": "no name"}) != []


def test_comparisons_hand_offs_and_agreement_files_validate() -> None:
    result = qualify.compare({"budget": "allocated", "timing": 4}, ["bant", "anum"])
    assert _errors("comparison", json.loads(json.dumps(qualify.to_dict(result)))) == []
    bant_agreement = qualify.journey.Agreement(name="a", framework="bant", reasons=["no budget"])
    handoff = bant_agreement.review(
        bant_agreement.hand_off(qualify.evaluate({"need": "validated"}, "bant"), lead="L-1"),
        accepted=False, reason="no budget",
    )  # fmt: skip
    assert _errors("handoff", json.loads(json.dumps(qualify.to_dict(handoff)))) == []
    text = (ROOT / "examples" / "crm_sqlite" / "acme-handoff.toml").read_text("utf-8")
    assert _errors("agreement-file", tomllib.loads(text)) == []


def test_the_shipped_framework_file_schema_is_current() -> None:
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert shipped == qualify.json_schema("framework-file"), (
        "src/qualify/schemas/framework-file.schema.json is stale: regenerate it with"
        " qualify schema framework-file"
    )


def test_the_command_prints_a_schema_and_refuses_an_unknown_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "evaluation"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "verdict" in printed["properties"]
    with pytest.raises(qualify.QualifyError, match="accepted: evaluation, framework"):
        qualify.json_schema("lead")


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"qualified_at": 1000}, "qualified_at"),
        ({"qualified_at": 0}, "qualified_at"),
        ({"qualified_at": {"chance": 1.5}}, "chance"),
        ({"name": "acme leads"}, "name"),
        ({"extends": "BANT"}, "extends"),
        ({"probability": {"intercept": -2.0, "per_point": -0.1}}, "per_point"),
    ],
)
def test_the_file_schema_refuses_what_the_loader_refuses(
    change: dict[str, Any], where: str, tmp_path: Path
) -> None:
    text = (ROOT / "examples" / "acme-bant.toml").read_text("utf-8")
    data = {**tomllib.loads(text), **change}
    assert _errors("framework-file", tomllib.loads(text)) == []
    assert _errors("framework-file", data), f"{change} passed the schema"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(qualify.QualifyError):
        qualify.load_framework(path)


def test_the_file_schema_checks_criteria_as_the_constructor_does() -> None:
    criterion = {"key": "Budget", "label": "B", "question": "Q?", "weight": 0}
    data = {"name": "own", "title": "Own", "criteria": [criterion]}
    found = " ".join(_errors("framework-file", data))
    assert "Budget" in found and "0" in found
    fine = {**criterion, "key": "budget", "weight": 2, "unknown_satisfaction": 0.5}
    assert _errors("framework-file", {**data, "criteria": [fine]}) == []
    assert _errors("framework-file", {**data, "criteria": [{**fine, "unknown_satisfaction": 2}]})
