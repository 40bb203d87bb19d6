"""Frameworks by name, gathered from plugins on first use.

The registry knows frameworks and the plugins they came from, nothing else.
It loads plugins lazily, once; readers see an immutable snapshot that is
swapped whole when a plugin is registered or unregistered, so evaluating in
one thread while registering in another is safe.
"""

from __future__ import annotations

import difflib
import threading
import warnings

import attrs

from ._convert import register_scale_type
from ._model import Framework
from ._plugins import LATE_PLUGINS, Plugins
from .errors import (
    FrameworkError,
    PluginError,
    PluginLoadWarning,
    QualifyError,
    UnknownFrameworkError,
)

__all__ = [
    "Registry",
    "framework_origin",
    "get_framework",
    "list_frameworks",
    "register_plugin",
    "registry",
    "unregister_plugin",
]


@attrs.frozen
class _Entry:
    framework: Framework
    plugin: str


class Registry:
    """Registered frameworks by name, and the plugins that provide them."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._plugins = Plugins()
        self._entries: dict[str, _Entry] | None = None
        self._loading: dict[str, _Entry] | None = None

    def _snapshot(self) -> dict[str, _Entry]:
        entries = self._entries
        if entries is None:
            with self._lock:
                if self._entries is None and self._loading is not None:
                    # A plugin hook asks while the registry loads (say, a file that
                    # extends "bant"): only this thread holds the lock, so it gets
                    # the frameworks registered so far.
                    return self._loading
                if self._entries is None:
                    self._loading = {}
                    try:
                        self._load(self._loading)
                        self._entries = self._loading
                    finally:
                        self._loading = None
                entries = self._entries
        return entries

    def _load(self, entries: dict[str, _Entry]) -> None:
        self._plugins.load_builtins()
        failures: list[Exception] = list(self._plugins.load_entry_points())
        self._plugins.load_builtins(LATE_PLUGINS)
        for name in self._plugins.names():
            try:
                self._add_scales(name)
            except (PluginError, QualifyError) as exc:
                self._plugins.unregister(name)
                failures.append(exc)
        for name in self._plugins.names():
            try:
                self._claim(entries, name)
            except QualifyError as exc:
                self._plugins.unregister(name)
                failures.append(exc)
        for failure in failures:
            warnings.warn(f"{failure} (skipped)", PluginLoadWarning, stacklevel=2)

    def _add_scales(self, plugin: str) -> None:
        for scale in self._plugins.scales_of(plugin):
            try:
                register_scale_type(scale)
            except QualifyError as exc:
                raise PluginError(f"plugin {plugin!r}: {exc}") from None

    def _claim(self, entries: dict[str, _Entry], plugin: str) -> None:
        """Add the frameworks of *plugin* to *entries*, all or none."""
        frameworks = self._plugins.frameworks_of(plugin)
        claimed: dict[str, _Entry] = {}
        for framework in frameworks:
            holder = entries.get(framework.name) or claimed.get(framework.name)
            if holder is not None:
                raise FrameworkError(
                    f"framework name {framework.name!r} is claimed by both plugin"
                    f" {holder.plugin!r} and plugin {plugin!r}; unregister one of them,"
                    " or rename one framework"
                )
            claimed[framework.name] = _Entry(framework, plugin)
        entries.update(claimed)

    def get(self, name: str) -> Framework:
        """Return the framework registered as *name*."""
        entry = self._snapshot().get(name) if isinstance(name, str) else None
        if entry is None:
            raise UnknownFrameworkError(self._unknown(name))
        return entry.framework

    def _unknown(self, name: object) -> str:
        names = self.names()
        if not isinstance(name, str):
            return (
                f"a framework is given by name or as a qualify.Framework, got"
                f" {type(name).__name__}; registered names: {', '.join(names)}"
            )
        close = difflib.get_close_matches(name.casefold(), names, n=1, cutoff=0.5)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        return f"no framework is registered as {name!r}.{hint} Registered: {', '.join(names)}."

    def names(self) -> list[str]:
        """The registered framework names, sorted."""
        return sorted(self._snapshot())

    def load(self) -> None:
        """Load the plugins now, if they are not loaded yet (scales included)."""
        self._snapshot()

    def origin(self, name: str) -> str:
        """The name of the plugin that provides framework *name*."""
        entry = self._snapshot().get(name)
        if entry is None:
            raise UnknownFrameworkError(self._unknown(name))
        return entry.plugin

    def register_plugin(self, plugin: object, *, name: str | None = None) -> str:
        """Register *plugin* now and add its frameworks; raise if any of it fails."""
        with self._lock:
            entries = dict(self._snapshot())
            registered = self._plugins.register(plugin, name=name)
            try:
                self._add_scales(registered)
                self._claim(entries, registered)
            except QualifyError:
                self._plugins.unregister(registered)
                raise
            self._entries = entries
        return registered

    def unregister_plugin(self, plugin: object | str) -> str:
        """Remove a plugin, given as the object or its name, and its frameworks."""
        with self._lock:
            entries = self._snapshot()
            removed = self._plugins.unregister(plugin)
            self._entries = {key: e for key, e in entries.items() if e.plugin != removed}
        return removed


#: The process-wide registry behind :func:`qualify.evaluate` and friends.
registry = Registry()


def get_framework(name: str) -> Framework:
    """Return the registered framework called *name*.

    :raises UnknownFrameworkError: naming the registered frameworks.
    """
    return registry.get(name)


def list_frameworks() -> list[str]:
    """Return the names of every registered framework, sorted."""
    return registry.names()


def framework_origin(name: str) -> str:
    """Return the name of the plugin that provides the framework *name*."""
    return registry.origin(name)


def register_plugin(plugin: object, *, name: str | None = None) -> str:
    """Register a plugin at run time and return the name it is registered under.

    The plugin's frameworks are available at once. Unlike an installed plugin,
    one registered here fails loudly: a hook that raises, returns no
    frameworks, or claims a name that is taken raises
    :class:`~qualify.PluginError` or :class:`~qualify.FrameworkError`, and
    nothing is registered.
    """
    return registry.register_plugin(plugin, name=name)


def unregister_plugin(plugin: object | str) -> str:
    """Unregister a plugin, given as the object or its name, with its frameworks."""
    return registry.unregister_plugin(plugin)
