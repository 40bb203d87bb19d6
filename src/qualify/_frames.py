"""Evaluate a whole table at once, vectorised, with narwhals (install ``qualify[frames]``).

The scoring of :mod:`qualify._evaluate` is written again here as narwhals
expressions, so pandas, polars and pyarrow tables, polars LazyFrames and DuckDB
relations are scored where they live, with no Python object per row and
criterion. Sums are built in the same order as the engine's, so the numbers
come out identical to :func:`qualify.evaluate` row by row (tested).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from ._evaluate import Verdict
from ._mapping import Field, FieldMap, fold
from ._model import Framework
from ._scales import Boolean, Levels, Months, Numbers, Scale
from ._validate import normalize_label
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
_SEPARATORS = r"[\s_-]+"
_TRUE = ("yes", "y", "true", "t", "1")
_FALSE = ("no", "n", "false", "f", "0")


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


def _scale_expr(scale: Scale, column: Any, kind: str, nw: Any, where: str) -> Any:
    """The satisfaction of each value under *scale*; null where the scale rejects it."""
    if kind == "boolean":
        return column.cast(nw.Float64)
    if isinstance(scale, Levels):
        if kind != "string":
            return nw.lit(None, dtype=nw.Float64)
        folded = column.str.to_lowercase().str.replace_all(_SEPARATORS, " ").str.strip_chars()
        table = {normalize_label(label): scale.assess(label) for label in _labels(scale)}
        return _lookup(folded, table, nw)  # type: ignore[arg-type]
    if isinstance(scale, Boolean):
        if kind == "string":
            words = column.str.strip_chars().str.to_lowercase()
            return _lookup(words, dict.fromkeys(_TRUE, 1.0) | dict.fromkeys(_FALSE, 0.0), nw)
        values = column.cast(nw.Float64)
        return nw.when(values == 1).then(1.0).when(values == 0).then(0.0)
    if isinstance(scale, Months):
        months = _numbers(column, kind, nw)
        rated = nw.when(months < 0).then(nw.lit(None, dtype=nw.Float64))
        for band in scale.bands:
            rated = rated.when(months <= band.within).then(float(band.satisfaction))
        return nw.when(~months.is_null()).then(rated.otherwise(float(scale.beyond)))
    if isinstance(scale, Numbers):
        number = _numbers(column, kind, nw)
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
        f"{where} uses the scale type {scale.type_name!r}, which evaluate_frame cannot rate"
        " in a vectorised way; evaluate those leads with qualify.evaluate_many"
    )


def _labels(scale: Levels) -> list[str]:
    return [label for level in scale.levels for label in (level.name, *level.aliases)]


def _field_expr(
    field: Field, scale: Scale, kind: str, unknown_labels: frozenset[str], nw: Any, where: str
) -> tuple[Any, Any]:
    """(present, satisfaction) for one CRM field read through a mapping."""
    column = nw.col(field.column)
    unknown = unknown_labels | {fold(label) for label in field.no_evidence}
    present = _present(column, kind, nw)
    table: dict[str, float] = {}
    for label, value in field.values:
        satisfaction = scale.assess(value)
        if satisfaction is None:
            raise EvidenceError(
                f"{where}: the mapping translates {label!r} to {value!r}, which the"
                f" criterion's scale does not accept. Accepted: {scale.accepted()}."
            )
        table[fold(label)] = satisfaction
    if kind == "number":
        # option codes: compare as numbers, so 2, 2.0 and "2" all match
        numbers = column.cast(nw.Float64)
        codes = {float(label): sat for label, sat in table.items() if _is_code(label)}
        blanks = [float(label) for label in unknown if _is_code(label)]
        if blanks:
            present = present & ~numbers.is_in(blanks).fill_null(False)
        if field.values:
            return present, _lookup(numbers, codes, nw)
    else:
        if kind == "boolean":
            text = nw.when(column).then(nw.lit("true")).otherwise(nw.lit("false"))
        else:
            text = column.str.strip_chars().str.to_lowercase()
        if unknown:
            present = present & ~text.is_in(sorted(unknown)).fill_null(False)
        if field.values:
            return present, _lookup(text, table, nw)
    if field.at_least:
        number = _numbers(column, kind, nw)
        rated = None
        for threshold, value in reversed(field.at_least):
            satisfaction = scale.assess(value)
            if satisfaction is None:
                raise EvidenceError(
                    f"{where}: the mapping translates {threshold!r} and more to {value!r}, which"
                    f" the criterion's scale does not accept. Accepted: {scale.accepted()}."
                )
            condition = number >= threshold
            rated = (
                nw.when(condition).then(satisfaction)
                if rated is None
                else rated.when(condition).then(satisfaction)
            )
        # below every threshold is no evidence, as in FieldMap.evidence
        present = present & (number >= field.at_least[0][0]).fill_null(False)
        return present, rated
    return present, _scale_expr(scale, column, kind, nw, where)


def _is_code(label: str) -> bool:
    return re.fullmatch(_NUMBER, label) is not None


def _columns(
    framework: Framework, mapping: FieldMap | None, schema: Mapping[str, Any], nw: Any
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
            satisfaction = _scale_expr(scale, column, kind, nw, where)
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
            field, scales[field.criterion], kind, unknown_labels, nw, where
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


def _check_kind(kind: str, column: str, dtype: Any) -> None:
    if kind == "other":
        raise EvidenceError(
            f"column {column!r} holds {dtype}; evidence columns hold text, numbers or booleans"
        )


def _scoring(framework: Framework, columns: Mapping[str, _Column], nw: Any) -> dict[str, Any]:
    """The output columns as expressions, summed in the engine's order."""
    earned = reachable = known = nw.lit(0.0)
    total = 0.0
    met: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    for criterion in framework.criteria:
        weight = float(criterion.weight)
        total += criterion.weight
        found = columns.get(criterion.key)
        if found is None:
            reachable = reachable + weight
            met[criterion.key] = nw.lit(False)
            unknown[criterion.key] = nw.lit(True)
            continue
        # a value the scale rejects counts as no evidence (check=False lets it through)
        rated = found.present & ~found.satisfaction.is_null()
        satisfaction = found.satisfaction.fill_null(0.0)
        earned = earned + nw.when(rated).then(satisfaction * weight).otherwise(0.0)
        reachable = reachable + nw.when(rated).then(satisfaction * weight).otherwise(weight)
        known = known + nw.when(rated).then(weight).otherwise(0.0)
        met[criterion.key] = rated & (satisfaction >= 1.0)
        unknown[criterion.key] = ~rated
    # exactly as the engine: one multiplication, and the full total is exactly 100
    score = nw.when(earned >= total).then(100.0).otherwise(earned * (100.0 / total))
    potential = nw.when(reachable >= total).then(100.0).otherwise(reachable * (100.0 / total))
    completeness = nw.when(known >= total).then(1.0).otherwise(known * (1.0 / total))

    flags = [
        (found.present & (found.satisfaction == 1.0)).fill_null(False)
        for key, found in columns.items()
        if key in {d.key for d in framework.disqualifiers}
    ]
    disqualified = nw.any_horizontal(*flags, ignore_nulls=True) if flags else nw.lit(False)
    required = [met[c.key] for c in framework.criteria if c.required]
    required_met = nw.all_horizontal(*required, ignore_nulls=True) if required else nw.lit(True)
    threshold = framework.qualified_at - _TOLERANCE
    verdict = (
        nw.when(disqualified)
        .then(nw.lit(Verdict.DISQUALIFIED.value))
        .when((score >= threshold) & required_met)
        .then(nw.lit(Verdict.QUALIFIED.value))
        .when(potential >= threshold)
        .then(nw.lit(Verdict.NURTURE.value))
        .otherwise(nw.lit(Verdict.UNQUALIFIED.value))
    )

    reached: list[tuple[str, Any]] = []
    so_far = nw.lit(True)
    for stage in framework.stages:
        for key in stage.requires:
            so_far = so_far & met[key]
        reached.append((stage.key, so_far))
    stage_expr = nw.lit(None, dtype=nw.String)
    if reached:
        chain = None
        for key, condition in reversed(reached):
            chain = (
                nw.when(condition).then(nw.lit(key))
                if chain is None
                else chain.when(condition).then(nw.lit(key))
            )
        stage_expr = chain.otherwise(nw.lit(None, dtype=nw.String))  # type: ignore[union-attr]

    order = sorted(range(len(framework.criteria)), key=lambda i: -framework.criteria[i].weight)
    ordered = [framework.criteria[i] for i in order]
    joined = nw.concat_str(
        [nw.when(unknown[c.key]).then(nw.lit(c.key)) for c in ordered],
        separator=" ",
        ignore_nulls=True,
    )
    question = None
    for criterion in ordered:
        condition = unknown[criterion.key]
        question = (
            nw.when(condition).then(nw.lit(criterion.question))
            if question is None
            else question.when(condition).then(nw.lit(criterion.question))
        )
    return {
        "score": score,
        "verdict": verdict,
        "completeness": completeness,
        "potential": potential,
        "stage": stage_expr,
        "missing": joined,
        "next_question": question.otherwise(nw.lit(None, dtype=nw.String)),  # type: ignore[union-attr]
    }


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
    columns = _columns(framework, mapping, schema, nw)
    if not columns:
        wanted = [f.column for f in mapping.fields] if mapping else list(framework.keys)
        raise EvidenceError(
            f"no column of the table is evidence for {framework.name!r}; expected some of:"
            f" {', '.join(wanted)}; the table has: {', '.join(schema)}"
        )
    if check:
        _first_bad(wrapped, columns, nw, lazy)
    outputs = _scoring(framework, columns, nw)
    if nw.dependencies.is_pandas_dataframe(frame):
        return _pandas(frame, wrapped, outputs, nw)  # type: ignore[no-any-return]
    result = wrapped.with_columns(**outputs).with_columns(missing=_as_list(nw.col("missing"), nw))
    return result.to_native()  # type: ignore[no-any-return]


def _pandas(frame: Any, wrapped: Any, outputs: dict[str, Any], nw: Any) -> Any:
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
    scored = wrapped.with_columns(**outputs).to_native()
    joined = scored["missing"].astype(pandas.ArrowDtype(pyarrow.string()))
    scored = scored.assign(missing=joined)
    fixed = nw.from_native(scored).with_columns(missing=_as_list(nw.col("missing"), nw))
    result = fixed.to_native()
    return result.set_axis(frame.index, axis=0) if len(result) == len(frame) else result
