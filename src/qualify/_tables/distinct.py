"""A lazy table's distinct values per column, read in as few passes as the engine allows.

Each query is a pass over the data, and on a cluster a job of its own: the
distinct combinations of every column rated by value are read at once, and
only when they are too many is each column read on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["COMBINATIONS", "distinct_values"]


#: At most this many distinct combinations are fetched to read several columns' distinct
#: values in one query; past it, each column is read on its own.
COMBINATIONS = 10_000


def distinct_values(
    wrapped: Any, lazy: bool, nw: Any, names: Sequence[str] = ()
) -> Callable[[str], list[Any]]:
    """Read a column's distinct non-empty values (for a lazy table, one small query).

    For a lazy table, the distinct combinations of the columns *names* are first read in
    one query (each query is a pass over the data, and a cluster job of its own); when
    there are more than :data:`COMBINATIONS` of them, each column is read on its own.
    """
    known: dict[str, list[Any]] = {}
    wanted = list(dict.fromkeys(names))
    if lazy and len(wanted) > 1:
        combinations = _groups(wrapped, wanted, nw).head(COMBINATIONS + 1).collect()
        if len(combinations) <= COMBINATIONS:
            for name in wanted:
                known[name] = combinations.select(name).unique().get_column(name).to_list()

    def distinct(name: str) -> list[Any]:
        values = known.get(name)
        if values is None:
            if lazy:
                values = _groups(wrapped, [name], nw).collect().get_column(name).to_list()
            else:
                values = wrapped.select(name).drop_nulls().unique().get_column(name).to_list()
        return [
            value
            for value in values
            if value is not None and not (isinstance(value, float) and value != value)
        ]

    return distinct


def _groups(wrapped: Any, names: list[str], nw: Any) -> Any:
    """The distinct combinations of *names* in a lazy table, as a group-by: every engine
    runs one as a hash aggregation (narwhals' ``unique`` is a window over a sort on Spark,
    four times slower). The columns are grouped under plain names (some engines read a
    dotted name as a path into a struct) and named back."""
    plain = [f"c{i}" for i in range(len(names))]
    renamed = wrapped.select(*(nw.col(n).alias(p) for n, p in zip(names, plain, strict=True)))
    grouped = renamed.group_by(*plain).agg(nw.len().alias("n"))
    return grouped.select(*(nw.col(p).alias(n) for n, p in zip(names, plain, strict=True)))
