"""Evidence that ages, in a table: which rows' evidence was not known yet, or is stale.

:func:`qualify.evaluate_frame` with ``as_of`` reads when each row's evidence was
observed from a column for the whole row, or one per criterion (a key's own
time wins where it has one). As :func:`qualify.evaluate` judges one lead: an
answer observed after ``as_of`` was not known yet and is left out; one older
than its criterion's ``fresh_for`` is stale, counts as missing, and is asked
again. Empty times are undated: never stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .._core.checks import shown
from .._core.framework import Framework
from .._core.freshness import check_as_of
from ..errors import QualifyError, UnknownCriterionError

__all__ = ["STALE", "Dated", "check_named", "dated"]

#: The column evaluate_frame adds with ``as_of``: each row's stale criterion keys.
STALE = "stale"


class Dated:
    """Per key, whether a row's evidence counts (``keep``) and whether it is stale."""

    def __init__(self, keep: dict[str, Any], stale: dict[str, Any], columns: list[str]) -> None:
        self.keep = keep
        self.stale = stale
        self.columns = columns  # the time columns read: not evidence, never reported unused


def dated(
    framework: Framework,
    schema: Mapping[str, Any],
    as_of: object,
    observed_at: object,
    nw: Any,
) -> Dated | None:
    """The expressions that judge a table's evidence ``as_of`` an instant; ``None`` without."""
    when = check_as_of(as_of)
    if when is None:
        if observed_at is not None:
            raise QualifyError(
                "observed_at= names the columns saying when evidence was observed, which only"
                " matters when judging it as_of= an instant; give as_of= too, or leave it out"
            )
        return None
    columns = _columns(framework, schema, observed_at)
    times = {name: _time(name, schema[name], when, nw) for name in set(columns.values())}
    whole = columns.get("")
    lasting = {
        c.key: framework.fresh_for if c.fresh_for is None else c.fresh_for
        for c in framework.criteria
    }
    keep: dict[str, Any] = {}
    stale: dict[str, Any] = {}
    for key in framework.keys:
        own = columns.get(key)
        if own is None and whole is None:
            continue
        if own is not None and whole is not None:
            observed = nw.coalesce(times[own][0], times[whole][0])
        else:
            observed = times[own or whole][0]  # type: ignore[index]
        instant = times[own or whole][1]  # type: ignore[index]
        late = (observed > nw.lit(instant)).fill_null(False)
        keep[key] = ~late
        fresh_for = lasting.get(key)  # a disqualifier does not age
        if fresh_for is not None:
            old = (observed < nw.lit(instant - fresh_for)).fill_null(False)
            keep[key] = ~late & ~old
            stale[key] = old
    return Dated(keep, stale, list(dict.fromkeys(columns.values())))


def _columns(
    framework: Framework, schema: Mapping[str, Any], observed_at: object
) -> dict[str, str]:
    """Criterion key ("" for the whole row) to the column saying when it was observed."""
    if isinstance(observed_at, str):
        columns = {"": observed_at}
    elif isinstance(observed_at, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in observed_at.items()
    ):
        columns = {"" if key == "*" else key: name for key, name in observed_at.items()}
        stray = [key for key in columns if key and key not in framework.keys]
        if stray:
            raise UnknownCriterionError(
                f"observed_at names {', '.join(map(repr, stray))}, which framework"
                f" {framework.name!r} does not have; its keys: {', '.join(framework.keys)}"
            )
    else:
        raise QualifyError(
            "with as_of=, a table needs observed_at=: the column saying when each row's"
            " evidence was observed, or a mapping of criterion key (\"*\" for every key) to"
            " such a column; got"
            f" {shown(observed_at)}"
        )
    check_named("observed_at", columns.values(), schema)
    return columns


def _time(name: str, dtype: Any, as_of: datetime, nw: Any) -> tuple[Any, datetime]:
    """The column as datetimes, and *as_of* in the column's own zone, checked to match."""
    if dtype == nw.Date:
        column = nw.col(name).cast(nw.Datetime())
        zone = None
    elif isinstance(dtype, nw.Datetime):
        column = nw.col(name)
        zone = dtype.time_zone
    else:
        raise QualifyError(
            f"column {name!r}, which observed_at names, holds {dtype}, not dates or times;"
            " convert it first (pandas.to_datetime, or polars' str.to_datetime)"
        )
    if (zone is None) != (as_of.tzinfo is None):
        raise QualifyError(
            f"column {name!r} holds times {'with' if zone else 'without'} a timezone and"
            f" as_of {as_of.isoformat()} {'has one' if as_of.tzinfo else 'has none'}, so they"
            " cannot be compared; give both a timezone, or neither"
        )
    if zone is None:
        return column, as_of
    try:
        return column, as_of.astimezone(ZoneInfo(zone))
    except OverflowError:  # near year 1 or 9999, the instant has no time in that zone
        raise QualifyError(
            f"as_of {as_of.isoformat()} cannot be written in the zone of column {name!r}"
            f" ({zone}): it lies at the very edge of the range of datetimes; give an as_of"
            " between the years 2 and 9998"
        ) from None


def check_named(option: str, names: Iterable[str], schema: Mapping[str, Any]) -> None:
    """Refuse an *option* (``observed_at``, ``vetted``...) naming columns the table lacks.

    :raises QualifyError: naming the missing columns and listing the table's.
    """
    missing = [name for name in names if name not in schema]
    if missing:
        raise QualifyError(
            f"{option} names {', '.join(map(repr, missing))}, which the table does not"
            f" have; columns: {', '.join(schema)}"
        )
