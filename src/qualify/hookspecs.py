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

from ._model import Framework

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec", "qualify_frameworks"]

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
