"""to_dict / from_dict: JSON-safe, lossless, and strict about what comes back in."""

from __future__ import annotations

import json
import re
from typing import Any
from datetime import datetime, timedelta, timezone

import pytest

import qualify
from qualify import Evaluation, Evidence, Framework

from .conftest import make_framework


def test_evaluation_round_trips_through_json() -> None:
    items = [
        Evidence(
            key="budget",
            value="allocated",
            source="Dana Whitfield, CFO",
            channel=qualify.Channel.PHONE,
            observed_at=datetime(2026, 11, 2, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
            confidence=0.9,
            note="Confirmed in the second call",
        ),
        Evidence(key="timeframe", value=4, channel="web form"),
        Evidence(key="need", value=True),
    ]
    result = qualify.evaluate(items, "bant")
    data = qualify.to_dict(result)
    text = json.dumps(data)  # JSON-safe
    restored = qualify.from_dict(json.loads(text), Evaluation)
    assert restored == result
    # equal is not enough for str enums: the types must come back too
    assert type(restored.verdict) is qualify.Verdict
    assert all(type(r.status) is qualify.Status for r in restored.criteria)
    assert type(restored.criteria[0].evidence.observed_at) is datetime  # type: ignore[union-attr]
    budget = data["criteria"][0]["evidence"]
    assert budget["observed_at"] == "2026-11-02T09:30:00-05:00"
    assert budget["channel"] == "phone"
    assert data["verdict"] == "nurture"
    assert data["missing"][0]["key"] == "authority"


def test_evidence_values_keep_their_type() -> None:
    for value in ("validated", 4, 4.5, True, False):
        item = Evidence(key="need", value=value)
        restored = qualify.from_dict(json.loads(json.dumps(qualify.to_dict(item))), Evidence)
        assert restored == item and type(restored.value) is type(value)


@pytest.mark.parametrize("name", ["bant", "icare", "meeting-gate", "rant", "short-term-lead", "teleprospecting"])
def test_every_builtin_framework_round_trips(name: str) -> None:
    framework = qualify.get_framework(name)
    data = json.loads(json.dumps(qualify.to_dict(framework)))
    assert qualify.from_dict(data, Framework) == framework


def test_scales_are_tagged_by_type() -> None:
    data = qualify.to_dict(qualify.get_framework("bant"))
    assert [c["scale"]["type"] for c in data["criteria"]] == ["levels"] * 3 + ["months"]
    assert qualify.to_dict(make_framework())["criteria"][0]["scale"] == {"type": "boolean"}


class TestBadData:
    def framework_data(self) -> dict[str, object]:
        return qualify.to_dict(make_framework())

    def test_unknown_keys_are_errors(self) -> None:
        data = self.framework_data()
        data["criteria"][0]["wieght"] = 3  # type: ignore[index]
        with pytest.raises(qualify.ConversionError, match=r"wieght.*\$\.criteria\[0\]"):
            qualify.from_dict(data, Framework)

    def test_wrong_types_name_the_path(self) -> None:
        data = self.framework_data()
        data["criteria"][1]["weight"] = "heavy"  # type: ignore[index]
        with pytest.raises(
            qualify.ConversionError, match=r"expected a number.*\$\.criteria\[1\]\.weight"
        ):
            qualify.from_dict(data, Framework)

    def test_strings_are_not_flags(self) -> None:
        data = self.framework_data()
        data["criteria"][0]["required"] = "false"  # type: ignore[index]
        with pytest.raises(qualify.ConversionError, match=r"true or false.*required"):
            qualify.from_dict(data, Framework)

    def test_missing_fields(self) -> None:
        data = self.framework_data()
        del data["title"]
        with pytest.raises(qualify.ConversionError, match=r"required field missing @ \$\.title"):
            qualify.from_dict(data, Framework)

    def test_unknown_scale_type(self) -> None:
        data = self.framework_data()
        data["criteria"][0]["scale"] = {"type": "stars"}  # type: ignore[index]
        with pytest.raises(
            qualify.ConversionError,
            match="'stars' is not known; accepted: boolean, levels, months, numbers",
        ):
            qualify.from_dict(data, Framework)

    def test_validation_errors_come_through(self) -> None:
        data = self.framework_data()
        data["criteria"][0]["weight"] = -1  # type: ignore[index]
        with pytest.raises(qualify.ConversionError, match="positive number"):
            qualify.from_dict(data, Framework)

    def test_not_a_mapping(self) -> None:
        with pytest.raises(qualify.ConversionError):
            qualify.from_dict(["bant"], Framework)  # type: ignore[arg-type]

    def test_only_qualify_objects(self) -> None:
        with pytest.raises(qualify.ConversionError, match="got dict"):
            qualify.to_dict({"a": 1})
        with pytest.raises(qualify.ConversionError, match="'dict'"):
            qualify.from_dict({}, dict)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("probability",), 2.0, "$.probability is 2.0, not a chance (from 0 to 1)"),
        (("probability",), float("nan"), "$.probability is nan, not a chance"),
        (("expected",), -0.5, "$.expected is -0.5, not a chance"),
        (("score",), 200.0, "$.score is 200.0, not a score (from 0 to 100)"),
        (("score",), float("inf"), "$.score is inf, not a score"),
        (("potential",), -1.0, "$.potential is -1.0, not a score"),
        (("completeness",), 1.5, "$.completeness is 1.5, not a completeness (from 0 to 1)"),
        (("criteria", 0, "points"), -5.0, "$.criteria[0].points is -5.0, not a number of points"),
        (("criteria", 0, "satisfaction"), 3.0, "$.criteria[0].satisfaction is 3.0"),
        (("criteria", 0, "weight"), -1.0, "$.criteria[0].weight is -1.0, not a weight (0 or more)"),
        (("missing", 0, "points"), 120.0, "$.missing[0].points is 120.0"),
    ],
)
def test_a_stored_evaluation_the_engine_cannot_produce_is_refused(
    path: tuple[Any, ...], value: float, message: str
) -> None:
    data = qualify.to_dict(qualify.evaluate({"budget": "allocated"}, "bant"))
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(qualify.ConversionError, match=re.escape(message)):
        qualify.from_dict(data, qualify.Evaluation)


@pytest.mark.parametrize(
    ("equivalents", "message"),
    [
        ("abc", "expected a list, got text 'abc' @ $.equivalents"),
        (["top", "dusk"], "expected a list, got text 'top' @ $.equivalents[0]"),
        ({"top": "dusk"}, "expected a list, got a table"),
    ],
)
def test_text_is_never_read_as_a_list_of_its_letters(equivalents: Any, message: str) -> None:
    data = {"name": "timing", "label": "Timing", "equivalents": equivalents}
    with pytest.raises(qualify.ConversionError, match=re.escape(message)):
        qualify.from_dict(data, qualify.Concept)


def test_a_file_giving_text_for_a_list_says_so(tmp_path: Any) -> None:
    path = tmp_path / "acme.toml"
    path.write_text('name = "acme"\nextends = "bant"\nno_evidence = "unknown"\n', encoding="utf-8")
    with pytest.raises(qualify.QualifyError, match="expected a list, got text 'unknown'"):
        qualify.load_framework(path)


def test_a_key_that_is_not_text_is_named_not_crashed_on() -> None:
    with pytest.raises(qualify.ConversionError, match="unknown key 3; accepted keys: key, value"):
        qualify.from_dict({"key": "budget", "value": "x", 3: 4}, qualify.Evidence)
