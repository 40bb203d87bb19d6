"""Pair criteria over a table: each row's cell, from its two criteria's satisfactions.

A pair (``Criterion.of``) reads no column: its satisfaction is the level of the
cell its two criteria's answers meet in, null while either is unknown, worked
out after the answers that do not count (stale, unvetted) are left out, as the
engine does. Rungs are found as :class:`~qualify._core.pairs.Pair` finds them:
the highest rung at or below the satisfaction, the lowest if none is.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from .._core.framework import Framework
from .._core.pairs import Pair, pairs_of
from ..errors import EvidenceError
from .choice import numpy
from .rated import Rated

__all__ = [
    "cell_positions", "cell_values", "check_no_pair_column", "pair_arrays", "pair_expressions"
]


def check_no_pair_column(framework: Framework, key: str, column: str) -> None:
    """Refuse a column read as evidence for a pair criterion: it follows from two others."""
    criterion = next((c for c in framework.criteria if c.key == key), None)
    if criterion is not None and criterion.of is not None:
        first, second = criterion.of
        raise EvidenceError(
            f"column {column!r} is read as evidence for {key!r}, a pair criterion of framework"
            f" {framework.name!r}: it follows from {first!r} and {second!r} and takes no"
            f" evidence of its own. Accepted: columns for {first!r} and {second!r}; rename or"
            " drop this one"
        )


def _within(column: Any, ascending: list[float], rung: int) -> Any:
    """Whether *column* falls in *rung*: from its satisfaction up to the next rung's."""
    condition = None
    if rung > 0:
        condition = column >= ascending[rung]
    if rung < len(ascending) - 1:
        below = column < ascending[rung + 1]
        condition = below if condition is None else condition & below
    return condition


def pair_expressions(
    framework: Framework, rated: MutableMapping[str, str], prefix: str, nw: Any
) -> dict[str, Any]:
    """Per pair whose two criteria have columns, an expression of its satisfaction (null
    while either is unknown), named in *rated* under the pair's key."""
    found: dict[str, Any] = {}
    for pair in pairs_of(framework.criteria):
        criteria = framework.criteria
        first, second = rated.get(criteria[pair.first].key), rated.get(criteria[pair.second].key)
        if first is None or second is None:
            continue
        a, b = nw.col(first), nw.col(second)
        known = ~a.is_null() & ~b.is_null()
        chain = None
        for (i, j), level in pair.cells.items():
            condition = known
            for part in (_within(a, pair.firsts, i), _within(b, pair.seconds, j)):
                if part is not None:
                    condition = condition & part
            value = nw.lit(float(level.satisfaction))
            step = nw.when(condition) if chain is None else chain.when(condition)
            chain = step.then(value)
        name = f"{prefix}pair{pair.position}"
        rated[criteria[pair.position].key] = name
        assert chain is not None  # a pair has a cell at least
        found[name] = chain.otherwise(nw.lit(None, dtype=nw.Float64()))
    return found


def pair_arrays(framework: Framework, rated: MutableMapping[str, Rated]) -> None:
    """Add to *rated* each pair whose two criteria were read: its cell's satisfaction per
    row, NaN while either is unknown."""
    for pair in pairs_of(framework.criteria):
        criteria = framework.criteria
        first, second = rated.get(criteria[pair.first].key), rated.get(criteria[pair.second].key)
        if first is None or second is None:
            continue
        rated[criteria[pair.position].key] = _cells(pair, first, second)


def _cells(pair: Pair, first: Rated, second: Rated) -> Rated:
    np = numpy()
    satisfaction = cell_values(pair, first.satisfaction, second.satisfaction)
    return Rated(
        ~np.isnan(satisfaction), satisfaction, np.zeros(len(satisfaction), dtype=bool),
        [*first.sources, *second.sources],
    )  # fmt: skip


def cell_positions(
    firsts: list[float], seconds: list[float], first: Any, second: Any
) -> tuple[Any, Any, Any]:
    """Per row, the rung of each criterion (by position among its ascending satisfactions
    *firsts* and *seconds*) where both are known, and whether they are (NaN: unknown)."""
    np = numpy()
    known = ~np.isnan(first) & ~np.isnan(second)
    rows = np.searchsorted(firsts, np.where(known, first, 0.0), side="right") - 1
    cols = np.searchsorted(seconds, np.where(known, second, 0.0), side="right") - 1
    return np.maximum(rows, 0), np.maximum(cols, 0), known


def cell_values(pair: Pair, first: Any, second: Any) -> Any:
    """Per row, the satisfaction of the cell *first* and *second* meet in (NaN while either
    is unknown)."""
    np = numpy()
    table = np.full((len(pair.firsts), len(pair.seconds)), np.nan)
    for (i, j), level in pair.cells.items():
        table[i, j] = float(level.satisfaction)
    rows, cols, known = cell_positions(pair.firsts, pair.seconds, first, second)
    return np.where(known, table[rows, cols], np.nan)

