"""Evaluate a whole table at once, vectorised, with narwhals (install ``qualify[frames]``).

Tables held in memory (pandas, polars, pyarrow) are read column by column:
each column is factorized, each distinct value rated once with the scale's
(and mapping's) own Python rules, and the rows scored with numpy
(:mod:`qualify._frame_arrays`). Lazy tables (polars LazyFrames, DuckDB
relations, Dask) are scored where they live: the scoring of
:mod:`qualify._evaluate` is written again here as narwhals expressions. Both
sum in the engine's order, so the numbers come out identical to
:func:`qualify.evaluate` row by row (tested).
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from .._core.logs import logger
from .._core.checks import renamed, shown
from .._core.framework import Framework
from .._core.handoff import Agreement
from .._core.mapping import FieldMap
from .._plugins.evaluate import Errors, check_errors, resolve
from ..errors import EvidenceError, MissingExtraError, QualifyError
from . import added, arrays, expressions, native
from .columns import Column, Source, columns_of, rated_by_value, sources_of
from .judged import Judged, judged as judging
from .handoff import HANDOFF, check_agreement, with_handoff
from .distinct import distinct_values
from .expressions import OUTPUT_COLUMNS, criterion_columns, output_columns
from .several import evaluate_several
from .problems import (
    PROBLEMS, RAISE_LIMIT, attach, frame_row_name, lazy_row_name, raise_for, row_problems,
)  # fmt: skip
from .judged_arrays import judge
from .paired import pair_arrays

__all__ = ["OUTPUT_COLUMNS", "evaluate_frame", "in_memory_outputs"]

FrameT = TypeVar("FrameT")

log = logger("qualify.tables")


def _narwhals() -> Any:
    try:
        return importlib.import_module("narwhals")
    except ImportError:
        raise MissingExtraError("evaluate_frame", "narwhals", "frames") from None


def _bad_rows(
    wrapped: Any,
    columns: Mapping[str, Column],
    sources: list[Source],
    id: str | None,  # noqa: A002
    nw: Any,
    limit: int | None,
) -> list[dict[str, Any]]:
    """The rows holding a value their criterion cannot read (one small query for a lazy
    table), at most *limit* of them."""
    flags = [found.bad.fill_null(False) for found in columns.values() if not found.clean]
    if not flags:  # every distinct value was rated: no row can be bad, no query needed
        return []
    read = list(dict.fromkeys(source.column for source in sources))
    picked = read if id is None or id in read else [id, *read]
    lazy = isinstance(wrapped, nw.LazyFrame)
    probe = wrapped.filter(nw.any_horizontal(*flags, ignore_nulls=True)).select(*picked)
    if limit is not None:
        probe = probe.head(limit)
    return (probe.collect() if lazy else probe).rows(named=True)  # type: ignore[no-any-return]


# Engines whose column names match ignoring case, as SQL does.
_CASE_BLIND = frozenset({"DUCKDB", "PYSPARK", "PYSPARK_CONNECT", "SQLFRAME", "IBIS"})

# Tables held in memory are scored with numpy (see arrays), the rest where they live.
_IN_MEMORY = frozenset({"PANDAS", "POLARS", "PYARROW"})


def evaluate_frame(
    frame: FrameT,
    framework: str | Framework | Sequence[str | Framework],
    *,
    mapping: str | FieldMap | None = None,
    errors: Errors = "raise",
    id: str | None = None,  # noqa: A002 - the column that identifies each row
    criteria: bool = False,
    as_of: datetime | None = None,
    observed_at_column: str | Mapping[str, str] | None = None,
    vetted_column: Mapping[str, str] | None = None,
    agreement: Agreement | None = None,
    observed_at: str | Mapping[str, str] | None = None,
    vetted: Mapping[str, str] | None = None,
) -> FrameT:
    """Score every row of a table; return the same kind of table with result columns added.

    Adds ``score``, ``verdict``, ``completeness``, ``potential``, ``stage``,
    ``missing`` (keys, heaviest first), ``next_question``, ``priority`` (the
    score, or -1 for a disqualified lead) and ``settled`` (see
    :attr:`Evaluation.settled <qualify.Evaluation.settled>`), equal to
    :func:`qualify.evaluate`'s row by row. A calibrated framework adds
    ``probability``, and with its answers counted (``seen``) ``expected`` (a
    blank cell is not asked yet, ``"unknown"`` was asked) and ``next_gain``.

    :param frame: a pandas, polars or pyarrow table, or a lazy one (polars
        LazyFrame, DuckDB relation, anything narwhals supports): columns named like
        the framework's keys (or the mapping's CRM fields) are evidence; nulls,
        NaN and blank text are no evidence.
    :param framework: a registered name or a :class:`~qualify.Framework`; or a
        list of them, each adding its columns prefixed by its name
        (``bant_score``...). A criterion with no column of its own then reads
        another framework's column of the same concept on the same scale.
    :param mapping: a :class:`~qualify.FieldMap` or a registered mapping's name.
    :param errors: a row whose value cannot be read is not scored.
        ``"raise"`` (the default): one :class:`~qualify.EvidenceError` names such
        rows (the first 1,000, with the total) and their problems; ``"report"``:
        the other rows are scored and a ``problems`` column lists each bad row's.
    :param id: the column that identifies rows in problems (else a pandas index
        label, else the position); reporting on a lazy table needs it.
    :param criteria: add ``satisfaction_<key>`` per criterion, from 0 to 1,
        empty where nothing is known: why a row scored as it did.
    :param as_of: judge rows as they stood at this instant: evidence observed
        later is left out, evidence older than its ``fresh_for`` counts as
        missing (its question asks to re-confirm it), and a ``stale`` column
        lists the keys that went stale.
    :param observed_at_column: the date or time column saying when a row's
        evidence was observed, or criterion keys mapped to such columns
        (``{"*": "updated", "budget": "checked"}``; an empty time never goes stale).
    :param vetted_column: criterion keys mapped to the column saying who vetted
        each row's answer (empty: nobody); an ``unvetted`` column lists the answers
        that did not count for want of vetting.
    :param agreement: a :class:`~qualify.journey.Agreement` about this framework:
        a last ``handoff`` column says ``"hand over"`` or ``"keep nurturing"``, as
        :meth:`~qualify.journey.Agreement.unmet` decides for one lead.
    :param observed_at: the deprecated name of *observed_at_column*.
    :param vetted: the deprecated name of *vetted_column*.
    :returns: a table of the same kind (lazy stays lazy), with the columns added.
    """
    if renamed("evaluate_frame", "observed_at", "observed_at_column", observed_at is not None,
               observed_at_column is not None):  # fmt: skip
        observed_at_column = observed_at
    if renamed("evaluate_frame", "vetted", "vetted_column", vetted is not None,
               vetted_column is not None):  # fmt: skip
        vetted_column = vetted
    when = (as_of, observed_at_column, vetted_column)
    if not isinstance(framework, str | Framework):  # several frameworks
        options: dict[str, Any] = dict(mapping=mapping, errors=errors, id=id, criteria=criteria,
                                       as_of=as_of, observed_at_column=observed_at_column,
                                       vetted_column=vetted_column, agreement=agreement)  # fmt: skip
        return evaluate_several(  # type: ignore[no-any-return]
            frame, framework, lambda table, one: evaluate_frame(table, one, **options), _narwhals()
        )
    if agreement is None:
        return _evaluate(  # type: ignore[no-any-return]
            frame, framework, mapping, errors, id, criteria, when=when
        )
    nw = _narwhals()
    resolved, _ = resolve(framework, None)
    check_agreement(agreement, resolved)
    if HANDOFF in nw.from_native(frame).collect_schema():
        raise QualifyError(f"the table already has a column {HANDOFF!r}, which the agreement adds")
    helpers = () if criteria else criterion_columns(resolved)
    found = _evaluate(
        frame, framework, mapping, errors, id, True, when=when
    )
    return with_handoff(found, agreement, helpers, nw)  # type: ignore[no-any-return]


def in_memory_outputs(
    frame: Any,
    framework: Framework,
    mapping: FieldMap | None,
    errors: Errors,
    id: str | None,  # noqa: A002
) -> dict[str, Any] | None:
    """For a table in memory, the result columns as arrays (each criterion's satisfaction
    included) without building a table; ``None`` for a lazy table. Bad rows are handled
    as evaluate_frame handles them."""
    found: dict[str, Any] | None = _evaluate(
        frame, framework, mapping, errors, id, True, as_arrays=True
    )
    return found


def _evaluate(
    frame: Any,
    framework: str | Framework,
    mapping: str | FieldMap | None,
    errors: Errors,
    id: str | None,  # noqa: A002
    criteria: bool,
    *,
    as_arrays: bool = False,
    when: tuple[object, object, object] = (None, None, None),
) -> Any:
    nw = _narwhals()
    framework, mapping = resolve(framework, mapping)
    check_errors(errors)
    _check_column_names(frame)
    try:
        wrapped = nw.from_native(frame)
    except TypeError:
        raise QualifyError(
            "evaluate_frame takes a pandas, polars, pyarrow or DuckDB table (anything"
            f" narwhals supports), got {type(frame).__name__}"
        ) from None
    lazy = isinstance(wrapped, nw.LazyFrame)
    schema = dict(wrapped.collect_schema())
    if not isinstance(criteria, bool):
        raise QualifyError(f"criteria must be True or False, got {shown(criteria)}")
    per_criterion = criterion_columns(framework) if criteria else ()
    judged = judging(framework, schema, *when, nw)
    outputs = output_columns(framework) + (judged.lists if judged is not None else ())
    added = (*outputs, *per_criterion, *((PROBLEMS,) if errors == "report" else ()))
    if wrapped.implementation.name in _CASE_BLIND:  # "Stage" is "stage" there
        names = {name.casefold(): name for name in schema}
        taken = [names[name.casefold()] for name in added if name.casefold() in names]
    else:
        taken = [name for name in added if name in schema]
    if taken:
        blind = " (this engine matches column names ignoring case)" if taken[0] not in added else ""
        raise QualifyError(
            f"the table already has columns named {', '.join(map(repr, taken))}, which"
            f" evaluate_frame adds{blind}; rename them first"
        )
    if id is not None and id not in schema:
        raise QualifyError(f"id {id!r} is not a column of the table; columns: {', '.join(schema)}")
    originals = list(schema)
    nested = _nested_fields(mapping, schema, nw)
    if nested:  # a mapping's dotted path into a struct column: read it as a column of its own
        wrapped = wrapped.with_columns(**nested)
        schema = dict(wrapped.collect_schema())
    sources = sources_of(framework, mapping, schema, nw)
    log.info(
        "evaluate_frame: %s on a %s table, reading %s%s",
        framework.name,
        wrapped.implementation.name.lower(),
        ", ".join(dict.fromkeys(source.column for source in sources)) or "no column",
        f" through mapping {mapping.name}" if mapping is not None else "",
    )
    if not sources:
        wanted = [f.column for f in mapping.fields] if mapping else list(framework.keys)
        raise EvidenceError(
            f"no column of the table is evidence for {framework.name!r}; expected some of:"
            f" {', '.join(wanted)}; the table has: {', '.join(schema)}"
        )
    if not lazy and wrapped.implementation.name in _IN_MEMORY:
        return _in_memory(
            frame,
            wrapped,
            framework,
            mapping,
            sources,
            errors,
            id,
            originals,
            nw,
            criteria,
            as_arrays,
            judged,
        )
    if as_arrays:
        return None
    if errors == "report" and id is None:
        raise QualifyError(
            "errors='report' on a lazy table needs id=, a column whose values identify the"
            " rows, to attach each row's problems; or collect the table first"
        )
    by_value = [source.column for source in sources if rated_by_value(source)]
    columns = columns_of(sources, distinct_values(wrapped, lazy, nw, by_value), nw)
    raising = errors == "raise"
    bad = _bad_rows(wrapped, columns, sources, id, nw, RAISE_LIMIT + 1 if raising else None)
    if bad and raising:
        first = bad[:RAISE_LIMIT]
        total = len(bad) if len(bad) <= RAISE_LIMIT else None
        raise_for(
            [lazy_row_name(row, id) for row in first], row_problems(first, framework, mapping), total
        )
    problems = row_problems(bad, framework, mapping)
    if bad:
        log.info("evaluate_frame: %d rows cannot be scored (errors=%s)", len(bad), errors)
    scored = expressions.score(wrapped, framework, columns, nw, criteria=criteria, judged=judged)
    scored = scored.select(*originals, *outputs, *per_criterion)
    if wrapped.implementation.name == "DASK":
        return native.dask_lists(scored, wrapped, bad, problems, errors, id, (*outputs, *per_criterion))
    lists = {"missing": expressions.as_list(nw.col("missing"), nw)}
    for name in judged.lists if judged is not None else ():
        lists[name] = expressions.as_list(nw.col(name), nw)
    result = native.ordered(scored.with_columns(**lists), nw)
    if errors == "report" and id is not None:
        emptied = (*outputs, *per_criterion)
        result = attach(result, wrapped, [row[id] for row in bad], problems, id, emptied, nw)
    return result.to_native()


def _check_column_names(frame: Any) -> None:
    """Refuse column names that would make a column ambiguous: repeated, or not text.

    pandas and pyarrow allow both; the other libraries refuse them themselves.
    """
    module = type(frame).__module__
    if module.startswith("pandas"):
        names = list(frame.columns)
    elif module.startswith("pyarrow"):
        names = list(getattr(frame, "column_names", ()))
    else:
        return
    wrong = [name for name in names if not isinstance(name, str)]
    if wrong:
        raise QualifyError(
            f"evaluate_frame reads columns by text names; this table has {shown(wrong[0])}"
            " (a MultiIndex or a number); flatten the column names to strings first"
        )
    twice = sorted(name for name, count in Counter(names).items() if count > 1)
    if twice:
        raise QualifyError(
            f"the table names the columns {', '.join(map(repr, twice))} more than once, so"
            " there is no telling which to read; rename or remove the copies"
        )


def _nested_fields(mapping: FieldMap | None, schema: Mapping[str, Any], nw: Any) -> dict[str, Any]:
    """Expressions for the mapping's dotted paths into struct columns (``properties.budget``)."""
    nested: dict[str, Any] = {}
    for field in mapping.fields if mapping is not None else ():
        root, _, rest = field.column.partition(".")
        if field.column in schema or not rest or root not in schema:
            continue
        dtype, expr = schema[root], nw.col(root)
        for part in rest.split("."):
            inner = {f.name: f.dtype for f in dtype.fields} if isinstance(dtype, nw.Struct) else {}
            if part not in inner:
                break
            dtype, expr = inner[part], expr.struct.field(part)
        else:
            nested[field.column] = expr
    return nested


def _in_memory(
    frame: Any,
    wrapped: Any,
    framework: Framework,
    mapping: FieldMap | None,
    sources: list[Source],
    errors: Errors,
    id: str | None,  # noqa: A002
    originals: list[str],
    nw: Any,
    criteria: bool,
    as_arrays: bool = False,
    judged: Judged | None = None,
) -> Any:
    rated = arrays.rate_in_memory(wrapped, sources, nw)
    found = None if judged is None else judge(framework, rated, wrapped, judged)
    pair_arrays(framework, rated)  # pairs follow from the answers that count
    positions = arrays.bad_positions(rated)
    if len(positions):
        log.info("evaluate_frame: %d rows cannot be scored (errors=%s)", len(positions), errors)
    read = list(dict.fromkeys(source.column for source in sources))
    explained = positions[:RAISE_LIMIT] if errors == "raise" else positions
    rows = [{column: wrapped.item(int(row), column) for column in read} for row in explained]
    problems = row_problems(rows, framework, mapping)
    if len(positions) and errors == "raise":
        names = [frame_row_name(frame, wrapped, int(row), id) for row in explained]
        raise_for(names, problems, len(positions))
    if found is None:
        outputs = arrays.score(framework, rated, len(wrapped))
    else:
        outputs = arrays.score(framework, rated, len(wrapped), found.again, found.stage_vetted)
        outputs.update(found.lists(framework, rated, len(wrapped)))
    if criteria:
        outputs.update(added.satisfactions(framework, rated, len(wrapped)))
    if errors == "report":
        added.report(outputs, positions, problems, len(wrapped))
    if as_arrays:
        return outputs
    if wrapped.implementation.name == "PANDAS":
        return native.to_pandas(frame, outputs)
    new = native.as_frame(outputs, wrapped, nw)
    joined = nw.concat([wrapped.select(*originals), new], how="horizontal")
    return native.ordered(joined, nw).to_native()
