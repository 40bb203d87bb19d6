"""Rows a table cannot score: flagged by the table paths, explained by the engine.

The array and expression paths flag each row holding a value its criterion
(or the mapping) cannot read. The flagged rows, usually few, are then
evaluated one by one with :func:`qualify.evaluate`, so a table reports exactly
the problems ``evaluate`` raises on, in the same words: one implementation of
"what is wrong with this lead" for the engine, the command line and tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._plugins.evaluate import evaluate
from ..errors import EvidenceError

__all__ = ["ERRORS", "PROBLEMS", "raise_for", "row_name", "row_problems"]

#: What ``evaluate_frame`` does with rows it cannot score.
ERRORS = ("raise", "report")

#: The column ``errors="report"`` adds: each row's problems, empty for a scored row.
PROBLEMS = "problems"

# How many bad rows an error message lists; ``EvidenceError.problems`` holds them all.
_SHOWN = 10


def _plain(value: Any) -> Any:
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
        plain = {column: _plain(value) for column, value in row.items()}
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
    return f"{by}={_plain(label)!r}" if by != "index" else f"index {_plain(label)!r}"


def raise_for(names: Sequence[str], problems: Sequence[tuple[str, ...]]) -> NoReturn:
    """Raise one EvidenceError naming every bad row and every problem in it."""
    listed = tuple(f"{name}: {problem}" for name, row in zip(names, problems) for problem in row)
    if len(names) == 1:
        raise EvidenceError(f"{names[0]}: {EvidenceError.of(list(problems[0]))}", problems=listed)
    shown = "; ".join(
        f"{name}: {EvidenceError.of(list(row))}"
        for name, row in zip(names[:_SHOWN], problems[:_SHOWN])
    )
    more = f"; and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
    raise EvidenceError(
        f"{len(names)} rows cannot be scored (errors='report' scores the rest and lists"
        f" these): {shown}{more}",
        problems=listed,
    )
