"""CRM field mapping files: a ``[mapping]`` table in, a :class:`FieldMap` out, and back.

A mapping table either lists its ``fields`` whole, or ``extends`` a registered
mapping (a shipped one such as ``dynamics365``) and names what changes: fields
given replace the parent's field for the same column and criterion or are
added after them, ``drop`` removes the parent's fields for a column, and any
other key replaces the parent's value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, IO, Literal

import attrs

from .._core.convert import to_dict
from .._core.fields import Field
from .._core.mapping import FieldMap
from .._plugins.registry import registry
from ..errors import FrameworkError, UnknownFrameworkError
from .formats import (
    read_source,
    TEXT,
    FrameworkFileError,
    dumps_table,
    file_path,
    read_table,
    read_text,
    structure_as,
    write_table,
)

__all__ = ["MappingSpec", "build_mapping", "dump_field_map", "dumps_field_map", "is_mapping_only", "load_field_map", "loads_field_map", "mapping_of", "mapping_table"]


@attrs.frozen(kw_only=True)
class MappingSpec:
    """Everything a ``[mapping]`` table may say; which parts apply depends on ``extends``."""

    name: str
    extends: str | None = None
    framework: str | None = None
    description: str | None = None
    no_evidence: tuple[str, ...] | None = None
    decimal: str | None = None
    fields: tuple[Field, ...] | None = None
    drop: tuple[str, ...] | None = None


@attrs.frozen(kw_only=True)
class _MappingFile:
    """A file that holds only a CRM field mapping."""

    mapping: MappingSpec


def build_mapping(spec: MappingSpec, source: str, framework: str | None = None) -> FieldMap:
    """Turn a structured ``[mapping]`` table into a FieldMap; *framework* is the default target."""
    try:
        if spec.extends is None:
            if spec.drop is not None:
                raise FrameworkError(
                    'mapping.drop only applies to a mapping that extends another (extends = "...")'
                )
            if spec.fields is None:
                raise FrameworkError(
                    "mapping.fields required: a mapping lists its fields unless it extends"
                    ' a registered one (extends = "dynamics365")'
                )
            return FieldMap(
                name=spec.name,
                fields=spec.fields,
                framework=spec.framework or framework,
                description=spec.description or "",
                no_evidence=spec.no_evidence or (),
                decimal=spec.decimal or ".",
            )
        parent = _registered(spec.extends, source)
        return FieldMap(
            name=spec.name,
            fields=_changed_fields(parent, spec),
            framework=spec.framework or framework or parent.framework,
            description=parent.description if spec.description is None else spec.description,
            no_evidence=parent.no_evidence if spec.no_evidence is None else spec.no_evidence,
            decimal=spec.decimal or parent.decimal,
        )
    except FrameworkError as exc:
        raise FrameworkFileError(source, [f"mapping: {exc}"]) from None


def _registered(name: str, source: str) -> FieldMap:
    try:
        return registry.get_mapping(name)
    except UnknownFrameworkError as exc:
        raise FrameworkFileError(source, [f"mapping.extends: {exc}"]) from None


def _changed_fields(parent: FieldMap, spec: MappingSpec) -> list[Field]:
    columns = [field.column for field in parent.fields]
    for column in spec.drop or ():
        if column not in columns:
            raise FrameworkError(
                f"cannot drop {column!r}: mapping {parent.name!r} reads no such field; its"
                f" fields are {', '.join(dict.fromkeys(columns))}"
            )
    fields = [field for field in parent.fields if field.column not in (spec.drop or ())]
    for new in spec.fields or ():
        same = [
            i
            for i, old in enumerate(fields)
            if (old.column, old.criterion) == (new.column, new.criterion)
        ]
        if same:
            fields[same[0]] = new
        else:
            fields.append(new)
    return fields


def is_mapping_only(table: Mapping[str, Any]) -> bool:
    """Whether a file's table holds a mapping and nothing else."""
    return set(table) == {"mapping"}


def mapping_of(
    table: Mapping[str, Any], source: str, framework: str | None = None
) -> FieldMap | None:
    """The [mapping] table of a file, built; *framework* is the file's own framework, if any."""
    if "mapping" not in table:
        return None
    spec = structure_as({"mapping": table["mapping"]}, source, _MappingFile).mapping
    return build_mapping(spec, source, framework)


def load_field_map(
    path: str | os.PathLike[str] | IO[bytes],
    *,
    format: Literal["toml", "json"] | None = None,  # noqa: A002
) -> FieldMap:  # noqa: A002
    """Read a CRM field mapping from the ``[mapping]`` table of a TOML or JSON file.

    The file may hold only the mapping, or a framework with its mapping (whose
    ``framework`` then defaults to that framework's name). A mapping may
    ``extends`` a registered one and name only what changes.

    :param path: the file: a path (its suffix, ``.toml`` or ``.json``, says its
        format) or a file opened in binary mode. Text is refused: read it with
        :func:`loads_field_map`.
    :param format: ``"toml"`` or ``"json"``, for a file object only; without it, the
        object's name says.
    :raises FrameworkFileError: naming the file and the key path of each problem.
    """
    registry.load()  # the mapping it extends may come from a plugin
    table, source = read_source(path, "load_field_map", format)
    name = table.get("name") if not is_mapping_only(table) else None
    found = mapping_of(table, source, name if isinstance(name, str) else None)
    if found is None:
        raise FrameworkFileError(source, ["no [mapping] table in the file"])
    return found


def loads_field_map(text: str, *, format: Literal["toml", "json"] = "toml") -> FieldMap:  # noqa: A002
    """Read a CRM field mapping from the text of a file, ``toml`` (the default) or
    ``json``, as :func:`load_field_map` reads a file: what :func:`dumps_field_map`
    wrote, or a mapping kept in a database.

    :param text: the text of a mapping file.
    :param format: ``"toml"`` (the default) or ``"json"``.
    :raises FrameworkFileError: naming ``<text>`` and the key path of each problem.
    """
    registry.load()
    table = read_text(text, format)
    name = table.get("name") if not is_mapping_only(table) else None
    found = mapping_of(table, TEXT, name if isinstance(name, str) else None)
    if found is None:
        raise FrameworkFileError(TEXT, ["no [mapping] table in the text"])
    return found


def mapping_table(mapping: FieldMap) -> dict[str, Any]:
    """The mapping as file data, leaving out what a reader assumes anyway."""
    data = to_dict(mapping)
    defaults: dict[str, Any] = {
        "framework": None,
        "description": "",
        "no_evidence": [],
        "decimal": ".",
    }
    table = {key: value for key, value in data.items() if defaults.get(key, object()) != value}
    field_defaults: dict[str, Any] = {
        "values": {},
        "at_least": [],
        "no_evidence": [],
        "separator": None,
        "combine": "best",
    }
    table["fields"] = [
        {key: value for key, value in field.items() if field_defaults.get(key, object()) != value}
        for field in data["fields"]
    ]
    for field in table["fields"]:
        if "at_least" in field:  # [threshold, value] pairs, as a file writes them
            field["at_least"] = [list(pair) for pair in field["at_least"]]
    return table


def dumps_field_map(mapping: FieldMap, *, format: Literal["toml", "json"] = "toml") -> str:  # noqa: A002
    """Return *mapping* as the text of a mapping file (a ``[mapping]`` table), ``toml`` or ``json``.

    :param mapping: the mapping to write.
    :param format: ``"toml"`` (the default) or ``"json"``.
    """
    if not isinstance(mapping, FieldMap):
        raise FrameworkError(f"dump_field_map takes a FieldMap, got {type(mapping).__name__}")
    return dumps_table({"mapping": mapping_table(mapping)}, format, "mapping")


def dump_field_map(mapping: FieldMap, path: str | os.PathLike[str]) -> None:
    """Write *mapping* to a mapping file: JSON for ``.json``, TOML otherwise.

    ``load_field_map(path)`` gives back an equal mapping.

    :param mapping: the mapping to write.
    :param path: the file to write: JSON for a ``.json`` suffix, TOML otherwise.
    """
    write_table(path, lambda form: dumps_field_map(mapping, format=form))
