"""The fast path of to_dict and from_dict for the usual evaluation writes and reads what the
general (cattrs) path does: the same dicts, equal objects, and nothing the general path
refuses (it steps aside, and the general path says what is wrong)."""

from __future__ import annotations

import copy
import json
import math
import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualify
from qualify import Evidence, Framework
from qualify._core import convert
from qualify._core.restore import restored, written
from qualify.journey import Touch

from .test_properties import cases

usual = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)


def _general_out(result: qualify.Evaluation) -> dict[str, Any]:
    found: dict[str, Any] = convert._evaluation_out(result)
    return found


def _general_in(data: Any) -> qualify.Evaluation:
    return convert._evaluation_in(data, qualify.Evaluation)


@usual
@given(cases(), st.sampled_from(["points", "decision"]))
def test_the_usual_evaluation_takes_the_fast_path_both_ways_and_ends_equal(
    case: tuple[Framework, dict[str, Any]], ask: str
) -> None:
    framework, evidence = case
    result = qualify.evaluate(evidence, framework, ask=ask)  # type: ignore[arg-type]
    fast = written(result)
    assert fast is not None  # the usual kind
    assert fast == _general_out(result)
    assert list(fast) == list(_general_out(result))  # the same order, so the same JSON text
    text = json.loads(json.dumps(fast, allow_nan=False))
    back = restored(text)
    assert back is not None and back == _general_in(text) == result
    assert list(written(back) or ()) == list(fast)  # read back: its fields in the same order
    assert qualify.from_dict(text, qualify.Evaluation) == result


def test_other_kinds_go_the_general_way_and_still_round_trip() -> None:
    at = datetime(2026, 3, 2, 10, 0)
    kinds = [
        qualify.evaluate([Evidence(key="need", value="validated", source="call")], "bant"),
        qualify.evaluate({"need": "validated"}, "bant", as_of=at, observed_at=at - timedelta(days=1)),
        qualify.evaluate({}, "bant", touches=[Touch(at=at, channel="phone", outcome="no answer")]),
        qualify.evaluate({"committed": True}, "meeting-gate"),  # an answer not vetted
    ]
    for result in kinds:
        data = qualify.to_dict(result)
        assert data == _general_out(result)
        assert qualify.from_dict(data, qualify.Evaluation) == result
    assert sum(written(result) is None for result in kinds) >= 3


#: Values of every wrong kind a stored field could hold.
ODD = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 200), st.sampled_from([math.nan, math.inf, -math.inf,
    -0.5, 1.5, 100.5, -1e-12, 0.0, 1.0, 100.0]), st.text(max_size=5), st.lists(st.none(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.none(), max_size=2),
)  # fmt: skip


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in *data* a value sits: a key of a dict, an index of a list."""
    found = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


@usual
@given(cases(), st.data())
def test_a_damaged_record_is_never_read_where_the_general_path_refuses_it(
    case: tuple[Framework, dict[str, Any]], data: st.DataObject
) -> None:
    """One value replaced, added or taken away: the fast path reads it as the general path
    does (equal), or steps aside; it never accepts what the general path refuses."""
    framework, evidence = case
    stored = qualify.to_dict(qualify.evaluate(evidence, framework))
    damaged = copy.deepcopy(stored)
    path = data.draw(st.sampled_from(_paths(damaged)))
    *parents, last = path
    holder = damaged
    for step in parents:
        holder = holder[step]
    action = data.draw(st.sampled_from(["replace", "remove", "add"]))
    if action == "replace":
        holder[last] = data.draw(ODD)
    elif action == "remove":
        del holder[last]
    elif isinstance(holder, dict):
        holder["extra"] = data.draw(ODD)
    else:
        holder.append(data.draw(ODD))
    fast = restored(copy.deepcopy(damaged))
    try:
        general = _general_in(copy.deepcopy(damaged))
    except Exception:  # noqa: BLE001 - whatever the general path refuses with
        assert fast is None, f"the fast path read {path} = {holder!r} the general path refuses"
        with pytest.raises(qualify.ConversionError):
            qualify.from_dict(damaged, qualify.Evaluation)
        return
    assert fast is None or fast == general


def test_read_back_results_are_shared_and_stay_correct() -> None:
    result = qualify.evaluate({"budget": "allocated", "need": "validated"}, "bant")
    first = qualify.from_dict(qualify.to_dict(result), qualify.Evaluation)
    second = qualify.from_dict(qualify.to_dict(result), qualify.Evaluation)
    assert first == second == result
    assert all(a is b for a, b in zip(first.criteria, second.criteria, strict=True))
    # a float and a bool that hash alike never share: True is no satisfaction
    data = qualify.to_dict(result)
    data["criteria"][2]["satisfaction"] = True
    assert restored(data) is None
    with pytest.raises(qualify.ConversionError):
        qualify.from_dict(data, qualify.Evaluation)


def test_json_text_of_questions_keeps_the_sign_of_a_zero() -> None:
    """The command line's JSON text remembers a question's text by what it holds; 0.0 and
    -0.0 are equal keys, yet must print apart, as json.dumps(to_dict(...)) prints them."""
    from qualify._core.jsontext import EvaluationText

    text = EvaluationText()
    result = qualify.evaluate({}, "short-term-lead")  # disqualifiers: checks weigh 0.0
    assert result.checks
    data = qualify.to_dict(result)
    for entry in data["checks"]:
        entry["weight"] = -0.0
    negative = qualify.from_dict(data, qualify.Evaluation)
    for one in (result, negative, result):
        assert text(one) == json.dumps(qualify.to_dict(one))


def test_each_written_dict_is_the_callers_own() -> None:
    lead = {"budget": "allocated", "need": "validated"}
    first = qualify.to_dict(qualify.evaluate(lead, "bant"))
    first["criteria"][0]["label"] = "changed by the caller"
    first["gaps"] and first["gaps"][0].clear()
    again = qualify.to_dict(qualify.evaluate(lead, "bant"))
    assert again["criteria"][0]["label"] == "Budget"
    assert all(len(item) == 9 for item in again["gaps"])


def test_a_results_written_forms_are_no_fields_and_never_go_stale() -> None:
    import copy
    import pickle

    import attrs

    from qualify._core.jsontext import EvaluationText

    result = qualify.evaluate({"budget": "allocated", "timeframe": 3}, "bant")
    text = EvaluationText()
    first, first_text = qualify.to_dict(result), text(result)  # written: kept on each result
    rated = result.result("budget")
    for room in ("_as_dict", "_shortfall"):  # worked out once, on the result: no fields
        assert room not in attrs.asdict(rated) and room not in repr(rated)
    assert [f.name for f in attrs.fields(qualify.CriterionResult)][-1] == "evidence"
    for again in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
        assert again == result and qualify.to_dict(again) == first and text(again) == first_text
    changed = attrs.evolve(rated, label="Money")  # a new result: written afresh
    assert qualify.to_dict(changed)["label"] == "Money"
    moved = attrs.evolve(result, criteria=(changed, *result.criteria[1:]))
    assert qualify.to_dict(moved)["criteria"][0]["label"] == "Money"
    assert json.loads(text(moved))["criteria"][0]["label"] == "Money"
    assert text(moved) == json.dumps(qualify.to_dict(moved))


def test_an_answer_of_negative_zero_reads_back_as_itself() -> None:
    # read-back results are shared by what they hold, and 0.0 == -0.0: the sign keeps apart
    seats = qualify.Criterion(
        key="seats", label="Seats", question="How many seats?", weight=1,
        scale=qualify.Numbers(thresholds=[qualify.Threshold(at_least=-1, satisfaction=1.0)]),
    )  # fmt: skip
    framework = qualify.Framework(
        name="seats", title="Seats", version="1", criteria=[seats], qualified_at=50
    )
    for value in (0.0, -0.0, 0.0, -0.0):
        stored = qualify.to_dict(qualify.evaluate({"seats": value}, framework))
        back = qualify.from_dict(stored, qualify.Evaluation)
        assert str(back.criteria[0].value) == str(value)
        assert json.dumps(qualify.to_dict(back)) == json.dumps(stored)


def _as_jsonb(data: Any) -> Any:
    """*data* with every object's keys in the order PostgreSQL's jsonb keeps them (shorter
    keys first, then byte by byte), as a Django JSONField on PostgreSQL hands them back."""
    if isinstance(data, dict):
        ordered = sorted(data, key=lambda key: (len(key.encode()), key.encode()))
        return {key: _as_jsonb(data[key]) for key in ordered}
    if isinstance(data, list):
        return [_as_jsonb(item) for item in data]
    return data


def test_keys_in_jsonbs_order_read_back_on_the_fast_path() -> None:
    result = qualify.evaluate({"budget": "allocated", "timeframe": 4}, "bant")
    stored = _as_jsonb(json.loads(json.dumps(qualify.to_dict(result))))
    assert list(stored)[:3] == ["gaps", "as_of", "score"]
    assert list(stored["criteria"][0])[:3] == ["key", "label", "value"]
    back = restored(stored)
    assert back is not None and back == result
    assert list(qualify.to_dict(back)) == list(qualify.to_dict(result))  # written in field order


def test_a_value_equal_to_one_read_before_keeps_its_own_type() -> None:
    """Read-back results are looked up by criterion and answer and checked by equality, and
    True == 1 == 1.0: each stored value still reads back as the type it was stored as."""
    result = qualify.evaluate({"timeframe": 1, "need": "validated"}, "bant")
    stored = qualify.to_dict(result)
    assert type(qualify.from_dict(stored, qualify.Evaluation).criteria[3].value) is int
    for value in (1.0, True, 1):
        other = copy.deepcopy(stored)
        other["criteria"][3]["value"] = value
        back = qualify.from_dict(other, qualify.Evaluation)
        assert type(back.criteria[3].value) is type(value)
        assert back == _general_in(copy.deepcopy(other))
    for field in ("points", "weight", "satisfaction"):  # budget, not known: 0.0, 3.0, 0.0
        other = copy.deepcopy(stored)
        number = int(other["criteria"][0][field])  # equal, so only its type tells them apart
        other["criteria"][0][field] = number  # and the general path keeps an int as it is
        for back in (restored(copy.deepcopy(other)), _general_in(copy.deepcopy(other))):
            assert back == result and type(getattr(back.criteria[0], field)) is int
        back = qualify.from_dict(stored, qualify.Evaluation)  # and the float again: a float
        assert type(getattr(back.criteria[0], field)) is float
    other = copy.deepcopy(stored)
    other["missing"][0]["weight"] = 3  # an open question's number, likewise
    for back in (restored(copy.deepcopy(other)), _general_in(copy.deepcopy(other))):
        assert back is not None and type(back.missing[0].weight) is int
    assert type(qualify.from_dict(stored, qualify.Evaluation).missing[0].weight) is float


def _numbers(data: Any) -> list[tuple[str, type]]:
    """Every number in *data* with its type, in order (True is no number here)."""
    if isinstance(data, dict):
        return [found for value in data.values() for found in _numbers(value)]
    if isinstance(data, list):
        return [found for value in data for found in _numbers(value)]
    return [(repr(data), type(data))] if type(data) in (int, float) else []


@usual
@given(cases())
def test_what_javascript_wrote_back_reads_on_the_fast_path_as_the_general_one_reads_it(
    case: tuple[Framework, dict[str, Any]],
) -> None:
    """``JSON.stringify`` writes a whole float as an int (``70``, not ``70.0``): a stored
    evaluation that went through a browser or a Node service comes back so. The fast path
    reads it as the general path does, every number of the type it was written as."""
    framework, evidence = case
    result = qualify.evaluate(evidence, framework)
    text = json.dumps(qualify.to_dict(result))
    as_javascript = re.sub(r"(?<=[:\[ ])(-?\d+)\.0(?=[,\]}])", r"\1", text)
    assert (as_javascript != text) == bool(re.search(r" -?\d+\.0[,\]}]", text))
    fast = restored(json.loads(as_javascript))
    general = _general_in(json.loads(as_javascript))
    assert fast is not None and fast == general == result
    for back in (fast, qualify.from_dict(json.loads(as_javascript), qualify.Evaluation)):
        assert json.dumps(qualify.to_dict(back)) == json.dumps(_general_out(general))
        assert _numbers(qualify.to_dict(back)) == _numbers(json.loads(as_javascript))


def test_a_mapping_that_only_claims_to_equal_a_result_is_not_taken_for_one() -> None:
    class Agreeable(dict[str, Any]):
        def __eq__(self, other: object) -> bool:
            return True

        def __ne__(self, other: object) -> bool:
            return False

        __hash__ = None  # type: ignore[assignment]

    result = qualify.evaluate({"budget": "allocated", "need": "validated"}, "bant")
    stored = qualify.to_dict(result)
    assert restored(copy.deepcopy(stored)) == result  # its results are now known
    for part, field in (("criteria", "label"), ("missing", "question")):
        damaged = copy.deepcopy(stored)
        damaged[part][0] = Agreeable(damaged[part][0], **{field: 1})  # no text
        assert restored(damaged) is None
        with pytest.raises(qualify.ConversionError):
            qualify.from_dict(damaged, qualify.Evaluation)


def _variant(data: Any, draw: st.DrawFn) -> Any:
    """*data* with some of its numbers' types changed to equal ones (a whole float to its
    int, an int to its float) and its keys shuffled: what other writers may store."""
    if isinstance(data, dict):
        keys = draw(st.permutations(list(data)))
        return {key: _variant(data[key], draw) for key in keys}
    if isinstance(data, list):
        return [_variant(item, draw) for item in data]
    if type(data) is float and data.is_integer() and draw(st.booleans()):
        return int(data)
    if type(data) is int and draw(st.booleans()):
        return float(data)
    return data


@usual
@given(cases(), st.data())
def test_equal_values_of_other_types_in_any_order_read_as_the_general_path_reads_them(
    case: tuple[Framework, dict[str, Any]], data: st.DataObject
) -> None:
    """Read-back results are shared by criterion, answer and types: a run of stored copies
    of one evaluation whose equal numbers differ in type (1.0 or 1) and whose keys come in
    any order reads each as the general path does, each number of the type it was stored."""
    framework, evidence = case
    stored = json.loads(json.dumps(qualify.to_dict(qualify.evaluate(evidence, framework))))
    for _ in range(3):
        variant = _variant(stored, data.draw)
        general = _general_in(copy.deepcopy(variant))
        back = qualify.from_dict(copy.deepcopy(variant), qualify.Evaluation)
        assert back == general
        assert _numbers(qualify.to_dict(back)) == _numbers(qualify.to_dict(general))
