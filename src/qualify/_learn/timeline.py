"""When each lead came in, as an order: the blocks a time-ordered validation learns on.

A lead's time is a datetime, a date, ISO 8601 text or a number (an increasing
lead id, a timestamp); only the order matters. Leads are cut into blocks of
about equal size by that order, the oldest block 0; leads of the same time
share a block, so a block is never cut between two leads that came in at once.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Any

from .._core.checks import shown
from ..errors import OutcomeError
from .outcomes import is_missing

__all__ = ["block_column", "blocks", "order_key", "time_key"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?")
_NUMBER_KINDS = "datetime64"


def time_key(value: object) -> float:
    """*value* as a number that orders leads by when they came in.

    Datetimes count seconds (a naive one is read as UTC), a date is its
    midnight, ISO 8601 text is read as a datetime; numbers are taken as they are.

    :raises OutcomeError: the value is missing or not a time.
    """
    if is_missing(value) or (isinstance(value, float | datetime) and value != value):  # NaT
        raise OutcomeError("a lead has no time; give every lead one, or leave time= out")
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER.fullmatch(text):  # a lead id or a timestamp, as a CSV file holds it
            return float(text)
        try:
            value = datetime.fromisoformat(text)
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


def order_key(value: object) -> tuple[str, float]:
    """*value*'s kind of time (``"dates"`` or ``"numbers"``, which cannot share one order)
    and its place in the order.

    :raises OutcomeError: the value is missing or not a time.
    """
    return _kind(value), time_key(value)


def blocks(counts: Iterable[tuple[tuple[str, float], int]], count: int) -> dict[object, int]:
    """Each distinct time's block, 0 (oldest) to *count* - 1, from (:func:`order_key`,
    leads) pairs: a time's block is where the middle of its leads falls in the order."""
    keyed = sorted(counts, key=lambda item: item[0][1])
    kinds = {kind for (kind, _), _ in keyed}
    if len(kinds) > 1:
        raise OutcomeError(
            f"the leads' times mix {' and '.join(sorted(kinds))}, which cannot be put in one"
            " order; give every lead the same kind of time"
        )
    return _in_order([(key, n) for key, n in keyed], count)


def _kind(value: object) -> str:
    """Numbers (ids, timestamps) and points in time cannot share one order."""
    if isinstance(value, str):
        return "numbers" if _NUMBER.fullmatch(value.strip()) else "dates"
    return "dates" if isinstance(value, date) or type(value).__name__ == _NUMBER_KINDS else "numbers"


def _in_order(ordered: list[tuple[object, int]], count: int) -> dict[object, int]:
    total = sum(n for _, n in ordered)
    found: dict[object, int] = {}
    before = 0
    for value, n in ordered:
        found[value] = min(count - 1, int((before + n / 2) * count / total)) if total else 0
        before += n
    return found


def block_column(table: Any, time: str, count: int, known: Any = None) -> tuple[Any, str]:
    """*table* with a column of each row's block (0 to *count* - 1) by its *time* column,
    and that column's name: blocks of about equal numbers of the rows *known* (an
    expression: the leads with an outcome) select. The table's engine counts them per
    distinct time and
    compares each row with the first time of every block, so a lazy table stays lazy.

    :raises OutcomeError: no such column, a row without a time, or text times whose
        order as text is not their order in time (mixed formats).
    """
    nw = importlib.import_module("narwhals")
    wrapped = nw.from_native(table)
    schema = wrapped.collect_schema()
    if time not in schema:
        raise OutcomeError(
            f"the time column {time!r} is not in the table; columns: {', '.join(schema)}"
        )
    counting = wrapped if known is None else wrapped.filter(known)  # leads with an outcome
    counted = counting.group_by(time, drop_null_keys=False).agg(nw.len().alias("n")).sort(time)
    if isinstance(counted, nw.LazyFrame):
        counted = counted.collect()
    np = importlib.import_module("numpy")
    times = counted.get_column(time)
    leads = counted.get_column("n").to_numpy().astype(np.int64)
    dtype = schema[time]
    gaps = times.is_null() | (times.is_nan().fill_null(True) if dtype.is_float() else False)
    missing = int(leads[gaps.to_numpy()].sum())
    if missing:
        raise OutcomeError(
            f"{missing:,} row{'s have' if missing != 1 else ' has'} no time in column {time!r};"
            " give every lead one, or leave time= out"
        )
    if dtype == nw.String:  # the engine compares text: it must be in time order
        texts = times.to_list()
        if sorted(texts, key=time_key) != texts:
            raise OutcomeError(
                f"the time column {time!r} holds text whose order as text is not its order in"
                " time (dates written more than one way); give it as a date or datetime column"
            )
    elif not (dtype.is_numeric() or dtype.is_temporal()):
        raise OutcomeError(
            f"the time column {time!r} holds {dtype}; accepted: dates, datetimes,"
            " numbers (an increasing lead id) or ISO 8601 text"
        )
    total = int(leads.sum())
    middle = np.cumsum(leads) - leads / 2  # where the middle of each time's leads falls
    block = np.minimum(count - 1, (middle * count / max(total, 1)).astype(np.int64))
    firsts = np.flatnonzero(np.diff(block, prepend=-1) > 0)  # each block's first time
    starts = {int(block[i]): times.item(int(i)) for i in firsts}
    name = "__qualify_block"
    while name in schema:
        name = f"_{name}"
    column = nw.col(time)
    block = nw.lit(0)
    for number in sorted(starts)[1:]:
        block = block + (column >= starts[number]).cast(nw.Int64)
    return wrapped.with_columns(block.alias(name)).to_native(), name
