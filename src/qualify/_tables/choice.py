"""Result columns held as a few distinct values and each row's position among them.

The in-memory path builds text and list columns (verdicts, stages, missing
keys, questions) by taking from the few distinct answers, never row by row in
Python; :class:`Choice` is such a column, Arrow-ready.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import MissingExtraError

__all__ = ["BITS", "Choice", "distinct_patterns", "numpy", "pyarrow"]

# A pattern of criteria is a bit mask, this many criteria to a 64-bit word.
BITS = 62


def numpy() -> Any:
    """The numpy module, or an error naming the extra that installs it."""
    try:
        return importlib.import_module("numpy")
    except ImportError:
        raise MissingExtraError("evaluate_frame", "numpy", "frames") from None


def pyarrow() -> Any:
    """The pyarrow module, or an error naming the extra that installs it."""
    try:
        return importlib.import_module("pyarrow")
    except ImportError:
        raise MissingExtraError("evaluate_frame", "pyarrow", "frames") from None


class Choice:
    """A text (or list-of-text) column as a few distinct values and each row's position.

    With *order* (every value it can hold, lowest first), the column is an ordered
    category: an ordered dictionary in Arrow, an ordered ``Categorical`` in pandas.
    """

    __slots__ = ("indices", "lists", "order", "values")

    def __init__(
        self,
        values: list[Any],
        indices: Any,
        *,
        lists: bool = False,
        order: tuple[str, ...] | None = None,
    ) -> None:
        self.values = values
        self.indices = indices
        self.lists = lists
        self.order = order

    def codes(self) -> Any:
        """Each row's position in :attr:`order`; -1 for an empty row."""
        np = numpy()
        assert self.order is not None
        rank = {value: i for i, value in enumerate(self.order)}
        lookup = np.array([rank.get(value, -1) for value in self.values], dtype=np.int8)
        return lookup[self.indices]

    def arrow(self) -> Any:
        pa = pyarrow()
        if self.order is not None:
            codes = self.codes()
            return pa.DictionaryArray.from_arrays(
                pa.array(codes, mask=codes < 0), pa.array(self.order, pa.string()), ordered=True
            )
        kind = pa.list_(pa.string()) if self.lists else pa.string()
        return pa.array(self.values, kind).take(pa.array(self.indices))


def distinct_patterns(np: Any, words: list[Any], criteria: int) -> tuple[list[list[int]], Any]:
    """The distinct patterns (as lists of words), and each row's position among them."""
    if criteria <= 16:  # count into a table of every pattern: no sort
        pattern = words[0]
        seen = np.flatnonzero(np.bincount(pattern, minlength=1 << criteria))
        position = np.zeros(1 << criteria, dtype=np.int64)
        position[seen] = np.arange(len(seen))
        return [[p] for p in seen.tolist()], position[pattern]
    stacked = np.stack(words, axis=1)
    if len(stacked) == 0:
        return [], np.zeros(0, dtype=np.int64)
    seen, which = np.unique(stacked, axis=0, return_inverse=True)
    return seen.tolist(), which.reshape(-1)
