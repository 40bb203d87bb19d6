"""BANT: budget, authority, need and timeframe, the seller's classic checklist.

Sources: "Rethinking BANT: how to better define a qualified lead" (ETI Sales
Support blog), "What is BANT Data?" (a blog series on sales-ready leads), and a
B2B telemarketing agency's blog post of 22 January 2010 on whether sales may
reject marketing's leads.
"""

from __future__ import annotations

from qualify import NOT_KNOWN, Band, Criterion, Framework, Level, Levels, Months, hookimpl

BANT = Framework(
    name="bant",
    title="BANT",
    version="1",
    description=(
        "Budget, Authority, Need, Timeframe: four things a rep must know before a lead"
        " goes to sales, credited to IBM. Need weighs most (4) and is required: the"
        " sources call it the hardest to pin down, and company size alone does not make"
        " a need. Budget and Authority weigh 3 each. Timeframe weighs 2, as it moves"
        " most often. A lead qualifies at 70 points with a validated need. An authority"
        " nobody has identified yet is no answer: the question stays open. Sources:"
        " 'Rethinking BANT: how to better define a qualified lead' (ETI Sales Support"
        " blog); 'What is BANT Data?' (a blog series on sales-ready leads); a B2B"
        " telemarketing agency's blog post of 22 January 2010 on whether sales may"
        " reject marketing's leads."
    ),
    qualified_at=70.0,
    # An authority nobody has identified yet is not an answer: the question stays open.
    no_evidence=(*NOT_KNOWN, "unknown to us", "not identified"),
    criteria=(
        Criterion(
            key="budget",
            concept="budget",
            label="Budget",
            question="Has money been set aside for this, and is it enough for what we offer?",
            weight=3.0,
            scale=Levels(
                levels=(
                    Level(name="none", satisfaction=0.0, aliases=("no budget",)),
                    Level(
                        name="process",
                        satisfaction=0.35,
                        aliases=("access", "access to budget", "process documented"),
                        description="We can reach the budget or know how it gets set.",
                    ),
                    Level(name="allocated", satisfaction=0.75),
                    Level(
                        name="sufficient",
                        satisfaction=1.0,
                        aliases=("allocated and sufficient",),
                        description="Allocated, and large enough for our solution.",
                    ),
                )
            ),
        ),
        Criterion(
            key="authority",
            concept="authority",
            label="Authority",
            question="Who signs off on this purchase, and are we already talking to them?",
            weight=3.0,
            scale=Levels(
                levels=(
                    Level(name="identified", satisfaction=0.5),
                    Level(name="engaged", satisfaction=1.0, aliases=("in contact",)),
                )
            ),
        ),
        Criterion(
            key="need",
            concept="need",
            label="Need",
            question="What problem do they have to solve, and does our offering solve it?",
            weight=4.0,
            required=True,
            scale=Levels(
                levels=(
                    Level(
                        name="assumed",
                        satisfaction=0.1,
                        aliases=("firmographics only",),
                        description="Guessed from company size or industry alone.",
                    ),
                    Level(name="identified", satisfaction=0.5, aliases=("pain identified",)),
                    Level(
                        name="validated",
                        satisfaction=1.0,
                        aliases=("pain validated", "matched"),
                        description="Confirmed with the prospect and matched to our offering.",
                    ),
                )
            ),
        ),
        Criterion(
            key="timeframe",
            concept="timing",
            label="Timeframe",
            question="How many months until they buy and put it to use?",
            weight=2.0,
            scale=Months(
                bands=(
                    Band(within=6, satisfaction=1.0, label="within six months"),
                    Band(within=12, satisfaction=0.5, label="within a year"),
                ),
                beyond=0.15,
            ),
        ),
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide BANT."""
    return [BANT]
