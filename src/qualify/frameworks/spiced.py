"""SPICED: Situation, Pain, Impact, Critical event, Decision; for recurring-revenue sales.

Source: Winning by Design (Jacco van der Kooij).
"""

from __future__ import annotations

from qualify import Criterion, Framework, Level, Levels, hookimpl
from qualify.frameworks._scales import EVIDENCE, IMPACT, NEED

SPICED = Framework(
    name="spiced",
    title="SPICED",
    version="1",
    description=(
        "Situation, Pain, Impact, Critical event, Decision: the facts of the buyer's"
        " situation, the pain, its impact on the business, the event that sets a date,"
        " and how the decision is made. Pain and impact weigh 3 (the pain is required),"
        " the critical event and the decision 2, the situation 1, being background."
        " Qualified at 70 points. Source: Winning by Design (Jacco van der Kooij)."
    ),
    qualified_at=70.0,
    criteria=(
        Criterion(
            key="situation",
            label="Situation",
            question="What are the facts of how they work today: tools, team, volumes?",
            scale=EVIDENCE,
            weight=1.0,
            concept="situation",
        ),
        Criterion(
            key="pain",
            label="Pain",
            question="What is going wrong, and do they agree it must change?",
            scale=NEED,
            weight=3.0,
            required=True,
            concept="need",
        ),
        Criterion(
            key="impact",
            label="Impact",
            question="What does the pain cost, or fixing it bring, in their numbers?",
            scale=IMPACT,
            weight=3.0,
            concept="value",
        ),
        Criterion(
            key="critical_event",
            label="Critical event",
            question="What dated event makes them act by then, and what if they miss it?",
            scale=Levels(
                levels=(
                    Level(name="none", satisfaction=0.0),
                    Level(name="possible", satisfaction=0.4, aliases=("undated",)),
                    Level(name="dated", satisfaction=1.0, aliases=("committed",)),
                )
            ),
            weight=2.0,
            concept="timing",
        ),
        Criterion(
            key="decision",
            label="Decision",
            question="Who decides, on what criteria, and through which steps?",
            scale=EVIDENCE,
            weight=2.0,
            concept="decision_process",
        ),
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide SPICED."""
    return [SPICED]
