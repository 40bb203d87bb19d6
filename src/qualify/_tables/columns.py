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

from .._core.evidence import clean_value, not_known
from .._core.fields import Field, combine, fold
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._core.plan import said
from .._core.scales import Boolean, Levels, Months, Numbers, Scale
from ..errors import EvidenceError, QualifyError
from .paired import check_no_pair_column

__all__ = [
    "NO_EVIDENCE",
    "SAID",
    "Column",
    "Source",
    "columns_of",
    "rated_by_value",
    "sources_of",
]

_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


class Column:
    """One criterion (or disqualifier) in expressions: present, satisfaction, bad value, and
    whether a row's answer was a word saying nobody knows."""

    def __init__(
        self,
        key: str,
        present: Any,
        satisfaction: Any,
        bad: Any,
        sources: list[str],
        clean: bool = False,
        said: Any = None,
    ):
        self.key = key
        self.present = present
        # asked, and nobody knew: a word saying so (None: never, in this column)
        self.said = said
        self.satisfaction = satisfaction
        self.bad = bad
        self.sources = sources
        # True when no row can hold a bad value: every distinct value was rated
        self.clean = clean


#: What a rater returns for a value that means "nobody knows" (blank text, a
#: mapping's no-evidence label, a number below every threshold).
NO_EVIDENCE: Any = object()

#: What a rater returns for a word saying nobody knows (``"unknown"``, or what a mapping
#: translates to it): no evidence either, but the question was asked (see
#: :attr:`Evaluation.expected <qualify.Evaluation.expected>`).
SAID: Any = object()


class Source:
    """One column of the table feeding one criterion (or disqualifier), checked to be usable."""

    def __init__(
        self,
        key: str,
        column: str,
        scale: Scale,
        kind: str,
        field: Field | None,
        unknown_labels: frozenset[str],
        where: str,
        decimal: str = ".",
        not_known: frozenset[str] = frozenset(),
    ):
        self.key = key
        self.column = column
        self.scale = scale
        self.kind = kind
        self.field = field
        self.unknown_labels = unknown_labels
        self.where = where
        self.decimal = decimal
        self.not_known = not_known

    def rate(self, raw: Any) -> Any:
        """Rate one non-null value as :func:`qualify.evaluate` would.

        Returns the satisfaction, ``None`` for a value that cannot be rated,
        :data:`NO_EVIDENCE`, or :data:`SAID` for a word saying nobody knows.
        """
        if isinstance(raw, float) and raw != raw:  # NaN: a spreadsheet's empty cell
            return NO_EVIDENCE
        value: object
        if self.field is None:
            try:
                value = clean_value(self.key, raw)
            except EvidenceError:
                return None
        else:
            try:
                chosen = self.field.choices(raw, self.unknown_labels, decimal=self.decimal)
                value = chosen[0] if len(chosen) == 1 else None
                if len(chosen) > 1:
                    how = self.field.combine
                    value = combine(chosen, self.scale, how, self.where, self.not_known)
            except EvidenceError:
                return None  # unmapped: present, unrated, reported by the check
        if value is None:
            return NO_EVIDENCE
        if isinstance(value, str) and not_known(value, self.not_known):
            return SAID if said(value) else NO_EVIDENCE
        return self.scale.assess(value)  # type: ignore[arg-type]


def sources_of(
    framework: Framework, mapping: FieldMap | None, schema: Mapping[str, Any], nw: Any
) -> list[Source]:
    """The table's evidence columns, in the order they are read; raise for unusable ones."""
    scales: dict[str, Scale] = {c.key: c.scale for c in framework.criteria}
    scales.update({d.key: Boolean() for d in framework.disqualifiers})
    sources: list[Source] = []
    if mapping is None:
        for key, scale in scales.items():
            if key not in schema:
                continue
            check_no_pair_column(framework, key, key)
            kind = _kind(schema[key], nw)
            _check_kind(kind, key, schema[key])
            where = f"criterion {key!r} of framework {framework.name!r}"
            sources.append(
                Source(
                    key, key, scale, kind, None, frozenset(), where, ".", framework.not_known(key)
                )
            )
        return sources
    unknown_labels = frozenset(fold(label) for label in mapping.no_evidence)
    for field in mapping.fields:
        if field.criterion not in scales:
            raise EvidenceError(
                f"mapping {mapping.name!r} feeds {field.criterion!r}, which framework"
                f" {framework.name!r} does not have. Its keys: {', '.join(framework.keys)}."
            )
        if field.column not in schema:
            continue
        check_no_pair_column(framework, field.criterion, field.column)
        kind = _kind(schema[field.column], nw)
        _check_kind(kind, field.column, schema[field.column])
        where = f"CRM field {field.column!r} of mapping {mapping.name!r}"
        scale = scales[field.criterion]
        for label, value in field.values:
            if isinstance(value, str) and not_known(value, framework.not_known(field.criterion)):
                continue  # translated to an answer that says nobody knows: no evidence
            if scale.assess(value) is None:
                raise EvidenceError(
                    f"{where}: the mapping translates {label!r} to {value!r}, which the"
                    f" criterion's scale does not accept. Accepted: {scale.accepted()}."
                )
        for threshold, value in field.at_least:
            if scale.assess(value) is None:
                raise EvidenceError(
                    f"{where}: the mapping translates {threshold!r} and more to {value!r}, which"
                    f" the criterion's scale does not accept. Accepted: {scale.accepted()}."
                )
        sources.append(
            Source(
                field.criterion,
                field.column,
                scale,
                kind,
                field,
                unknown_labels,
                where,
                mapping.decimal,
                framework.not_known(field.criterion),
            )
        )
    return sources


def _kind(dtype: Any, nw: Any) -> str:
    """How a column is read: text, flags and numbers natively; picklist types as text; a
    column of Python objects (or of nulls only) value by value, as ``evaluate`` reads them."""
    if dtype == nw.String or isinstance(dtype, nw.String):
        return "string"
    if dtype == nw.Categorical or dtype == nw.Enum:
        return "category"
    if dtype == nw.Boolean:
        return "boolean"
    if dtype.is_numeric():
        return "number"
    if dtype == nw.Object or dtype == nw.Unknown:
        return "object"
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
    """Each value's satisfaction from *table*; null for a value it does not hold.

    One ``is_in`` per distinct satisfaction (a scale has a few, however many distinct
    values a column holds) rather than a mapping of every value: every engine runs it
    the same way, Dask included (its mapping cannot give a missing value, and its
    result cannot be lined up with the other columns).
    """
    if not table:
        return nw.lit(None, dtype=nw.Float64)
    by_satisfaction: dict[float, list[Any]] = {}
    for value, satisfaction in table.items():
        by_satisfaction.setdefault(satisfaction, []).append(value)
    chain = None
    for satisfaction, values in by_satisfaction.items():
        condition = keys.is_in(values).fill_null(False)
        chain = (
            nw.when(condition).then(satisfaction)
            if chain is None
            else chain.when(condition).then(satisfaction)
        )
    return chain.otherwise(nw.lit(None, dtype=nw.Float64))  # type: ignore[union-attr]


def _scale_expr(scale: Scale, column: Any, nw: Any, where: str) -> Any:
    """The satisfaction of each number under *scale*, vectorised; null where it is rejected."""
    if isinstance(scale, Levels):
        return nw.lit(None, dtype=nw.Float64)  # levels are named, never numbers
    if isinstance(scale, Boolean):
        values = column.cast(nw.Float64)
        yes, no = float(scale.yes), float(scale.no)
        return nw.when(values == 1).then(yes).when(values == 0).then(no)
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


def _expressions(
    source: Source, distinct: Callable[[str], list[Any]], nw: Any
) -> tuple[Any, Any, bool, Any]:
    """(present, satisfaction, clean, said) for one source column, as expressions (said:
    ``None`` where no row can say nobody knows).

    Text and flag columns, and any column read through picklist values, hold
    few distinct values: each is rated once with :meth:`Source.rate` (the
    scale's and the mapping's own rules) and the column is mapped through the
    result, with no Python work per row. Numbers are rated by vectorised bands.
    """
    column = nw.col(source.column)
    if source.kind == "category":  # picklist types are matched as their labels
        column = column.cast(nw.String)
    present = _present(column, source.kind, nw)
    field = source.field
    if rated_by_value(source):
        absent: list[Any] = []
        words: list[Any] = []
        rated: dict[Any, float] = {}
        clean = True
        for raw in distinct(source.column):
            satisfaction = source.rate(raw)
            if satisfaction is NO_EVIDENCE or satisfaction is SAID:
                absent.append(raw)
                if satisfaction is SAID:
                    words.append(raw)
            elif satisfaction is not None:
                rated[raw] = satisfaction
            else:
                clean = False
        if absent:
            present = present & ~column.is_in(absent).fill_null(False)
        said = column.is_in(words).fill_null(False) if words else None
        return present, _lookup(column, rated, nw), clean, said
    if field is not None and field.at_least:
        number = _numbers(column, source.kind, nw)
        chain = None
        for threshold, value in reversed(field.at_least):
            satisfaction = source.scale.assess(value)
            condition = number >= threshold
            chain = (
                nw.when(condition).then(satisfaction)
                if chain is None
                else chain.when(condition).then(satisfaction)
            )
        # below every threshold is no evidence, as in FieldMap.evidence; a negative
        # amount where thresholds start at zero or above is bad
        first = field.at_least[0][0]
        counted = number >= first
        if first >= 0:
            counted = counted | (number < 0)
        present = present & counted.fill_null(False)
        return present, chain, False, None
    if field is not None:
        unknown_numbers = [
            float(label)
            for label in source.unknown_labels | set(map(fold, field.no_evidence))
            if _is_code(label)
        ]
        if unknown_numbers:
            present = present & ~column.cast(nw.Float64).is_in(unknown_numbers).fill_null(False)
    return present, _scale_expr(source.scale, column, nw, source.where), False, None


def _is_code(label: str) -> bool:
    return re.fullmatch(_NUMBER, label) is not None


def columns_of(
    sources: Sequence[Source], distinct: Callable[[str], list[Any]], nw: Any
) -> dict[str, Column]:
    """Expressions for each key the frame has evidence columns for."""
    found: dict[str, Column] = {}
    for source in sources:
        present, satisfaction, clean, said = _expressions(source, distinct, nw)
        bad = present & satisfaction.is_null()
        earlier = found.get(source.key)
        if earlier is None:
            found[source.key] = Column(
                source.key, present, satisfaction, bad, [source.column], clean, said
            )
            continue
        if said is not None:  # a later field's word counts where nothing earlier is known
            said = ~earlier.present & said
            earlier.said = said if earlier.said is None else earlier.said | said
        earlier.clean = earlier.clean and clean
        # the first field with evidence wins, as in FieldMap.evidence
        earlier.satisfaction = (
            nw.when(earlier.present).then(earlier.satisfaction).otherwise(satisfaction)
        )
        earlier.bad = earlier.bad | bad  # a bad later value is reported too, as in evaluate
        earlier.present = earlier.present | present
        earlier.sources.append(source.column)
    return found


def rated_by_value(source: Source) -> bool:
    """Whether *source* is rated per distinct value (text, flags, picklist codes), not by bands."""
    field = source.field
    return source.kind != "number" or (field is not None and bool(field.values))


def _check_kind(kind: str, column: str, dtype: Any) -> None:
    if kind == "other":
        raise EvidenceError(
            f"column {column!r} holds {dtype}; evidence columns hold text, numbers, booleans,"
            " picklist (categorical) values or Python objects"
        )
