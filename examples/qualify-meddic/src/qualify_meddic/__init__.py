"""MEDDIC for qualify: a framework and a custom scale, published as a plugin package.

MEDDIC (metrics, economic buyer, decision criteria, decision process, identify
pain, champion) is a qualification method common in enterprise sales; qualify
ships it as ``meddic``. This package registers its own variant, ``meddic-rated``,
whose champion a rep rates from 1 to 5, to show a plugin author's whole path: a
framework in Python, a scale type of its own, and the entry point that lets
qualify find both. A plugin's frameworks need names of their own: two plugins
registering one name is an error.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

import qualify

__all__ = ["MEDDIC", "Rating", "qualify_frameworks", "qualify_scales"]


@attrs.frozen(kw_only=True)
class Rating(qualify.Scale):
    """A rep's rating from 1 to ``out_of``: 1 is worth nothing, ``out_of`` everything.

    Framework files can use it once this package is installed:
    ``scale = { type = "rating", out_of = 5 }``.
    """

    type_name: ClassVar[str] = "rating"

    out_of: int = 5

    def __attrs_post_init__(self) -> None:
        if isinstance(self.out_of, bool) or not isinstance(self.out_of, int) or self.out_of < 2:
            raise qualify.FrameworkError(
                f"a rating scale runs from 1 to out_of, a whole number of 2 or more;"
                f" got out_of = {self.out_of!r}"
            )

    def rate(self, value: str | int | float) -> float | None:
        """Rate a whole number from 1 to ``out_of`` (as a number or as text)."""
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                return None
        if isinstance(value, float):
            if not value.is_integer():
                return None
            value = int(value)
        if not 1 <= value <= self.out_of:
            return None
        return (value - 1) / (self.out_of - 1)

    def accepted(self) -> str:
        """Say which ratings are accepted."""
        return f"a whole number from 1 to {self.out_of}, or true/false"


def _levels(*names_and_worth: tuple[str, float]) -> qualify.Levels:
    return qualify.Levels(
        levels=[qualify.Level(name=name, satisfaction=worth) for name, worth in names_and_worth]
    )


MEDDIC = qualify.Framework(
    name="meddic-rated",
    title="MEDDIC",
    version="1",
    description=(
        "Metrics, Economic buyer, Decision criteria, Decision process, Identify pain,"
        " Champion. The economic buyer and the pain weigh 1.5, the rest 1; the pain is"
        " required. The champion is rated 1 to 5 by the rep. Qualified at 75."
    ),
    qualified_at=75,
    criteria=[
        qualify.Criterion(
            key="metrics",
            label="Metrics",
            question="What measurable gain does the buyer expect, in their own numbers?",
            scale=_levels(("unknown", 0.0), ("estimated", 0.5), ("quantified", 1.0)),
        ),
        qualify.Criterion(
            key="economic_buyer",
            label="Economic buyer",
            question="Who controls the money for this, and have we met them?",
            weight=1.5,
            scale=_levels(("unknown", 0.0), ("identified", 0.5), ("met", 1.0)),
        ),
        qualify.Criterion(
            key="decision_criteria",
            label="Decision criteria",
            question="On which technical and commercial grounds will they choose?",
            scale=_levels(("unknown", 0.0), ("partial", 0.5), ("documented", 1.0)),
        ),
        qualify.Criterion(
            key="decision_process",
            label="Decision process",
            question="Which steps, people and dates lead to a signed order?",
            scale=_levels(("unknown", 0.0), ("outlined", 0.5), ("mapped", 1.0)),
        ),
        qualify.Criterion(
            key="identify_pain",
            label="Identified pain",
            question="What business pain makes this worth solving now?",
            weight=1.5,
            required=True,
            scale=_levels(("none", 0.0), ("suspected", 0.4), ("confirmed", 1.0)),
        ),
        qualify.Criterion(
            key="champion",
            label="Champion",
            question="Who inside the account sells for us, and how strongly (1 to 5)?",
            scale=Rating(out_of=5),
        ),
    ],
)


@qualify.hookimpl
def qualify_scales() -> list[type[qualify.Scale]]:
    """Add the rating scale, so framework files can name it."""
    return [Rating]


@qualify.hookimpl
def qualify_frameworks() -> list[qualify.Framework]:
    """Provide MEDDIC."""
    return [MEDDIC]
