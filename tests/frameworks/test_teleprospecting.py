"""The eight-stage teleprospecting maturation (001 in ../shared/seeds)."""

from __future__ import annotations

import pytest

import qualify
from qualify import Verdict

STAGES = [
    "contacts_identified",
    "initial_conversation",
    "expanded_conversation",
    "initial_assessment",
    "company_mapped",
    "assumptions_vetted",
    "referrals_obtained",
    "group_meeting",
]


def test_eight_ordered_stages_each_requiring_its_milestone() -> None:
    framework = qualify.get_framework("teleprospecting")
    assert [s.key for s in framework.stages] == STAGES
    assert [s.requires for s in framework.stages] == [(key,) for key in STAGES]


@pytest.mark.parametrize("reached", range(len(STAGES) + 1))
def test_a_lead_matures_stage_by_stage(reached: int) -> None:
    result = qualify.evaluate({key: True for key in STAGES[:reached]}, "teleprospecting")
    assert result.stage == (STAGES[reached - 1] if reached else None)
    assert result.next_stage == (STAGES[reached] if reached < len(STAGES) else None)
    assert result.score == pytest.approx(100 * reached / 8)
    # ask for the earliest open milestone first
    assert [m.key for m in result.missing] == STAGES[reached:]
    expected = Verdict.QUALIFIED if reached == len(STAGES) else Verdict.NURTURE
    assert result.verdict is expected


def test_a_meeting_postponed_until_unknown_participants_are_understood() -> None:
    # Mapped and vetted, but the group meeting has not happened yet.
    lead = dict.fromkeys(STAGES[:7], "yes") | {"group_meeting": "no"}
    result = qualify.evaluate(lead, "teleprospecting")
    assert result.stage == "referrals_obtained"
    assert result.next_stage == "group_meeting"
    assert result.verdict is Verdict.UNQUALIFIED
    assert [g.key for g in result.gaps] == ["group_meeting"]
