"""The meeting gate: seven vetted answers before specialists meet a prospect (Ira Michael
Blonder, "Prospect Qualification" and "Always Postpone Prospect Meetings When Unknown
Participants Decide to Join")."""

from __future__ import annotations

from datetime import datetime

import qualify
from qualify import Evidence, Verdict

SEVEN = [
    "committed",
    "requirement",
    "desired_solution",
    "success_judge",
    "approver",
    "expectations",
    "can_deliver",
]


def _answers(vetted: bool, **overrides: object) -> list[Evidence]:
    items = []
    for key in SEVEN:
        value = overrides.get(key, True)
        items.append(
            Evidence(
                key=key,
                value=value,  # type: ignore[arg-type]
                source="SDR call notes",
                vetted_by="engagement manager" if vetted else None,
                vetted_at=datetime(2026, 11, 20) if vetted else None,
            )
        )
    return items


def test_seven_required_questions_that_must_be_vetted_and_one_blocker() -> None:
    gate = qualify.get_framework("meeting-gate")
    assert [c.key for c in gate.criteria] == SEVEN
    assert all(c.required and c.requires_vetting for c in gate.criteria)
    assert [d.key for d in gate.disqualifiers] == ["unknown_participants"]
    assert gate.qualified_at == 100.0
    assert "Ira Michael Blonder" in gate.description


def test_six_meetings_without_answers_would_not_have_been_approved() -> None:
    """Six meetings over four months, and the prospect still did not know what it needed:
    features were presented, the plain questions never answered."""
    result = qualify.evaluate([Evidence(key="can_deliver", value=True)], "meeting-gate")
    assert result.verdict is Verdict.NURTURE
    assert len(result.missing) == 7  # the answer on record is not vetted: it does not count
    assert [u.key for u in result.unvetted] == ["can_deliver"]


def test_documented_answers_wait_for_vetting_before_the_meeting_is_approved() -> None:
    documented = qualify.evaluate(_answers(vetted=False), "meeting-gate")
    assert documented.verdict is Verdict.NURTURE and documented.score == 0.0
    assert len(documented.unvetted) == 7
    assert documented.next_question is not None
    assert documented.next_question.startswith("Is the prospect committed")
    assert "Vet the answer" in documented.next_question
    approved = qualify.evaluate(_answers(vetted=True), "meeting-gate")
    assert approved.verdict is Verdict.QUALIFIED and approved.score == 100.0
    assert approved.unvetted == ()


def test_a_vetted_no_keeps_the_meeting_off() -> None:
    result = qualify.evaluate(_answers(vetted=True, can_deliver=False), "meeting-gate")
    assert result.verdict is Verdict.UNQUALIFIED
    assert [g.key for g in result.gaps] == ["can_deliver"]


def test_the_meeting_is_postponed_when_unknown_participants_join() -> None:
    """Late joiners are often decision makers with criteria of their own: postpone until
    their role and reasons are understood, however well qualified the prospect is."""
    joined = [*_answers(vetted=True), Evidence(key="unknown_participants", value=True)]
    postponed = qualify.evaluate(joined, "meeting-gate")
    assert postponed.verdict is Verdict.DISQUALIFIED
    assert postponed.disqualified_by == ("unknown_participants",)
    assert postponed.score == 100.0  # the answers still stand; the meeting waits
    understood = [
        *_answers(vetted=True),
        Evidence(key="unknown_participants", value=True, observed_at=datetime(2026, 11, 2)),
        Evidence(key="unknown_participants", value=False, observed_at=datetime(2026, 11, 9),
                 note="the new participant is the CFO's deputy; she approves the budget"),
    ]
    assert qualify.evaluate(understood, "meeting-gate").verdict is Verdict.QUALIFIED
