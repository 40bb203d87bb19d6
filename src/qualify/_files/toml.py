"""A small TOML writer for the data qualify writes: tables, arrays of tables, scalars.

The standard library reads TOML (``tomllib``) but does not write it, and the
core depends on attrs, cattrs and pluggy only, so the few shapes qualify needs
are written here: nested tables become ``[a.b]`` headers, lists of tables
``[[a.b]]`` headers, and ``None`` values are left out (TOML has no null).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ..errors import QualifyError

__all__ = ["dumps"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))  # an int subclass (numpy's) is written as the number it is
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(float(value))  # numpy's float64 would write np.float64(...)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(
            f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items() if v is not None
        )
        return "{ " + inner + " }" if inner else "{}"
    raise QualifyError(f"cannot write {type(value).__name__} to TOML")


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _is_small(value: dict[str, Any]) -> bool:
    """A table of one plain value (``qualified_at = { chance = 0.3 }``) or of counts
    (``seen = { assumed = 120, validated = 40 }``) is written inline, on one line."""
    if len(value) <= 1:
        return all(isinstance(v, bool | int | float | str) for v in value.values())
    return all(isinstance(v, int) and not isinstance(v, bool) for v in value.values())


def _toml_table(table: Mapping[str, Any], prefix: str, lines: list[str]) -> None:
    nested = []
    for key, value in table.items():
        if value is None:
            continue
        if isinstance(value, dict) and not _is_small(value) or _is_table_array(value):
            nested.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in nested:
        path = f"{prefix}.{_toml_key(key)}" if prefix else _toml_key(key)
        if isinstance(value, dict):
            lines.extend(["", f"[{path}]"])
            _toml_table(value, path, lines)
        else:
            for item in value:
                lines.extend(["", f"[[{path}]]"])
                _toml_table(item, path, lines)


def dumps(table: Mapping[str, Any]) -> str:
    """Return *table* as TOML text."""
    lines: list[str] = []
    _toml_table(table, "", lines)
    return "\n".join(lines).lstrip("\n") + "\n"
