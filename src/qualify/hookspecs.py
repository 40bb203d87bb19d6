"""The hooks a qualify plugin implements.

A plugin is any module or object with functions marked :data:`hookimpl` whose
names match the specs below. Installed packages announce their plugin in the
``qualify`` entry-point group::

    [project.entry-points.qualify]
    acme = "acme_qualify.plugin"

The built-in frameworks are plugins of exactly this shape, in
``qualify.frameworks``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pluggy

from ._core.concepts import Concept
from ._core.framework import Framework
from ._core.mapping import FieldMap
from ._core.scales import Scale

__all__ = [
    "PROJECT_NAME",
    "hookimpl",
    "hookspec",
    "qualify_concepts",
    "qualify_field_maps",
    "qualify_frameworks",
    "qualify_scales",
]

#: The pluggy project name; also the entry-point group plugins are found in.
PROJECT_NAME = "qualify"

#: Marks the hook specifications below.
hookspec = pluggy.HookspecMarker(PROJECT_NAME)

#: Marks a plugin's hook implementations: ``@qualify.hookimpl``.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def qualify_frameworks() -> Iterable[Framework]:
    """Return the frameworks this plugin provides.

    Called once per plugin when the registry first loads, and once more when a
    plugin is registered at run time. Every name must be unique across all
    plugins; a plugin that raises, returns something other than
    :class:`~qualify.Framework` objects, or claims a name another plugin
    already has is skipped with a :class:`~qualify.PluginLoadWarning`.

    :returns: the plugin's frameworks, in any iterable.
    """
    raise NotImplementedError  # pragma: no cover - a specification, never called


@hookspec
def qualify_scales() -> Iterable[type[Scale]]:
    """Return scale classes this plugin adds, so framework files can name them.

    Each class subclasses :class:`~qualify.Scale`, is an attrs class, and sets
    a ``type_name`` no other scale uses; a file then declares
    ``scale = { type = "<type_name>", ... }`` with the class's fields. Scales
    are collected before any framework, so a plugin's files and frameworks
    can use its own scales.

    :returns: the plugin's scale classes, in any iterable.
    """
    raise NotImplementedError  # pragma: no cover - a specification, never called


@hookspec
def qualify_field_maps() -> Iterable[FieldMap]:
    """Return CRM field mappings this plugin provides, usable by name.

    ``qualify.evaluate(row, "bant", mapping="<name>")`` then reads a raw CRM
    row through the mapping. Names must be unique across plugins, as for
    frameworks.

    :returns: the plugin's :class:`~qualify.FieldMap` objects, in any iterable.
    """
    raise NotImplementedError  # pragma: no cover - a specification, never called


@hookspec
def qualify_concepts() -> Iterable[Concept]:
    """Return the concepts this plugin defines: shared ideas criteria measure.

    A criterion names one with ``concept = "<name>"``; :func:`qualify.compare`
    then carries an answer to every criterion of that concept, through the
    concept's ``equivalents`` where scales differ. Names must be unique across
    plugins, as for frameworks.

    :returns: the plugin's :class:`~qualify.Concept` objects, in any iterable.
    """
    raise NotImplementedError  # pragma: no cover - a specification, never called
