"""Evidence that ages, in a table held in memory: the in-memory path's share of
:mod:`.dated`, with numpy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.framework import Framework
from .arrays import Rated
from .choice import BITS, Choice, distinct_patterns, numpy
from .dated import Dated

__all__ = ["judge", "stale_lists"]


def judge(rated: Mapping[str, Rated], wrapped: Any, dated: Dated) -> dict[str, Any]:
    """Leave out evidence ``dated`` says does not count (not known yet, or stale); return,
    per criterion that ages, the rows whose rated evidence went stale."""
    np = numpy()
    names = {f"k{i}": key for i, key in enumerate(dated.keep)}
    flags = wrapped.select(
        **{name: dated.keep[key] for name, key in names.items()},
        **{f"s{name}": dated.stale[key] for name, key in names.items() if key in dated.stale},
    )
    stale: dict[str, Any] = {}
    for name, key in names.items():
        found = rated.get(key)
        if found is None:
            continue
        keep = flags.get_column(name).to_numpy().astype(bool)
        if key in dated.stale:
            old = flags.get_column(f"s{name}").to_numpy().astype(bool)
            stale[key] = old & ~np.isnan(found.satisfaction)
        found.satisfaction = np.where(keep, found.satisfaction, np.nan)
    return stale


def stale_lists(framework: Framework, stale: Mapping[str, Any], rows: int) -> Any:
    """Each row's stale criterion keys, in framework order, as a list column."""
    np = numpy()
    keys = [c.key for c in framework.criteria if c.key in stale]
    words = [np.zeros(rows, dtype=np.int64) for _ in range(0, len(keys), BITS)] or [
        np.zeros(rows, dtype=np.int64)
    ]
    for i, key in enumerate(keys):
        word, bit = divmod(i, BITS)
        words[word] |= np.where(stale[key], 1 << bit, 0)
    patterns, which = distinct_patterns(np, words, max(len(keys), 1))
    lists = [[key for i, key in enumerate(keys) if p[i // BITS] >> (i % BITS) & 1] for p in patterns]
    return Choice(lists, which, lists=True)
