"""The typed core: scales, criteria, evidence, stages, disqualifiers, frameworks.

These classes know nothing of plugins, files, command lines or dataframes.
They are frozen attrs classes, validated on construction: a malformed
framework raises :class:`~qualify.FrameworkError` naming the bad part.
"""

from __future__ import annotations

import abc
import difflib
import math
import re
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, TypeAlias

import attrs

from .errors import EvidenceError, FrameworkError, UnknownCriterionError

__all__ = [
    "Band",
    "Boolean",
    "Channel",
    "Criterion",
    "Disqualifier",
    "Evidence",
    "EvidenceValue",
    "Framework",
    "Level",
    "Levels",
    "Months",
    "Scale",
    "Stage",
]

#: What one piece of evidence may hold: a level name, a flag, or a number.
EvidenceValue: TypeAlias = str | int | float | bool

_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_KEY_ACCEPTED = "lowercase letters, digits and underscores, starting with a letter"
_NAME = re.compile(r"[a-z][a-z0-9_.-]*\Z")
_NAME_ACCEPTED = "lowercase letters, digits, '-', '_' and '.', starting with a letter"
_SEPARATORS = re.compile(r"[\s_-]+")


def normalize_label(text: str) -> str:
    """Fold a level name or alias for matching: case, and runs of space, '-' and '_'."""
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_fraction(what: str, value: object) -> float:
    if not _is_number(value) or not 0.0 <= float(value) <= 1.0:  # type: ignore[arg-type]
        raise FrameworkError(f"{what} must be a number from 0 to 1, got {value!r}")
    return float(value)  # type: ignore[arg-type]


def _check_text(what: str, value: object, *, empty: bool = False) -> None:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise FrameworkError(f"{what} must be a {'' if empty else 'non-empty '}string, got {value!r}")


def _check_key(what: str, value: object) -> None:
    if not isinstance(value, str) or not _KEY.match(value):
        raise FrameworkError(f"{what} must be {_KEY_ACCEPTED}, got {value!r}")


def _tuple(items: Iterable[object]) -> tuple[object, ...]:
    if isinstance(items, str | bytes):
        raise FrameworkError(f"expected a sequence of items, got the string {items!r}")
    try:
        return tuple(items)
    except TypeError:
        raise FrameworkError(f"expected a sequence of items, got {type(items).__name__}") from None


def _items_of(kind: type, what: str, items: tuple[object, ...]) -> None:
    for position, item in enumerate(items):
        if not isinstance(item, kind):
            raise FrameworkError(
                f"{what}[{position}] must be a {kind.__name__}, got {type(item).__name__}"
            )


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return _tuple(items)  # type: ignore[return-value]


# Scales ----------------------------------------------------------------------


class Scale(abc.ABC):
    """How a criterion turns an evidence value into a satisfaction from 0 to 1.

    Every scale accepts ``True`` (fully met, 1.0) and ``False`` (known not to be
    met, 0.0); subclasses rate everything else in :meth:`rate`.
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
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    description: str = ""


def _levels(items: Iterable[Level]) -> tuple[Level, ...]:
    return _tuple(items)  # type: ignore[return-value]


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
        _items_of(Level, "levels", self.levels)
        lookup: dict[str, float] = {}
        previous = 0.0
        for position, level in enumerate(self.levels):
            _check_text(f"levels[{position}].name", level.name)
            satisfaction = _check_fraction(
                f"satisfaction of level {level.name!r}", level.satisfaction
            )
            if satisfaction < previous:
                raise FrameworkError(
                    f"levels run from worst to best: level {level.name!r} is worth {satisfaction},"
                    f" less than the {previous} of the level before it"
                )
            previous = satisfaction
            for label in (level.name, *level.aliases):
                _check_text(f"an alias of level {level.name!r}", label)
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


@attrs.frozen
class Boolean(Scale):
    """A yes-or-no criterion: met or not met, nothing in between."""

    type_name: ClassVar[str] = "boolean"

    def rate(self, value: str | int | float) -> float | None:
        """Accept yes/no words (yes, no, true, false, y, n) and the numbers 1 and 0."""
        if isinstance(value, str):
            word = value.strip().casefold()
            if word in _TRUE_WORDS:
                return 1.0
            if word in _FALSE_WORDS:
                return 0.0
            return None
        if value == 1:
            return 1.0
        if value == 0:
            return 0.0
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


def _bands(items: Iterable[Band]) -> tuple[Band, ...]:
    return _tuple(items)  # type: ignore[return-value]


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
        _items_of(Band, "bands", self.bands)
        previous_within = -1.0
        for position, band in enumerate(self.bands):
            if not _is_number(band.within) or not math.isfinite(band.within) or band.within < 0:
                raise FrameworkError(
                    f"bands[{position}].within must be a number of months >= 0, got {band.within!r}"
                )
            if band.within <= previous_within:
                raise FrameworkError(
                    f"bands must be in increasing order of months: bands[{position}].within"
                    f" is {band.within}, not more than {previous_within}"
                )
            previous_within = band.within
            _check_fraction(f"bands[{position}].satisfaction", band.satisfaction)
        _check_fraction("beyond", self.beyond)

    def rate(self, value: str | int | float) -> float | None:
        """Rate a number of months (a numeric string is accepted too)."""
        if isinstance(value, str):
            try:
                months = float(value.strip())
            except ValueError:
                return None
        else:
            months = float(value)
        if not math.isfinite(months) or months < 0:
            return None
        for band in self.bands:
            if months <= band.within:
                return float(band.satisfaction)
        return float(self.beyond)

    def accepted(self) -> str:
        """Describe the accepted months."""
        return "a number of months from now (0 or more), or true/false"


# Framework parts -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Criterion:
    """One thing a rep must find out about a lead, with the question that finds it out."""

    key: str
    label: str
    question: str
    scale: Scale = attrs.field(factory=Boolean)
    weight: float = 1.0
    required: bool = False
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _check_key("criterion key", self.key)
        _check_text(f"label of criterion {self.key!r}", self.label)
        _check_text(f"question of criterion {self.key!r}", self.question)
        _check_text(f"description of criterion {self.key!r}", self.description, empty=True)
        if not isinstance(self.scale, Scale):
            raise FrameworkError(
                f"scale of criterion {self.key!r} must be a Scale (Levels, Boolean, Months, ...),"
                f" got {type(self.scale).__name__}"
            )
        if not _is_number(self.weight) or not math.isfinite(self.weight) or self.weight <= 0:
            raise FrameworkError(
                f"weight of criterion {self.key!r} must be a positive number, got {self.weight!r}"
            )
        if not isinstance(self.required, bool):
            raise FrameworkError(
                f"required of criterion {self.key!r} must be true or false, got {self.required!r}"
            )


@attrs.frozen(kw_only=True)
class Disqualifier:
    """A fact that rules a lead out whatever its score, such as a competitor posing as a buyer."""

    key: str
    label: str
    question: str
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _check_key("disqualifier key", self.key)
        _check_text(f"label of disqualifier {self.key!r}", self.label)
        _check_text(f"question of disqualifier {self.key!r}", self.question)
        _check_text(f"description of disqualifier {self.key!r}", self.description, empty=True)


@attrs.frozen(kw_only=True)
class Stage:
    """A milestone on the way to qualified; it is reached when its criteria are all met."""

    key: str
    label: str
    requires: tuple[str, ...] = attrs.field(converter=_strings)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _check_key("stage key", self.key)
        _check_text(f"label of stage {self.key!r}", self.label)
        _check_text(f"description of stage {self.key!r}", self.description, empty=True)
        if not self.requires:
            raise FrameworkError(f"stage {self.key!r} must require at least one criterion")


class Channel(StrEnum):
    """Common channels evidence arrives through; any other string is accepted too."""

    PHONE = "phone"
    EMAIL = "email"
    WEB_FORM = "web form"
    MEETING = "meeting"
    ENRICHMENT = "enrichment"
    MARKETING_AUTOMATION = "marketing automation"
    RESEARCH = "research"


def _optional_text(what: str, value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise EvidenceError(f"{what} must be a string or None, got {type(value).__name__}")


@attrs.frozen(kw_only=True)
class Evidence:
    """What a team knows about one criterion of a lead, and where that knowledge came from.

    ``value`` is what the criterion's scale rates (a level name, a flag, a
    number). The rest is provenance: who or what ``source`` said it, through
    which ``channel``, when (``observed_at``), how sure (``confidence``, 0 to
    1) and a free ``note``. Provenance is recorded with the result; it does not
    change the score. When several items name one criterion, the latest
    ``observed_at`` wins.
    """

    key: str
    value: EvidenceValue
    source: str | None = None
    channel: str | None = None
    observed_at: datetime | None = None
    confidence: float | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.key, str):
            raise EvidenceError(
                f"evidence key must be a criterion key string, got {type(self.key).__name__}"
            )
        if not isinstance(self.value, str | int | float):
            raise EvidenceError(
                f"evidence value for {self.key!r} must be a string, number or true/false,"
                f" got {type(self.value).__name__}"
            )
        _optional_text(f"source of evidence for {self.key!r}", self.source)
        _optional_text(f"channel of evidence for {self.key!r}", self.channel)
        _optional_text(f"note of evidence for {self.key!r}", self.note)
        if self.observed_at is not None and not isinstance(self.observed_at, datetime):
            raise EvidenceError(
                f"observed_at of evidence for {self.key!r} must be a datetime or None,"
                f" got {type(self.observed_at).__name__}"
            )
        if self.confidence is not None and (
            not _is_number(self.confidence) or not 0.0 <= self.confidence <= 1.0
        ):
            raise EvidenceError(
                f"confidence of evidence for {self.key!r} must be a number from 0 to 1 or None,"
                f" got {self.confidence!r}"
            )


def _criteria(items: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return _tuple(items)  # type: ignore[return-value]


def _stages(items: Iterable[Stage]) -> tuple[Stage, ...]:
    return _tuple(items)  # type: ignore[return-value]


def _disqualifiers(items: Iterable[Disqualifier]) -> tuple[Disqualifier, ...]:
    return _tuple(items)  # type: ignore[return-value]


@attrs.frozen(kw_only=True, cache_hash=True)
class Framework:
    """A qualification framework: the criteria a lead is judged on, and what qualified means.

    ``qualified_at`` is the score (0 to 100) a lead needs, with every
    ``required`` criterion met, to be qualified. ``stages``, in order, are
    milestones a lead passes; ``disqualifiers`` rule a lead out outright.
    """

    name: str
    title: str
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria)
    version: str = "1"
    description: str = ""
    stages: tuple[Stage, ...] = attrs.field(default=(), converter=_stages)
    disqualifiers: tuple[Disqualifier, ...] = attrs.field(default=(), converter=_disqualifiers)
    qualified_at: float = 70.0

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise FrameworkError(f"framework name must be {_NAME_ACCEPTED}, got {self.name!r}")
        _check_text(f"title of framework {self.name!r}", self.title)
        _check_text(f"version of framework {self.name!r}", self.version)
        _check_text(f"description of framework {self.name!r}", self.description, empty=True)
        if not self.criteria:
            raise FrameworkError(f"framework {self.name!r} needs at least one criterion")
        _items_of(Criterion, "criteria", self.criteria)
        _items_of(Stage, "stages", self.stages)
        _items_of(Disqualifier, "disqualifiers", self.disqualifiers)
        if (
            not _is_number(self.qualified_at)
            or not math.isfinite(self.qualified_at)
            or not 0 < self.qualified_at <= 100
        ):
            raise FrameworkError(
                f"qualified_at of framework {self.name!r} must be a score above 0 and at most"
                f" 100, got {self.qualified_at!r}"
            )
        seen: set[str] = set()
        for key in self.keys:
            if key in seen:
                raise FrameworkError(
                    f"framework {self.name!r} uses the key {key!r} twice; criterion and"
                    " disqualifier keys must be unique"
                )
            seen.add(key)
        criterion_keys = [criterion.key for criterion in self.criteria]
        stage_keys: set[str] = set()
        for stage in self.stages:
            if stage.key in stage_keys:
                raise FrameworkError(f"framework {self.name!r} has two stages keyed {stage.key!r}")
            stage_keys.add(stage.key)
            for key in stage.requires:
                if key not in criterion_keys:
                    raise FrameworkError(
                        f"stage {stage.key!r} of framework {self.name!r} requires {key!r},"
                        f" which is not one of its criteria: {', '.join(criterion_keys)}"
                    )

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key evidence may name: the criteria, then the disqualifiers."""
        return tuple(c.key for c in self.criteria) + tuple(d.key for d in self.disqualifiers)

    def criterion(self, key: str) -> Criterion:
        """Return the criterion with *key*, or raise :class:`~qualify.UnknownCriterionError`."""
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise UnknownCriterionError(unknown_key_message(self.name, self.keys, key))


def unknown_key_message(name: str, keys: tuple[str, ...], key: object) -> str:
    """Say that framework *name* has no *key*, suggest the closest of *keys*, list them all."""
    hint = ""
    if isinstance(key, str):
        close = difflib.get_close_matches(key.casefold(), keys, n=1, cutoff=0.5)
        if close:
            hint = f" Did you mean {close[0]!r}?"
    return (
        f"framework {name!r} has no criterion or disqualifier {key!r}.{hint}"
        f" Accepted keys: {', '.join(keys)}."
    )
