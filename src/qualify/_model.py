"""The typed core: criteria, evidence, stages, disqualifiers, frameworks.

These classes know nothing of plugins, files, command lines or dataframes.
They are frozen attrs classes, validated on construction: a malformed
framework raises :class:`~qualify.FrameworkError` naming the bad part.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

import attrs

from ._scales import Boolean, EvidenceValue, Scale
from ._validate import (
    as_tuple,
    check_items,
    check_key,
    check_name,
    check_text,
    is_number,
    strings,
)
from .errors import EvidenceError, FrameworkError, UnknownCriterionError

__all__ = [
    "Channel",
    "Criterion",
    "Disqualifier",
    "Evidence",
    "Framework",
    "Stage",
    "unknown_key_message",
]


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
        check_key("criterion key", self.key)
        check_text(f"label of criterion {self.key!r}", self.label)
        check_text(f"question of criterion {self.key!r}", self.question)
        check_text(f"description of criterion {self.key!r}", self.description, empty=True)
        if not isinstance(self.scale, Scale):
            raise FrameworkError(
                f"scale of criterion {self.key!r} must be a Scale (Levels, Boolean, Months, ...),"
                f" got {type(self.scale).__name__}"
            )
        if not is_number(self.weight) or not math.isfinite(self.weight) or self.weight <= 0:
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
        check_key("disqualifier key", self.key)
        check_text(f"label of disqualifier {self.key!r}", self.label)
        check_text(f"question of disqualifier {self.key!r}", self.question)
        check_text(f"description of disqualifier {self.key!r}", self.description, empty=True)


@attrs.frozen(kw_only=True)
class Stage:
    """A milestone on the way to qualified; it is reached when its criteria are all met."""

    key: str
    label: str
    requires: tuple[str, ...] = attrs.field(converter=strings)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        check_key("stage key", self.key)
        check_text(f"label of stage {self.key!r}", self.label)
        check_text(f"description of stage {self.key!r}", self.description, empty=True)
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
            not is_number(self.confidence) or not 0.0 <= self.confidence <= 1.0
        ):
            raise EvidenceError(
                f"confidence of evidence for {self.key!r} must be a number from 0 to 1 or None,"
                f" got {self.confidence!r}"
            )


def _criteria(items: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return as_tuple(items)  # type: ignore[return-value]


def _stages(items: Iterable[Stage]) -> tuple[Stage, ...]:
    return as_tuple(items)  # type: ignore[return-value]


def _disqualifiers(items: Iterable[Disqualifier]) -> tuple[Disqualifier, ...]:
    return as_tuple(items)  # type: ignore[return-value]


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
        check_name("framework name", self.name)
        check_text(f"title of framework {self.name!r}", self.title)
        check_text(f"version of framework {self.name!r}", self.version)
        check_text(f"description of framework {self.name!r}", self.description, empty=True)
        if not self.criteria:
            raise FrameworkError(f"framework {self.name!r} needs at least one criterion")
        check_items(Criterion, "criteria", self.criteria)
        check_items(Stage, "stages", self.stages)
        check_items(Disqualifier, "disqualifiers", self.disqualifiers)
        if (
            not is_number(self.qualified_at)
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
