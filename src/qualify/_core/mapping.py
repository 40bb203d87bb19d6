"""CRM field mappings: a raw CRM row in, evidence keyed by criterion out.

A :class:`FieldMap` says which CRM field feeds which criterion and how the
CRM's picklist values translate into what the criterion's scale accepts. Every
other field of the row is ignored, so a whole CRM record can be passed in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..errors import EvidenceError, FrameworkError
from .checks import (
    as_tuple,
    check_items,
    check_key,
    check_name,
    check_text,
    is_number,
    strings,
)
from .numbers import DECIMALS, number_form, read_number
from .scales import EvidenceValue

__all__ = ["Field", "FieldMap", "fold"]


def fold(text: str) -> str:
    """Fold a picklist label for matching: surrounding spaces and case."""
    return text.strip().casefold()


def _pairs(items: object, what: str) -> tuple[tuple[Any, Any], ...]:
    pairs: list[tuple[Any, Any]] = []
    source = items.items() if isinstance(items, Mapping) else as_tuple(items)  # type: ignore[arg-type]
    for pair in source:
        if isinstance(pair, str | bytes) or not isinstance(pair, Iterable):
            raise FrameworkError(f"{what} must be pairs, got {pair!r}")
        both = tuple(pair)
        if len(both) != 2:
            raise FrameworkError(f"{what} must be pairs, got {pair!r}")
        pairs.append((both[0], both[1]))
    return tuple(pairs)


def _picklist(
    values: Mapping[str, EvidenceValue] | Iterable[tuple[str, EvidenceValue]],
) -> tuple[tuple[str, EvidenceValue], ...]:
    return _pairs(values, "picklist values")


def _thresholds(
    items: Iterable[tuple[float, EvidenceValue]],
) -> tuple[tuple[float, EvidenceValue], ...]:
    return _pairs(items, "at_least thresholds")


def _as_label(raw: object) -> str:
    """A CRM value as the text its picklist label is matched against."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


@attrs.frozen(kw_only=True)
class Field:
    """How one CRM field becomes evidence on one criterion (or disqualifier).

    ``values`` translates picklist labels into what the criterion's scale
    accepts (a level name, ``True``/``False`` or a number); labels match
    regardless of case and surrounding spaces, and numeric option codes match
    as text (``2`` matches ``"2"``). ``at_least`` translates numbers instead:
    a list of ``(threshold, value)`` pairs, the highest threshold reached
    winning, and a number below every threshold is no evidence. With neither,
    the CRM value is passed through as it is. ``no_evidence`` lists values that
    mean "nobody knows yet".
    """

    column: str
    criterion: str
    values: tuple[tuple[str, EvidenceValue], ...] = attrs.field(default=(), converter=_picklist)
    at_least: tuple[tuple[float, EvidenceValue], ...] = attrs.field(
        default=(), converter=_thresholds
    )
    no_evidence: tuple[str, ...] = attrs.field(default=(), converter=strings)
    _lookup: dict[str, EvidenceValue] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _unknown: frozenset[str] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        check_text("the CRM column of a field", self.column)
        check_key(f"the criterion of field {self.column!r}", self.criterion)
        if self.values and self.at_least:
            raise FrameworkError(
                f"field {self.column!r} translates either picklist values or numbers"
                " (at_least), not both; map the numeric field separately"
            )
        lookup: dict[str, EvidenceValue] = {}
        for label, value in self.values:
            check_text(f"a picklist label of field {self.column!r}", label)
            if not isinstance(value, str | int | float):
                raise FrameworkError(
                    f"picklist label {label!r} of field {self.column!r} must translate to a"
                    f" level name, true/false or a number, got {type(value).__name__}"
                )
            if fold(label) in lookup:
                raise FrameworkError(
                    f"picklist label {label!r} of field {self.column!r} is given twice"
                    " (labels are compared ignoring case and surrounding spaces)"
                )
            lookup[fold(label)] = value
        previous = -math.inf
        for threshold, value in self.at_least:
            if not is_number(threshold) or not math.isfinite(threshold) or threshold <= previous:
                raise FrameworkError(
                    f"at_least thresholds of field {self.column!r} must be numbers in"
                    f" increasing order, got {threshold!r}"
                )
            previous = threshold
            if not isinstance(value, str | int | float):
                raise FrameworkError(
                    f"at_least {threshold!r} of field {self.column!r} must translate to a"
                    f" level name, true/false or a number, got {type(value).__name__}"
                )
        for label in self.no_evidence:
            check_text(f"a no_evidence value of field {self.column!r}", label)
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_unknown", frozenset(map(fold, self.no_evidence)))

    def translate(
        self, raw: object, no_evidence: frozenset[str] = frozenset(), *, decimal: str = "."
    ) -> object:
        """Translate one CRM value; ``None`` means no evidence.

        *no_evidence* holds further folded labels that mean "nobody knows";
        *decimal* is the export's decimal separator, for numbers written as text.
        """
        if raw is None:
            return None
        if isinstance(raw, float) and math.isnan(raw):  # a spreadsheet's empty cell
            return None
        label = fold(_as_label(raw))
        if not label or label in no_evidence or label in self._unknown:
            return None
        if self._lookup:
            try:
                return self._lookup[label]
            except KeyError:
                accepted = ", ".join(repr(lbl) for lbl, _ in self.values)
                raise EvidenceError(
                    f"CRM field {self.column!r} has the value {raw!r}, which the mapping does"
                    f" not translate. Accepted: {accepted}"
                    + (
                        f"; no evidence: {', '.join(map(repr, self.no_evidence))}"
                        if self.no_evidence
                        else ""
                    )
                ) from None
        if self.at_least:
            number = read_number(raw, decimal=decimal, money=True)
            if number is None:
                raise EvidenceError(
                    f"CRM field {self.column!r} should hold an amount, got {raw!r}. Accepted:"
                    f" {number_form(decimal, money=True)}"
                )
            if number < 0 <= self.at_least[0][0]:
                raise EvidenceError(
                    f"CRM field {self.column!r} holds the negative amount {raw!r}; its"
                    " thresholds start at zero or above, so amounts cannot be negative"
                )
            chosen: object = None
            for threshold, value in self.at_least:
                if number >= threshold:
                    chosen = value
            return chosen
        if decimal != "." and isinstance(raw, str):
            number = read_number(raw, decimal=decimal)
            if number is not None:
                return number
        return raw


# How many distinct text values of one field a mapping remembers the translation of.
_REMEMBERED = 1024
_UNSEEN = object()


def _fields(items: Iterable[Field]) -> tuple[Field, ...]:
    return as_tuple(items)  # type: ignore[return-value]


def _lookup_column(row: Mapping[str, Any], column: str) -> object:
    """``row[column]``, or a dotted path into nested mappings (``properties.budget``)."""
    if column in row:
        return row[column]
    if "." not in column:
        return None
    current: object = row
    for part in column.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


@attrs.frozen(kw_only=True)
class FieldMap:
    """Which CRM fields feed which criteria, and how their values translate.

    ``framework`` names the framework the mapping is written for (for
    documentation and listings; any framework with the keys can use it).
    ``no_evidence`` lists CRM values that mean "nobody knows" in every field,
    such as ``"Unknown"``. ``decimal`` is the export's decimal separator for
    numbers written as text (``"."``, the default, or ``","``); the other one
    may group thousands. When two fields feed one criterion, the first with
    evidence wins; one field may feed several criteria (a "Lead Type"
    picklist can feed the consultant, competitor and student disqualifiers).

    >>> import qualify
    >>> crm = qualify.FieldMap(
    ...     name="acme-crm",
    ...     fields=[
    ...         qualify.Field(column="Budget_Status__c", criterion="budget",
    ...                       values={"Approved": "allocated", "None": "none"}),
    ...         qualify.Field(column="Months_To_Close__c", criterion="timeframe"),
    ...     ],
    ...     no_evidence=["Unknown"],
    ... )
    >>> crm.evidence({"Id": "00Q1", "Budget_Status__c": " approved ", "Months_To_Close__c": 4})
    {'budget': 'allocated', 'timeframe': 4}
    """

    name: str
    fields: tuple[Field, ...] = attrs.field(converter=_fields)
    framework: str | None = None
    description: str = ""
    no_evidence: tuple[str, ...] = attrs.field(default=(), converter=strings)
    decimal: str = "."
    _no_evidence: frozenset[str] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _criteria: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False, hash=False)
    # Per field, what each distinct text value translated to (the same every time).
    _translated: tuple[dict[str, object], ...] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check_name("mapping name", self.name)
        if self.framework is not None:
            check_name(f"framework of mapping {self.name!r}", self.framework)
        check_text(f"description of mapping {self.name!r}", self.description, empty=True)
        if not self.fields:
            raise FrameworkError(f"mapping {self.name!r} needs at least one field")
        check_items(Field, "fields", self.fields)
        pairs = [(field.column, field.criterion) for field in self.fields]
        for column, criterion in pairs:
            if pairs.count((column, criterion)) > 1:
                raise FrameworkError(
                    f"mapping {self.name!r} maps the CRM field {column!r} to {criterion!r} twice"
                )
        for label in self.no_evidence:
            check_text(f"a no_evidence value of mapping {self.name!r}", label)
        if self.decimal not in DECIMALS:
            raise FrameworkError(
                f"decimal of mapping {self.name!r} must be one of"
                f" {', '.join(map(repr, DECIMALS))}, got {self.decimal!r}"
            )
        object.__setattr__(self, "_no_evidence", frozenset(map(fold, self.no_evidence)))
        object.__setattr__(
            self, "_criteria", tuple(dict.fromkeys(field.criterion for field in self.fields))
        )
        object.__setattr__(self, "_translated", tuple({} for _ in self.fields))

    @property
    def criteria(self) -> tuple[str, ...]:
        """The criterion and disqualifier keys this mapping feeds, in field order, once each."""
        return self._criteria

    def evidence(self, row: Mapping[str, Any]) -> dict[str, object]:
        """Translate a CRM row into evidence: criterion key to value, known values only."""
        if not isinstance(row, Mapping):
            raise EvidenceError(
                f"mapping {self.name!r} reads a CRM row as a mapping of field name to value,"
                f" got {type(row).__name__}"
            )
        found: dict[str, object] = {}
        for field, translated in zip(self.fields, self._translated, strict=True):
            if field.criterion in found:
                continue
            raw = _lookup_column(row, field.column)
            if type(raw) is str:
                value = translated.get(raw, _UNSEEN)
                if value is _UNSEEN:
                    value = field.translate(raw, self._no_evidence, decimal=self.decimal)
                    if len(translated) < _REMEMBERED:
                        translated[raw] = value
            else:
                value = field.translate(raw, self._no_evidence, decimal=self.decimal)
            if value is not None:
                found[field.criterion] = value
        return found
