"""Columns evaluate_frame adds on request or for calibrated frameworks, from numpy arrays:
each criterion's satisfaction, and a calibrated framework's probability."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from .._core.framework import Framework
from .._core.probability import chance
from .expressions import SATISFACTION

__all__ = ["Nullable", "probability", "satisfactions"]


def _numpy() -> Any:
    return importlib.import_module("numpy")


class Nullable:
    """A number column with empty cells: *values* where *empty* is False."""

    __slots__ = ("empty", "values")

    def __init__(self, values: Any, empty: Any) -> None:
        self.values = values
        self.empty = empty


def probability(
    framework: Framework, score: Any, which: Any, unknown: list[list[int]], disqualified: Any
) -> Any:
    """Each row's chance of winning, worked out once per distinct (score, unknown
    criteria, disqualified) in Python, exactly as the engine does it."""
    np = _numpy()
    model = framework.probability
    assert model is not None
    offsets = dict(model.unknown)
    per_index = [offsets.get(c.key, 0.0) for c in framework.criteria]
    if not len(score):
        return np.zeros(0)
    keys = np.stack([score, which.astype(np.float64), disqualified.astype(np.float64)], axis=1)
    distinct, inverse = np.unique(keys, axis=0, return_inverse=True)
    values = []
    for row_score, pattern, flagged in distinct.tolist():
        log_odds = model.intercept + model.per_point * row_score
        for i in unknown[int(pattern)]:
            log_odds += per_index[i]
        if flagged:
            log_odds += model.disqualified
        values.append(chance(log_odds))
    return np.asarray(values)[inverse.reshape(-1)]


def satisfactions(framework: Framework, rated: Mapping[str, Any], rows: int) -> dict[str, Any]:
    """Each criterion's satisfaction as a column, empty where there is no evidence."""
    np = _numpy()
    columns = {}
    for criterion in framework.criteria:
        found = rated.get(criterion.key)
        values = found.satisfaction if found is not None else np.full(rows, np.nan)
        empty = np.isnan(values)
        columns[SATISFACTION + criterion.key] = Nullable(np.where(empty, 0.0, values), empty)
    return columns
