"""Rows a table cannot score: flagged by the table paths, explained by the engine.

The array and expression paths flag each row holding a value its criterion
(or the mapping) cannot read. The flagged rows, usually few, are then
evaluated one by one with :func:`qualify.evaluate`, so a table reports exactly
the problems ``evaluate`` raises on, in the same words: one implementation of
"what is wrong with this lead" for the engine, the command line and tables.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._plugins.evaluate import ERRORS, evaluate
from ..errors import EvidenceError
from .joined import left_join, like

__all__ = [
    "ERRORS",
    "PROBLEMS",
    "RAISE_LIMIT",
    "attach",
    "plain_cell",
    "raise_for",
    "frame_row_name",
    "lazy_row_name",
    "row_name",
    "row_problems",
]

#: The column ``errors="report"`` adds: each row's problems, empty for a scored row.
PROBLEMS = "problems"

# How many bad rows an error message lists, and how many its ``problems`` hold: a
# table of millions of bad rows is not read whole just to say that it is bad.
_SHOWN = 10
RAISE_LIMIT = 1000


def plain_cell(value: Any) -> Any:
    """A table cell as evaluate reads it: missing values (NaN, NA, NaT) are None."""
    if value is None:
        return None
    if hasattr(value, "dtype") and hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def row_problems(
    rows: Sequence[Mapping[str, Any]], framework: Framework, mapping: FieldMap | None
) -> list[tuple[str, ...]]:
    """Every problem of each row, as :func:`qualify.evaluate` names them."""
    found = []
    for row in rows:
        plain = {column: plain_cell(value) for column, value in row.items()}
        try:
            evaluate(plain, framework, mapping=mapping, other_keys="ignore")
        except EvidenceError as exc:
            found.append(exc.problems)
        else:  # the table paths and the engine disagree: never lose the row
            values = ", ".join(f"{column}={value!r}" for column, value in plain.items())
            found.append((f"a value cannot be rated from {values}",))
    return found


def row_name(position: int, label: Any = None, *, by: str | None = None) -> str:
    """How a message names a row: ``leadid='D-27'`` by its id column, ``index 7`` by a
    pandas index label, else ``row 3`` by its 1-based position."""
    if by is None:
        return f"row {position + 1}"
    return f"{by}={plain_cell(label)!r}" if by != "index" else f"index {plain_cell(label)!r}"


def raise_for(
    names: Sequence[str], problems: Sequence[tuple[str, ...]], total: int | None
) -> NoReturn:
    """Raise one EvidenceError naming the bad rows (the first :data:`RAISE_LIMIT`) and
    every problem in them; *total* counts every bad row, ``None`` when it is not known."""
    listed = tuple(f"{name}: {problem}" for name, row in zip(names, problems) for problem in row)
    if len(names) == 1 and total == 1:
        raise EvidenceError(f"{names[0]}: {EvidenceError.of(list(problems[0]))}", problems=listed)
    shown = "; ".join(
        f"{name}: {EvidenceError.of(list(row))}"
        for name, row in zip(names[:_SHOWN], problems[:_SHOWN])
    )
    count = f"{total:,}" if total is not None else f"more than {len(names):,}"
    more = f"; and {len(names) - _SHOWN:,} more listed in problems" if len(names) > _SHOWN else ""
    raise EvidenceError(
        f"{count} rows cannot be scored (errors='report' scores the rest and lists"
        f" these): {shown}{more}",
        problems=listed,
    )


def attach(
    result: Any,
    wrapped: Any,
    ids: list[Any],
    problems: list[tuple[str, ...]],
    id: str,  # noqa: A002
    emptied: tuple[str, ...],
    nw: Any,
) -> Any:
    """Add the problems column to a lazy *result*, joined on *id*; a bad row's result columns are emptied."""
    empty = nw.lit([], dtype=nw.List(nw.String()))
    if not ids:
        return result.with_columns(**{PROBLEMS: empty})
    joined_id = "__qualify_id"
    while joined_id in result.collect_schema():
        joined_id = f"_{joined_id}"
    by_id: dict[Any, list[str]] = {}
    for key, found in zip(ids, problems, strict=True):
        by_id.setdefault(key, []).extend(found)
    found = nw.from_dict(  # built by polars alone, then made lazy in the table's library
        {joined_id: list(by_id), PROBLEMS: list(by_id.values())},
        schema={joined_id: result.collect_schema()[id], PROBLEMS: nw.List(nw.String())},
        backend="polars",
    )
    found = like(found, wrapped, nw) if isinstance(result, nw.LazyFrame) else found
    joined = left_join(result, found, [id], nw, [joined_id])
    has = ~nw.col(PROBLEMS).is_null()
    return joined.with_columns(
        **{name: nw.when(~has).then(nw.col(name)) for name in emptied},
        **{PROBLEMS: nw.when(has).then(nw.col(PROBLEMS)).otherwise(empty)},
    ).select(*(c for c in result.collect_schema() if c != joined_id), PROBLEMS)


def lazy_row_name(row: Mapping[str, Any], id: str | None) -> str:  # noqa: A002
    """A lazy table's bad *row*, named by its *id* column, or by its values."""
    if id is not None:
        return row_name(0, row[id], by=id)
    values = ", ".join(f"{column}={value!r}" for column, value in row.items())
    return f"the row with {values}"


def frame_row_name(frame: Any, wrapped: Any, row: int, id: str | None) -> str:  # noqa: A002
    """Row *row* of an eager table, named by its *id* column, its pandas index, or its position."""
    if id is not None:
        return row_name(row, wrapped.item(row, id), by=id)
    if wrapped.implementation.name == "PANDAS":
        return row_name(row, frame.index[row], by="index")
    return row_name(row)
