"""What the reports hold: a backtest's and a calibration's parts, a summary's, a comparison's.

The functions that make them are in :mod:`qualify` itself
(:func:`~qualify.backtest`, :func:`~qualify.calibrate`, :func:`~qualify.summarize`,
:func:`~qualify.compare`); this module holds the types of what they return, for
annotations and ``isinstance`` checks::

    from qualify.reports import Backtest

    def share_won(report: Backtest) -> float: ...
"""

from __future__ import annotations

from ._core.comparison import Asked, NotCarried, SharedQuestion
from ._learn.calibrate import Calibration
from ._learn.report import (
    AgeRate,
    Backtest,
    ChanceBin,
    ChanceReport,
    CriterionBacktest,
    Drift,
    GroupRate,
    Rate,
    RungRate,
    ScoreBand,
    UnknownShare,
)
from ._learn.pairing import LearnedPair
from ._learn.shape import Reversal
from ._learn.validate import Validation
from ._tables.summary import Summary

__all__ = [
    "AgeRate",
    "Asked",
    "Backtest",
    "Calibration",
    "ChanceBin",
    "ChanceReport",
    "CriterionBacktest",
    "Drift",
    "GroupRate",
    "LearnedPair",
    "NotCarried",
    "Rate",
    "Reversal",
    "RungRate",
    "ScoreBand",
    "SharedQuestion",
    "Summary",
    "UnknownShare",
    "Validation",
]
