"""CRM field mappings: a raw CRM row in, evidence keyed by criterion out.

A :class:`FieldMap` says which CRM field feeds which criterion and how the
CRM's picklist values translate into what the criterion's scale accepts. Every
other field of the row is ignored, so a whole CRM record can be passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..errors import EvidenceError, FrameworkError, given, problem_of
from .checks import as_tuple, check_items, check_name, check_text, shown, strings
from .fields import Field, combine, fold
from .framework import Framework
from .numbers import DECIMALS
from .scales import Boolean, Scale

__all__ = ["FieldMap"]


# How many distinct text values of one field a mapping remembers the translation of.
_REMEMBERED = 1024


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
    _translated: tuple[dict[object, tuple[object, ...]], ...] = attrs.field(
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
        pairs: set[tuple[str, str]] = set()
        for field in self.fields:
            pair = (field.column, field.criterion)
            if pair in pairs:
                raise FrameworkError(
                    f"mapping {self.name!r} maps the CRM field {field.column!r} to"
                    f" {field.criterion!r} twice"
                )
            pairs.add(pair)
        for label in self.no_evidence:
            check_text(f"a no_evidence value of mapping {self.name!r}", label)
        if self.decimal not in DECIMALS:
            raise FrameworkError(
                f"decimal of mapping {self.name!r} must be one of"
                f" {', '.join(map(repr, DECIMALS))}, got {shown(self.decimal)}"
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

    def evidence(
        self, row: Mapping[str, Any], framework: Framework | None = None
    ) -> dict[str, object]:
        """Translate a CRM row into evidence: criterion key to value, known values only.

        Every mapped field is read, so every problem of the row is reported at
        once; when two fields feed one criterion, the first with evidence wins.
        A multi-select field holding several values needs *framework*, whose
        scale picks the best (or worst) of them.

        :raises EvidenceError: listing every field whose value cannot be read
            (``problems`` holds them one by one).
        """
        found, problems = self.read(row, framework)
        if problems:
            raise EvidenceError.of(problems)
        return found

    def read(
        self, row: Mapping[str, Any], framework: Framework | None = None
    ) -> tuple[dict[str, object], list[str]]:
        """Like :meth:`evidence`, without raising: the evidence read, and every problem found.

        :raises EvidenceError: only when *row* is not a mapping at all.
        """
        if not isinstance(row, Mapping):
            raise EvidenceError(
                f"mapping {self.name!r} reads a CRM row as a mapping of field name to value,"
                f" got {type(row).__name__}"
            )
        found: dict[str, object] = {}
        problems: list[str] = []
        for field, translated in zip(self.fields, self._translated, strict=True):
            raw = _lookup_column(row, field.column)
            try:
                chosen = self._choices(field, translated, raw)
                if not chosen or field.criterion in found:
                    continue
                value = chosen[0] if len(chosen) == 1 else self._combine(field, chosen, framework)
                if value is not None:
                    found[field.criterion] = value
            except EvidenceError as exc:
                accepted = ", ".join(repr(label) for label, _ in field.values) or None
                problems.extend(
                    problem_of(p, loc=(field.column,), input=given(raw), accepted=accepted,
                               type="value_not_translated")
                    for p in exc.problems
                )  # fmt: skip
        return found, problems

    def _choices(
        self, field: Field, translated: dict[object, tuple[object, ...]], raw: object
    ) -> tuple[object, ...]:
        if raw is None:
            return ()
        kind = type(raw)
        if kind is str:
            key: object = raw
        elif (kind is int or kind is float) and raw == raw:  # not NaN; True == 1 kept apart
            key = (kind, raw)
        else:
            return field.choices(raw, self._no_evidence, decimal=self.decimal)
        chosen = translated.get(key)
        if chosen is None:
            chosen = field.choices(raw, self._no_evidence, decimal=self.decimal)
            if len(translated) < _REMEMBERED:
                translated[key] = chosen
        return chosen

    def _combine(
        self, field: Field, chosen: tuple[object, ...], framework: Framework | None
    ) -> object:
        where = f"CRM field {field.column!r} of mapping {self.name!r}"
        if framework is None:
            raise EvidenceError(
                f"{where} holds several selected values ({', '.join(map(repr, chosen))}); pass"
                " the framework (evaluate does) so that its scale can pick the"
                f" {field.combine} of them"
            )
        scale = self.scale_of(framework, field.criterion)
        return combine(chosen, scale, field.combine, where, framework.not_known(field.criterion))

    @staticmethod
    def scale_of(framework: Framework, key: str) -> Scale:
        """The scale that rates *key* in *framework*: a criterion's, or yes/no for a disqualifier."""
        if any(disqualifier.key == key for disqualifier in framework.disqualifiers):
            return _BOOLEAN
        return framework.criterion(key).scale


_BOOLEAN = Boolean()
