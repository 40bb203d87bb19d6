"""The meeting gate: seven answers, documented and vetted, before specialists meet a prospect.

Source: Ira Michael Blonder's blog posts "Prospect Qualification" and "Always
Postpone Prospect Meetings When Unknown Participants Decide to Join".
"""

from __future__ import annotations

from qualify import Criterion, Disqualifier, Framework, hookimpl


def _answer(key: str, label: str, question: str, concept: str | None = None) -> Criterion:
    """One of the seven: required, and counted only once a second person or a source vetted it."""
    return Criterion(
        key=key,
        label=label,
        question=question,
        required=True,
        requires_vetting=True,
        concept=concept,
        description="True once the answer is written down and vetted; false when it rules"
        " the meeting out.",
    )


MEETING_GATE = Framework(
    name="meeting-gate",
    title="Meeting gate",
    version="1",
    description=(
        "Seven questions whose answers must be written down and vetted before expensive"
        " specialists spend time in a meeting with a prospect. The source tells of six"
        " meetings over four months, three specialists among the four people involved,"
        " after which the prospect still did not know what it needed: nobody had"
        " answered these plain questions first. Every answer counts only once a second"
        " person or a source has checked it; all seven are required and weigh the same,"
        " as the source ranks none above another, so the meeting is approved at 100 of"
        " 100 points. When someone whose role is not understood asks to join, the"
        " meeting is postponed until it is: here a 'disqualified' verdict means postpone"
        " this meeting, not drop the lead. Source: Ira Michael Blonder, 'Prospect"
        " Qualification' and 'Always Postpone Prospect Meetings When Unknown"
        " Participants Decide to Join' (blog posts)."
    ),
    qualified_at=100.0,
    criteria=(
        _answer(
            "committed",
            "Committed to solving it",
            "Is the prospect committed to finding a solution, rather than only looking?",
        ),
        _answer("requirement", "Requirement", "What exactly do they need to achieve?", "need"),
        _answer(
            "desired_solution",
            "Desired solution",
            "What would the solution they want look like?",
        ),
        _answer(
            "success_judge",
            "Who judges success",
            "Who will decide that the requirement has been met?",
        ),
        _answer("approver", "Purchase approver", "Who will approve the purchase?", "authority"),
        _answer(
            "expectations",
            "Expectations",
            "What do they expect the solution to change in their organisation?",
        ),
        _answer(
            "can_deliver",
            "We can deliver",
            "Do we have a solution that meets the need?",
            "solution_fit",
        ),
    ),
    disqualifiers=(
        Disqualifier(
            key="unknown_participants",
            label="Unknown participants joining",
            question="Has anyone whose role in the decision we do not understand asked to"
            " join the meeting?",
            description="People who join late are often decision makers who bring criteria"
            " of their own; postpone until their role and reasons are known.",
        ),
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide the meeting gate."""
    return [MEETING_GATE]
