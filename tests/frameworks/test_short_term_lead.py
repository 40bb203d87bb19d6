"""The ten-attribute qualified short-term lead (003 in ../shared/seeds)."""

from __future__ import annotations

import pytest

import qualify
from qualify import Verdict

ATTRIBUTES = [
    "industry_code",
    "firmographics",
    "decision_makers_identified",
    "environment_documented",
    "decision_maker_engaged",
    "pain_validated",
    "decision_process_documented",
    "budget",
    "competition_documented",
    "urgency",
]


def test_ten_attributes_and_four_disqualifiers() -> None:
    framework = qualify.get_framework("short-term-lead")
    assert [c.key for c in framework.criteria] == ATTRIBUTES
    assert [d.key for d in framework.disqualifiers] == [
        "bad_contact_data",
        "consultant",
        "competitor",
        "student",
    ]


def test_an_unfiltered_lead_with_three_attributes() -> None:
    # "Unfiltered leads rarely have more than three of these attributes."
    lead = {"industry_code": True, "firmographics": True, "budget": "process documented"}
    result = qualify.evaluate(lead, "short-term-lead")
    assert result.verdict is Verdict.NURTURE
    assert result.score < 30
    assert result.missing[0].key in ("decision_maker_engaged", "pain_validated")


def test_all_ten_attributes_qualify() -> None:
    lead = dict.fromkeys(ATTRIBUTES, True) | {"budget": "allocated"}
    result = qualify.evaluate(lead, "short-term-lead")
    assert result.verdict is Verdict.QUALIFIED and result.score == 100.0


@pytest.mark.parametrize("reason", ["bad_contact_data", "consultant", "competitor", "student"])
def test_worthless_leads_are_disqualified_whatever_they_score(reason: str) -> None:
    # Steve's leads: a quarter with bad phone numbers, a fifth from consultants,
    # competitors and students.
    lead = dict.fromkeys(ATTRIBUTES, True) | {reason: True}
    result = qualify.evaluate(lead, "short-term-lead")
    assert result.verdict is Verdict.DISQUALIFIED
    assert result.disqualified_by == (reason,)


def test_no_urgency_means_no_short_term_lead() -> None:
    lead = dict.fromkeys(ATTRIBUTES, True) | {"urgency": False}
    result = qualify.evaluate(lead, "short-term-lead")
    assert result.score >= 80
    assert result.verdict is not Verdict.QUALIFIED
