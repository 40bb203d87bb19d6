"""The JSON Schema of what a lead may hold for one framework: each criterion's accepted
values, from its scale, for a web form or a request body checked before ``evaluate``.

The schema accepts the canonical forms only, so what it accepts ``evaluate`` accepts
too: level names and aliases as written (``evaluate`` also matches them ignoring
case and spacing), numbers as numbers (``evaluate`` also reads numbers written as
text), ``true`` and ``false``, a word saying nobody knows (asked, and nobody knew),
and ``null`` (not asked yet). A plugin's scale, which qualify cannot describe, takes
any text, number or flag, and says what its scale accepts in words.
"""

from __future__ import annotations

import sys

from typing import Any

from .answers import NOT_KNOWN_ANSWER
from .checks import normalize_label
from .criteria import Criterion, Disqualifier
from .framework import Framework
from .scales import Boolean, Levels, Months, Numbers, Scale

__all__ = ["evidence_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def evidence_schema(framework: Framework) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of evidence for *framework*: an object keyed by
    criterion and disqualifier, each with its label as ``title``, its question as
    ``description``, and the values its scale accepts; no other key (a pair criterion,
    which follows from two others, takes no evidence)."""
    flag = {"type": "boolean", "description": "true rules the lead out"}
    parts: list[tuple[Criterion | Disqualifier, list[dict[str, Any]], str]] = [
        (c, _values(c.scale), "not asked yet") for c in framework.criteria if c.of is None
    ]
    parts += [(d, [flag], "not checked yet") for d in framework.disqualifiers]
    properties: dict[str, Any] = {
        part.key: {
            "title": part.label,
            "description": part.question,
            "anyOf": [
                *values,
                *_nobody_knows(framework, part.key),
                {"type": "null", "description": blank},
            ],
        }
        for part, values, blank in parts
    }
    return {
        "$schema": _DIALECT,
        "title": f"qualify evidence for {framework.name}: what a lead may hold",
        "description": framework.description or framework.title,
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }


def _values(scale: Scale) -> list[dict[str, Any]]:
    """What *scale* accepts beside null, canonical forms only."""
    flags = {"type": "boolean", "description": "true: fully met; false: known not to be met"}
    if isinstance(scale, Levels):
        names = [name for level in scale.levels for name in (level.name, *level.aliases)]
        return [{"type": "string", "enum": names, "description": scale.accepted()}, flags]
    # finite numbers only: a float's infinity passes "type": "number" in Python validators
    finite = {"maximum": sys.float_info.max}
    if isinstance(scale, Months):
        return [{"type": "number", "minimum": 0, **finite, "description": "months from now"}, flags]
    if isinstance(scale, Numbers):
        return [
            {"type": "number", "minimum": -sys.float_info.max, **finite,
             "description": scale.accepted()},
            flags,
        ]  # fmt: skip
    if isinstance(scale, Boolean):
        return [{"type": "boolean"}]
    return [{"type": ["string", "number", "boolean"], "description": scale.accepted()}]


def _nobody_knows(framework: Framework, key: str) -> list[dict[str, Any]]:
    """The framework's words that say nobody knows, as written, that *key* reads so (a
    level named like one is that level's answer instead)."""
    folded = framework.not_known(key)
    words = [word for word in framework.no_evidence if normalize_label(word) in folded]
    if not words:
        return []
    return [{"type": "string", "enum": words, "description": f"asked, and {NOT_KNOWN_ANSWER}"}]
