"""CHAMP: Challenges, Authority, Money, Prioritization; BANT reordered to lead with the problem.

Source: Zorian Rotenberg, "Don't BANT, Just CHAMP" (InsightSquared, 2014).
"""

from __future__ import annotations

from qualify import Criterion, Framework, hookimpl
from qualify.frameworks._scales import AUTHORITY, BUDGET, NEED, PRIORITY

CHAMP = Framework(
    name="champ",
    title="CHAMP",
    version="1",
    description=(
        "Challenges, Authority, Money, Prioritization: the questions of BANT in the"
        " buyer's order, the problem first and money late, once the problem is real."
        " Challenges weigh most (4) and are required; authority 3; money 2, since a"
        " budget is often found for a problem that matters; prioritization 2. Qualified"
        " at 70 points. Source: Zorian Rotenberg, 'Don't BANT, Just CHAMP'"
        " (InsightSquared, 2014)."
    ),
    qualified_at=70.0,
    criteria=(
        Criterion(
            key="challenges",
            label="Challenges",
            question="What problem are they trying to solve, and what does it cost them?",
            scale=NEED,
            weight=4.0,
            required=True,
            concept="need",
        ),
        Criterion(
            key="authority",
            label="Authority",
            question="Who decides, who can block, and are we talking to them?",
            scale=AUTHORITY,
            weight=3.0,
            concept="authority",
        ),
        Criterion(
            key="money",
            label="Money",
            question="Is there money for this, or a way to find it?",
            scale=BUDGET,
            weight=2.0,
            concept="budget",
        ),
        Criterion(
            key="prioritization",
            label="Prioritization",
            question="Where does solving this rank among everything else they must do?",
            scale=PRIORITY,
            weight=2.0,
            concept="timing",
        ),
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide CHAMP."""
    return [CHAMP]
