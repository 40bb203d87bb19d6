"""Teleprospecting lead maturation: eight phone milestones from first contact to group meeting.

Source: Ira Michael Blonder, "What Constitutes a Valuable Sales Lead?" (blog post).
"""

from __future__ import annotations

from qualify import Criterion, Framework, Stage, hookimpl

_MILESTONES = (
    (
        "contacts_identified",
        "Contacts identified",
        "Have we found people inside the prospect who could matter to this deal?",
    ),
    (
        "initial_conversation",
        "First conversation held",
        "In a first call, did we learn what they need and who can authorise a purchase?",
    ),
    (
        "expanded_conversation",
        "Follow-up conversation held",
        "Did a second call build on the first and give the contact something useful?",
    ),
    (
        "initial_assessment",
        "Needs and decision makers assessed",
        "In a third conversation, did we share and weigh what we learnt about needs"
        " and decision makers?",
    ),
    (
        "company_mapped",
        "Account mapped",
        "Do we know every other person at the prospect who should be brought in?",
    ),
    (
        "assumptions_vetted",
        "Assumptions vetted",
        "Have our assumptions about their needs and decision makers been checked and"
        " found credible?",
    ),
    (
        "referrals_obtained",
        "Referrals obtained",
        "Have senior contacts brought the people we mapped into the conversation?",
    ),
    (
        "group_meeting",
        "Group meeting held",
        "Have we met the decision makers together about their most pressing need?",
    ),
)

TELEPROSPECTING = Framework(
    name="teleprospecting",
    title="Teleprospecting lead maturation",
    version="1",
    description=(
        "Eight ordered milestones a lead passes on the phone, each built on the ones"
        " before; the stage is the last milestone reached with all earlier ones met."
        " Every milestone weighs the same, so the score is the share of the way"
        " travelled and 'missing' asks for the earliest open milestone first. Only a"
        " lead that has had the group meeting (all eight, a score of 100) is handed to"
        " sales. Source: Ira Michael Blonder, 'What Constitutes a Valuable Sales Lead?'"
        " (blog post)."
    ),
    qualified_at=100.0,
    criteria=tuple(
        Criterion(key=key, label=label, question=question) for key, label, question in _MILESTONES
    ),
    stages=tuple(Stage(key=key, label=label, requires=(key,)) for key, label, _ in _MILESTONES),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide the teleprospecting maturation framework."""
    return [TELEPROSPECTING]
