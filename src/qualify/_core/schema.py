"""JSON Schema for what ``to_dict`` writes: derived from the attrs classes themselves.

The schema follows the converter: text for datetimes (ISO 8601) and durations
(``"P90D"``), an enum's value for an enum, a scale as a table tagged with its
``type`` (every registered scale type, a plugin's included), and the fields
``to_dict`` leaves out at their defaults as optional. Written once from the
types, it cannot drift from them.
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from ..errors import QualifyError
from .checks import SCHEMA
from .convert import TABLES_OF_PAIRS, scale_types
from .scales import EvidenceValue, Scale

__all__ = ["DIALECT", "schema_of"]

#: The JSON Schema dialect written.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

_VALUE = {"type": ["string", "number", "boolean"]}


def schema_of(cls: type, title: str | None = None) -> dict[str, Any]:
    """The JSON Schema of ``to_dict(obj)`` for an instance of the attrs class *cls*."""
    if not attrs.has(cls):
        raise QualifyError(
            f"json_schema describes qualify classes, got {getattr(cls, '__name__', cls)!r}"
        )
    defs: dict[str, Any] = {}
    root = _object(cls, defs)
    return {
        "$schema": DIALECT,
        "title": title or cls.__name__,
        **root,
        "$defs": defs,
    }


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init or field.name.startswith("_"):  # private: not data
            continue
        properties[field.name] = {
            **_type(hints[field.name], defs),
            **field.metadata.get(SCHEMA, {}),
        }
        if field.default is attrs.NOTHING:
            required.append(field.name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if cls.__doc__:
        schema["description"] = " ".join(cls.__doc__.split("\n\n")[0].split())
    if required:
        schema["required"] = required
    return schema


def _ref(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # placeholder: a class may refer to itself
        defs[name] = _object(cls, defs)
    return {"$ref": f"#/$defs/{name}"}


def _scale(defs: dict[str, Any]) -> dict[str, Any]:
    if "Scale" not in defs:
        options = []
        for name, cls in sorted(scale_types().items()):
            body = _object(cls, defs)
            body["properties"] = {"type": {"const": name}, **body["properties"]}
            body["required"] = ["type", *body.get("required", [])]
            options.append(body)
        defs["Scale"] = {"oneOf": options}
    return {"$ref": "#/$defs/Scale"}


def _type(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:  # noqa: PLR0911 - one per kind
    if hint is EvidenceValue:
        return dict(_VALUE)
    if hint in TABLES_OF_PAIRS:  # written as a table of key = value
        return {
            "type": "object",
            "additionalProperties": _type(typing.get_args(hint)[0].__args__[1], defs),
        }
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_type(arg, defs) for arg in typing.get_args(hint)]
        return {"anyOf": options}
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type(args[0], defs)}
        return {"type": "array", "prefixItems": [_type(a, defs) for a in args], "items": False}
    if origin in (dict, typing.Mapping) or hint is dict:
        args = typing.get_args(hint)
        value = _type(args[1], defs) if args else {}
        return {"type": "object", "additionalProperties": value}
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(hint))}
    if hint is type(None):
        return {"type": "null"}
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            return {"enum": [member.value for member in hint]}
        if issubclass(hint, bool):
            return {"type": "boolean"}
        if issubclass(hint, int):
            return {"type": "integer"}
        if issubclass(hint, float):
            return {"type": "number"}
        if issubclass(hint, str):
            return {"type": "string"}
        if issubclass(hint, datetime):
            return {"type": "string", "format": "date-time"}
        if issubclass(hint, date):
            return {"type": "string", "format": "date"}
        if issubclass(hint, timedelta):
            return {"type": "string", "description": "an ISO 8601 duration, such as P90D"}
        if issubclass(hint, Scale):
            return _scale(defs)
        if attrs.has(hint):
            return _ref(hint, defs)
    if hint is object or hint is Any:
        return {}
    raise QualifyError(f"no JSON Schema for the type {hint!r}")
