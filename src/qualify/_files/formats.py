"""The file formats, TOML and JSON: text in, a checked table out, and a table back to text.

A file is data, never code: it is parsed with ``tomllib`` or ``json`` and
structured through the one cattrs converter. Every problem is reported with
the file and the key path inside it.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeAlias, TypeVar

import cattrs

from .._core.convert import converter, format_problem
from ..errors import FrameworkError, QualifyError
from . import toml as _toml

__all__ = [
    "FileFormat",
    "file_path",
    "MAX_BYTES",
    "MAX_DEPTH",
    "SUFFIXES",
    "FrameworkFileError",
    "dumps_table",
    "read_source",
    "read_table",
    "structure_as",
    "write_table",
]

SUFFIXES = (".toml", ".json")

T = TypeVar("T")


class FrameworkFileError(FrameworkError):
    """A framework file cannot be read or does not describe a valid framework.

    ``path`` is the file and ``problems`` lists every problem found, each
    starting with the key path inside the file where it lies.
    """

    def __init__(self, path: str, problems: Iterable[str]) -> None:
        self.path = path
        self.problems = tuple(problems)
        listed = "\n  ".join(self.problems)
        super().__init__(f"{path}: {listed}" if len(self.problems) == 1 else f"{path}:\n  {listed}")

    def errors(self) -> list[dict[str, object]]:
        """Each problem for a program, as :meth:`EvidenceError.errors
        <qualify.EvidenceError.errors>` gives them: ``loc`` (the key path inside the
        file, such as ``["criteria", 2, "scale", "levels"]``; empty for the file as a
        whole), ``msg``, ``type`` and ``file`` (the file, or ``<text>``)."""
        found: list[dict[str, object]] = []
        for problem in self.problems:
            match = _AT.fullmatch(problem)
            loc: list[str | int] = []
            message = problem
            if match and match.group(1) != "(top level)":
                loc = [int(part) if part.isdigit() else part
                       for part in re.findall(r"[^.\[\]]+", match.group(1))]  # fmt: skip
                message = match.group(2)
            elif match:
                message = match.group(2)
            found.append({"loc": loc, "msg": message, "type": "file_error", "file": self.path})
        return found

    def __reduce__(self) -> tuple[type[FrameworkFileError], tuple[str, tuple[str, ...]]]:
        return (type(self), (self.path, self.problems))


# A problem that starts with the key path where it lies: "criteria[1].weight: ...".
_AT = re.compile(r"(?s)(\(top level\)|[A-Za-z_][\w-]*(?:\[\d+\]|\.[A-Za-z_][\w-]*)*): (.*)")


#: The largest framework or mapping file read, in bytes: far above any real one.
MAX_BYTES = 4 * 1024 * 1024

#: How deeply tables and arrays may nest in a file: far deeper than any real one.
MAX_DEPTH = 32


class _Duplicate(ValueError):
    """A JSON object names one key twice."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for key, value in pairs:
        if key in table:
            raise _Duplicate(key)
        table[key] = value
    return table


def _depth(data: object) -> int:
    """How deeply *data* nests, counted without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _dotted_too_deep(text: str) -> bool:
    """Whether a TOML key or table header has more dotted parts than tables may nest.

    Checked on the text, in one pass, before ``tomllib`` reads it: it takes time
    quadratic in the number of parts of a dotted key.
    """
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("["):
            key = stripped.split("]", 1)[0]
        elif "=" in stripped:
            key = stripped.split("=", 1)[0]
        else:
            continue
        if key.count(".") >= MAX_DEPTH:
            return True
    return False


def _parse(text: str, source: str, suffix: str) -> dict[str, Any]:
    """Parse TOML or JSON text into a table, or raise with the parser's line."""
    if suffix != ".json" and _dotted_too_deep(text):
        raise FrameworkFileError(
            source, [f"tables or arrays nest too deeply (at most {MAX_DEPTH} levels)"]
        )
    try:
        if suffix == ".json":
            data = json.loads(text, object_pairs_hook=_unique_keys)
        else:
            data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkFileError(source, [f"not valid TOML: {exc}"]) from None
    except json.JSONDecodeError as exc:
        raise FrameworkFileError(
            source, [f"not valid JSON: {exc.msg} (at line {exc.lineno}, column {exc.colno})"]
        ) from None
    except _Duplicate as exc:
        raise FrameworkFileError(
            source,
            [f"the key {exc.args[0]!r} is given twice in one object; give each key once"],
        ) from None
    except RecursionError:
        raise FrameworkFileError(
            source, [f"tables or arrays nest too deeply (at most {MAX_DEPTH} levels)"]
        ) from None
    if _depth(data) > MAX_DEPTH:
        raise FrameworkFileError(
            source, [f"tables or arrays nest too deeply (at most {MAX_DEPTH} levels)"]
        )
    if not isinstance(data, dict):
        raise FrameworkFileError(
            source, [f"a framework file holds a table, not a {type(data).__name__}"]
        )
    return data


def structure_as(data: Mapping[str, Any], source: str, kind: type[T]) -> T:
    try:
        spec: T = converter.structure(data, kind)
    except cattrs.BaseValidationError as exc:
        problems = cattrs.transform_error(exc, path="$", format_exception=format_problem)
        raise FrameworkFileError(source, [_readable(p) for p in problems]) from None
    except QualifyError as exc:
        raise FrameworkFileError(source, [str(exc)]) from None
    return spec


def _readable(problem: str) -> str:
    """'expected a number @ $.criteria[1].weight' -> 'criteria[1].weight: expected a number'."""
    match = re.fullmatch(r"(?s)(.*) @ \$\.?(.*)", problem)
    if not match:
        return problem
    message, where = match.groups()
    return f"{where or '(top level)'}: {message}"


def read_table(path: Path) -> dict[str, Any]:
    source = str(path)
    suffix = path.suffix.casefold()
    if suffix not in SUFFIXES:
        raise FrameworkFileError(
            source, [f"a framework file ends in .toml or .json, not {suffix or 'nothing'!r}"]
        )
    try:
        if path.exists() and not path.is_file():  # a folder, a pipe, a device: never opened
            raise FrameworkFileError(source, ["not a regular file"])
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise FrameworkFileError(
                source, [f"larger than {MAX_BYTES // (1024 * 1024)} MiB, the most a file may hold"]
            )
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        raise FrameworkFileError(source, [f"cannot read the file: {exc.strerror}"]) from None
    except UnicodeDecodeError as exc:
        raise FrameworkFileError(
            source, [f"not UTF-8 text ({exc.reason} at byte {exc.start})"]
        ) from None
    return _parse(text, source, suffix)


#: What a text read with ``loads_*`` is called in messages, in place of a file name.
TEXT = "<text>"


def file_path(path: object, loader: str) -> Path:
    """*path* as a :class:`~pathlib.Path` for *loader* (``load_framework``...); the text of
    a file passed for a path is refused, naming the ``loads_*`` function that reads it.

    :raises FrameworkFileError: for text (it holds a line break, or starts as a TOML
        table or a JSON object does), or for something that is not a path at all.
    """
    if isinstance(path, str) and ("\n" in path or path.lstrip().startswith(("[", "{"))):
        raise FrameworkFileError(
            TEXT,
            [f"{loader} takes the path of a file, and this is the text of one; read text with"
             f" {loader.replace('load_', 'loads_', 1)}(text)"],
        )  # fmt: skip
    if not isinstance(path, str | os.PathLike):
        raise FrameworkFileError(
            TEXT, [f"{loader} takes a path (str or pathlib.Path), got {type(path).__name__}"]
        )
    return Path(path)


#: The formats of framework, mapping and agreement files.
FileFormat: TypeAlias = Literal["toml", "json"]


def read_source(source: object, loader: str, format: object = None) -> tuple[dict[str, Any], str]:  # noqa: A002
    """The table a path or a binary file holds, and the name messages give it.

    A path's suffix says its format, and *format* must then be left out; a file
    object's format is *format*, else its name's suffix (``.toml`` or ``.json``).
    """
    if not hasattr(source, "read"):
        if format is not None:
            raise FrameworkFileError(
                str(source), [f"{loader} takes format= with a file object only; a path's"
                              " suffix (.toml or .json) says its format"],
            )  # fmt: skip
        file = file_path(source, loader)
        return read_table(file), str(file)
    name = getattr(source, "name", None)
    where = name if isinstance(name, str) and name else "<file>"
    if format is None:
        suffix = Path(where).suffix.casefold() if where != "<file>" else ""
        if suffix not in SUFFIXES:
            raise FrameworkFileError(
                where, [f"{loader} cannot tell the format of this file object by its name;"
                        " give format='toml' or format='json'"],
            )  # fmt: skip
        format = suffix[1:]  # noqa: A001
    if format not in ("toml", "json"):
        raise FrameworkFileError(where, [f"format must be 'toml' or 'json', got {format!r}"])
    try:
        raw = source.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FrameworkFileError(where, [f"cannot read the file: {exc.strerror}"]) from None
    if isinstance(raw, str):
        raise FrameworkFileError(
            where, [f"{loader} reads a file opened in binary mode: open(path, 'rb'), as"
                    f" tomllib.load takes it; or pass the text to {loader.replace('load_', 'loads_', 1)}"],
        )  # fmt: skip
    if not isinstance(raw, bytes | bytearray):
        raise FrameworkFileError(
            where, [f"reading the file object gave {type(raw).__name__}, not bytes"]
        )
    if len(raw) > MAX_BYTES:
        raise FrameworkFileError(
            where, [f"larger than {MAX_BYTES // (1024 * 1024)} MiB, the most a file may hold"]
        )
    try:
        text = bytes(raw).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrameworkFileError(
            where, [f"not UTF-8 text ({exc.reason} at byte {exc.start})"]
        ) from None
    return _parse(text, where, f".{format}"), where


def read_text(text: object, format: object) -> dict[str, Any]:  # noqa: A002
    """Parse *text* as the ``toml`` or ``json`` of a file, as :func:`read_table` would."""
    if format not in ("toml", "json"):
        raise FrameworkFileError(TEXT, [f"format must be 'toml' or 'json', got {format!r}"])
    if not isinstance(text, str):
        raise FrameworkFileError(
            TEXT, [f"the text of a file must be a str (decode bytes first), got {type(text).__name__}"]
        )
    if len(text) > MAX_BYTES:
        raise FrameworkFileError(
            TEXT, [f"larger than {MAX_BYTES // (1024 * 1024)} MiB, the most a file may hold"]
        )
    return _parse(text.removeprefix("\ufeff"), TEXT, f".{format}")


def dumps_table(data: Mapping[str, Any], format: str, what: str) -> str:  # noqa: A002
    """*data* as the text of a ``toml`` or ``json`` file of *what* (for error messages)."""
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format != "toml":
        raise FrameworkError(f"{what} files are 'toml' or 'json', not {format!r}")
    return _toml.dumps(data)


def write_table(path: str | os.PathLike[str], text_in: Callable[[FileFormat], str]) -> None:
    """Write the text *text_in* gives for the format *path* names: JSON for ``.json``, else TOML."""
    target = Path(path)
    target.write_text(
        text_in("json" if target.suffix.casefold() == ".json" else "toml"), encoding="utf-8"
    )
