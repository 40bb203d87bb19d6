"""Touches: a lead's contact history travels with its evaluation, and says whether to keep trying."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import qualify
from qualify.journey import ContactHistory, Direction, Pursuit, Touch, TouchOutcome
from qualify._core.jsontext import EvaluationText

START = datetime(2026, 3, 2, 10, 0)


def _silent(count: int) -> list[Touch]:
    channels = ["phone", "phone", "email", "phone", "letter", "direct mail", "email", "phone"]
    outcomes = {
        "phone": TouchOutcome.VOICEMAIL,
        "email": TouchOutcome.SENT,
        "letter": TouchOutcome.SENT,
        "direct mail": TouchOutcome.SENT,
    }
    return [
        Touch(at=START + timedelta(weeks=3 * i), channel=c, outcome=outcomes[c], by="sdr-ana")
        for i, c in enumerate(channels[:count])
    ]


def test_the_answer_that_came_after_six_touches_over_months() -> None:
    """The best prospects often answer only after five or six touches over months: a team
    that gave up after three would have lost this one."""
    touches = [
        *_silent(5),
        Touch(at=START + timedelta(weeks=16), channel="phone", outcome="conversation held",
              note="new CFO; budget reopens in Q3"),
    ]
    early = qualify.evaluate({}, "bant", touches=touches[:3])
    assert early.touches is not None
    assert early.touches.pursuit is Pursuit.KEEP_TRYING  # not a dead lead: keep nurturing
    assert early.verdict is qualify.Verdict.NURTURE
    assert (early.touches.count, early.touches.remaining) == (3, 4)
    later = qualify.evaluate({"need": "identified"}, "bant", touches=reversed(touches))
    history = later.touches
    assert history is not None
    assert history.pursuit is Pursuit.RESPONDED and history.responded_after == 6
    assert history.span == timedelta(weeks=16) and history.last_at == touches[-1].at
    assert [t.at for t in history.touches] == [t.at for t in touches]  # in time order
    assert later.score == qualify.evaluate({"need": "identified"}, "bant").score  # never scores


def test_the_budget_spent_with_no_answer_and_a_team_s_own_budget() -> None:
    seven = qualify.journey.contact_history(_silent(7))
    assert seven.pursuit is Pursuit.BUDGET_SPENT and seven.remaining == 0
    assert qualify.journey.contact_history(_silent(7), budget=13).pursuit is Pursuit.KEEP_TRYING
    assert qualify.journey.TOUCH_BUDGET == 7


def test_an_inbound_touch_is_an_answer_and_an_opt_out_stops_everything() -> None:
    called_back = [*_silent(2), Touch(at=START + timedelta(days=50), channel="phone",
                                      outcome="no answer", direction="inbound")]
    history = qualify.journey.contact_history(called_back)
    assert history.pursuit is Pursuit.RESPONDED and history.outbound == 2
    out = [*_silent(1), Touch(at=START + timedelta(days=9), channel="email", outcome="opted out")]
    assert qualify.journey.contact_history(out).pursuit is Pursuit.OPTED_OUT


def test_touches_after_as_of_had_not_happened_yet() -> None:
    touches = _silent(4)
    as_of = touches[1].at + timedelta(days=1)
    result = qualify.evaluate({}, "bant", touches=touches, as_of=as_of)
    assert result.touches is not None
    assert result.touches.count == 2 and result.touches.since_last == timedelta(days=1)


def test_the_contact_history_round_trips_and_writes_the_same_json() -> None:
    result = qualify.evaluate({"budget": "allocated"}, "bant", touches=_silent(3))
    data = qualify.to_dict(result)
    assert data["touches"]["pursuit"] == "keep trying"
    assert data["touches"]["touches"][0]["outcome"] == "voicemail left"
    assert qualify.from_dict(data, qualify.Evaluation) == result
    assert EvaluationText()(result) == json.dumps(data)
    assert qualify.to_dict(qualify.evaluate({}, "bant"))["touches"] is None


def test_evaluate_many_finds_each_lead_s_touches_by_its_id() -> None:
    rows = [{"id": "L-1", "need": "validated"}, {"id": "L-2", "need": "assumed"}]
    results = list(qualify.evaluate_many(rows, "bant", id="id", touches={"L-1": _silent(2)}))
    assert [r.touches.count if r.touches else None for r in results] == [2, 0]
    with pytest.raises(qualify.QualifyError, match="give id="):
        qualify.evaluate_many(rows, "bant", touches={"L-1": _silent(2)})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": "left a message"}, "outcome must be one of 'no answer'"),
        ({"outcome": "sent", "direction": "sideways"}, "direction must be one of"),
        ({"outcome": "sent", "channel": " "}, "channel must be text"),
        ({"outcome": "sent", "at": "2026-01-01"}, "at must be a datetime"),
    ],
)
def test_bad_touches_say_what_is_accepted(fields: dict[str, object], message: str) -> None:
    given_fields: dict[str, object] = {"at": START, "channel": "phone", **fields}
    with pytest.raises(qualify.EvidenceError, match=message):
        Touch(**given_fields)  # type: ignore[arg-type]


def test_bad_histories_say_what_is_accepted() -> None:
    with pytest.raises(qualify.EvidenceError, match="whole number of touches, 1 or more"):
        qualify.journey.contact_history([], budget=0)
    with pytest.raises(qualify.EvidenceError, match="got str at position 0"):
        qualify.journey.contact_history(["phone"])  # type: ignore[list-item]
    mixed = [Touch(at=START, channel="phone", outcome="sent"),
             Touch(at=START.replace(tzinfo=UTC), channel="phone", outcome="sent")]
    with pytest.raises(qualify.EvidenceError, match="mix timezone-aware and naive"):
        qualify.journey.contact_history(mixed)


touch_lists = st.lists(
    st.builds(
        Touch,
        at=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1)),
        channel=st.sampled_from(["phone", "email", "letter"]),
        outcome=st.sampled_from(list(TouchOutcome)),
        direction=st.sampled_from(list(Direction)),
    ),
    max_size=12,
)


@given(touch_lists, st.randoms())
def test_the_same_touches_in_any_order_give_the_same_history(
    touches: list[Touch], shuffle: object
) -> None:
    history = qualify.journey.contact_history(touches)
    shuffled = list(touches)
    shuffle.shuffle(shuffled)  # type: ignore[attr-defined]
    again = qualify.journey.contact_history(shuffled)
    assert (again.count, again.outbound, again.span, again.pursuit, again.responded_after) == (
        history.count,
        history.outbound,
        history.span,
        history.pursuit,
        history.responded_after,
    )
    assert isinstance(history, ContactHistory)
    assert history.count == len(touches) and 0 <= history.remaining <= history.budget


@given(touch_lists, st.randoms())
def test_the_same_lead_and_touches_give_the_same_bytes(touches: list[Touch], shuffle: object) -> None:
    shuffled = list(touches)
    shuffle.shuffle(shuffled)  # type: ignore[attr-defined]
    as_of = datetime(2026, 6, 1)
    one = qualify.evaluate({"need": "identified"}, "bant", touches=touches, as_of=as_of)
    two = qualify.evaluate({"need": "identified"}, "bant", touches=shuffled, as_of=as_of)
    assert EvaluationText()(one) == EvaluationText()(two) == json.dumps(qualify.to_dict(one))
