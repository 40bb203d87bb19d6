"""Errors a program can read: ``EvidenceError.errors()`` and ``FrameworkFileError.errors()``
locate every problem (key, CRM column, record, key path in a file), with the value
refused and what is accepted, as pydantic's ``ValidationError.errors()`` does."""

from __future__ import annotations

import json
import pickle

import pytest

import qualify


def test_each_refused_answer_is_located_at_its_key() -> None:
    with pytest.raises(qualify.EvidenceError) as caught:
        qualify.evaluate({"budget": "lots", "timeframe": "soon", "need": "validated"}, "bant")
    errors = caught.value.errors()
    assert [error["loc"] for error in errors] == [["budget"], ["timeframe"]]
    assert [error["input"] for error in errors] == ["lots", "soon"]
    assert {error["type"] for error in errors} == {"value_not_accepted"}
    assert "'allocated'" in str(errors[0]["accepted"])
    assert [error["msg"] for error in errors] == list(caught.value.problems)
    json.dumps(errors)  # ready for a web API's answer


def test_an_unknown_key_and_a_value_of_no_accepted_kind() -> None:
    with pytest.raises(qualify.UnknownCriterionError) as caught:
        qualify.evaluate({"budgit": "allocated"}, "bant")
    (error,) = caught.value.errors()
    assert error["loc"] == ["budgit"] and error["type"] == "unknown_key"
    assert error["accepted"] == "budget, authority, need, timeframe"
    with pytest.raises(qualify.EvidenceError) as wrong:
        qualify.evaluate({"need": ["validated"]}, "bant")
    (error,) = wrong.value.errors()
    assert error["loc"] == ["need"] and error["type"] == "value_type"
    assert error["input"] == "['validated']"  # not JSON itself: its repr


def test_a_crm_row_is_located_at_its_column() -> None:
    mapping = qualify.FieldMap(
        name="acme-errors",
        fields=[qualify.Field(column="Budget_Status__c", criterion="budget",
                              values={"Approved": "allocated"})],
    )  # fmt: skip
    with pytest.raises(qualify.EvidenceError) as caught:
        qualify.evaluate({"Budget_Status__c": "Pending"}, "bant", mapping=mapping)
    (error,) = caught.value.errors()
    assert error["loc"] == ["Budget_Status__c"] and error["type"] == "value_not_translated"
    assert error["input"] == "Pending" and error["accepted"] == "'Approved'"


def test_a_batch_puts_the_record_first() -> None:
    leads = [{"id": "L1", "budget": "allocated"}, {"id": "L2", "need": "badly"}]
    with pytest.raises(qualify.EvidenceError) as caught:
        list(qualify.evaluate_many(leads, "bant", id="id", other_keys="ignore"))
    assert caught.value.errors()[0]["loc"] == ["L2", "need"]
    reported = [r for r in qualify.evaluate_many(leads, "bant", id="id", other_keys="ignore",
                                                 errors="report")  # fmt: skip
                if isinstance(r, qualify.RowProblems)]
    assert qualify.EvidenceError("x", problems=reported[0].problems).errors()[0]["loc"] == [
        "L2", "need"
    ]
    positional = [{"budget": "allocated"}, {"need": "badly"}]
    with pytest.raises(qualify.EvidenceError) as by_position:
        list(qualify.evaluate_many(positional, "bant"))
    assert by_position.value.errors()[0]["loc"] == [2, "need"]


def test_problems_stay_text_and_survive_pickling() -> None:
    with pytest.raises(qualify.EvidenceError) as caught:
        qualify.evaluate({"budget": "lots"}, "bant")
    problem = caught.value.problems[0]
    assert isinstance(problem, str) and problem.startswith("criterion 'budget'")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert copy.errors() == caught.value.errors()
    plain = qualify.EvidenceError("something was wrong")
    assert plain.errors() == [
        {"loc": [], "msg": "something was wrong", "type": "value_error", "input": None,
         "accepted": None}
    ]  # fmt: skip


def test_a_file_s_problems_are_located_by_key_path() -> None:
    text = '[[criteria]]\nkey = "a"\nlabel = "A"\nquestion = "Q?"\nweight = "x"\n'
    with pytest.raises(qualify.FrameworkFileError) as caught:
        qualify.loads_framework(text)
    errors = caught.value.errors()
    assert {"loc": ["name"], "msg": "required field missing", "type": "file_error",
            "file": "<text>"} in errors  # fmt: skip
    assert ["criteria", 0, "weight"] in [error["loc"] for error in errors]


def test_every_error_with_several_problems_can_list_them_for_a_program() -> None:
    """Each error class that carries ``problems`` has ``errors()``."""
    for kind in (qualify.EvidenceError, qualify.UnknownCriterionError, qualify.FrameworkFileError):
        assert callable(getattr(kind, "errors", None)), kind


def test_an_infinite_value_refused_stays_valid_json() -> None:
    with pytest.raises(qualify.EvidenceError) as caught:
        qualify.evaluate({"timeframe": float("inf")}, "bant")
    (error,) = caught.value.errors()
    assert error["loc"] == ["timeframe"] and error["input"] == "inf"
    json.dumps(caught.value.errors(), allow_nan=False)
