"""Counting won and lost leads: from rows through the engine, or from a table where it lives.

A backtest needs only counts: won and lost leads per score, per verdict, per
rung of each criterion and per group. Rows are evaluated one by one with
:func:`qualify.evaluate_many` and counted as they go (memory stays flat); a
table is scored by :func:`qualify.evaluate_frame` with its per-criterion
columns and counted by the table's own engine with ``group_by``, so only the
small tables of counts come back to Python.
"""

from __future__ import annotations

import importlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from .._core.engine import evaluate_rated
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._core.results import Evaluation, RowProblems, Status, Verdict
from .._plugins.evaluate import Errors
from .._plugins.many import evaluate_many
from .._tables.expressions import SATISFACTION
from .._tables.frames import evaluate_frame, in_memory_outputs
from ..errors import MissingExtraError, OutcomeError, QualifyError
from .ages import as_date
from .checks import (
    check_outcome_column,
    check_read_something,
    check_reads_columns,
    read_columns,
)
from .counting import count_in_memory, group_problem
from .outcomes import OPEN, WON, Outcomes, is_missing

__all__ = ["Tallies", "from_rows", "from_table", "outcome_codes"]

_NO_GROUP: Any = object()


class Tallies:
    """Won and lost counts, ``[won, lost]``, by score, verdict, criterion rung and group."""

    #: The group of a lead when leads are not grouped.
    NO_GROUP: Any = _NO_GROUP

    def __init__(
        self,
        framework: Framework,
        *,
        patterns: bool = False,
        when: Callable[[object], object] | None = None,
    ) -> None:
        # *when* turns a lead's group into the key its patterns are counted under
        self.when = when
        # a table in memory may merge rungs before counting patterns: *merge* gets the
        # counts per rung and gives, per criterion, each rung's new satisfaction (or None)
        self.merge: Callable[[Mapping[str, Mapping[object, list[int]]]], list[dict[float, float] | None]] | None = None
        self.merged = False
        # with *patterns*: per pattern of rungs (a satisfaction or None per criterion,
        # whether the lead was disqualified, and its group: the lead's time, or None),
        # what calibrate fits on
        self.patterns: dict[tuple[tuple[float | None, ...], bool, object], list[int]] | None = (
            {} if patterns else None
        )
        self.scores: dict[object, list[int]] = {}
        self.verdicts: dict[str, list[int]] = {}
        self.criteria: dict[str, dict[object, list[int]]] = {c.key: {} for c in framework.criteria}
        self.groups: dict[object, dict[str, list[int]]] = {}
        self.chances: dict[object, float] = {}
        self.by_chance: dict[float, list[int]] = {}  # per chance given: [won, lost]
        self.dates: list[
            tuple[date | None, date | None, int]
        ] = []  # created, closed, outcome  # per score: the sum of the leads' chances
        self.open = 0
        self.skipped = 0

    @staticmethod
    def _count(table: dict[Any, list[int]], key: object, won: bool, count: int = 1) -> None:
        cell = table.get(key)
        if cell is None:
            cell = table[key] = [0, 0]
        cell[0 if won else 1] += count

    def add(self, result: Evaluation, won: bool, group: object = _NO_GROUP, leads: int = 1) -> None:
        """Count *leads* scored leads (one by default) with a known outcome."""
        count = self._count
        count(self.scores, result.score, won, leads)
        if result.probability is not None:
            self.chances[result.score] = (
                self.chances.get(result.score, 0.0) + result.probability * leads
            )
            count(self.by_chance, result.probability, won, leads)
        count(self.verdicts, result.verdict.value, won, leads)
        for rated in result.criteria:
            rung = None if rated.status is Status.UNKNOWN else rated.satisfaction
            count(self.criteria[rated.key], rung, won, leads)
        if self.patterns is not None:  # a calibration's group is the lead's time
            rungs = tuple(
                None if r.status is Status.UNKNOWN else r.satisfaction for r in result.criteria
            )
            when = None if group is _NO_GROUP else group if self.when is None else self.when(group)
            count(self.patterns, (rungs, bool(result.disqualified_by), when), won, leads)
        elif group is not _NO_GROUP:
            try:
                counts = self.groups.setdefault(group, {})
            except TypeError:  # a list or a dict, say: it cannot name a group
                raise QualifyError(group_problem(group)) from None
            count(counts, result.verdict.value, won, leads)


def _column_of(row: object, column: str, position: int, what: str) -> object:
    if not isinstance(row, Mapping):
        raise OutcomeError(
            f"lead {position} is a {type(row).__name__}; naming the {what} column"
            f" ({column!r}) needs leads that are mappings of column to value",
            lead=position,
        )
    if column not in row:
        raise OutcomeError(f"lead {position} has no {what} column {column!r}", lead=position)
    return row[column]


def _aligned(values: object, what: str) -> Iterator[object]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise OutcomeError(
            f"{what} must be a column name or an iterable aligned with the leads,"
            f" got {type(values).__name__}"
        )
    return iter(values)


def from_rows(
    leads: Iterable[Any],
    framework: Framework,
    mapping: FieldMap | None,
    outcomes: str | Iterable[object],
    reader: Outcomes,
    by: str | Iterable[object] | None,
    errors: Errors,
    *,
    patterns: bool = False,
    dates: tuple[str, str] | None = None,
    when: Callable[[object], object] | None = None,
) -> Tallies:
    """Evaluate *leads* (rows, mappings or Evidence lists) and count them by outcome; with
    *dates* (the created and closed columns), keep each lead's dates for ``ages``."""
    check_outcome_column(outcomes, framework, mapping)
    tallies = Tallies(framework, patterns=patterns, when=when)
    outcome_column = outcomes if isinstance(outcomes, str) else None
    by_column = by if isinstance(by, str) else None
    outcome_values = None if outcome_column else _aligned(outcomes, "outcomes")
    by_values = None if by is None or by_column else _aligned(by, "by")
    # the outcome is never evidence (checked above); the by column may be (a source can
    # also be a criterion's evidence), so it stays
    dropped = {outcome_column} if outcome_column else set()
    pending: deque[tuple[bool, object]] = deque()
    finished = object()

    read = read_columns(framework, mapping)
    reads = [False]

    def evidence() -> Iterator[Any]:
        for position, lead in enumerate(leads, start=1):
            if outcome_values is not None:
                raw = next(outcome_values, finished)
                if raw is finished:
                    raise OutcomeError(
                        f"there are more leads than outcomes: lead {position} has none",
                        lead=position,
                    )
            else:
                raw = _column_of(lead, outcome_column or "", position, "outcome")
            try:
                outcome = reader.read(raw)
            except OutcomeError as exc:
                raise OutcomeError(f"lead {position}: {exc}", lead=position) from None
            group: object = _NO_GROUP
            if by_values is not None:
                group = next(by_values, None)
            elif by_column is not None:
                group = _column_of(lead, by_column, position, "by")
            if dates is not None:
                created = _column_of(lead, dates[0], position, "created")
                closed = _column_of(lead, dates[1], position, "closed")
                tallies.dates.append(
                    (as_date(created, "created"), as_date(closed, "closed"), outcome)
                )
            if outcome == OPEN:
                tallies.open += 1
                continue
            if not reads[0] and (not isinstance(lead, Mapping) or not read.isdisjoint(lead)):
                reads[0] = True  # a lead names something the framework reads
            if dropped and isinstance(lead, Mapping):
                lead = {key: value for key, value in lead.items() if key not in dropped}
            pending.append((outcome == WON, _plain(group)))
            yield lead
        if outcome_values is not None and next(outcome_values, finished) is not finished:
            raise OutcomeError("there are more outcomes than leads")

    other_keys = "ignore" if mapping is None else "error"
    for result in evaluate_many(
        evidence(),
        framework,
        mapping=mapping,
        errors=errors,
        other_keys=other_keys,  # type: ignore[call-overload]
    ):
        won, group = pending.popleft()
        if isinstance(result, RowProblems):
            tallies.skipped += 1
            continue
        tallies.add(result, won, group)
    check_read_something(tallies, framework, mapping, reads[0])
    return tallies


def _plain(value: object) -> object:
    """A group value as a dict key: NaN and None are one group, no group."""
    if value is _NO_GROUP:
        return value
    if is_missing(value) and not isinstance(value, str):
        return None
    return value


def _narwhals() -> Any:
    try:
        return importlib.import_module("narwhals")
    except ImportError:
        raise MissingExtraError("a backtest of a table", "narwhals", "frames") from None


def _rows(frame: Any) -> list[tuple[Any, ...]]:
    """The rows of a small result, collected if lazy."""
    nw = _narwhals()
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect()
    return list(frame.iter_rows(named=False))


def from_table(
    table: Any,
    framework: Framework,
    mapping: FieldMap | None,
    outcome: str | Iterable[object],
    reader: Outcomes,
    by: str | None,
    errors: Errors,
    id: str | None,  # noqa: A002
    *,
    patterns: bool = False,
    dates: tuple[str, str] | None = None,
    merge: Any = None,
) -> Tallies:
    """Score *table* and count its leads by outcome with the table's own group_by; a table
    in memory merges its rungs with *merge* before counting patterns (see :class:`Tallies`)."""
    check_outcome_column(outcome, framework, mapping)
    nw = _narwhals()
    wrapped = nw.from_native(table)
    schema = wrapped.collect_schema()
    check_reads_columns(schema, framework, mapping)
    code = "__qualify_outcome"
    while code in schema:
        code = f"_{code}"
    if not isinstance(outcome, str):
        if isinstance(wrapped, nw.LazyFrame):
            raise OutcomeError("on a lazy table, outcomes must be the name of a column")
        values = list(_aligned(outcome, "outcomes"))
        if len(values) != len(wrapped):
            raise OutcomeError(
                f"the table has {len(wrapped):,} rows but there are {len(values):,} outcomes"
            )
        column = "__qualify_given"
        while column in schema:
            column = f"_{column}"
        series = nw.new_series(
            column, [reader.read(v) for v in values], backend=wrapped.implementation
        )
        wrapped = wrapped.with_columns(series)
        outcome_expr = nw.col(column)
        table = wrapped.to_native()
    else:
        if outcome not in schema:
            raise OutcomeError(
                f"the outcome column {outcome!r} is not in the table; columns: {', '.join(schema)}"
            )
        outcome_expr = outcome_codes(wrapped, outcome, reader, nw)
    if by is not None and by not in schema:
        raise OutcomeError(
            f"the by column {by!r} is not in the table; columns: {', '.join(schema)}"
        )
    tallies = Tallies(framework, patterns=patterns)
    tallies.merge = merge
    if dates is not None:
        for column in dates:
            if column not in schema:
                raise OutcomeError(
                    f"the date column {column!r} is not in the table; columns: {', '.join(schema)}"
                )
        picked = wrapped.select(
            nw.col(dates[0]).alias("created"),
            nw.col(dates[1]).alias("closed"),
            outcome_expr.alias("outcome"),
        )
        for created, closed, result in _rows(picked):
            tallies.dates.append((as_date(created, "created"), as_date(closed, "closed"), result))
    outputs = in_memory_outputs(table, framework, mapping, errors, id)
    if outputs is not None:  # in memory: counted with numpy, no table built
        codes = wrapped.select(outcome_expr.alias(code)).get_column(code).to_numpy()
        groups = wrapped.get_column(by).to_numpy() if by is not None else None
        count_in_memory(tallies, framework, outputs, codes, groups)
        return tallies
    scored = nw.from_native(
        evaluate_frame(table, framework, mapping=mapping, criteria=True, errors=errors, id=id)
    ).with_columns(**{code: outcome_expr, f"{code}_unscored": nw.col("score").is_null()})
    counts = scored.group_by(code, f"{code}_unscored").agg(nw.len().alias("n"))
    for value, skipped, n in _rows(counts):
        if value == OPEN:
            tallies.open += n
        elif skipped:
            tallies.skipped += n
    known = scored.filter((nw.col(code) != OPEN) & ~nw.col(f"{code}_unscored"))
    # one count per pattern of rungs (and group), then each pattern evaluated once from its
    # rungs: the same scores and verdicts as the table's own columns, from a small table
    out, won = f"{code}_out", f"{code}_won"
    known = known.with_columns(
        **{out: nw.col("verdict") == Verdict.DISQUALIFIED.value, won: nw.col(code) == WON}
    )
    columns = [SATISFACTION + c.key for c in framework.criteria]
    keys = [*columns, out, *([by] if by is not None else []), won]
    grouped = known.group_by(*keys, drop_null_keys=False).agg(nw.len().alias(f"{code}_n"))
    flagged = [framework.disqualifiers[0].key] if framework.disqualifiers else []
    width = len(columns)
    for row in _rows(grouped):
        rungs, disqualified, is_won, n = row[:width], row[width], row[-2], row[-1]
        group = _plain(row[width + 1]) if by is not None else _NO_GROUP
        satisfactions = [None if _plain(r) is None else float(r) for r in rungs]
        result = evaluate_rated(framework, satisfactions, flagged if disqualified else [])
        tallies.add(result, bool(is_won), group, leads=n)
    return tallies


def outcome_codes(wrapped: Any, outcome: str, reader: Outcomes, nw: Any) -> Any:
    """An expression giving each row's outcome code, read once per distinct value."""
    column = nw.col(outcome)
    if wrapped.collect_schema()[outcome].is_float():
        column = column.fill_nan(None)
    distinct = [row[0] for row in _rows(wrapped.select(column.alias(outcome)).unique())]
    won, lost = [], []
    for value in distinct:
        if value is None:
            continue
        try:
            code = reader.read(value)
        except OutcomeError as exc:
            raise OutcomeError(f"column {outcome!r}: {exc}") from None
        if code == WON:
            won.append(value)
        elif code != OPEN:
            lost.append(value)
    return (
        nw.when(column.is_in(won))
        .then(nw.lit(WON))
        .when(column.is_in(lost))
        .then(nw.lit(0))
        .otherwise(nw.lit(OPEN))
    )
