"""Leads counted with their time: each lead's pattern of rungs, and the block of time it
came in (worked out by a table's own engine, or from each row's time)."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._plugins.evaluate import Errors
from .._tables.summary import is_table
from ..errors import OutcomeError, QualifyError
from .outcomes import OPEN, WON, Outcomes
from .tally import Tallies, from_rows, from_table, outcome_codes
from .timeline import block_column, blocks, order_key

__all__ = ["collect", "patterns_of"]


def collect(
    leads: Any,
    framework: Framework,
    mapping: FieldMap | None,
    outcomes: Any,
    reader: Outcomes,
    errors: Errors,
    id: str | None,  # noqa: A002
    time: Any,
    folds: int,
    merge: Any = None,
) -> Tallies:
    if is_table(leads):
        if time is not None and not isinstance(time, str):
            raise QualifyError("on a table, time must be the name of a column")
        by = None
        if time is not None:  # each row's block of time, worked out by the table's engine
            if not isinstance(outcomes, str):  # outcomes as a column, to tell open leads
                leads, outcomes, reader = _outcome_column(leads, outcomes, reader)
            nw = importlib.import_module("narwhals")
            known = outcome_codes(nw.from_native(leads), outcomes, reader, nw) != OPEN
            leads, by = block_column(leads, time, folds + 1, known)
        return from_table(
            leads, framework, mapping, outcomes, reader, by, errors, id, patterns=True, merge=merge
        )
    if isinstance(leads, str | bytes) or not isinstance(leads, Iterable):
        raise QualifyError(
            f"calibrate takes leads as an iterable of rows or evidence, or a table, got {type(leads).__name__}"
        )
    return from_rows(
        leads, framework, mapping, outcomes, reader, time, errors, patterns=True, when=order_key
    )


def patterns_of(
    tallies: Tallies, folds: int, timed: bool, blocked: bool
) -> dict[Any, list[int]]:
    """The tallied patterns with each lead's time turned into its block."""
    assert tallies.patterns is not None
    if not timed:
        return {(rungs, out, 0): counts for (rungs, out, _), counts in tallies.patterns.items()}
    if blocked:  # a table's engine worked out each row's block already
        return dict(tallies.patterns)
    per_time: dict[Any, int] = {}  # order key: leads
    for (_, _, when), (won, lost) in tallies.patterns.items():
        if when is None:
            raise OutcomeError("a lead has no time; give every lead one, or leave time= out")
        per_time[when] = per_time.get(when, 0) + won + lost
    block_of = blocks(per_time.items(), folds + 1)
    found: dict[Any, list[int]] = {}
    for (rungs, out, when), (won, lost) in tallies.patterns.items():
        cell = found.setdefault((rungs, out, block_of[when]), [0, 0])
        cell[0] += won
        cell[1] += lost
    return found


def _outcome_column(table: Any, outcomes: Iterable[object], reader: Outcomes) -> tuple[Any, str, Outcomes]:
    """*table* with the *outcomes* given beside it as a column of its own (yes, no, or
    empty for an open lead), its name, and the reader of that column."""
    nw = importlib.import_module("narwhals")
    wrapped = nw.from_native(table)
    if isinstance(wrapped, nw.LazyFrame):
        raise OutcomeError("on a lazy table, outcomes must be the name of a column")
    if isinstance(outcomes, str | bytes) or not isinstance(outcomes, Iterable):
        raise OutcomeError(
            "outcomes must be a column name or an iterable aligned with the leads,"
            f" got {type(outcomes).__name__}"
        )
    codes = [reader.read(value) for value in outcomes]
    if len(codes) != len(wrapped):
        raise OutcomeError(
            f"the table has {len(wrapped):,} rows but there are {len(codes):,} outcomes"
        )
    name = "__qualify_given"
    while name in wrapped.collect_schema():
        name = f"_{name}"
    words = [None if c == OPEN else "yes" if c == WON else "no" for c in codes]
    column = nw.new_series(name, words, dtype=nw.String, backend=wrapped.implementation)
    return wrapped.with_columns(column).to_native(), name, Outcomes(None)
