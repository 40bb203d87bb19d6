"""Counting the leads of a table held in memory with numpy, pattern by pattern.

``evaluate_frame``'s arrays (each criterion's satisfaction, the verdict) and
each row's outcome are turned into one integer per row: the code of every
criterion's rung, whether the lead was disqualified, its group and whether it
was won. Counting those integers is one sort, however many rows; each distinct
pattern is then evaluated once from its rungs.
"""

from __future__ import annotations

import importlib
import math
from typing import Any

from .._core.engine import evaluate_rated
from .._core.framework import Framework
from .._core.results import Evaluation, Verdict
from .._tables.expressions import SATISFACTION
from .outcomes import OPEN, WON, is_missing

__all__ = ["count_in_memory"]


def _codes(np: Any, values: Any, empty: Any) -> tuple[Any, list[float | None]]:
    """Each row's rung code, and the satisfaction (None: unknown) each code stands for."""
    known = values[~empty]
    distinct = np.unique(known) if len(known) else np.zeros(0)
    codes = np.searchsorted(distinct, values).astype(np.int64)
    codes[empty] = len(distinct)
    return codes, [*map(float, distinct.tolist()), None]


def _groups(np: Any, values: Any) -> tuple[Any, list[object]]:
    """Each row's group code and the group each code stands for (None and NaN are one)."""
    try:  # pandas hashes a million labels at once; the loop below is the fallback
        pandas = importlib.import_module("pandas")
        codes, uniques = pandas.factorize(values, use_na_sentinel=True)
        names: list[object] = [
            None if is_missing(u) and not isinstance(u, str) else u for u in uniques.tolist()
        ]
        if (codes < 0).any():
            codes = np.where(codes < 0, len(names), codes)
            names.append(None)
        return codes.astype(np.int64), names
    except ImportError:
        pass
    seen: dict[object, int] = {}
    names = []
    codes = np.empty(len(values), dtype=np.int64)
    for row, value in enumerate(values.tolist()):
        if is_missing(value) and not isinstance(value, str):
            value = None
        code = seen.get(value)
        if code is None:
            code = seen[value] = len(names)
            names.append(value)
        codes[row] = code
    return codes, names


def count_in_memory(
    tallies: Any, framework: Framework, outputs: dict[str, Any], outcomes: Any, groups: Any
) -> None:
    """Add every row of an in-memory table to *tallies*; *outcomes* holds each row's
    outcome code, *groups* each row's group (or is None)."""
    np = importlib.import_module("numpy")
    verdict = outputs["verdict"]
    disqualified = verdict.indices == verdict.values.index(Verdict.DISQUALIFIED.value)
    score = outputs["score"]
    unscored = score.empty if hasattr(score, "empty") else np.zeros(len(outcomes), dtype=bool)
    outcomes = np.asarray(outcomes, dtype=np.int64)
    tallies.open += int((outcomes == OPEN).sum())
    tallies.skipped += int((unscored & (outcomes != OPEN)).sum())
    keep = ~unscored & (outcomes != OPEN)
    parts: list[tuple[Any, list[Any]]] = []
    for criterion in framework.criteria:
        column = outputs[SATISFACTION + criterion.key]
        parts.append(_codes(np, column.values[keep], column.empty[keep]))
    parts.append((disqualified[keep].astype(np.int64), [False, True]))
    group_names: list[object] = []
    if groups is not None:
        group_codes, group_names = _groups(np, np.asarray(groups, dtype=object)[keep])
        parts.append((group_codes, group_names))
    parts.append(((outcomes[keep] == WON).astype(np.int64), [False, True]))
    radices = [max(len(names), 1) for _, names in parts]
    if math.prod(radices) < 2**62:
        key = np.zeros(int(keep.sum()), dtype=np.int64)
        for codes, names in parts:
            key = key * max(len(names), 1) + codes
        distinct, counts = np.unique(key, return_counts=True)
        decoded = []
        for value in distinct.tolist():
            digits = []
            for radix in reversed(radices):
                value, digit = divmod(value, radix)
                digits.append(digit)
            decoded.append(digits[::-1])
    else:  # too many combinations for one integer: sort the codes as rows
        stacked = np.stack([codes for codes, _ in parts], axis=1)
        rows, counts = np.unique(stacked, axis=0, return_counts=True)
        decoded = rows.tolist()
    width = len(framework.criteria)
    flagged = [framework.disqualifiers[0].key] if framework.disqualifiers else []
    evaluated: dict[tuple[object, ...], Evaluation] = {}
    for digits, count in zip(decoded, counts.tolist(), strict=True):
        rungs = tuple(parts[i][1][digits[i]] for i in range(width))
        out = bool(digits[width])
        result = evaluated.get((rungs, out))
        if result is None:
            result = evaluated[(rungs, out)] = evaluate_rated(
                framework, list(rungs), flagged if out else []
            )
        group = group_names[digits[width + 1]] if groups is not None else tallies.NO_GROUP
        tallies.add(result, bool(digits[-1]), group, leads=int(count))
