"""I CARE, with the seed's own worked example (000 in ../shared/seeds)."""

from __future__ import annotations

import qualify
from qualify import Verdict


def test_keys_and_weights() -> None:
    icare = qualify.get_framework("icare")
    assert [c.key for c in icare.criteria] == [
        "imperative",
        "consequences",
        "agreement",
        "resources",
        "environment",
    ]
    heaviest = max(icare.criteria, key=lambda c: c.weight)
    assert heaviest.key == "environment"  # "last and most important"


def test_the_hungry_person_on_the_way_to_a_meeting() -> None:
    # Hunger at lunchtime is compelling, distraction in the meeting is a real cost, the
    # only stakeholder agrees, money is no issue; inertia decides.
    known = {
        "imperative": "compelling",
        "consequences": "substantial",
        "agreement": "all",
        "resources": "secured",
    }
    undecided = qualify.evaluate(known, "icare")
    assert undecided.verdict is Verdict.NURTURE
    assert [m.key for m in undecided.missing] == ["environment"]
    assert (
        undecided.next_question == qualify.get_framework("icare").criterion("environment").question
    )

    assert (
        qualify.evaluate({**known, "environment": "early adopter"}, "icare").verdict
        is Verdict.QUALIFIED
    )
    assert (
        qualify.evaluate({**known, "environment": "Risk-Averse"}, "icare").verdict
        is Verdict.UNQUALIFIED
    )


def test_budget_is_not_required_when_the_matter_is_urgent() -> None:
    # "If it's important enough, the resources can be found": resources only obtainable.
    lead = {
        "imperative": "compelling event",
        "consequences": "substantial",
        "agreement": "agreed",
        "resources": "obtainable",
        "environment": "pragmatic",
    }
    assert qualify.evaluate(lead, "icare").verdict is Verdict.QUALIFIED


def test_without_a_compelling_reason_nothing_qualifies() -> None:
    lead = {
        "imperative": "latent",
        "consequences": "substantial",
        "agreement": "full",
        "resources": "secured",
        "environment": "early adopter",
    }
    result = qualify.evaluate(lead, "icare")
    assert result.score >= 70
    assert result.verdict is not Verdict.QUALIFIED
