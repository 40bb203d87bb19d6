"""Framework files: TOML or JSON data in, a validated Framework out, and back.

A file is data, never code: it is parsed with ``tomllib`` or ``json`` and
built through the same cattrs converter as everything else. No name in a file
can make qualify import, open or run anything; scale types are looked up in a
table of registered classes.

A file either defines a whole framework (``title`` and ``criteria``), or
``extends`` a registered one and names only what it changes: the same
arguments :meth:`Framework.customize` takes (``change``, ``drop``, ``add``, and
any top-level field).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs

from .._core.convert import converter, format_problem, to_dict
from .._core.criteria import Criterion, Disqualifier, Stage
from .._core.evidence import NOT_KNOWN
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._core.scales import Scale
from .._plugins.registry import registry
from ..errors import FrameworkError, QualifyError, UnknownFrameworkError
from . import toml as _toml

__all__ = [
    "SUFFIXES",
    "FrameworkFileError",
    "FrameworkFileSpec",
    "build_framework",
    "dump_framework",
    "dumps_framework",
    "is_mapping_only",
    "load_field_map",
    "load_file",
    "load_framework",
    "mapping_of",
    "read_table",
    "registered",
    "structure",
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

    def __reduce__(self) -> tuple[type[FrameworkFileError], tuple[str, tuple[str, ...]]]:
        return (type(self), (self.path, self.problems))


@attrs.frozen(kw_only=True)
class _CriterionChange:
    """New values for some fields of an inherited criterion."""

    key: str | None = None
    label: str | None = None
    question: str | None = None
    scale: Scale | None = None
    weight: float | None = None
    required: bool | None = None
    description: str | None = None


@attrs.frozen(kw_only=True)
class FrameworkFileSpec:
    """Everything a framework file may say; which parts apply depends on ``extends``."""

    name: str
    extends: str | None = None
    title: str | None = None
    version: str | None = None
    description: str | None = None
    qualified_at: float | None = None
    criteria: tuple[Criterion, ...] | None = None
    stages: tuple[Stage, ...] | None = None
    disqualifiers: tuple[Disqualifier, ...] | None = None
    change: dict[str, _CriterionChange] | None = None
    drop: tuple[str, ...] | None = None
    add: tuple[Criterion, ...] | None = None
    no_evidence: tuple[str, ...] | None = None
    mapping: FieldMap | None = None


@attrs.frozen(kw_only=True)
class _MappingFile:
    """A file that holds only a CRM field mapping."""

    mapping: FieldMap


_EXTENDING_ONLY = ("change", "drop", "add")


def _parse(text: str, source: str, suffix: str) -> dict[str, Any]:
    """Parse TOML or JSON text into a table, or raise with the parser's line."""
    try:
        data = json.loads(text) if suffix == ".json" else tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkFileError(source, [f"not valid TOML: {exc}"]) from None
    except json.JSONDecodeError as exc:
        raise FrameworkFileError(
            source, [f"not valid JSON: {exc.msg} (at line {exc.lineno}, column {exc.colno})"]
        ) from None
    if not isinstance(data, dict):
        raise FrameworkFileError(
            source, [f"a framework file holds a table, not a {type(data).__name__}"]
        )
    return data


def structure(data: Mapping[str, Any], source: str) -> FrameworkFileSpec:
    return _structure_as(data, source, FrameworkFileSpec)


def _structure_as(data: Mapping[str, Any], source: str, kind: type[T]) -> T:
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


def build_framework(spec: FrameworkFileSpec, source: str, parent: Framework | None) -> Framework:
    """Turn a structured file into a Framework, given the framework it extends."""
    try:
        if parent is None:
            misplaced = [key for key in _EXTENDING_ONLY if getattr(spec, key) is not None]
            if misplaced:
                raise FrameworkError(
                    f"{', '.join(misplaced)} only apply to a file that extends another"
                    ' framework; add extends = "<name>" or give the whole criteria list'
                )
            missing = [key for key in ("title", "criteria") if getattr(spec, key) is None]
            if missing:
                raise FrameworkError(
                    f"{' and '.join(missing)} required: a file defines a whole framework"
                    ' unless it extends one (extends = "bant")'
                )
            fields = {
                field.name: getattr(spec, field.name)
                for field in attrs.fields(Framework)
                if getattr(spec, field.name, None) is not None
            }
            return Framework(**fields)
        changes = {
            key: {
                f.name: getattr(c, f.name)
                for f in attrs.fields(_CriterionChange)
                if getattr(c, f.name) is not None
            }
            for key, c in (spec.change or {}).items()
        }
        return parent.customize(
            name=spec.name,
            title=spec.title,
            version=spec.version,
            description=spec.description,
            qualified_at=spec.qualified_at,
            criteria=spec.criteria,
            change=changes,
            drop=spec.drop or (),
            add=spec.add or (),
            stages=spec.stages,
            disqualifiers=spec.disqualifiers,
            no_evidence=spec.no_evidence,
        )
    except FrameworkError as exc:
        raise FrameworkFileError(source, [str(exc)]) from None


def _read(path: Path) -> FrameworkFileSpec:
    return structure(read_table(path), str(path))


def read_table(path: Path) -> dict[str, Any]:
    source = str(path)
    suffix = path.suffix.casefold()
    if suffix not in SUFFIXES:
        raise FrameworkFileError(
            source, [f"a framework file ends in .toml or .json, not {suffix or 'nothing'!r}"]
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise FrameworkFileError(source, [f"cannot read the file: {exc.strerror}"]) from None
    except UnicodeDecodeError as exc:
        raise FrameworkFileError(
            source, [f"not UTF-8 text ({exc.reason} at byte {exc.start})"]
        ) from None
    return _parse(text, source, suffix)


def is_mapping_only(table: Mapping[str, Any]) -> bool:
    return set(table) == {"mapping"}


def mapping_of(table: Mapping[str, Any], source: str) -> FieldMap | None:
    """The [mapping] table of a file, structured, with the file's framework as default."""
    if "mapping" not in table:
        return None
    if is_mapping_only(table):
        return _structure_as(table, source, _MappingFile).mapping
    spec = structure(table, source)
    if spec.mapping is not None and spec.mapping.framework is None:
        return attrs.evolve(spec.mapping, framework=spec.name)
    return spec.mapping


def load_file(path: str | os.PathLike[str]) -> tuple[Framework | None, FieldMap | None]:
    """Read whatever a file holds: a framework, a mapping, or both."""
    registry.load()
    file = Path(path)
    table = read_table(file)
    mapping = mapping_of(table, str(file))
    if is_mapping_only(table):
        return None, mapping
    spec = structure(table, str(file))
    parent = registered(spec.extends, str(file)) if spec.extends is not None else None
    return build_framework(spec, str(file), parent), mapping


def load_field_map(path: str | os.PathLike[str]) -> FieldMap:
    """Read a CRM field mapping from the ``[mapping]`` table of a TOML or JSON file.

    The file may hold only the mapping, or a framework with its mapping (whose
    ``framework`` then defaults to that framework's name).

    :raises FrameworkFileError: naming the file and the key path of each problem.
    """
    file = Path(path)
    table = read_table(file)
    found = mapping_of(table, str(file))
    if found is None:
        raise FrameworkFileError(str(file), ["no [mapping] table in the file"])
    return found


def registered(name: str, source: str) -> Framework:
    try:
        return registry.get(name)
    except UnknownFrameworkError as exc:
        raise FrameworkFileError(source, [f"extends: {exc}"]) from None


def load_framework(path: str | os.PathLike[str]) -> Framework:
    """Read a framework from a TOML or JSON file.

    A file that ``extends`` another framework inherits everything it does not
    name; the framework it extends must be registered.

    :raises FrameworkFileError: naming the file and, for each problem, the key
        path inside it (such as ``criteria[2].scale.levels``).
    """
    registry.load()  # plugin scale types must be known before the file is read
    file = Path(path)
    spec = _read(file)
    parent = registered(spec.extends, str(file)) if spec.extends is not None else None
    return build_framework(spec, str(file), parent)


def dumps_framework(framework: Framework, *, format: str = "toml") -> str:  # noqa: A002
    """Return *framework* as the text of a framework file, ``toml`` or ``json``."""
    if not isinstance(framework, Framework):
        raise FrameworkError(f"dump_framework takes a Framework, got {type(framework).__name__}")
    data = to_dict(framework)
    if framework.no_evidence == NOT_KNOWN:  # the default: the file stays short
        del data["no_evidence"]
    if format == "json":
        return (
            json.dumps(
                {k: v for k, v in data.items() if v is not None}, indent=2, ensure_ascii=False
            )
            + "\n"
        )
    if format != "toml":
        raise FrameworkError(f"framework files are 'toml' or 'json', not {format!r}")
    return _toml.dumps(data)


def dump_framework(framework: Framework, path: str | os.PathLike[str]) -> None:
    """Write *framework* to a framework file: JSON for ``.json``, TOML otherwise.

    ``load_framework(path)`` gives back an equal framework.
    """
    target = Path(path)
    text = dumps_framework(
        framework, format="json" if target.suffix.casefold() == ".json" else "toml"
    )
    target.write_text(text, encoding="utf-8")
