"""Pydantic support, without importing pydantic: qualify's results as fields of a model.

:func:`support` gives a class the two hooks pydantic looks for on a type it
does not know (``__get_pydantic_core_schema__`` and
``__get_pydantic_json_schema__``); this module gives them to the results and
frameworks, so ``pydantic.TypeAdapter(Evaluation)`` and a FastAPI response model
holding an ``Evaluation`` work:

- validating takes an instance as it is, or the mapping :func:`~qualify.to_dict`
  writes (what arrives as JSON), rebuilt by :func:`~qualify.from_dict`;
- serialising writes :func:`~qualify.to_dict`'s JSON-safe mapping, in Python
  mode and JSON mode alike, so a dumped model validates back to an equal one;
- the JSON Schema is :func:`qualify.json_schema`'s, with its ``$defs`` written
  in place so that it sits inside any model's schema.

``pydantic_core`` is imported only when pydantic itself asks, so it is never a
dependency.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import QualifyError
from .comparison import Comparison
from .evidence import Evidence
from .framework import Framework
from .handoff import Handoff
from .results import Evaluation

__all__ = ["SUPPORTED", "inline_defs", "on_schema", "support"]

#: Run before a schema is written; :mod:`qualify` registers the plugin loader
#: here, so that a plugin's scale types are in the schema (the core cannot load plugins).
_before_schema: list[Callable[[], object]] = []


def on_schema(prepare: Callable[[], object]) -> None:
    """Call *prepare* before pydantic is given a JSON Schema (for loading plugins)."""
    if prepare not in _before_schema:
        _before_schema.append(prepare)


def _core_schema(cls: type, source: Any, handler: Any) -> Any:
    """The pydantic-core schema: validate from an instance or its ``to_dict`` mapping."""
    from pydantic_core import core_schema  # only ever called by pydantic itself

    from .convert import from_dict, to_dict  # cattrs, loaded when pydantic first asks

    def validate(value: object) -> object:
        if isinstance(value, cls):
            return value
        if isinstance(value, Mapping):
            try:
                return from_dict(value, cls)
            except QualifyError as exc:  # pydantic reports a ValueError as a validation error
                raise ValueError(str(exc)) from None
        raise ValueError(
            f"expected an instance of {cls.__name__} or the mapping to_dict writes for one,"
            f" got {type(value).__name__}"
        )

    return core_schema.no_info_plain_validator_function(
        validate,
        serialization=core_schema.plain_serializer_function_ser_schema(to_dict),
    )


def _json_schema(cls: type, schema: Any, handler: Any) -> dict[str, Any]:
    """The JSON Schema of ``to_dict``'s mapping, self-contained (no ``$ref``)."""
    from .schema import schema_of  # loaded when pydantic first asks

    for prepare in _before_schema:
        prepare()
    written = schema_of(cls)
    del written["$schema"]  # the dialect belongs to the document, not to a field
    return inline_defs(written)


def support(*classes: type) -> None:
    """Give each of *classes* the two hooks pydantic looks for on a type it does not know."""
    for cls in classes:
        setattr(cls, "__get_pydantic_core_schema__", classmethod(_core_schema))
        setattr(cls, "__get_pydantic_json_schema__", classmethod(_json_schema))


def inline_defs(schema: dict[str, Any]) -> dict[str, Any]:
    """*schema* with every ``{"$ref": "#/$defs/X"}`` replaced by X itself, and no ``$defs``.

    :raises QualifyError: if a definition refers to itself, which cannot be written in place.
    """
    defs: dict[str, Any] = schema.get("$defs", {})

    def walk(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            if name in seen:
                raise QualifyError(f"the schema of {name} refers to itself; it cannot be inlined")
            return walk(copy.deepcopy(defs[name]), (*seen, name))
        return {key: walk(value, seen) for key, value in node.items() if key != "$defs"}

    inlined: dict[str, Any] = walk(schema, ())
    return inlined


#: The classes pydantic can take as field types.
SUPPORTED: tuple[type, ...] = (Evaluation, Framework, Comparison, Handoff, Evidence)
support(*SUPPORTED)
