"""SCOTSMAN: Solution, Competition, Originality, Timescales, Size, Money, Authority, Need.

Source: attributed to the sales trainer Dermot Bradley; taught widely in UK enterprise
and bid qualification.
"""

from __future__ import annotations

from qualify import Criterion, Framework, Level, Levels, hookimpl
from qualify.frameworks._scales import AUTHORITY, BUDGET, COMPETITION, EVIDENCE, NEED, TIMING

SCOTSMAN = Framework(
    name="scotsman",
    title="SCOTSMAN",
    version="1",
    description=(
        "Solution, Competition, Originality, Timescales, Size, Money, Authority, Need:"
        " eight checks for a complex bid, to win fast or drop out fast. Need weighs 3"
        " and is required; solution fit, money and authority 2; competition,"
        " originality, timescales and size 1. Qualified at 70 points. Source:"
        " attributed to the sales trainer Dermot Bradley."
    ),
    qualified_at=70.0,
    criteria=(
        Criterion(
            key="solution",
            label="Solution",
            question="Does what we offer fit what they need, with references to show it?",
            scale=EVIDENCE,
            weight=2.0,
            concept="solution_fit",
        ),
        Criterion(
            key="competition",
            label="Competition",
            question="Who else is bidding, and whom does the buyer lean towards?",
            scale=COMPETITION,
            weight=1.0,
            concept="competition",
        ),
        Criterion(
            key="originality",
            label="Originality",
            question="What do we offer that no one else in the running does?",
            scale=EVIDENCE,
            weight=1.0,
            concept="differentiation",
        ),
        Criterion(
            key="timescales",
            label="Timescales",
            question="How many months until they buy, and is that realistic for both sides?",
            scale=TIMING,
            weight=1.0,
            concept="timing",
        ),
        Criterion(
            key="size",
            label="Size",
            question="Is the deal big enough to be worth it, and small enough for us to deliver?",
            scale=Levels(
                levels=(
                    Level(name="wrong size", satisfaction=0.0, aliases=("too small", "too big")),
                    Level(name="stretch", satisfaction=0.5),
                    Level(name="right size", satisfaction=1.0, aliases=("fits",)),
                )
            ),
            weight=1.0,
            concept="deal_size",
        ),
        Criterion(
            key="money",
            label="Money",
            question="Does their budget match what it will cost?",
            scale=BUDGET,
            weight=2.0,
            concept="budget",
        ),
        Criterion(
            key="authority",
            label="Authority",
            question="Are we talking to someone who can decide?",
            scale=AUTHORITY,
            weight=2.0,
            concept="authority",
        ),
        Criterion(
            key="need",
            label="Need",
            question="Is there a real, justified need behind the project?",
            scale=NEED,
            weight=3.0,
            required=True,
            concept="need",
        ),
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide SCOTSMAN."""
    return [SCOTSMAN]
