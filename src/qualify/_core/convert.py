"""The one cattrs converter behind :func:`to_dict` and :func:`from_dict`.

Decisions, in one place:

- Output is JSON-safe: datetimes as ISO 8601 strings, enums as their values,
  tuples as lists. A datetime in an IANA time zone keeps its zone as RFC 9557
  writes it (``2024-10-27T02:30:00+01:00[Europe/Berlin]``), so it reads back
  as the same instant in the same zone, in the hour clocks go back too. A naive
  time in that hour with ``fold=1`` (the wall clock's second pass) is written with
  a ``[fold=1]`` suffix, used for that case only: no standard writes fold.
- A scale is written with a ``type`` tag (``levels``, ``boolean``, ``months``,
  ``numbers``) beside its fields, and read back by that tag.
- Input is strict: unknown keys are errors, and a string is never read as a
  number or a flag (``"false"`` is not ``False``), nor a number as a string.
- Every failure is a :class:`~qualify.ConversionError` giving the path to each
  bad value, such as ``$.criteria[2].weight``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
import typing
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter

from ..errors import ConversionError, QualifyError
from .checks import shown
from .criteria import Criterion, Stage
from .evidence import Evidence
from .framework import Framework
from .freshness import duration, duration_text
from .probability import Chance
from .results import Evaluation, Missing
from .restore import restored, written
from .stored import checked
from .scales import Boolean, EvidenceValue, Levels, Months, Numbers, Scale

__all__ = [
    "converter", "format_problem", "from_dict", "register_scale_type", "TABLES_OF_PAIRS",
    "scale_types", "to_dict",
]  # fmt: skip

T = TypeVar("T")

#: The converter every qualify object goes through.
converter = make_converter(forbid_extra_keys=True)


#: The suffix that keeps ``fold=1`` on a naive time in the repeated hour.
_FOLD = "[fold=1]"


def _unstructure_datetime(moment: datetime) -> str:
    text = moment.isoformat()
    zone = moment.tzinfo
    if isinstance(zone, ZoneInfo):
        return f"{text}[{zone.key}]"
    return text + _FOLD if zone is None and moment.fold else text


def _structure_datetime(value: Any, _: type) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 date and time, got {type(value).__name__}")
    text, zone, fold = value, None, 0
    if value.endswith(_FOLD):
        text, fold = value[: -len(_FOLD)], 1
    elif value.endswith("]") and "[" in value:
        text, zone = value[:-1].split("[", 1)
    try:
        moment = datetime.fromisoformat(text)
        if fold and moment.tzinfo is not None:
            raise ValueError("fold=1 is written on naive times only")
        if zone:
            return moment.astimezone(ZoneInfo(zone))
        return moment.replace(fold=fold) if fold else moment
    except (ValueError, ZoneInfoNotFoundError):
        raise TypeError(
            f"expected an ISO 8601 date and time (with an optional [Area/City] time zone),"
            f" got {shown(value)}"
        ) from None


converter.register_unstructure_hook(datetime, _unstructure_datetime)
converter.register_structure_hook(datetime, _structure_datetime)


def _structure_duration(value: Any, _: type) -> timedelta:
    if not isinstance(value, str):
        raise TypeError(f'expected an ISO 8601 duration such as "P90D", got {shown(value)}')
    try:
        return duration(value)
    except ValueError as exc:
        raise TypeError(str(exc)) from None


converter.register_unstructure_hook(timedelta, duration_text)
converter.register_structure_hook(timedelta, _structure_duration)

_scale_types: dict[str, type[Scale]] = {}


def register_scale_type(cls: type[Scale]) -> None:
    """Make *cls* readable and writable under its ``type_name``."""
    name = getattr(cls, "type_name", None)
    if not isinstance(name, str) or not name:
        raise QualifyError(f"scale class {cls.__name__} needs a non-empty type_name string")
    if not attrs.has(cast(type, cls)):
        raise QualifyError(
            f"scale class {cls.__name__} must be an attrs class, so files can give its fields"
        )
    known = _scale_types.get(name)
    if known is not None and known is not cls:
        raise QualifyError(
            f"scale type name {name!r} is taken by {known.__qualname__}; choose another"
            f" type_name for {cls.__qualname__}"
        )
    _scale_types[name] = cls


def scale_types() -> dict[str, type[Scale]]:
    """The scale classes that files and dictionaries can name, by type name."""
    return dict(_scale_types)


for _cls in (Levels, Boolean, Months, Numbers):
    register_scale_type(_cls)


def _unstructure_scale(scale: Scale) -> dict[str, Any]:
    fields = converter.unstructure(scale, unstructure_as=type(scale))
    return {"type": scale.type_name, **fields}


def _structure_scale(data: Any, _: type) -> Scale:
    if not isinstance(data, Mapping):
        raise TypeError(f"a scale is a table with a 'type' key, got {type(data).__name__}")
    fields = dict(data)
    name = fields.pop("type", None)
    cls = _scale_types.get(name) if isinstance(name, str) else None
    if cls is None:
        raise ConversionError(
            f"scale type {name!r} is not known; accepted: {', '.join(sorted(_scale_types))}"
        )
    scale: Scale = converter.structure(fields, cls)
    return scale


def _is_scale(cls: Any) -> bool:
    return cls is Scale


converter.register_unstructure_hook_func(_is_scale, _unstructure_scale)
converter.register_structure_hook_func(_is_scale, _structure_scale)


def _strict(kind: type, accepted: tuple[type, ...], what: str) -> Callable[[Any, type], Any]:
    def structure(value: Any, _: type) -> Any:
        if isinstance(value, accepted) and not (kind is not bool and isinstance(value, bool)):
            return kind(value)
        raise TypeError(f"expected {what}, got {type(value).__name__} {shown(value)}")

    return structure


converter.register_structure_hook(str, _strict(str, (str,), "a string"))
converter.register_structure_hook(bool, _strict(bool, (bool,), "true or false"))
converter.register_structure_hook(int, _strict(int, (int,), "a whole number"))


def _structure_float(value: Any, _: type) -> float:
    """A number as written: an int stays an int (exact past 2**53), as the constructors keep it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    raise TypeError(f"expected a number, got {type(value).__name__} {shown(value)}")


converter.register_structure_hook(float, _structure_float)


def _structure_str_enum(value: Any, cls: type[StrEnum]) -> StrEnum:
    """Str enums (Verdict, Status...) come back as members, not as plain strings."""
    try:
        return cls(value)
    except ValueError:
        accepted = ", ".join(repr(member.value) for member in cls)
        raise ValueError(f"expected one of {accepted}, got {shown(value)}") from None


# Registered for StrEnum itself: it precedes str in every str enum's MRO, so the
# strict str hook above does not turn enum members back into plain strings.
converter.register_structure_hook(StrEnum, _structure_str_enum)


def _is_list_type(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _structure_list(value: Any, cls: Any) -> tuple[Any, ...]:
    """A list is a list: text (``equivalents = "abc"``, ``no_evidence = "unknown"``) is
    refused, never read as a list of its letters; so is a table."""
    if isinstance(value, str | bytes | Mapping):
        kind = "text" if isinstance(value, str | bytes) else "a table"
        raise TypeError(f"expected a list, got {kind} {shown(value)}")
    structured: tuple[Any, ...] = converter._structure_tuple(value, cls)
    return structured


converter.register_structure_hook_func(_is_list_type, _structure_list)


def _is(wanted: Any) -> Callable[[Any], bool]:
    return lambda cls: bool(cls == wanted)


_PICKLIST = tuple[tuple[str, EvidenceValue], ...]


def _structure_picklist(value: Any, _: Any) -> tuple[tuple[str, EvidenceValue], ...]:
    """Picklist translations come as a table (label = value) or as pairs."""
    pairs = value.items() if isinstance(value, Mapping) else value
    if isinstance(pairs, str) or not hasattr(pairs, "__iter__"):
        raise TypeError(f"expected a table of picklist label to value, got {type(value).__name__}")
    result = []
    for pair in pairs:
        label, translated = pair
        if not isinstance(label, str):
            raise TypeError(f"expected picklist labels to be strings, got {shown(label)}")
        result.append((label, _structure_evidence_value(translated, None)))
    return tuple(result)


converter.register_structure_hook_func(_is(_PICKLIST), _structure_picklist)
converter.register_unstructure_hook_func(_is(_PICKLIST), dict)


_OFFSETS = tuple[tuple[str, float], ...]
_SEEN = tuple[tuple[str, int], ...]

#: The types of pairs that files and to_dict write as a table of key = value.
TABLES_OF_PAIRS = (_PICKLIST, _OFFSETS, _SEEN)


def _table_of_pairs(what: str, kind: type) -> Callable[[Any, Any], tuple[tuple[str, Any], ...]]:
    """The structure hook of a table of name = *kind* (or of pairs), *what* saying which."""

    def structure(value: Any, _: Any) -> tuple[tuple[str, Any], ...]:
        pairs = value.items() if isinstance(value, Mapping) else value
        if isinstance(pairs, str) or not hasattr(pairs, "__iter__"):
            raise TypeError(f"expected a table of {what}, got {type(value).__name__}")
        return tuple((converter.structure(k, str), converter.structure(v, kind)) for k, v in pairs)

    return structure


# a probability model's unknown offsets; how often each answer was seen
for _pairs, _what, _kind in ((_OFFSETS, "criterion key to offset", float),
                             (_SEEN, "answer name to count", int)):  # fmt: skip
    converter.register_structure_hook_func(_is(_pairs), _table_of_pairs(_what, _kind))
    converter.register_unstructure_hook_func(_is(_pairs), dict)


def _structure_evidence_value(value: Any, _: Any) -> EvidenceValue:
    if isinstance(value, str | int | float):
        return value
    raise TypeError(f"expected a string, number or true/false, got {type(value).__name__}")


converter.register_structure_hook_func(lambda cls: cls == EvidenceValue, _structure_evidence_value)


def _unstructure_evidence_value(value: EvidenceValue) -> EvidenceValue:
    return value


converter.register_unstructure_hook_func(
    lambda cls: cls == EvidenceValue, _unstructure_evidence_value
)


_THRESHOLDS = (float | Chance, float | Chance | None)


def _structure_threshold(value: Any, _: Any) -> float | Chance | None:
    """``qualified_at``: a score, or a table ``{chance = 0.3}``."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        return converter.structure(value, Chance)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    raise TypeError(
        f"expected a score (a number) or a chance ({{chance = 0.3}}), got"
        f" {type(value).__name__} {shown(value)}"
    )


converter.register_structure_hook_func(lambda cls: cls in _THRESHOLDS, _structure_threshold)


# Fields added later are left out at their defaults: files and data written before they
# existed, and objects that do not use them, keep their shape.
_LATER: dict[type, tuple[str, ...]] = {
    Criterion: ("fresh_for", "requires_vetting", "concept", "unknown_satisfaction", "seen", "of"),
    Framework: ("fresh_for",),
    Boolean: ("yes", "no"),
    Stage: ("requires_vetting",),
    Evidence: ("vetted_by", "vetted_at"),
}
for _owner, _names in _LATER.items():
    converter.register_unstructure_hook(
        _owner,
        make_dict_unstructure_fn(
            _owner,
            converter,
            **{name: override(omit_if_default=True) for name in _names},  # type: ignore[arg-type]
        ),
    )


# A missing question's outlook (what each answer would do) is no data: never written or read.
converter.register_unstructure_hook(
    Missing, make_dict_unstructure_fn(Missing, converter, _outlook=override(omit=True))
)
_missing_in = make_dict_structure_fn(
    Missing, converter, _outlook=override(omit=True), _cattrs_forbid_extra_keys=True
)
converter.register_structure_hook(Missing, _missing_in)


# Stored evaluations are checked to be what the engine can produce (see .stored); the
# usual kind is written and read by hand first (see .restore), the rest by cattrs.
_evaluation_in = checked(
    make_dict_structure_fn(Evaluation, converter, _cattrs_forbid_extra_keys=True)
)
_evaluation_out = make_dict_unstructure_fn(Evaluation, converter)
converter.register_structure_hook(Evaluation, lambda d, cls: restored(d) or _evaluation_in(d, cls))
converter.register_unstructure_hook(Evaluation, lambda e: written(e) or _evaluation_out(e))


def format_problem(exc: BaseException, cls: type | None) -> str:
    """Describe one structuring failure: our own messages as they are, cattrs' otherwise."""
    if isinstance(exc, cattrs.ForbiddenExtraKeysError) and attrs.has(exc.cl):
        accepted = [field.name for field in attrs.fields(exc.cl) if field.init]
        described = []
        for extra in sorted(exc.extra_fields, key=str):
            close = difflib.get_close_matches(str(extra), accepted, n=1, cutoff=0.6)
            described.append(repr(extra) + (f" (did you mean {close[0]!r}?)" if close else ""))
        return f"unknown key {', '.join(described)}; accepted keys: {', '.join(accepted)}"
    if isinstance(exc, QualifyError | TypeError) or str(exc).startswith("expected one of"):
        return str(exc)
    return cattrs.v.format_exception(exc, cls)


def to_dict(obj: Any) -> dict[str, Any]:
    """Turn a qualify object into JSON-safe data.

    :param obj: an Evaluation, a Framework, Evidence, or any other qualify object."""
    if type(obj) is Evaluation and (found := written(obj)) is not None:  # the usual: at once
        return found
    if not attrs.has(type(obj)):
        raise ConversionError(
            "to_dict takes a qualify object such as an Evaluation, Framework or Evidence,"
            f" got {type(obj).__name__}"
        )
    return cast(dict[str, Any], converter.unstructure(obj))


def from_dict(data: Mapping[str, Any], cls: type[T]) -> T:
    """Rebuild a qualify object from :func:`to_dict` output.

    :param data: what :func:`to_dict` gave (or its JSON, parsed).
    :param cls: the class to rebuild: Evaluation, Framework, Evidence...
    :raises ConversionError: listing the path of every bad value.
    """
    if cls is Evaluation and (found := restored(data)) is not None:  # the usual: at once
        return cast(T, found)
    if not attrs.has(cast(type, cls)):
        raise ConversionError(
            "from_dict builds qualify classes such as Evaluation, Framework or Evidence,"
            f" not {getattr(cls, '__name__', cls)!r}"
        )
    try:
        result: T = converter.structure(data, cls)
    except cattrs.BaseValidationError as exc:
        problems = cattrs.transform_error(exc, path="$", format_exception=format_problem)
        raise ConversionError(
            f"cannot build {cls.__name__} from the data: " + "; ".join(problems)
        ) from None
    except (QualifyError, TypeError, ValueError, AttributeError) as exc:
        raise ConversionError(f"cannot build {cls.__name__} from the data: {exc}") from None
    return result
