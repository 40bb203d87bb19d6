"""Checks shared by the core types; each raises FrameworkError saying what is accepted."""

from __future__ import annotations

import difflib

import math
import re
import warnings
from collections.abc import Iterable
from datetime import datetime, timedelta

from ..errors import FrameworkError, QualifyError

_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_KEY_ACCEPTED = "lowercase letters, digits and underscores, starting with a letter"
_NAME = re.compile(r"[a-z][a-z0-9_.-]*\Z")
_NAME_ACCEPTED = "lowercase letters, digits, '-', '_' and '.', starting with a letter"
_SEPARATORS = re.compile(r"[\s_-]+")

#: What JSON Schema says of a field the constructors check, as attrs field metadata
#: (``metadata=schema(...)``): an editor then refuses what the loader refuses.
SCHEMA = "json_schema"
KEY_SCHEMA = {SCHEMA: {"pattern": "^" + _KEY.pattern.removesuffix("\\Z") + "$"}}
NAME_SCHEMA = {SCHEMA: {"pattern": "^" + _NAME.pattern.removesuffix("\\Z") + "$"}}
FRACTION_SCHEMA = {SCHEMA: {"minimum": 0, "maximum": 1}}
#: A score threshold is above 0 and at most 100 (a chance threshold is a table).
THRESHOLD_SCHEMA = {SCHEMA: {"exclusiveMinimum": 0, "maximum": 100}}


def is_missing(value: object) -> bool:
    """Whether *value* is a missing-value marker a table or an export leaves: ``None``,
    NaN, pandas' ``NA`` and ``NaT``, numpy's ``NaT``; each means "nothing here"."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    kind = type(value).__name__
    if kind in ("NAType", "NaTType"):
        return True
    return kind in ("float32", "float16", "datetime64", "timedelta64") and value != value


def normalize_label(text: str) -> str:
    """Fold a level name or alias for matching: case, and runs of space, '-' and '_'."""
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def is_number(value: object) -> bool:
    """Whether *value* is an int or float (a bool is not a number here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_finite(value: object) -> bool:
    """Whether *value* is a number (not a bool) that a float holds: no NaN, no infinity."""
    if not is_number(value):
        return False
    try:
        return math.isfinite(value)  # type: ignore[arg-type]
    except OverflowError:  # an int past the float range
        return False


def check_fraction(what: str, value: object) -> float:
    """Return *value* as a float from 0 to 1, or raise."""
    if not is_number(value) or not 0 <= value <= 1:  # type: ignore[operator]
        raise FrameworkError(f"{what} must be a number from 0 to 1, got {shown(value)}")
    return float(value)  # type: ignore[arg-type]


def check_text(what: str, value: object, *, empty: bool = False) -> None:
    """Require a string, non-empty unless *empty* allows it."""
    if not isinstance(value, str) or (not empty and not value.strip()):
        article = "a" if empty else "a non-empty"
        raise FrameworkError(f"{what} must be {article} string, got {shown(value)}")


def check_key(what: str, value: object) -> None:
    """Require a criterion, stage or disqualifier key."""
    if not isinstance(value, str) or not _KEY.match(value):
        raise FrameworkError(f"{what} must be {_KEY_ACCEPTED}, got {shown(value)}")


def check_name(what: str, value: object) -> None:
    """Require a framework name."""
    if not isinstance(value, str) or not _NAME.match(value):
        raise FrameworkError(f"{what} must be {_NAME_ACCEPTED}, got {shown(value)}")


def as_tuple(items: Iterable[object]) -> tuple[object, ...]:
    """A converter: any iterable but a string becomes a tuple."""
    if isinstance(items, str | bytes):
        raise FrameworkError(f"expected a sequence of items, got the string {items!r}")
    try:
        return tuple(items)
    except TypeError:
        raise FrameworkError(f"expected a sequence of items, got {type(items).__name__}") from None


def check_items(kind: type, what: str, items: tuple[object, ...]) -> None:
    """Require every item to be a *kind*."""
    for position, item in enumerate(items):
        if not isinstance(item, kind):
            raise FrameworkError(
                f"{what}[{position}] must be a {kind.__name__}, got {type(item).__name__}"
            )


def strings(items: Iterable[str]) -> tuple[str, ...]:
    """A converter for tuples of strings."""
    return as_tuple(items)  # type: ignore[return-value]


def shown(value: object, limit: int = 80) -> str:
    """*value* as an error message shows it: its ``repr``, cut short past *limit* characters."""
    try:
        text = repr(value)
    except RecursionError:  # lists in lists past Python's depth, as a JSON file may hold
        return f"<a {type(value).__name__} nested too deeply to show>"
    except ValueError:  # an int too long to turn into text
        return f"<a {type(value).__name__} too long to show>"
    if len(text) > limit:
        return f"{text[: limit - 20]}...({len(text):,} characters)"
    return text


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.5) -> str | None:
    """The candidate *word* was most likely meant to be, or ``None``.

    Of the close matches, one with the same letters wins (``"bnat"`` meant
    ``"bant"``, not ``"neat"``): swapped letters are the commonest slip.
    """
    found = difflib.get_close_matches(word, list(candidates), n=3, cutoff=cutoff)
    for candidate in found:
        if sorted(candidate) == sorted(word):
            return candidate
    return found[0] if found else None


def elapsed(later: datetime, earlier: datetime) -> timedelta:
    """``later - earlier``: as instants when both have a UTC offset (whatever zones they
    are written in, the repeated hour when clocks go back included), else as wall times.

    Computed from the wall times and their offsets, so a time near year 1 or 9999 in a
    zone east or west of UTC does not leave datetime's range on the way.
    """
    late, early = later.utcoffset(), earlier.utcoffset()
    if late is None or early is None:
        return later - earlier  # naive (or mixed: Python's TypeError)
    return (later.replace(tzinfo=None) - earlier.replace(tzinfo=None)) - (late - early)


def renamed(function: str, old: str, new: str, old_given: bool, new_given: bool) -> bool:
    """Whether *function* was given its deprecated keyword *old* for *new* (warning with a
    :class:`DeprecationWarning` that names *new*); both at once is refused."""
    if not old_given:
        return False
    if new_given:
        raise QualifyError(f"{function} was given both {old}= and {new}=; give {new}= alone")
    warnings.warn(
        f"{function}({old}=...) is now {function}({new}=...): it names columns, where"
        f" evaluate's {old}= takes values; {old}= goes before 1.0",
        DeprecationWarning,
        stacklevel=3,
    )
    return True
