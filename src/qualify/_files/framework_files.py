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

import warnings

import os
from datetime import timedelta
from collections.abc import Mapping
from pathlib import Path
from typing import Any, IO, Literal

import attrs

from .._core.logs import logger
from .._core.checks import NAME_SCHEMA, THRESHOLD_SCHEMA
from .._core.convert import to_dict
from .._core.criteria import Criterion, Disqualifier, Stage
from .._core.evidence import NOT_KNOWN
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._core.probability import Chance, Probability
from .._core.scales import Scale
from .._plugins.registry import registry
from ..errors import FrameworkError, UnknownConceptWarning, UnknownFrameworkError
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
from .mapping_files import MappingSpec, is_mapping_only, mapping_of, mapping_table

__all__ = [
    "FrameworkFileSpec",
    "loads_framework",
    "build_framework",
    "dump_framework",
    "dumps_framework",
    "load_file",
    "load_framework",
    "registered",
    "structure",
]


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
    fresh_for: timedelta | None = None
    requires_vetting: bool | None = None
    concept: str | None = None


@attrs.frozen(kw_only=True)
class FrameworkFileSpec:
    """Everything a framework file may say; which parts apply depends on ``extends``."""

    name: str = attrs.field(metadata=NAME_SCHEMA)
    extends: str | None = attrs.field(default=None, metadata=NAME_SCHEMA)
    title: str | None = None
    version: str | None = None
    description: str | None = None
    qualified_at: float | Chance | None = attrs.field(default=None, metadata=THRESHOLD_SCHEMA)
    criteria: tuple[Criterion, ...] | None = None
    stages: tuple[Stage, ...] | None = None
    disqualifiers: tuple[Disqualifier, ...] | None = None
    change: dict[str, _CriterionChange] | None = None
    drop: tuple[str, ...] | None = None
    add: tuple[Criterion, ...] | None = None
    no_evidence: tuple[str, ...] | None = None
    probability: Probability | None = None
    fresh_for: timedelta | None = None
    mapping: MappingSpec | None = None


_EXTENDING_ONLY = ("change", "drop", "add")

log = logger("qualify.files")


def structure(data: Mapping[str, Any], source: str) -> FrameworkFileSpec:
    return structure_as(data, source, FrameworkFileSpec)


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
            probability=spec.probability,
            fresh_for=spec.fresh_for,
        )
    except FrameworkError as exc:
        raise FrameworkFileError(source, [str(exc)]) from None


def _read(path: Path) -> FrameworkFileSpec:
    return structure(read_table(path), str(path))


def load_file(path: str | os.PathLike[str]) -> tuple[Framework | None, FieldMap | None]:
    """Read whatever a file holds: a framework, a mapping, or both."""
    file = file_path(path, "load_framework")
    registry.load()
    table = read_table(file)
    if is_mapping_only(table):
        return None, mapping_of(table, str(file))
    spec = structure(table, str(file))
    mapping = mapping_of(table, str(file), spec.name)
    parent = parent_of(spec, str(file))
    return _concepts_known(build_framework(spec, str(file), parent), file), mapping


def _concepts_known(framework: Framework, file: Path | str) -> Framework:
    """*framework*, having warned of each concept it names that nothing registers (a typo:
    ``compare`` carries no answer to or from such a criterion)."""
    if registry.loading():  # a plugin's own file, read while concepts still register
        return framework
    known = set(registry.concept_names())
    for criterion in framework.criteria:
        if criterion.concept is not None and criterion.concept not in known:
            warnings.warn(
                f"{file}: criterion {criterion.key!r} names the concept {criterion.concept!r},"
                " which nothing registers, so no answer is carried to or from it across"
                f" frameworks; registered concepts: {', '.join(sorted(known)) or 'none'}",
                UnknownConceptWarning,
                stacklevel=3,
            )
    return framework


def registered(name: str, source: str) -> Framework:
    try:
        return registry.get(name)
    except UnknownFrameworkError as exc:
        raise FrameworkFileError(source, [f"extends: {exc}"]) from None


def parent_of(spec: FrameworkFileSpec, source: str) -> Framework | None:
    """The registered framework *spec* extends, or ``None``.

    A complete file (a title and the whole criteria list, no change, drop or add),
    such as one ``dump_framework`` wrote, needs nothing from the framework it
    extends: when that one is not registered, the file stands alone and
    ``extends`` only records where it came from.
    """
    if spec.extends is None:
        return None
    complete = (
        spec.title is not None
        and spec.criteria is not None
        and not any(getattr(spec, key) is not None for key in _EXTENDING_ONLY)
    )
    if complete and spec.extends not in registry.names():
        return None
    return registered(spec.extends, source)


def loads_framework(text: str, *, format: Literal["toml", "json"] = "toml") -> Framework:  # noqa: A002
    """Read a framework from the text of a framework file, ``toml`` (the default) or
    ``json``: a framework kept in a database column, or one :func:`dumps_framework`
    wrote, needs no temporary file. Read as :func:`load_framework` reads a file.

    :param text: the text of a framework file.
    :param format: ``"toml"`` (the default) or ``"json"``.
    :raises FrameworkFileError: naming ``<text>`` and the key path of each problem.
    """
    registry.load()
    table = read_text(text, format)
    if is_mapping_only(table):
        raise FrameworkFileError(
            TEXT, ["the text holds a [mapping] and no framework; read it with loads_field_map"]
        )
    spec = structure(table, TEXT)
    framework = build_framework(spec, TEXT, parent_of(spec, TEXT))
    return _concepts_known(framework, Path(TEXT))


def load_framework(
    path: str | os.PathLike[str] | IO[bytes],
    *,
    format: Literal["toml", "json"] | None = None,  # noqa: A002
) -> Framework:  # noqa: A002
    """Read a framework from a TOML or JSON file.

    A file that ``extends`` another framework inherits everything it does not
    name; the framework it extends must be registered.

    :param path: the file: a path (its suffix, ``.toml`` or ``.json``, says its
        format) or a file opened in binary mode (``open(path, "rb")``,
        :class:`io.BytesIO`). Text is refused: read it with :func:`loads_framework`.
    :param format: ``"toml"`` or ``"json"``, for a file object only; without it, the
        object's name says (``.toml`` or ``.json``).
    :raises FrameworkFileError: naming the file and, for each problem, the key
        path inside it (such as ``criteria[2].scale.levels``).
    """
    registry.load()  # plugin scale types must be known before the file is read
    table, source = read_source(path, "load_framework", format)
    spec = structure(table, source)
    parent = parent_of(spec, source)
    framework = _concepts_known(build_framework(spec, source, parent), source)
    log.info("read framework %s version %s from %s", framework.name, framework.version, source)
    return framework


def dumps_framework(
    framework: Framework,
    *,
    format: Literal["toml", "json"] = "toml",  # noqa: A002
    mapping: FieldMap | None = None,
) -> str:
    """Return *framework* as the text of a framework file, ``toml`` or ``json``; with
    *mapping*, the file carries it as its ``[mapping]`` table, so it reads the same rows.

    :param framework: the framework to write.
    :param format: ``"toml"`` (the default) or ``"json"``.
    :param mapping: a CRM field mapping to carry as the file's ``[mapping]`` table.
    """
    if not isinstance(framework, Framework):
        raise FrameworkError(f"dump_framework takes a Framework, got {type(framework).__name__}")
    if mapping is not None and not isinstance(mapping, FieldMap):
        raise FrameworkError(
            f"mapping= takes a FieldMap to write beside the framework, got {type(mapping).__name__}"
        )
    data = to_dict(framework)
    if framework.no_evidence == NOT_KNOWN:  # the default: the file stays short
        del data["no_evidence"]
    table = {k: v for k, v in data.items() if v is not None}
    if mapping is not None:
        if mapping.framework in (framework.name, framework.extends):  # the file's own
            mapping = attrs.evolve(mapping, framework=None)
        table["mapping"] = mapping_table(mapping)
    return dumps_table(table, format, "framework")


def dump_framework(
    framework: Framework, path: str | os.PathLike[str], *, mapping: FieldMap | None = None
) -> None:
    """Write *framework* to a framework file: JSON for ``.json``, TOML otherwise; with
    *mapping*, as the file's own ``[mapping]`` table.

    ``load_framework(path)`` gives back an equal framework.

    :param framework: the framework to write.
    :param path: the file to write: JSON for a ``.json`` suffix, TOML otherwise.
    :param mapping: a CRM field mapping to write beside it, as the file's ``[mapping]``
        table.
    """
    write_table(path, lambda form: dumps_framework(framework, format=form, mapping=mapping))
