"""When each lead came in, as an order: the blocks a time-ordered validation learns on.

A lead's time is a datetime, a date, ISO 8601 text or a number (an increasing
lead id, a timestamp); only the order matters. Leads are cut into blocks of
about equal size by that order, the oldest block 0; leads of the same time
share a block, so a block is never cut between two leads that came in at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, timezone

from .._core.checks import shown
from ..errors import OutcomeError
from .outcomes import is_missing

__all__ = ["blocks", "time_key"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_NUMBER_KINDS = "datetime64"


def time_key(value: object) -> float:
    """*value* as a number that orders leads by when they came in.

    Datetimes count seconds (a naive one is read as UTC), a date is its
    midnight, ISO 8601 text is read as a datetime; numbers are taken as they are.

    :raises OutcomeError: the value is missing or not a time.
    """
    if is_missing(value) or (isinstance(value, float | datetime) and value != value):
        raise OutcomeError("a lead has no time; give every lead one, or leave time= out")
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise OutcomeError(
                f"the time {shown(value)} is not a time; accepted: a datetime, a date, ISO 8601"
                " text such as 2026-03-31, or a number such as an increasing lead id"
            ) from None
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
        days = (aware - _EPOCH).days
        return days * 86400.0 + (aware - _EPOCH).seconds + (aware - _EPOCH).microseconds / 1e6
    if isinstance(value, date):
        return (value.toordinal() - _EPOCH.date().toordinal()) * 86400.0
    if type(value).__name__ == _NUMBER_KINDS:  # numpy's datetime64: its integer count
        if value != value:  # NaT
            raise OutcomeError("a lead has no time; give every lead one, or leave time= out")
        return float(value.astype("int64"))  # type: ignore[attr-defined]
    if isinstance(value, bool) or not isinstance(value, int | float) and not hasattr(
        value, "__float__"
    ):
        raise OutcomeError(
            f"the time {shown(value)} is not a time; accepted: a datetime, a date, ISO 8601"
            " text such as 2026-03-31, or a number such as an increasing lead id"
        )
    number = float(value)
    if not math.isfinite(number):
        raise OutcomeError(f"the time {shown(value)} is not a finite number")
    return number


def blocks(counts: Iterable[tuple[object, int]], count: int) -> dict[object, int]:
    """Each distinct time's block, 0 (oldest) to *count* - 1, from (time, leads) pairs:
    a time's block is where the middle of its leads falls in the order."""
    keyed = sorted(((time_key(t), t, n) for t, n in counts), key=lambda item: item[0])
    total = sum(n for _, _, n in keyed)
    found: dict[object, int] = {}
    before = 0
    for _, value, n in keyed:
        middle = before + n / 2
        found[value] = min(count - 1, int(middle * count / total)) if total else 0
        before += n
    return found
