"""Values kept per key while keeping them pays, for what leads that stand alike share.

Leads from CRM picklists often stand exactly alike, so the engine shares their
evaluations, the outlooks of their open questions and their comparisons. A
framework whose leads seldom stand alike (many criteria, free answers) would
only fill memory: once the kept values fill up having served fewer leads than
there are of them, a :class:`Kept` stops keeping, and costs nothing more.
"""

from __future__ import annotations

from typing import Generic, TypeVar

__all__ = ["KEPT", "Kept"]

K = TypeVar("K")
V = TypeVar("V")

#: How many values a :class:`Kept` holds before it weighs whether keeping pays.
KEPT = 4096


class Kept(Generic[K, V]):
    """Values by key, up to *limit* of them, while they serve as many leads as they are."""

    __slots__ = ("entries", "keeping", "limit", "served")

    def __init__(self, limit: int = KEPT) -> None:
        self.entries: dict[K, V] = {}
        self.limit = limit
        self.served = 0  # leads served a kept value since the last clearing
        self.keeping = True  # whether keeping them pays; False: every lead afresh

    def get(self, key: K) -> V | None:
        """The value kept for *key*, or ``None``."""
        if not self.keeping:
            return None
        found = self.entries.get(key)
        if found is not None:
            self.served += 1
        return found

    def put(self, key: K, value: V) -> None:
        """Keep *value* for *key*; full, first weigh whether keeping has paid."""
        if not self.keeping:
            return
        if len(self.entries) >= self.limit:
            self.keeping = self.served >= len(self.entries)
            self.entries.clear()
            self.served = 0
            if not self.keeping:
                return
        self.entries[key] = value
