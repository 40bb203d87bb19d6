"""ANUM: Authority, Need, Urgency, Money; find the decision maker before anything else.

Source: Ken Krogue (InsideSales.com), who proposed it for high-volume inside sales.
"""

from __future__ import annotations

from qualify import Criterion, Framework, hookimpl
from qualify.frameworks._scales import AUTHORITY, BUDGET, NEED, PRIORITY

ANUM = Framework(
    name="anum",
    title="ANUM",
    version="1",
    description=(
        "Authority, Need, Urgency, Money: for callers who make many calls a day, the"
        " first thing to know is whether this person can buy, so authority weighs most"
        " (4) and is required. Need weighs 3, urgency 2, and money 1, last: a budget"
        " tends to appear once a decision maker sees a real need. Qualified at 70 points."
        " Source: Ken Krogue (InsideSales.com)."
    ),
    qualified_at=70.0,
    criteria=(
        Criterion(
            key="authority",
            label="Authority",
            question="Is this person the one who decides, or the shortest way to them?",
            scale=AUTHORITY,
            weight=4.0,
            required=True,
            concept="authority",
        ),
        Criterion(
            key="need",
            label="Need",
            question="What concrete problem do they have that we fit?",
            scale=NEED,
            weight=3.0,
            concept="need",
        ),
        Criterion(
            key="urgency",
            label="Urgency",
            question="How soon must it be solved, and what happens if it waits?",
            scale=PRIORITY,
            weight=2.0,
            concept="timing",
        ),
        Criterion(
            key="money",
            label="Money",
            question="Can they pay for it once they decide to?",
            scale=BUDGET,
            weight=1.0,
            concept="budget",
        ),
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide ANUM."""
    return [ANUM]
