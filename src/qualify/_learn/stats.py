"""The statistics a backtest reports: the Wilson interval of a rate, ROC AUC from counts."""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = ["Counts", "auc", "wilson"]

Counts = Mapping[object, tuple[int, int]]  # key -> (won, lost)

_Z = 1.959963984540054  # the 97.5th percentile of the standard normal


def wilson(won: int, n: int) -> tuple[float, float]:
    """The 95% Wilson score interval of the rate *won* / *n* (0 to 1 when *n* is 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = won / n
    z2 = _Z * _Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def auc(scores: Counts) -> float | None:
    """ROC AUC from won and lost counts per score, ties counted half."""
    won = sum(w for w, _ in scores.values())
    lost = sum(lost for _, lost in scores.values())
    if not won or not lost:
        return None
    below = 0  # lost leads scoring lower than the current score
    favourable = 0.0
    for score in sorted(scores):  # type: ignore[type-var]
        w, lost_here = scores[score]
        favourable += w * (below + 0.5 * lost_here)
        below += lost_here
    return favourable / (won * lost)
