"""I CARE: the buyer's side of qualification, built around overcoming inertia.

Source: "Rethinking BANT: how to better define a qualified lead" (ETI Sales
Support blog), its final part.
"""

from __future__ import annotations

from qualify import Criterion, Framework, Level, Levels, hookimpl

ICARE = Framework(
    name="icare",
    title="I CARE",
    version="1",
    description=(
        "Imperative, Consequences, Agreement, Resources, Environment: a buyer-centred"
        " alternative to BANT which holds that inertia is what most often stops a sale."
        " Environment (openness to change) weighs most (3), as the source calls it the"
        " last and most important element. Imperative, Consequences and Agreement weigh"
        " 2 each; Imperative is required, since without a compelling reason nothing"
        " moves. Resources weighs 1.5: the source argues that resources appear when the"
        " matter is important enough. A lead qualifies at 75 points: high enough that"
        " no lead qualifies before its openness to change is known."
        " Source: 'Rethinking BANT: how to better define a qualified lead' (ETI Sales"
        " Support blog), its final part."
    ),
    qualified_at=75.0,
    criteria=(
        Criterion(
            key="imperative",
            concept="timing",
            label="Imperative",
            question="What event or pressure makes a new solution worth considering now?",
            weight=2.0,
            required=True,
            scale=Levels(
                levels=(
                    Level(name="none", satisfaction=0.0, aliases=("no reason",)),
                    Level(
                        name="latent",
                        satisfaction=0.5,
                        description="A reason exists but nothing forces the timing.",
                    ),
                    Level(name="compelling", satisfaction=1.0, aliases=("compelling event",)),
                )
            ),
        ),
        Criterion(
            key="consequences",
            concept="consequences",
            label="Consequences of inaction",
            question="What does it cost them if they change nothing?",
            weight=2.0,
            scale=Levels(
                levels=(
                    Level(name="negligible", satisfaction=0.0),
                    Level(name="moderate", satisfaction=0.5),
                    Level(name="substantial", satisfaction=1.0),
                )
            ),
        ),
        Criterion(
            key="agreement",
            concept="decision_process",
            label="Stakeholder agreement",
            question=(
                "Do the people who feel the problem and the people who must fix it all want to act?"
            ),
            weight=2.0,
            scale=Levels(
                levels=(
                    Level(name="divided", satisfaction=0.0, aliases=("none",)),
                    Level(name="partial", satisfaction=0.5, aliases=("some",)),
                    Level(name="full", satisfaction=1.0, aliases=("all", "agreed")),
                )
            ),
        ),
        Criterion(
            key="resources",
            concept="budget",
            label="Resources",
            question="Can they find the money, people and time for a solution, budget or not?",
            weight=1.5,
            scale=Levels(
                levels=(
                    Level(name="unavailable", satisfaction=0.0),
                    Level(name="obtainable", satisfaction=0.6),
                    Level(name="secured", satisfaction=1.0),
                )
            ),
        ),
        Criterion(
            key="environment",
            label="Openness to change",
            question=(
                "How readily does this organisation change course: does it shun risk"
                " or adopt early?"
            ),
            weight=3.0,
            scale=Levels(
                levels=(
                    Level(name="risk averse", satisfaction=0.0),
                    Level(name="cautious", satisfaction=0.35),
                    Level(name="pragmatic", satisfaction=0.7),
                    Level(name="early adopter", satisfaction=1.0),
                )
            ),
        ),
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide I CARE."""
    return [ICARE]
