"""Folders of framework files: read together, registered as one plugin each.

Files in a folder may extend each other as well as any registered framework.
``register_path`` registers a folder at run time; the built-in plugin
``qualify.frameworks.paths`` registers the folders in ``QUALIFY_FRAMEWORKS_PATH``.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from .._core.concepts import Concept
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._plugins.registry import registry
from ..errors import PluginLoadWarning, QualifyError
from ..hookspecs import hookimpl
from .concept_files import CONCEPTS, concepts_of
from .formats import SUFFIXES, FrameworkFileError, read_table
from .framework_files import FrameworkFileSpec, build_framework, parent_of, structure
from .mapping_files import is_mapping_only, mapping_of

__all__ = [
    "FRAMEWORKS_PATH_ENV",
    "FrameworkFolder",
    "concepts_from_environment",
    "frameworks_from_environment",
    "load_folder",
    "load_folder_concepts",
    "load_folder_mappings",
    "register_path",
]

#: Folders of framework files to register, separated by os.pathsep.
FRAMEWORKS_PATH_ENV = "QUALIFY_FRAMEWORKS_PATH"


def _read_folder(
    root: Path,
) -> tuple[dict[str, tuple[FrameworkFileSpec, str]], list[FieldMap], list[str], list[Concept]]:
    """Every framework spec, mapping and concept in the folder's files, and every problem."""
    if not root.is_dir():
        raise FrameworkFileError(str(root), ["not a folder of framework files"])
    specs: dict[str, tuple[FrameworkFileSpec, str]] = {}
    mappings: list[FieldMap] = []
    concepts: list[Concept] = []
    problems: list[str] = []
    for path in sorted(p for p in root.iterdir() if p.suffix.casefold() in SUFFIXES):
        try:
            table = read_table(path)
            concepts.extend(concepts_of(table, str(path)))
            if CONCEPTS in table:
                table = {key: value for key, value in table.items() if key != CONCEPTS}
                if not table:  # a file of concepts only
                    continue
            spec = None if is_mapping_only(table) else structure(table, str(path))
            mapping = mapping_of(table, str(path), None if spec is None else spec.name)
        except FrameworkFileError as exc:
            problems.extend(f"{exc.path}: {problem}" for problem in exc.problems)
            continue
        if mapping is not None:
            mappings.append(mapping)
        if spec is None:
            continue
        if spec.name in specs:
            problems.append(f"{path}: name {spec.name!r} is also used by {specs[spec.name][1]}")
            continue
        specs[spec.name] = (spec, str(path))
    return specs, mappings, problems, concepts


def load_folder(folder: str | os.PathLike[str]) -> list[Framework]:
    """Read every .toml and .json framework file in *folder*; files may extend each other.

    :raises FrameworkFileError: listing every problem in every file.
    """
    root = Path(folder)
    built, problems = _load_folder(root)
    if problems:
        raise FrameworkFileError(str(root), problems)
    return [framework for framework, _ in built]


def _load_folder(root: Path) -> tuple[list[tuple[Framework, str]], list[str]]:
    """The frameworks *root*'s files define, each with its file, and every problem found."""
    specs, _, problems, _ = _read_folder(root)
    built: dict[str, Framework] = {}

    def build(name: str, chain: tuple[str, ...]) -> Framework:
        if name in built:
            return built[name]
        spec, source = specs[name]
        parent = None
        if spec.extends is not None:
            if spec.extends in chain or spec.extends == name:
                cycle = " -> ".join((*chain, name, spec.extends))
                raise FrameworkFileError(source, [f"extends: a cycle of frameworks: {cycle}"])
            parent = (
                build(spec.extends, (*chain, name))
                if spec.extends in specs
                else parent_of(spec, source)
            )
        built[name] = build_framework(spec, source, parent)
        return built[name]

    for name in specs:
        try:
            build(name, ())
        except FrameworkFileError as exc:
            found = [f"{exc.path}: {problem}" for problem in exc.problems]
            problems.extend(p for p in found if p not in problems)
    return [(built[name], specs[name][1]) for name in specs if name in built], problems


def load_folder_mappings(folder: str | os.PathLike[str]) -> list[FieldMap]:
    """The CRM field mappings in *folder*'s files.

    :raises FrameworkFileError: listing every problem in the folder's files.
    """
    root = Path(folder)
    _, mappings, problems, _ = _read_folder(root)
    if problems:
        raise FrameworkFileError(str(root), problems)
    return mappings


def load_folder_concepts(folder: str | os.PathLike[str]) -> list[Concept]:
    """The concepts in *folder*'s files (``[[concepts]]`` arrays).

    :raises FrameworkFileError: listing every problem in the folder's files.
    """
    root = Path(folder)
    _, _, problems, concepts = _read_folder(root)
    if problems:
        raise FrameworkFileError(str(root), problems)
    return concepts


class FrameworkFolder:
    """A plugin that provides the frameworks and mappings in one folder of files.

    The folder is read when the plugin is made, so a problem surfaces as a
    :class:`FrameworkFileError` right there, listing every bad file.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self._frameworks = load_folder(self.folder)
        self._mappings = load_folder_mappings(self.folder)
        self._concepts = load_folder_concepts(self.folder)

    def __repr__(self) -> str:
        return f"FrameworkFolder({str(self.folder)!r})"

    @hookimpl
    def qualify_frameworks(self) -> list[Framework]:
        """The folder's frameworks."""
        return list(self._frameworks)

    @hookimpl
    def qualify_field_maps(self) -> list[FieldMap]:
        """The folder's CRM field mappings."""
        return list(self._mappings)

    @hookimpl
    def qualify_concepts(self) -> list[Concept]:
        """The folder's concepts; one named like a built-in concept replaces it."""
        return list(self._concepts)


def register_path(folder: str | os.PathLike[str]) -> str:
    """Register every framework file in *folder* (``.toml``, ``.json``) as one plugin.

    Files in the folder may extend each other or any registered framework.
    Returns the plugin name, ``path:<folder>``, for
    :func:`~qualify.unregister_plugin`.

    :param folder: a folder of framework files.
    :raises FrameworkFileError: listing every problem in every file; nothing
        from the folder is registered then.
    """
    registry.load()
    plugin = FrameworkFolder(folder)
    return registry.register_plugin(plugin, name=f"path:{plugin.folder}")


def frameworks_from_environment() -> list[Framework]:
    """The frameworks in the folders :data:`FRAMEWORKS_PATH_ENV` names.

    Each file with a problem (or a file that is not a regular file, such as a
    pipe) is skipped with a :class:`~qualify.PluginLoadWarning` naming it; the
    other files and folders still load.
    """
    found: dict[str, tuple[Framework, str]] = {}
    taken = set(registry.names())  # the frameworks of every plugin loaded before this one
    for entry in os.environ.get(FRAMEWORKS_PATH_ENV, "").split(os.pathsep):
        if not entry.strip():
            continue
        try:
            frameworks, problems = _load_folder(Path(entry))
        except QualifyError as exc:
            frameworks, problems = [], [str(exc)]
        for framework, source in frameworks:
            name = framework.name
            if name in found or name in taken:
                holder = found[name][1] if name in found else f"plugin {registry.origin(name)}"
                problems.append(f"{source}: framework name {name!r} is taken by {holder}")
                continue
            found[name] = (framework, source)
        for problem in problems:
            warnings.warn(
                f"{FRAMEWORKS_PATH_ENV}: skipped {problem}", PluginLoadWarning, stacklevel=2
            )
    return [framework for framework, _ in found.values()]


def concepts_from_environment() -> list[Concept]:
    """The concepts in the files of the folders :data:`FRAMEWORKS_PATH_ENV` names.

    A file whose concepts have a problem is skipped with a
    :class:`~qualify.PluginLoadWarning`; its other problems are the framework
    loader's to report.
    """
    found: list[Concept] = []
    for entry in os.environ.get(FRAMEWORKS_PATH_ENV, "").split(os.pathsep):
        root = Path(entry)
        if not entry.strip() or not root.is_dir():
            continue
        for path in sorted(p for p in root.iterdir() if p.suffix.casefold() in SUFFIXES):
            try:
                found.extend(concepts_of(read_table(path), str(path)))
            except FrameworkFileError as exc:
                if any(CONCEPTS in problem for problem in exc.problems):
                    warnings.warn(
                        f"{FRAMEWORKS_PATH_ENV}: skipped the concepts of {exc}",
                        PluginLoadWarning,
                        stacklevel=2,
                    )
    return found
