"""Evidence columns of a table as narwhals expressions, for evaluate_frame.

For each criterion (or disqualifier) the frame has evidence for: whether a row
has evidence (``present``), its satisfaction (null where the scale rejects the
value) and whether the value is bad. Text and flag columns are rated once per
*distinct* value with the scale's (or mapping's) own Python rules and mapped;
numbers are rated by vectorised bands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._mapping import Field, FieldMap, fold
from ._model import Framework
from ._scales import Boolean, Levels, Months, Numbers, Scale
from .errors import EvidenceError, QualifyError

__all__ = ["Column", "columns_of", "distinct_values"]

_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


class Column:
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


def columns_of(
    framework: Framework,
    mapping: FieldMap | None,
    schema: Mapping[str, Any],
    distinct: Callable[[str], list[Any]],
    nw: Any,
) -> dict[str, Column]:
    """Expressions for each key the frame has evidence columns for."""
    scales: dict[str, Scale] = {c.key: c.scale for c in framework.criteria}
    scales.update({d.key: Boolean() for d in framework.disqualifiers})
    found: dict[str, Column] = {}
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
            found[key] = Column(key, present, satisfaction, present & satisfaction.is_null(), [key])
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
            found[field.criterion] = Column(
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


def distinct_values(wrapped: Any, lazy: bool, nw: Any) -> Callable[[str], list[Any]]:
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
