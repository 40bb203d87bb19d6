"""FAINT: Funds, Authority, Interest, Need, Timing; for buyers who have no budget yet.

Source: Mike Schultz and John E. Doerr (RAIN Group), "Rainmaking Conversations" (2011).
"""

from __future__ import annotations

from qualify import Criterion, Framework, Level, Levels, hookimpl
from qualify.frameworks._scales import AUTHORITY, BUDGET, NEED, TIMING

FAINT = Framework(
    name="faint",
    title="FAINT",
    version="1",
    description=(
        "Funds, Authority, Interest, Need, Timing: asks whether the buyer has money at"
        " all, not whether a budget line exists, and adds the buyer's interest in"
        " changing how things are done. Need weighs 3 and is required; authority 3;"
        " funds, interest and timing 2. Qualified at 70 points. Source: Mike Schultz and"
        " John E. Doerr (RAIN Group), 'Rainmaking Conversations' (2011)."
    ),
    qualified_at=70.0,
    criteria=(
        Criterion(
            key="funds",
            label="Funds",
            question="Does the organisation have money it could spend on this?",
            scale=BUDGET,
            weight=2.0,
            concept="budget",
        ),
        Criterion(
            key="authority",
            label="Authority",
            question="Who can commit those funds, and do we reach them?",
            scale=AUTHORITY,
            weight=3.0,
            concept="authority",
        ),
        Criterion(
            key="interest",
            label="Interest",
            question="Do they want to improve things, beyond being curious about us?",
            scale=Levels(
                levels=(
                    Level(name="none", satisfaction=0.0),
                    Level(name="curious", satisfaction=0.4),
                    Level(name="engaged", satisfaction=1.0, aliases=("keen",)),
                )
            ),
            weight=2.0,
            concept="interest",
        ),
        Criterion(
            key="need",
            label="Need",
            question="What need do we meet, and do they agree it is one?",
            scale=NEED,
            weight=3.0,
            required=True,
            concept="need",
        ),
        Criterion(
            key="timing",
            label="Timing",
            question="How many months until they would buy?",
            scale=TIMING,
            weight=2.0,
            concept="timing",
        ),
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide FAINT."""
    return [FAINT]
