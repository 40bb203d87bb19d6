"""The qualified short-term lead: ten attributes of a lead that can close soon.

Source: "Why your sales force needs fewer leads" (a prospect-experience report).
"""

from __future__ import annotations

from qualify import Criterion, Disqualifier, Framework, Level, Levels, hookimpl

SHORT_TERM_LEAD = Framework(
    name="short-term-lead",
    title="Qualified short-term lead",
    version="1",
    description=(
        "Ten attributes of a lead that can close within one or two sales cycles; the"
        " source notes that unfiltered leads rarely show more than three. Engaging a"
        " decision maker and validating the pain weigh most (3 each); the decision"
        " makers, the decision process, budget and urgency weigh 2; the descriptive"
        " facts (industry code, firmographics, environment, competition) weigh 1."
        " Validated pain and urgency are required, since a short-term lead needs both."
        " It qualifies at 80 of 100 points. Bad contact data and leads from"
        " consultants, competitors or students are ruled out whatever they score,"
        " as the source counts them among worthless leads."
        " Source: 'Why your sales force needs fewer leads' (a prospect-experience"
        " report)."
    ),
    qualified_at=80.0,
    criteria=(
        Criterion(
            key="industry_code",
            label="Industry code",
            question="Do we know the prospect's SIC or NAICS code?",
        ),
        Criterion(
            key="firmographics",
            label="Firmographics",
            question="Do we know their revenue, head count and number of locations?",
        ),
        Criterion(
            key="decision_makers_identified",
            concept="authority",
            label="Decision makers identified",
            question="Do we know who decides and who influences the purchase?",
            weight=2.0,
        ),
        Criterion(
            key="environment_documented",
            label="Environment documented",
            question="Have we written down how the prospect works today, systems and setup?",
        ),
        Criterion(
            key="decision_maker_engaged",
            label="Decision maker engaged",
            question="Is a decision maker actively talking with us?",
            weight=3.0,
        ),
        Criterion(
            key="pain_validated",
            concept="need",
            label="Pain validated",
            question="Have we uncovered a business pain and confirmed it with the prospect?",
            weight=3.0,
            required=True,
        ),
        Criterion(
            key="decision_process_documented",
            concept="decision_process",
            label="Decision process documented",
            question="Do we know how they will decide, and by when?",
            weight=2.0,
        ),
        Criterion(
            key="budget",
            concept="budget",
            label="Budget",
            question="Is money allocated, or do we know how the budget gets set?",
            weight=2.0,
            scale=Levels(
                levels=(
                    Level(name="none", satisfaction=0.0, aliases=("no budget",)),
                    Level(name="process documented", satisfaction=1.0, aliases=("process",)),
                    Level(name="allocated", satisfaction=1.0),
                )
            ),
        ),
        Criterion(
            key="competition_documented",
            concept="competition",
            label="Competition documented",
            question="Do we know which competitors are in the running?",
        ),
        Criterion(
            key="urgency",
            concept="timing",
            label="Urgency",
            question="Is there a compelling event or a real sense of urgency?",
            weight=2.0,
            required=True,
        ),
    ),
    disqualifiers=(
        Disqualifier(
            key="bad_contact_data",
            label="Bad contact data",
            question="Is the phone number or address wrong or unreachable?",
        ),
        Disqualifier(
            key="consultant",
            label="Consultant",
            question="Is the lead a consultant rather than someone who would buy?",
        ),
        Disqualifier(
            key="competitor",
            label="Competitor",
            question="Does the lead work for a competitor?",
        ),
        Disqualifier(
            key="student",
            label="Student",
            question="Is the lead a student gathering information?",
        ),
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide the qualified short-term lead framework."""
    return [SHORT_TERM_LEAD]
