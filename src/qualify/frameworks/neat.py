"""NEAT selling: Need, Economic impact, Access to authority, Timeline.

Source: The Harris Consulting Group with Sales Hacker (Richard Harris, 2016).
"""

from __future__ import annotations

from qualify import Criterion, Framework, hookimpl
from qualify.frameworks._scales import AUTHORITY, IMPACT, NEED, TIMING

NEAT = Framework(
    name="neat",
    title="NEAT",
    version="1",
    description=(
        "Need, Economic impact, Access to authority, Timeline: the need and what"
        " solving it is worth in money weigh 3 each (the need is required); having a"
        " way to the people who decide weighs 2, as does the timeline. Qualified at 75"
        " points, so no lead qualifies before its economic impact is known. Source: The Harris Consulting Group with Sales Hacker (Richard Harris,"
        " 2016)."
    ),
    qualified_at=75.0,
    criteria=(
        Criterion(
            key="need",
            label="Need",
            question="What underlying problem must they solve, beyond the one they name?",
            scale=NEED,
            weight=3.0,
            required=True,
            concept="need",
        ),
        Criterion(
            key="economic_impact",
            label="Economic impact",
            question="What is solving it worth to them, in their own numbers?",
            scale=IMPACT,
            weight=3.0,
            concept="value",
        ),
        Criterion(
            key="access_to_authority",
            label="Access to authority",
            question="Can we get to the person who decides, through whom?",
            scale=AUTHORITY,
            weight=2.0,
            concept="authority",
        ),
        Criterion(
            key="timeline",
            label="Timeline",
            question="How many months until the event that forces a decision?",
            scale=TIMING,
            weight=2.0,
            concept="timing",
        ),
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide NEAT."""
    return [NEAT]
