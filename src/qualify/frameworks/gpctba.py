"""GPCTBA/C&I: goals, plans, challenges, timeline, budget, authority, consequences, implications.

Source: HubSpot's inbound sales methodology; Pete Caputa, "BANT Isn't Enough Anymore"
(HubSpot blog).
"""

from __future__ import annotations

from qualify import Criterion, Framework, Level, Levels, hookimpl
from qualify.frameworks._scales import AUTHORITY, BUDGET, EVIDENCE, IMPACT, NEED, TIMING

GPCTBA_CI = Framework(
    name="gpctba-ci",
    title="GPCTBA/C&I",
    version="1",
    description=(
        "Goals, Plans, Challenges, Timeline, Budget, Authority, negative Consequences"
        " and positive Implications: the buyer's world first (what they aim for, how"
        " they plan to get there, what stands in the way), then the seller's checks,"
        " then what doing nothing costs and what success brings. Challenges weigh 3 and"
        " are required; goals, the two consequences, budget and authority 2; plans and"
        " the timeline 1. Qualified at 70 points. Source: HubSpot's inbound sales"
        " methodology; Pete Caputa, 'BANT Isn't Enough Anymore' (HubSpot blog)."
    ),
    qualified_at=70.0,
    criteria=(
        Criterion(
            key="goals",
            label="Goals",
            question="What result are they aiming for, with a number and a date?",
            scale=Levels(
                levels=(
                    Level(name="none", satisfaction=0.0),
                    Level(name="vague", satisfaction=0.35, aliases=("stated",)),
                    Level(name="quantified", satisfaction=1.0),
                )
            ),
            weight=2.0,
            concept="goals",
        ),
        Criterion(
            key="plans",
            label="Plans",
            question="How do they mean to reach that goal, and what have they tried?",
            scale=EVIDENCE,
            weight=1.0,
            concept="plans",
        ),
        Criterion(
            key="challenges",
            label="Challenges",
            question="What stands between them and the goal?",
            scale=NEED,
            weight=3.0,
            required=True,
            concept="need",
        ),
        Criterion(
            key="timeline",
            label="Timeline",
            question="How many months until the plan has to be working?",
            scale=TIMING,
            weight=1.0,
            concept="timing",
        ),
        Criterion(
            key="budget",
            label="Budget",
            question="Is money set aside for reaching the goal?",
            scale=BUDGET,
            weight=2.0,
            concept="budget",
        ),
        Criterion(
            key="authority",
            label="Authority",
            question="Who decides how the goal is pursued, and do we reach them?",
            scale=AUTHORITY,
            weight=2.0,
            concept="authority",
        ),
        Criterion(
            key="negative_consequences",
            label="Negative consequences",
            question="What happens to them if the goal is missed?",
            scale=IMPACT,
            weight=2.0,
            concept="consequences",
        ),
        Criterion(
            key="positive_implications",
            label="Positive implications",
            question="What changes for them, and for the person we talk to, if it is met?",
            scale=IMPACT,
            weight=2.0,
            concept="value",
        ),
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide GPCTBA/C&I."""
    return [GPCTBA_CI]
