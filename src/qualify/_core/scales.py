"""Scales: how a criterion turns an evidence value into a satisfaction from 0 to 1.

A scale is a frozen attrs class with a ``type_name`` that framework files use
to name it. Plugins add scale types through the ``qualify_scales`` hook.
"""

from __future__ import annotations

import bisect
import abc
import math
from collections.abc import Iterable
from typing import ClassVar, TypeAlias

import attrs

from ..errors import FrameworkError
from .checks import (
    as_tuple,
    check_fraction,
    check_items,
    check_text,
    is_finite,
    normalize_label,
    shown,
    strings,
)
from .numbers import number_form, read_number

__all__ = [
    "Band",
    "Boolean",
    "EvidenceValue",
    "Level",
    "Levels",
    "Months",
    "Numbers",
    "Scale",
    "Threshold",
]

#: What one piece of evidence may hold: a level name, a flag, or a number.
EvidenceValue: TypeAlias = str | int | float | bool


class Scale(abc.ABC):
    """How a criterion turns an evidence value into a satisfaction from 0 to 1.

    Every scale accepts ``True`` (fully met, 1.0) and ``False`` (known not to be
    met, 0.0), except that a :class:`Boolean` may say what yes and no earn;
    subclasses rate everything else in :meth:`rate`.
    """

    __slots__ = ()

    #: The name a framework file uses for this kind of scale.
    type_name: ClassVar[str]

    def assess(self, value: EvidenceValue) -> float | None:
        """Return the satisfaction for *value*, or ``None`` when the scale rejects it."""
        if value is True:
            return 1.0
        if value is False:
            return 0.0
        return self.rate(value)

    @abc.abstractmethod
    def rate(self, value: str | int | float) -> float | None:
        """Return the satisfaction for a non-boolean *value*, or ``None`` to reject it."""

    @abc.abstractmethod
    def accepted(self) -> str:
        """Describe the accepted values, for error messages."""


@attrs.frozen(kw_only=True)
class Level:
    """One named rung of a :class:`Levels` scale, with the satisfaction it is worth."""

    name: str
    satisfaction: float
    aliases: tuple[str, ...] = attrs.field(default=(), converter=strings)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        check_text("the name of a level", self.name)
        check_fraction(f"satisfaction of level {self.name!r}", self.satisfaction)
        for alias in self.aliases:
            check_text(f"an alias of level {self.name!r}", alias)
        check_text(f"description of level {self.name!r}", self.description, empty=True)


def _levels(items: Iterable[Level]) -> tuple[Level, ...]:
    return as_tuple(items)  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class Levels(Scale):
    """An ordered scale of named levels, worst first.

    Names and aliases match regardless of case, and of spaces, hyphens and
    underscores between words: ``"Pain Identified"`` finds ``pain-identified``.
    """

    type_name: ClassVar[str] = "levels"

    levels: tuple[Level, ...] = attrs.field(converter=_levels)
    _lookup: dict[str, float] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise FrameworkError("a levels scale needs at least one level")
        check_items(Level, "levels", self.levels)
        lookup: dict[str, float] = {}
        previous = 0.0
        for position, level in enumerate(self.levels):
            check_text(f"levels[{position}].name", level.name)
            satisfaction = check_fraction(
                f"satisfaction of level {level.name!r}", level.satisfaction
            )
            if satisfaction < previous:
                raise FrameworkError(
                    f"levels run from worst to best: level {level.name!r} is worth {satisfaction},"
                    f" less than the {previous} of the level before it"
                )
            previous = satisfaction
            for label in (level.name, *level.aliases):
                check_text(f"an alias of level {level.name!r}", label)
                folded = normalize_label(label)
                if folded in lookup:
                    raise FrameworkError(
                        f"level name or alias {label!r} is given twice (names and aliases"
                        " are compared ignoring case, spaces, '-' and '_')"
                    )
                lookup[folded] = satisfaction
        object.__setattr__(self, "_lookup", lookup)

    def rate(self, value: str | int | float) -> float | None:
        """Return the satisfaction of the level that *value* names."""
        if isinstance(value, str):
            found = self._lookup.get(value)  # the canonical spelling, without folding
            return found if found is not None else self._lookup.get(normalize_label(value))
        return None

    def accepted(self) -> str:
        """List the level names, worst first, with their aliases."""
        parts = []
        for level in self.levels:
            aliases = f" (or {', '.join(repr(a) for a in level.aliases)})" if level.aliases else ""
            parts.append(f"{level.name!r}{aliases}")
        return "one of " + ", ".join(parts) + ", or true/false"


_TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1"})
_FALSE_WORDS = frozenset({"no", "n", "false", "f", "0"})


@attrs.frozen(kw_only=True)
class Boolean(Scale):
    """A yes-or-no criterion: met or not met, nothing in between.

    By default yes earns 1 and no earns 0. ``yes=0, no=1`` turns it around: a
    calibration writes that where the leads that answered no converted better,
    so the file shows the data turned the declared order. One answer always
    earns 1 and the other 0 (for answers worth something in between, use
    :class:`Levels`), so the best and worst a lead can reach stay what they are
    for every scale.
    """

    type_name: ClassVar[str] = "boolean"

    yes: float = 1.0
    no: float = 0.0

    def __attrs_post_init__(self) -> None:
        check_fraction("yes of a boolean scale", self.yes)
        check_fraction("no of a boolean scale", self.no)
        if {float(self.yes), float(self.no)} != {0.0, 1.0}:
            raise FrameworkError(
                "a boolean scale gives one answer 1 and the other 0: yes and no must be 1 and"
                f" 0 (the default) or 0 and 1 (turned around), got yes {shown(self.yes)} and no"
                f" {shown(self.no)}; for answers worth something in between, use a levels scale"
            )

    def assess(self, value: EvidenceValue) -> float | None:
        """Return what *value* earns: *yes* for ``True``, *no* for ``False``."""
        if value is True:
            return float(self.yes)
        if value is False:
            return float(self.no)
        return self.rate(value)

    def rate(self, value: str | int | float) -> float | None:
        """Accept yes/no words (yes, no, true, false, y, n) and the numbers 1 and 0."""
        if isinstance(value, str):
            word = value.strip().casefold()
            if word in _TRUE_WORDS:
                return float(self.yes)
            if word in _FALSE_WORDS:
                return float(self.no)
            return None
        if value == 1:
            return float(self.yes)
        if value == 0:
            return float(self.no)
        return None

    def accepted(self) -> str:
        """Name the accepted flags."""
        return "true/false, yes/no, or 1/0"


@attrs.frozen(kw_only=True)
class Band:
    """Up to *within* months away (inclusive), a timeframe is worth *satisfaction*."""

    within: float
    satisfaction: float
    label: str = ""

    def __attrs_post_init__(self) -> None:
        if not is_finite(self.within) or self.within < 0:
            raise FrameworkError(
                f"within of a band must be a number of months >= 0, got {shown(self.within)}"
            )
        check_fraction(f"satisfaction of the band within {self.within:g} months", self.satisfaction)
        check_text(f"label of the band within {self.within:g} months", self.label, empty=True)


def _bands(items: Iterable[Band]) -> tuple[Band, ...]:
    return as_tuple(items)  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class Months(Scale):
    """Months until the purchase, rated by bands: the sooner, the better.

    A value falls in the first band whose ``within`` it does not exceed; past
    the last band it is worth ``beyond``.
    """

    type_name: ClassVar[str] = "months"

    bands: tuple[Band, ...] = attrs.field(converter=_bands)
    beyond: float = 0.0

    def __attrs_post_init__(self) -> None:
        if not self.bands:
            raise FrameworkError("a months scale needs at least one band")
        check_items(Band, "bands", self.bands)
        previous_within = -1.0
        for position, band in enumerate(self.bands):
            if not is_finite(band.within) or band.within < 0:
                raise FrameworkError(
                    f"bands[{position}].within must be a number of months >= 0,"
                    f" got {shown(band.within)}"
                )
            if band.within <= previous_within:
                raise FrameworkError(
                    f"bands must be in increasing order of months: bands[{position}].within"
                    f" is {band.within}, not more than {previous_within}"
                )
            previous_within = band.within
            check_fraction(f"bands[{position}].satisfaction", band.satisfaction)
        check_fraction("beyond", self.beyond)

    def rate(self, value: str | int | float) -> float | None:
        """Rate a number of months (text written as a number is accepted too)."""
        months = read_number(value)
        if months is None or months < 0:
            return None
        for band in self.bands:
            if months <= band.within:
                return float(band.satisfaction)
        return float(self.beyond)

    def accepted(self) -> str:
        """Describe the accepted months."""
        return f"a number of months from now, 0 or more ({number_form()}), or true/false"


@attrs.frozen(kw_only=True)
class Threshold:
    """From *at_least* upwards (until the next threshold), a number is worth *satisfaction*."""

    at_least: float
    satisfaction: float
    label: str = ""

    def __attrs_post_init__(self) -> None:
        if not is_finite(self.at_least):
            raise FrameworkError(
                f"at_least of a threshold must be a finite number, got {shown(self.at_least)}"
            )
        where = f"the threshold at {self.at_least:g}"
        check_fraction(f"satisfaction of {where}", self.satisfaction)
        check_text(f"label of {where}", self.label, empty=True)


def _thresholds(items: Iterable[Threshold]) -> tuple[Threshold, ...]:
    return as_tuple(items)  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class Numbers(Scale):
    """A number rated by thresholds: head count, deal size, seats, budget amount...

    A value takes the satisfaction of the highest threshold it reaches; below
    the first threshold it is worth ``below``. Satisfactions need not rise with
    the number, so a "sweet spot" can be expressed.
    """

    type_name: ClassVar[str] = "numbers"

    thresholds: tuple[Threshold, ...] = attrs.field(converter=_thresholds)
    below: float = 0.0
    _edges: tuple[float, ...] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if not self.thresholds:
            raise FrameworkError("a numbers scale needs at least one threshold")
        check_items(Threshold, "thresholds", self.thresholds)
        previous = -math.inf
        for position, threshold in enumerate(self.thresholds):
            at_least = threshold.at_least
            if not is_finite(at_least) or at_least <= previous:
                raise FrameworkError(
                    f"thresholds must be finite numbers in increasing order:"
                    f" thresholds[{position}].at_least is {shown(at_least)}"
                )
            previous = at_least
            check_fraction(f"thresholds[{position}].satisfaction", threshold.satisfaction)
        check_fraction("below", self.below)
        object.__setattr__(self, "_edges", tuple(t.at_least for t in self.thresholds))

    def rate(self, value: str | int | float) -> float | None:
        """Rate a number (text too: thousands separators and a currency are accepted)."""
        number = read_number(value, money=True)
        if number is None:
            return None
        reached = bisect.bisect_right(self._edges, number)  # thresholds at or below it
        return float(self.thresholds[reached - 1].satisfaction if reached else self.below)

    def accepted(self) -> str:
        """Describe the accepted numbers."""
        return f"{number_form(money=True)}, or true/false"
