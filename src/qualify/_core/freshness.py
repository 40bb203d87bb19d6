"""How long evidence stays fresh, and how old it is at a given instant.

A criterion (or a whole framework) may say how long its evidence stays fresh
(``fresh_for``, a :class:`~datetime.timedelta`). Judged ``as_of`` an instant,
evidence observed longer ago than that is stale: it no longer counts, and the
criterion's question is asked again to re-confirm it. Files write durations
in ISO 8601 (``"P90D"``, ``"P2W"``, ``"PT36H"``); years and months are refused,
as they have no fixed length.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from ..errors import EvidenceError, FrameworkError
from .checks import elapsed, is_missing, shown

__all__ = [
    "age",
    "ago",
    "check_as_of",
    "check_fresh_for",
    "duration",
    "duration_text",
    "moment",
    "reconfirm",
]

_DURATION = re.compile(
    r"P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d{1,6})?)S)?)?"
)


def duration(text: str) -> timedelta:
    """An ISO 8601 duration of weeks, days, hours, minutes and seconds as a timedelta.

    >>> duration("P90D"), duration("P1W2DT12H")
    (datetime.timedelta(days=90), datetime.timedelta(days=9, seconds=43200))

    :raises ValueError: saying what is accepted, for anything else (years and
        months included: they have no fixed length).
    """
    found = _DURATION.fullmatch(text.strip().upper()) if isinstance(text, str) else None
    if found is None or text.strip().upper() in ("P", "PT") or text.strip().endswith("T"):
        raise ValueError(
            f"expected an ISO 8601 duration in weeks, days, hours, minutes or seconds, such"
            f' as "P90D", "P2W" or "PT36H" (years and months have no fixed length), got'
            f" {shown(text)}"
        )
    parts = {name: float(value) for name, value in found.groupdict().items() if value}
    try:
        return timedelta(**parts)
    except OverflowError:
        raise ValueError(f"the duration {shown(text)} is longer than a timedelta holds") from None


def duration_text(span: timedelta) -> str:
    """*span* as the ISO 8601 duration :func:`duration` reads back to the same timedelta."""
    days, rest = span.days, span.seconds
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = ""
    if hours:
        clock += f"{hours}H"
    if minutes:
        clock += f"{minutes}M"
    if seconds or span.microseconds:
        fraction = f".{span.microseconds:06d}".rstrip("0") if span.microseconds else ""
        clock += f"{seconds}{fraction}S"
    if not days and not clock:
        return "PT0S"
    return "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")


def check_fresh_for(what: str, value: object) -> None:
    """Refuse a ``fresh_for`` that is not ``None`` or a positive timedelta."""
    if value is None:
        return
    if not isinstance(value, timedelta) or value <= timedelta(0):
        raise FrameworkError(
            f"{what} must be a positive datetime.timedelta (in files, an ISO 8601 duration"
            f' such as "P90D"), or None for evidence that never goes stale; got {shown(value)}'
        )


def check_as_of(as_of: object) -> datetime | None:
    """*as_of* checked: ``None`` or a datetime (a pandas Timestamp without nanoseconds)."""
    if as_of is None:
        return None
    if not isinstance(as_of, datetime):
        raise EvidenceError(
            f"as_of must be a datetime (the instant evidence is judged at) or None, got"
            f" {shown(as_of)}; for a date, give datetime(year, month, day)"
        )
    if getattr(as_of, "nanosecond", 0):
        raise EvidenceError("as_of holds nanoseconds, which a datetime cannot keep; round it")
    return as_of


def age(observed_at: datetime, as_of: datetime, key: str) -> timedelta:
    """How long before *as_of* the evidence for *key* was observed (negative: after it)."""
    if (observed_at.tzinfo is None) != (as_of.tzinfo is None):
        raise EvidenceError(
            f"evidence for {key!r} was observed at {observed_at.isoformat()} and as_of is"
            f" {as_of.isoformat()}: one has a timezone and the other not, so they cannot be"
            " compared; give both a timezone, or neither"
        )
    return elapsed(as_of, observed_at)  # as instants, whatever zones they are written in


def ago(span: timedelta) -> str:
    """*span* in the largest whole unit that fits: ``"400 days"``, ``"5 hours"``."""
    for size, unit in ((timedelta(days=1), "day"), (timedelta(hours=1), "hour")):
        if span >= size:
            count = span // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    minutes = span // timedelta(minutes=1)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def reconfirm(question: str, fresh_for: timedelta) -> str:
    """*question*, asked again because the answer on record is older than *fresh_for*.

    The same words for every lead, so a table's ``next_question`` equals
    :func:`qualify.evaluate`'s; the old value and its age are in ``stale``.
    """
    return f"{question} (Re-confirm: the answer on record is more than {ago(fresh_for)} old.)"


def moment(value: object, what: str) -> datetime | None:
    """When something was observed, from a datetime, a date (its midnight) or ISO 8601
    text; ``None`` for nothing (``None`` or blank text).

    :raises EvidenceError: for anything else, naming *what* and what is accepted.
    """
    if is_missing(value):  # NaT, NaN, None: not dated
        return None
    if isinstance(value, datetime):
        if getattr(value, "nanosecond", 0):
            raise EvidenceError(f"{what} holds nanoseconds, which a datetime cannot keep")
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise EvidenceError(
        f"{what} must be a datetime, a date or ISO 8601 text such as"
        f' "2026-03-01T09:30:00+00:00", got {shown(value)}'
    )
