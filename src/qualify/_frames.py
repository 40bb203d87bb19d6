"""Evaluate a whole table at once, vectorised, with narwhals (install ``qualify[frames]``).

The scoring of :mod:`qualify._evaluate` is written again here as narwhals
expressions, so pandas, polars and pyarrow tables, polars LazyFrames and DuckDB
relations are scored where they live, with no Python object per row and
criterion. Text and flag columns are rated once per *distinct* value with the
scale's own Python rules, then mapped; numbers are rated by vectorised bands.
Sums are built in the same order as the engine's, so the numbers come out
identical to :func:`qualify.evaluate` row by row (tested).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from ._evaluate import Verdict
from ._mapping import Field, FieldMap, fold
from ._model import Framework
from ._scales import Boolean, Levels, Months, Numbers, Scale
from .errors import EvidenceError, QualifyError

__all__ = ["OUTPUT_COLUMNS", "evaluate_frame"]

FrameT = TypeVar("FrameT")

#: The columns evaluate_frame adds.
OUTPUT_COLUMNS = (
    "score",
    "verdict",
    "completeness",
    "potential",
    "stage",
    "missing",
    "next_question",
)

_TOLERANCE = 1e-9  # as in the engine
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


def _narwhals() -> Any:
    try:
        return importlib.import_module("narwhals")
    except ImportError:
        raise QualifyError('evaluate_frame needs narwhals: pip install "qualify[frames]"') from None


class _Column:
    """One criterion (or disqualifier) in expressions: present, satisfaction, bad value."""

    def __init__(self, key: str, present: Any, satisfaction: Any, bad: Any, sources: list[str]):
        self.key = key
        self.present = present
        self.satisfaction = satisfaction
        self.bad = bad
        self.sources = sources


def _kind(dtype: Any, nw: Any) -> str:
    if dtype == nw.String or isinstance(dtype, nw.String):
        return "string"
    if dtype == nw.Boolean:
        return "boolean"
    if dtype.is_numeric():
        return "number"
    return "other"


def _present(column: Any, kind: str, nw: Any) -> Any:
    present = ~column.is_null()
    if kind == "string":
        present = present & (column.str.strip_chars() != "")
    elif kind == "number":
        present = present & ~column.cast(nw.Float64).is_nan().fill_null(False)
    return present


def _numbers(column: Any, kind: str, nw: Any) -> Any:
    """The column as finite floats; null where it is not a number."""
    if kind == "number":
        values = column.cast(nw.Float64)
    elif kind == "string":
        text = column.str.strip_chars().str.replace_all(",", "", literal=True)
        values = nw.when(text.str.contains(_NUMBER)).then(text).cast(nw.Float64)
    else:
        return nw.lit(None, dtype=nw.Float64)
    finite = ~values.is_nan().fill_null(True) & (values.abs() < float("inf"))
    return nw.when(finite).then(values)


def _lookup(keys: Any, table: Mapping[Any, float], nw: Any) -> Any:
    if not table:
        return nw.lit(None, dtype=nw.Float64)
    return keys.replace_strict(dict(table), default=None, return_dtype=nw.Float64)


def _scale_expr(scale: Scale, column: Any, nw: Any, where: str) -> Any:
    """The satisfaction of each number under *scale*, vectorised; null where it is rejected."""
    if isinstance(scale, Levels):
        return nw.lit(None, dtype=nw.Float64)  # levels are named, never numbers
    if isinstance(scale, Boolean):
        values = column.cast(nw.Float64)
        return nw.when(values == 1).then(1.0).when(values == 0).then(0.0)
    if isinstance(scale, Months):
        months = _numbers(column, "number", nw)
        rated = nw.when(months < 0).then(nw.lit(None, dtype=nw.Float64))
        for band in scale.bands:
            rated = rated.when(months <= band.within).then(float(band.satisfaction))
        return nw.when(~months.is_null()).then(rated.otherwise(float(scale.beyond)))
    if isinstance(scale, Numbers):
        number = _numbers(column, "number", nw)
        rated = None
        for threshold in reversed(scale.thresholds):
            condition = number >= threshold.at_least
            value = float(threshold.satisfaction)
            rated = (
                nw.when(condition).then(value)
                if rated is None
                else rated.when(condition).then(value)
            )
        return nw.when(~number.is_null()).then(rated.otherwise(float(scale.below)))
    raise QualifyError(
        f"{where} holds numbers under the scale type {scale.type_name!r}, which"
        " evaluate_frame cannot rate in a vectorised way; give it text, or evaluate those"
        " leads with qualify.evaluate_many"
    )


def _by_value(
    values: Sequence[Any], rate: Callable[[Any], float | None], column: Any, nw: Any
) -> Any:
    """The satisfaction of each row, by rating each *distinct* value once, in Python.

    Text and flag columns hold few distinct values (picklists, level names), so
    the scale's own Python rules are applied to each of them and the column is
    mapped through the result: the same answers as :func:`qualify.evaluate`,
    with no Python work per row.
    """
    table: dict[Any, float] = {}
    for value in values:
        satisfaction = rate(value)
        if satisfaction is not None:
            table[value] = satisfaction
    return _lookup(column, table, nw)


def _field_expr(
    field: Field,
    scale: Scale,
    kind: str,
    unknown_labels: frozenset[str],
    distinct: Callable[[str], list[Any]],
    nw: Any,
    where: str,
) -> tuple[Any, Any]:
    """(present, satisfaction) for one CRM field read through a mapping."""
    column = nw.col(field.column)
    present = _present(column, kind, nw)
    for label, value in field.values:
        if scale.assess(value) is None:
            raise EvidenceError(
                f"{where}: the mapping translates {label!r} to {value!r}, which the"
                f" criterion's scale does not accept. Accepted: {scale.accepted()}."
            )
    if kind != "number" or field.values:
        # few distinct values: translate each with the mapping's own rules
        absent: list[Any] = []
        rated: dict[Any, float] = {}
        for raw in distinct(field.column):
            try:
                translated = field.translate(raw, unknown_labels)
            except EvidenceError:
                continue  # unmapped: present, unrated, reported by the check
            if translated is None:
                absent.append(raw)
                continue
            satisfaction = scale.assess(translated)  # type: ignore[arg-type]
            if satisfaction is not None:
                rated[raw] = satisfaction
        if absent:
            present = present & ~column.is_in(absent).fill_null(False)
        return present, _lookup(column, rated, nw)
    if field.at_least:
        number = _numbers(column, kind, nw)
        chain = None
        for threshold, value in reversed(field.at_least):
            satisfaction = scale.assess(value)
            if satisfaction is None:
                raise EvidenceError(
                    f"{where}: the mapping translates {threshold!r} and more to {value!r}, which"
                    f" the criterion's scale does not accept. Accepted: {scale.accepted()}."
                )
            condition = number >= threshold
            chain = (
                nw.when(condition).then(satisfaction)
                if chain is None
                else chain.when(condition).then(satisfaction)
            )
        # below every threshold is no evidence, as in FieldMap.evidence
        present = present & (number >= field.at_least[0][0]).fill_null(False)
        return present, chain
    unknown_numbers = [
        float(label)
        for label in unknown_labels | set(map(fold, field.no_evidence))
        if _is_code(label)
    ]
    if unknown_numbers:
        present = present & ~column.cast(nw.Float64).is_in(unknown_numbers).fill_null(False)
    return present, _scale_expr(scale, column, nw, where)


def _is_code(label: str) -> bool:
    return re.fullmatch(_NUMBER, label) is not None


def _columns(
    framework: Framework,
    mapping: FieldMap | None,
    schema: Mapping[str, Any],
    distinct: Callable[[str], list[Any]],
    nw: Any,
) -> dict[str, _Column]:
    """Expressions for each key the frame has evidence columns for."""
    scales: dict[str, Scale] = {c.key: c.scale for c in framework.criteria}
    scales.update({d.key: Boolean() for d in framework.disqualifiers})
    found: dict[str, _Column] = {}
    if mapping is None:
        for key, scale in scales.items():
            if key not in schema:
                continue
            kind = _kind(schema[key], nw)
            where = f"criterion {key!r} of framework {framework.name!r}"
            _check_kind(kind, key, schema[key])
            column = nw.col(key)
            present = _present(column, kind, nw)
            if kind == "number":
                satisfaction = _scale_expr(scale, column, nw, where)
            else:
                satisfaction = _by_value(distinct(key), scale.assess, column, nw)
            found[key] = _Column(
                key, present, satisfaction, present & satisfaction.is_null(), [key]
            )
        return found
    unknown_labels = frozenset(fold(label) for label in mapping.no_evidence)
    for field in mapping.fields:
        if field.criterion not in scales:
            raise EvidenceError(
                f"mapping {mapping.name!r} feeds {field.criterion!r}, which framework"
                f" {framework.name!r} does not have. Its keys: {', '.join(framework.keys)}."
            )
        if field.column not in schema:
            continue
        kind = _kind(schema[field.column], nw)
        _check_kind(kind, field.column, schema[field.column])
        where = f"CRM field {field.column!r} of mapping {mapping.name!r}"
        present, satisfaction = _field_expr(
            field, scales[field.criterion], kind, unknown_labels, distinct, nw, where
        )
        bad = present & satisfaction.is_null()
        earlier = found.get(field.criterion)
        if earlier is None:
            found[field.criterion] = _Column(
                field.criterion, present, satisfaction, bad, [field.column]
            )
            continue
        # the first field with evidence wins, as in FieldMap.evidence
        earlier.satisfaction = (
            nw.when(earlier.present).then(earlier.satisfaction).otherwise(satisfaction)
        )
        earlier.bad = earlier.bad | (~earlier.present & bad)
        earlier.present = earlier.present | present
        earlier.sources.append(field.column)
    return found


def _distinct_values(wrapped: Any, lazy: bool, nw: Any) -> Callable[[str], list[Any]]:
    """Read a column's distinct non-empty values (for a lazy table, one small query)."""

    def distinct(name: str) -> list[Any]:
        unique = wrapped.select(name).unique()
        values = (unique.collect() if lazy else unique).get_column(name).to_list()
        return [
            value
            for value in values
            if value is not None and not (isinstance(value, float) and value != value)
        ]

    return distinct


def _check_kind(kind: str, column: str, dtype: Any) -> None:
    if kind == "other":
        raise EvidenceError(
            f"column {column!r} holds {dtype}; evidence columns hold text, numbers or booleans"
        )


def _scoring(
    framework: Framework, rated: Mapping[str, str], nw: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The output columns as expressions, in two steps, summed in the engine's order.

    *rated* names, per key, a column holding its satisfaction, null where there
    is no (acceptable) evidence. The first step's columns are referred to by
    name in the second, so no backend evaluates a criterion twice.
    """
    earned = reachable = known = nw.lit(0.0)
    total = 0.0
    for criterion in framework.criteria:
        weight = float(criterion.weight)
        total += criterion.weight
        name = rated.get(criterion.key)
        if name is None:
            reachable = reachable + weight
            continue
        value = nw.col(name)
        has = ~value.is_null()
        earned = earned + nw.when(has).then(value * weight).otherwise(0.0)
        reachable = reachable + nw.when(has).then(value * weight).otherwise(weight)
        known = known + nw.when(has).then(weight).otherwise(0.0)
    first = {
        # exactly as the engine: one multiplication, and the full total is exactly 100
        "score": nw.when(earned >= total).then(100.0).otherwise(earned * (100.0 / total)),
        "potential": nw.when(reachable >= total).then(100.0).otherwise(reachable * (100.0 / total)),
        "completeness": nw.when(known >= total).then(1.0).otherwise(known * (1.0 / total)),
    }

    def met(key: str) -> Any:
        name = rated.get(key)
        return nw.lit(False) if name is None else (nw.col(name) >= 1.0).fill_null(False)

    def unknown(key: str) -> Any:
        name = rated.get(key)
        return nw.lit(True) if name is None else nw.col(name).is_null()

    flags = [met(d.key) for d in framework.disqualifiers if d.key in rated]
    disqualified = nw.any_horizontal(*flags, ignore_nulls=True) if flags else nw.lit(False)
    required = [met(c.key) for c in framework.criteria if c.required]
    required_met = nw.all_horizontal(*required, ignore_nulls=True) if required else nw.lit(True)
    threshold = framework.qualified_at - _TOLERANCE
    verdict = (
        nw.when(disqualified)
        .then(nw.lit(Verdict.DISQUALIFIED.value))
        .when((nw.col("score") >= threshold) & required_met)
        .then(nw.lit(Verdict.QUALIFIED.value))
        .when(nw.col("potential") >= threshold)
        .then(nw.lit(Verdict.NURTURE.value))
        .otherwise(nw.lit(Verdict.UNQUALIFIED.value))
    )

    reached: list[tuple[str, Any]] = []
    so_far = nw.lit(True)
    for stage in framework.stages:
        for key in stage.requires:
            so_far = so_far & met(key)
        reached.append((stage.key, so_far))
    stage_expr = nw.lit(None, dtype=nw.String)
    if reached:
        chain = None
        for key, condition in reversed(reached):
            step = nw.lit(key)
            chain = (
                nw.when(condition).then(step) if chain is None else chain.when(condition).then(step)
            )
        stage_expr = chain.otherwise(nw.lit(None, dtype=nw.String))  # type: ignore[union-attr]

    order = sorted(range(len(framework.criteria)), key=lambda i: -framework.criteria[i].weight)
    ordered = [framework.criteria[i] for i in order]
    joined = nw.concat_str(
        [nw.when(unknown(c.key)).then(nw.lit(c.key)) for c in ordered],
        separator=" ",
        ignore_nulls=True,
    )
    question = None
    for criterion in ordered:
        condition = unknown(criterion.key)
        ask = nw.lit(criterion.question)
        question = (
            nw.when(condition).then(ask) if question is None else question.when(condition).then(ask)
        )
    second = {
        "verdict": verdict,
        "stage": stage_expr,
        "missing": joined,
        "next_question": question.otherwise(nw.lit(None, dtype=nw.String)),  # type: ignore[union-attr]
    }
    return first, second


def _score(wrapped: Any, framework: Framework, columns: Mapping[str, _Column], nw: Any) -> Any:
    """The frame with the output columns added, in the order of OUTPUT_COLUMNS."""
    rated = {key: f"__qualify_{i}" for i, key in enumerate(columns)}
    first, second = _scoring(framework, rated, nw)
    satisfactions = {
        rated[key]: nw.when(found.present).then(found.satisfaction)
        for key, found in columns.items()
    }
    originals = list(wrapped.collect_schema())
    return (
        wrapped.with_columns(**satisfactions)
        .with_columns(**first)
        .with_columns(**second)
        .select(*originals, *OUTPUT_COLUMNS)
    )


def _as_list(joined: Any, nw: Any) -> Any:
    empty = nw.lit([], dtype=nw.List(nw.String()))
    return nw.when(joined == "").then(empty).otherwise(joined.str.split(" "))


def _first_bad(frame: Any, columns: Mapping[str, _Column], nw: Any, lazy: bool) -> None:
    """Raise EvidenceError for the first value a criterion does not accept."""
    if not columns:
        return
    flags = {f"__bad_{i}": found.bad.fill_null(False) for i, found in enumerate(columns.values())}
    sources = sorted({source for found in columns.values() for source in found.sources})
    probe = frame if lazy else frame.with_row_index("__row")
    probe = probe.with_columns(**flags).filter(nw.any_horizontal(*flags, ignore_nulls=True))
    probe = probe.select([*(["__row"] if not lazy else []), *flags, *sources]).head(1)
    rows = (probe.collect() if lazy else probe).rows(named=True)
    if not rows:
        return
    row = rows[0]
    where = "" if lazy else f"row {row['__row'] + 1}: "
    for i, found in enumerate(columns.values()):
        if row[f"__bad_{i}"]:
            values = ", ".join(f"{source}={row[source]!r}" for source in found.sources)
            raise EvidenceError(
                f"{where}{found.key!r} cannot be rated from {values}; give a value the"
                " criterion (or the mapping) accepts, or leave it empty for no evidence"
            )


def evaluate_frame(
    frame: FrameT,
    framework: str | Framework,
    *,
    mapping: str | FieldMap | None = None,
    check: bool = True,
) -> FrameT:
    """Score every row of a table; return the same kind of table with result columns added.

    Works on pandas, polars and pyarrow tables, and lazily on polars LazyFrames
    and DuckDB relations (anything narwhals supports): columns named like the
    framework's keys (or the mapping's CRM fields) are evidence; nulls, NaN and
    blank text are no evidence. Adds ``score``, ``verdict``, ``completeness``,
    ``potential``, ``stage``, ``missing`` (list of keys, heaviest first) and
    ``next_question``; the results equal :func:`qualify.evaluate` row by row.

    With ``check=True`` the table is first searched for values a criterion
    does not accept (for a lazy table, one small query); such a value raises
    :class:`~qualify.EvidenceError` naming the row and the value. With
    ``check=False`` those values count as no evidence.
    """
    from ._registry import registry  # resolved here, like evaluate's names

    nw = _narwhals()
    if not isinstance(framework, Framework):
        framework = registry.get(framework)
    if mapping is not None and not isinstance(mapping, FieldMap):
        mapping = registry.get_mapping(mapping)
    try:
        wrapped = nw.from_native(frame)
    except TypeError:
        raise QualifyError(
            "evaluate_frame takes a pandas, polars, pyarrow or DuckDB table (anything"
            f" narwhals supports), got {type(frame).__name__}"
        ) from None
    lazy = isinstance(wrapped, nw.LazyFrame)
    schema = dict(wrapped.collect_schema())
    taken = [name for name in OUTPUT_COLUMNS if name in schema]
    if taken:
        raise QualifyError(
            f"the table already has columns named {', '.join(map(repr, taken))}, which"
            " evaluate_frame adds; rename them first"
        )
    columns = _columns(framework, mapping, schema, _distinct_values(wrapped, lazy, nw), nw)
    if not columns:
        wanted = [f.column for f in mapping.fields] if mapping else list(framework.keys)
        raise EvidenceError(
            f"no column of the table is evidence for {framework.name!r}; expected some of:"
            f" {', '.join(wanted)}; the table has: {', '.join(schema)}"
        )
    if check:
        _first_bad(wrapped, columns, nw, lazy)
    scored = _score(wrapped, framework, columns, nw)
    if nw.dependencies.is_pandas_dataframe(frame):
        return _pandas(frame, scored, nw)  # type: ignore[no-any-return]
    result = scored.with_columns(missing=_as_list(nw.col("missing"), nw))
    return result.to_native()  # type: ignore[no-any-return]


def _pandas(frame: Any, scored: Any, nw: Any) -> Any:
    """pandas: score on the frame, then turn ``missing`` into Arrow-backed lists.

    Lists of strings need pyarrow-backed columns in pandas; only the new
    ``missing`` column is converted, the caller's columns keep their types.
    """
    pandas = importlib.import_module("pandas")
    try:
        pyarrow = importlib.import_module("pyarrow")
    except ImportError:
        raise QualifyError(
            'evaluate_frame on pandas needs pyarrow: pip install "qualify[frames]"'
        ) from None
    scored = scored.to_native()
    joined = scored["missing"].astype(pandas.ArrowDtype(pyarrow.string()))
    scored = scored.assign(missing=joined)
    fixed = nw.from_native(scored).with_columns(missing=_as_list(nw.col("missing"), nw))
    result = fixed.to_native()
    return result.set_axis(frame.index, axis=0) if len(result) == len(frame) else result
