"""Scales the catalogue's frameworks share, so one answer reads the same under each.

Where two frameworks measure the same concept the same way (budget, authority,
need, timing), they use the same scale as BANT, so an answer given once carries
from one to the other unchanged.
"""

from __future__ import annotations

from qualify import Level, Levels, Scale
from qualify.frameworks.bant import BANT

__all__ = [
    "AUTHORITY",
    "BUDGET",
    "CHAMPION",
    "COMPETITION",
    "EVIDENCE",
    "IMPACT",
    "NEED",
    "PRIORITY",
    "TIMING",
]

BUDGET: Scale = BANT.criterion("budget").scale
AUTHORITY: Scale = BANT.criterion("authority").scale
NEED: Scale = BANT.criterion("need").scale
TIMING: Scale = BANT.criterion("timeframe").scale

#: How far something the rep must find out is known: not at all, in part, confirmed.
EVIDENCE = Levels(
    levels=(
        Level(name="none", satisfaction=0.0, aliases=("no",)),
        Level(name="partial", satisfaction=0.5, aliases=("in progress", "some")),
        Level(name="confirmed", satisfaction=1.0, aliases=("yes", "documented")),
    )
)

#: What solving the problem is worth to the buyer: nothing, described, in numbers.
IMPACT = Levels(
    levels=(
        Level(name="none", satisfaction=0.0),
        Level(
            name="described",
            satisfaction=0.4,
            aliases=("qualitative",),
            description="The buyer says it matters but has put no number on it.",
        ),
        Level(
            name="quantified",
            satisfaction=1.0,
            aliases=("measured",),
            description="In the buyer's own figures: money made, saved or not lost.",
        ),
    )
)

#: How high the purchase ranks among the buyer's other work.
PRIORITY = Levels(
    levels=(
        Level(name="low", satisfaction=0.15, aliases=("someday",)),
        Level(name="planned", satisfaction=0.6, description="On this year's plan."),
        Level(name="top", satisfaction=1.0, aliases=("urgent",), description="Acting now."),
    )
)

#: Someone inside the buyer who sells for us when we are not in the room.
CHAMPION = Levels(
    levels=(
        Level(name="none", satisfaction=0.0),
        Level(
            name="coach",
            satisfaction=0.4,
            aliases=("friendly contact",),
            description="Helps us with information, but does not argue our case.",
        ),
        Level(
            name="champion",
            satisfaction=1.0,
            description="Has power, and is tested: argues our case inside.",
        ),
    )
)

#: Where we stand against the other options, doing nothing included.
COMPETITION = Levels(
    levels=(
        Level(name="behind", satisfaction=0.1, aliases=("losing",)),
        Level(name="known", satisfaction=0.5, description="We know who else is in it."),
        Level(name="ahead", satisfaction=1.0, aliases=("preferred", "favoured")),
    )
)
