"""The concepts the built-in frameworks measure, defined once: the crosswalk as data.

BANT's Budget, CHAMP's Money, FAINT's Funds and SCOTSMAN's Money are one
concept, ``budget``; BANT's Timeframe, ANUM's Urgency, CHAMP's
Prioritization and SPICED's Critical event are ``timing``. Where frameworks
measure a concept on different scales, ``equivalents`` say which answers
mean the same.
"""

from __future__ import annotations

from qualify import Concept, hookimpl

CONCEPTS = (
    Concept(
        name="budget",
        label="Budget",
        description="Whether the buyer has, or can find, the money for a solution.",
    ),
    Concept(
        name="authority",
        label="Authority",
        description="Who can decide and spend, and whether we reach them.",
    ),
    Concept(
        name="need",
        label="Need",
        description="The problem the buyer must solve, and whether it matches what we do.",
    ),
    Concept(
        name="timing",
        label="Timing",
        description=(
            "How soon the buyer must act: months to a purchase, its place among their"
            " priorities, or a dated event that forces a decision."
        ),
        equivalents=(
            ("top", "dated", "compelling", "yes"),
            ("planned", "possible", "latent"),
            ("low", "none", "no"),
        ),
    ),
    Concept(
        name="value",
        label="Value",
        description="What solving the problem is worth to the buyer, ideally in numbers.",
    ),
    Concept(
        name="consequences",
        label="Consequences of inaction",
        description="What it costs the buyer to change nothing.",
    ),
    Concept(
        name="competition",
        label="Competition",
        description="The other options, doing nothing included, and where we stand.",
    ),
    Concept(
        name="decision_process",
        label="Decision process",
        description="The steps, people and dates from here to a decision.",
    ),
    Concept(
        name="decision_criteria",
        label="Decision criteria",
        description="What the buyer will judge the options on.",
    ),
    Concept(
        name="paper_process",
        label="Paper process",
        description="The legal, security and purchasing steps after a decision.",
    ),
    Concept(
        name="champion",
        label="Champion",
        description="Someone inside with power who argues for us.",
    ),
    Concept(name="goals", label="Goals", description="The result the buyer is aiming for."),
    Concept(name="plans", label="Plans", description="How the buyer means to reach it."),
    Concept(name="situation", label="Situation", description="How the buyer works today."),
    Concept(
        name="solution_fit",
        label="Solution fit",
        description="Whether what we offer meets the need.",
    ),
    Concept(
        name="differentiation",
        label="Differentiation",
        description="What we offer that no other option does.",
    ),
    Concept(
        name="deal_size",
        label="Deal size",
        description="Whether the deal is worth it, and within what we can deliver.",
    ),
    Concept(
        name="interest",
        label="Interest",
        description="Whether the buyer wants to change, beyond curiosity.",
    ),
)


@hookimpl
def qualify_concepts() -> list[Concept]:
    """Provide the concepts of the built-in frameworks."""
    return list(CONCEPTS)
