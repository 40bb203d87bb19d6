"""Evidence: what a team knows about a lead, where it came from, and how values are cleaned.

Evidence arrives as a mapping of criterion key to value, or as
:class:`Evidence` items carrying provenance. :func:`clean_value` is the one
rule that turns a value of any accepted type into a plain evidence value.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TypeAlias

import attrs

from ..errors import EvidenceError
from .checks import elapsed, is_finite, is_missing, is_number, normalize_label, shown
from .scales import EvidenceValue

__all__ = [
    "NOT_KNOWN",
    "Channel",
    "Evidence",
    "EvidenceInput",
    "clean_value",
    "newer",
    "not_known",
]

#: Answers that say nobody knows yet. Evidence holding one of them is no evidence,
#: so the criterion stays in ``missing`` and its question is still asked. Matched
#: ignoring case and runs of spaces, "-" and "_" ("-- Select --" is "select");
#: text made only of those characters is no evidence too.
NOT_KNOWN: tuple[str, ...] = (
    "unknown",
    "not known",
    "n/a",
    "na",
    "tbd",
    "tbc",
    "not sure",
    "unsure",
    "don't know",
    "?",
    "select",
    "please select",
    "none selected",
)


def not_known(value: str, words: frozenset[str]) -> bool:
    """Whether the text *value* says nobody knows: one of the folded *words*, or only dashes."""
    folded = normalize_label(value)
    return not folded or folded in words


class Channel(StrEnum):
    """Common channels evidence arrives through; any other string is accepted too."""

    PHONE = "phone"
    EMAIL = "email"
    WEB_FORM = "web form"
    MEETING = "meeting"
    LETTER = "letter"
    DIRECT_MAIL = "direct mail"
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

    ``vetted_by`` says who or what checked the answer (a second person, or a
    source such as "signed budget memo"), ``vetted_at`` when: a criterion or a
    stage with ``requires_vetting`` counts only vetted answers.
    """

    key: str
    value: EvidenceValue
    source: str | None = None
    channel: str | None = None
    observed_at: datetime | None = None
    confidence: float | None = None
    note: str | None = None
    vetted_by: str | None = None
    vetted_at: datetime | None = None

    @property
    def vetted(self) -> bool:
        """Whether someone or something other than the first source checked this answer."""
        return self.vetted_by is not None

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
        if is_number(self.value) and not is_finite(self.value):
            raise EvidenceError(
                f"evidence value for {self.key!r} is {shown(self.value)}, which no criterion can"
                " rate; give a finite number, or leave the evidence out when nothing is known"
            )
        _optional_text(f"source of evidence for {self.key!r}", self.source)
        _optional_text(f"channel of evidence for {self.key!r}", self.channel)
        _optional_text(f"note of evidence for {self.key!r}", self.note)
        if self.observed_at is not None and not isinstance(self.observed_at, datetime):
            raise EvidenceError(
                f"observed_at of evidence for {self.key!r} must be a datetime or None,"
                f" got {type(self.observed_at).__name__}"
            )
        if getattr(self.observed_at, "nanosecond", 0):  # a pandas Timestamp
            raise EvidenceError(
                f"observed_at of evidence for {self.key!r} holds nanoseconds, which a datetime"
                " cannot keep; round it to microseconds first"
            )
        _optional_text(f"vetted_by of evidence for {self.key!r}", self.vetted_by)
        if self.vetted_by is not None and not self.vetted_by.strip():
            raise EvidenceError(
                f"vetted_by of evidence for {self.key!r} is blank; say who or what checked"
                " the answer, or leave it None when nobody has"
            )
        if self.vetted_at is not None and (
            not isinstance(self.vetted_at, datetime) or self.vetted_by is None
        ):
            raise EvidenceError(
                f"vetted_at of evidence for {self.key!r} must be a datetime, with vetted_by"
                f" saying who or what checked the answer; got {shown(self.vetted_at)}"
                + (" and no vetted_by" if self.vetted_by is None else "")
            )
        if self.confidence is not None and (
            not is_number(self.confidence) or not 0.0 <= self.confidence <= 1.0
        ):
            raise EvidenceError(
                f"confidence of evidence for {self.key!r} must be a number from 0 to 1 or None,"
                f" got {shown(self.confidence)}"
            )


#: What :func:`qualify.evaluate` accepts as evidence: a mapping of criterion key
#: to value (``None`` or a blank string meaning "no evidence"), or Evidence items.
EvidenceInput: TypeAlias = Mapping[str, object] | Iterable[Evidence]

_ACCEPTED_VALUES = "a string, a number, true/false, or None for no evidence"


def clean_value(key: str, value: object) -> EvidenceValue | None:
    """Return *value* as a plain evidence value, ``None`` for no evidence, or raise.

    Blank text is no evidence, and so is a missing-value marker (NaN, pandas'
    ``NA`` and ``NaT``), as in tables and through mappings; numbers of any kind
    become ``int`` or ``float``; values of other types raise
    :class:`EvidenceError` naming *key*.
    """
    if is_missing(value):
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal | numbers.Real) and not isinstance(
        value, numbers.Integral
    ):
        try:
            number = float(value)
        except (OverflowError, ValueError):  # a Fraction past float's range, Decimal('sNaN')
            raise EvidenceError(
                f"evidence for {key!r} is {shown(value)}, which is not a number a criterion"
                " can rate; give a finite number"
            ) from None
        return None if math.isnan(number) else number  # a Decimal('NaN'): nothing here
    if isinstance(value, numbers.Integral):
        return int(value)
    raise EvidenceError(
        f"evidence for {key!r} must be {_ACCEPTED_VALUES}, got {type(value).__name__}"
    )


def newer(candidate: datetime | None, current: datetime | None, key: str) -> bool:
    """Whether evidence observed at *candidate* replaces evidence observed at *current*."""
    if current is None:
        return True
    if candidate is None:
        return False
    try:
        if candidate.tzinfo is not None and current.tzinfo is not None:
            # as instants: datetimes sharing a tzinfo otherwise compare by wall time,
            # which puts the two instants of the hour repeated when clocks go back in one
            return elapsed(candidate, current) >= timedelta(0)
        return candidate >= current
    except TypeError:
        raise EvidenceError(
            f"evidence for {key!r} mixes timezone-aware and naive observed_at times,"
            " which cannot be ordered; give every observed_at a timezone, or none"
        ) from None
