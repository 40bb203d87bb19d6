"""Columns evaluate_frame adds on request or for calibrated frameworks, from numpy arrays:
each criterion's satisfaction, a calibrated framework's probability, and with its answers
counted, ``expected`` and ``next_gain`` (see :mod:`.expected`)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from .._core.framework import Framework
from .._core.probability import chance
from .choice import BITS, Choice
from .expected import EXPECTED_COLUMNS, joined_bits, partner_keys, situations
from .expressions import SATISFACTION
from .problems import PROBLEMS

__all__ = ["Nullable", "expected_arrays", "probability", "report", "satisfactions"]


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
    if not any(per_index):  # the usual: no offsets, so (score, disqualified) is enough
        found = np.empty(len(score))
        for flagged in (False, True):
            rows = disqualified == flagged
            if not rows.any():
                continue
            distinct_scores, at = np.unique(score[rows], return_inverse=True)
            shift = model.disqualified if flagged else 0.0
            values = []
            for row_score in distinct_scores.tolist():
                log_odds = model.intercept + model.per_point * row_score
                values.append(chance(log_odds + shift if flagged else log_odds))
            found[rows] = np.asarray(values)[at.reshape(-1)]
        return found
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


def _words(np: Any, flags: list[Any], rows: int) -> list[Any]:
    """Per-criterion flags as words of :data:`~.choice.BITS` bits (criterion i: bit
    ``i % BITS`` of word ``i // BITS``)."""
    words = [np.zeros(rows, dtype=np.int64) for _ in range(0, max(len(flags), 1), BITS)]
    for i, flag in enumerate(flags):
        word, bit = divmod(i, BITS)
        words[word] |= np.where(flag, 1 << bit, 0)
    return words


def expected_arrays(
    np: Any, framework: Framework, rated: Mapping[str, Any], earned: Any, disqualified: Any
) -> dict[str, Nullable]:
    """``expected`` and ``next_gain`` for a table in memory, worked out once per distinct
    situation (criteria not asked yet, asked and nobody knew, the engine's *earned*
    weight, *disqualified*); *rated* holds each criterion's ``Rated`` arrays."""
    rows = len(earned)
    no = np.zeros(rows, dtype=bool)
    opened, said = [], []
    for criterion in framework.criteria:
        found = rated.get(criterion.key)
        unknown = ~no if found is None else np.isnan(found.satisfaction)
        words = no if found is None or found.said is None else unknown & found.said
        opened.append(unknown & ~words)
        said.append(words)
    parts = [*_words(np, opened, rows), *_words(np, said, rows)]
    partners = []  # each pair's two criteria's satisfactions (NaN: unknown, or unread)
    for key in partner_keys(framework):
        found = rated.get(key)
        values = np.full(rows, np.nan) if found is None else found.satisfaction
        partners.append(np.ascontiguousarray(values, dtype=np.float64).view(np.int64))
    keys = np.stack(
        [*parts, np.ascontiguousarray(earned, dtype=np.float64).view(np.int64),
         np.asarray(disqualified, dtype=np.int64), *partners],
        axis=1,
    )  # fmt: skip
    if rows:
        distinct, inverse = np.unique(keys, axis=0, return_inverse=True)
    else:
        distinct, inverse = keys, np.zeros(0, dtype=np.int64)
    half = len(parts) // 2
    values = situations(
        framework,
        [
            (
                joined_bits(key[:half]),
                joined_bits(key[half : 2 * half]),
                float(np.array(key[2 * half : 2 * half + 1], dtype=np.int64).view(np.float64)[0]),
                bool(key[2 * half + 1]),
                tuple(
                    None if v != v else float(v)
                    for v in np.array(key[2 * half + 2 :], dtype=np.int64).view(np.float64)
                ),
            )
            for key in distinct.tolist()
        ],
    )
    inverse = np.asarray(inverse).reshape(-1)
    columns = {}
    for position, name in enumerate(EXPECTED_COLUMNS):
        column = [value[position] for value in values]
        empty = np.array([value is None for value in column], dtype=bool)
        numbers = np.array([0.0 if value is None else value for value in column], dtype=float)
        columns[name] = Nullable(numbers[inverse], empty[inverse])
    return columns


def report(
    outputs: dict[str, Any], positions: Any, problems: Sequence[tuple[str, ...]], rows: int
) -> None:
    """Empty the result columns of the rows at *positions*; add their problems."""
    np = _numpy()
    empty = np.zeros(rows, dtype=bool)
    empty[positions] = True
    for name, values in outputs.items():
        if isinstance(values, Choice):
            values.indices = np.where(empty, len(values.values), values.indices)
            values.values = [*values.values, None]
        elif isinstance(values, Nullable):
            values.empty = values.empty | empty
        else:
            outputs[name] = Nullable(values, empty)
    which = np.zeros(rows, dtype=np.int64)
    which[positions] = np.arange(1, len(positions) + 1)
    outputs[PROBLEMS] = Choice([[], *(list(found) for found in problems)], which, lists=True)
