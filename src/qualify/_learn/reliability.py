"""Can the chance be trusted? A calibrated framework's chance of winning, checked on leads.

A chance ranks leads (ROC AUC) and says how often they are won: the log loss
and the Brier score measure both at once, and the reliability table puts the
chance given beside the share won, in ten bins of chance from 0 to 1. The
expected calibration error is the gap between the two, averaged over the
leads (0 when every bin is won exactly as often as its chances say).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from .stats import wilson

__all__ = ["BINS", "ChanceBin", "ChanceReport", "chance_report"]

#: The reliability table's bins: chances from 0 to 1 cut into this many.
BINS = 10


@attrs.frozen(kw_only=True)
class ChanceBin:
    """The leads whose chance fell in ``[low, high)`` (the last bin includes 1): how many,
    the mean chance they were given, and the share of them won, with a 95% interval."""

    low: float
    high: float
    n: int
    won: int
    mean_chance: float
    rate: float
    rate_low: float
    rate_high: float


@attrs.frozen(kw_only=True)
class ChanceReport:
    """How a calibrated framework's chance did on leads with a known outcome.

    ``auc`` is the chance's ROC AUC, ``log_loss`` the mean negative log-likelihood
    of the outcomes, ``brier`` the mean squared gap between chance and outcome
    (0 to 1), ``calibration_error`` the leads-weighted mean gap between each
    bin's mean chance and its share won; ``bins`` is the reliability table.
    """

    n: int
    auc: float | None
    log_loss: float
    brier: float
    calibration_error: float
    bins: tuple[ChanceBin, ...]


def chance_report(counts: Mapping[float, list[int]]) -> ChanceReport | None:
    """The report from (won, lost) leads per chance given; ``None`` without leads."""
    # summed in order of chance, so rows and tables (counted in other orders) agree to the bit
    pairs = sorted((float(p), int(w), int(lo)) for p, (w, lo) in counts.items() if w + lo)
    if not pairs:
        return None
    n = total_won = total_lost = below = 0
    loss = brier = favourable = 0.0  # favourable: the ROC AUC's numerator, as stats.auc sums it
    sums: list[list[float]] = [[0, 0, 0.0] for _ in range(BINS)]  # leads, won, chances
    log, least, most, last = math.log, 1e-15, 1 - 1e-15, BINS - 1
    for p, won, lost in pairs:
        clipped = least if p < least else most if p > most else p
        loss -= won * log(clipped) + lost * log(1 - clipped)
        brier += won * (1 - p) ** 2 + lost * p * p
        cell = sums[min(last, int(p * BINS))]
        favourable += won * (below + 0.5 * lost)
        below += lost
        total_won += won
        total_lost += lost
        here = won + lost
        n += here
        cell[0] += here
        cell[1] += won
        cell[2] += p * here
    bins = []
    gap = 0.0
    for index, (leads, won_here, total) in enumerate(sums):
        if not leads:
            continue
        mean, rate = total / leads, won_here / leads
        low, high = wilson(int(won_here), int(leads))
        gap += leads * abs(mean - rate)
        bins.append(
            ChanceBin(
                low=index / BINS,
                high=(index + 1) / BINS,
                n=int(leads),
                won=int(won_here),
                mean_chance=mean,
                rate=rate,
                rate_low=low,
                rate_high=high,
            )
        )
    return ChanceReport(
        n=n,
        auc=favourable / (total_won * total_lost) if total_won and total_lost else None,
        log_loss=loss / n,
        brier=brier / n,
        calibration_error=gap / n,
        bins=tuple(bins),
    )
