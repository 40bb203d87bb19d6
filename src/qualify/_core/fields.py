"""One CRM field as evidence: picklist labels, amounts, multi-select values, "any other" labels.

A :class:`Field` translates what one column of a CRM export holds into what one
criterion's scale accepts. :func:`combine` picks one value when a multi-select
field holds several.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..errors import EvidenceError, FrameworkError
from .checks import as_tuple, check_key, check_text, is_finite, normalize_label, shown, strings
from .evidence import NOT_KNOWN
from .evidence import not_known as is_not_known
from .numbers import number_form, read_number
from .scales import EvidenceValue, Scale

__all__ = ["ANY_OTHER", "COMBINE", "Field", "combine", "fold"]

#: A label that stands for any label not listed (in ``values`` or ``no_evidence``).
ANY_OTHER = "*"

#: How the values selected in a multi-select field become one piece of evidence.
COMBINE = ("best", "worst")


#: The words that say nobody knows, for every framework, folded as evidence is matched.
_NOBODY_KNOWS = frozenset(normalize_label(word) for word in NOT_KNOWN)


def fold(text: str) -> str:
    """Fold a picklist label for matching: surrounding spaces and case."""
    return text.strip().casefold()


def _pairs(items: object, what: str) -> tuple[tuple[Any, Any], ...]:
    pairs: list[tuple[Any, Any]] = []
    source = items.items() if isinstance(items, Mapping) else as_tuple(items)  # type: ignore[arg-type]
    for pair in source:
        if isinstance(pair, str | bytes) or not isinstance(pair, Iterable):
            raise FrameworkError(f"{what} must be pairs, got {shown(pair)}")
        both = tuple(pair)
        if len(both) != 2:
            raise FrameworkError(f"{what} must be pairs, got {shown(pair)}")
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


def _check_value(what: str, value: object) -> None:
    if not isinstance(value, str | int | float):
        raise FrameworkError(
            f"{what} must translate to a level name, true/false or a number,"
            f" got {type(value).__name__}"
        )


@attrs.frozen(kw_only=True)
class Field:
    """How one CRM field becomes evidence on one criterion (or disqualifier).

    ``values`` translates picklist labels into what the criterion's scale
    accepts (a level name, ``True``/``False`` or a number); labels match
    regardless of case and surrounding spaces, and numeric option codes match
    as text (``2`` matches ``"2"``). The label ``"*"`` stands for any label not
    listed: in ``values`` it gives their translation, in ``no_evidence`` it makes
    them no evidence; without it an unlisted label is an error. ``at_least``
    translates amounts instead: ``(threshold, value)`` pairs, the highest
    threshold reached winning, and an amount below every threshold is no
    evidence. With neither, the CRM value is passed through as it is.
    ``no_evidence`` lists values that mean "nobody knows yet". A multi-select
    field names its ``separator`` (HubSpot writes ``"A;B"``; a JSON array needs
    none): each selected value is translated and ``combine`` keeps the
    ``"best"`` (the default) or the ``"worst"`` by the criterion's scale.
    """

    column: str
    criterion: str
    values: tuple[tuple[str, EvidenceValue], ...] = attrs.field(default=(), converter=_picklist)
    at_least: tuple[tuple[float, EvidenceValue], ...] = attrs.field(
        default=(), converter=_thresholds
    )
    no_evidence: tuple[str, ...] = attrs.field(default=(), converter=strings)
    separator: str | None = None
    combine: str = "best"
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
            _check_value(f"picklist label {label!r} of field {self.column!r}", value)
            if fold(label) in lookup:
                raise FrameworkError(
                    f"picklist label {label!r} of field {self.column!r} is given twice"
                    " (labels are compared ignoring case and surrounding spaces)"
                )
            lookup[fold(label)] = value
        previous = -math.inf
        for threshold, value in self.at_least:
            if not is_finite(threshold) or threshold <= previous:
                raise FrameworkError(
                    f"at_least thresholds of field {self.column!r} must be numbers in"
                    f" increasing order, got {shown(threshold)}"
                )
            previous = threshold
            _check_value(f"at_least {shown(threshold)} of field {self.column!r}", value)
        for label in self.no_evidence:
            check_text(f"a no_evidence value of field {self.column!r}", label)
        unknown = frozenset(map(fold, self.no_evidence))
        if ANY_OTHER in unknown and ANY_OTHER in lookup:
            raise FrameworkError(
                f"field {self.column!r} lists {ANY_OTHER!r} (any other label) both in values and"
                " in no_evidence; pick one"
            )
        if self.separator is not None and (
            not isinstance(self.separator, str) or not self.separator.strip()
        ):
            raise FrameworkError(
                f"separator of field {self.column!r} must be a non-blank string such as ';',"
                f" got {shown(self.separator)}"
            )
        if self.combine not in COMBINE:
            raise FrameworkError(
                f"combine of field {self.column!r} must be one of"
                f" {', '.join(map(repr, COMBINE))}, got {shown(self.combine)}"
            )
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_unknown", unknown)

    def translate(
        self, raw: object, no_evidence: frozenset[str] = frozenset(), *, decimal: str = "."
    ) -> object:
        """Translate one CRM value; ``None`` means no evidence.

        *no_evidence* holds further folded labels that mean "nobody knows";
        *decimal* is the export's decimal separator, for numbers written as text.
        A multi-select field holding several values gives them as a tuple, for
        :func:`combine`.
        """
        chosen = self.choices(raw, no_evidence, decimal=decimal)
        if not chosen:
            return None
        return chosen[0] if len(chosen) == 1 else chosen

    def choices(
        self, raw: object, no_evidence: frozenset[str] = frozenset(), *, decimal: str = "."
    ) -> tuple[object, ...]:
        """Every value *raw* translates to: none, one, or one per selected value."""
        if raw is None:
            return ()
        if isinstance(raw, float) and math.isnan(raw):  # a spreadsheet's empty cell
            return ()
        parts: list[object] | None = None
        if isinstance(raw, list | tuple):  # a JSON array: the values selected
            parts = [part for part in raw if part is not None]
        elif self.separator is not None and isinstance(raw, str):
            parts = [part for part in raw.split(self.separator) if part.strip()]
        if parts is not None:
            chosen = [self._one(part, raw, no_evidence, decimal) for part in parts]
            return tuple(dict.fromkeys(value for value in chosen if value is not None))
        value = self._one(raw, raw, no_evidence, decimal)
        return () if value is None else (value,)

    def _one(self, raw: object, whole: object, no_evidence: frozenset[str], decimal: str) -> object:
        label = fold(_as_label(raw))
        if not label or label in no_evidence or label in self._unknown:
            return None
        if self._lookup:
            found = self._lookup.get(label, _UNLISTED)
            if found is not _UNLISTED:
                return found
            if ANY_OTHER in self._lookup:
                return self._lookup[ANY_OTHER]
            if ANY_OTHER in self._unknown:
                return None
            if isinstance(raw, str) and is_not_known(raw, _NOBODY_KNOWS):
                return None  # "Unknown", "N/A"...: no evidence for every framework
            raise EvidenceError(self._unlisted(raw, whole))
        if self.at_least:
            return self._amount(raw, decimal)
        if decimal != "." and isinstance(raw, str):
            number = read_number(raw, decimal=decimal)
            if number is not None:
                return number
        return raw.strip() if isinstance(raw, str) and raw is not whole else raw

    def _unlisted(self, raw: object, whole: object) -> str:
        accepted = ", ".join(repr(label) for label, _ in self.values)
        value = f"{shown(raw)} (in {shown(whole)})" if raw is not whole else shown(raw)
        unknown = (
            f"; no evidence: {', '.join(map(repr, self.no_evidence))}" if self.no_evidence else ""
        )
        return (
            f"CRM field {self.column!r} has the value {value}, which the mapping does not"
            f" translate. Accepted: {accepted}{unknown}"
        )

    def _amount(self, raw: object, decimal: str) -> object:
        number = read_number(raw, decimal=decimal, money=True)
        if number is None:
            raise EvidenceError(
                f"CRM field {self.column!r} should hold an amount, got {shown(raw)}. Accepted:"
                f" {number_form(decimal, money=True)}"
            )
        if number < 0 <= self.at_least[0][0]:
            raise EvidenceError(
                f"CRM field {self.column!r} holds the negative amount {shown(raw)}; its"
                " thresholds start at zero or above, so amounts cannot be negative"
            )
        chosen: object = None
        for threshold, value in self.at_least:
            if number >= threshold:
                chosen = value
        return chosen


_UNLISTED = object()


def combine(
    values: tuple[object, ...],
    scale: Scale,
    how: str,
    where: str,
    not_known: frozenset[str] = frozenset(),
) -> object:
    """The ``"best"`` or ``"worst"`` of several selected *values* by *scale*.

    Values that say nobody knows (folded text in *not_known*) are left out;
    ``None`` when nothing else is selected.

    :raises EvidenceError: naming *where* when a value is one the scale rejects.
    """
    rated = []
    for value in values:
        if isinstance(value, str) and is_not_known(value, not_known):
            continue
        satisfaction = scale.assess(value)  # type: ignore[arg-type]
        if satisfaction is None:
            raise EvidenceError(
                f"{where} selects {shown(value)}, which the criterion does not accept."
                f" Accepted: {scale.accepted()}."
            )
        rated.append((satisfaction, value))
    if not rated:
        return None
    pick = max if how == "best" else min
    return pick(rated, key=lambda pair: pair[0])[1]
