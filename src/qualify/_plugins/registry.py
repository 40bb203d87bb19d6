"""Frameworks by name, gathered from plugins on first use.

The registry knows frameworks and the plugins they came from, nothing else.
It loads plugins lazily, once; readers see an immutable snapshot that is
swapped whole when a plugin is registered or unregistered, so evaluating in
one thread while registering in another is safe.
"""

from __future__ import annotations

import threading
import warnings

import attrs
from typing import TYPE_CHECKING

from .._core.logs import logger
from .._core.checks import closest
from .._core.concepts import Concept
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._core.pydantic import on_schema
from ..errors import (
    FrameworkError,
    PluginError,
    PluginLoadWarning,
    QualifyError,
    UnknownFrameworkError,
)

if TYPE_CHECKING:
    from .manager import Plugins

__all__ = [
    "Registry",
    "framework_origin",
    "get_concept",
    "get_field_map",
    "get_framework",
    "list_concepts",
    "list_field_maps",
    "list_frameworks",
    "register_plugin",
    "registry",
    "unregister_plugin",
]


@attrs.frozen
class _Entry:
    item: Framework | FieldMap | Concept
    plugin: str


@attrs.frozen
class _State:
    """What the plugins provide: frameworks and CRM mappings, by name."""

    frameworks: dict[str, _Entry] = attrs.field(factory=dict)
    mappings: dict[str, _Entry] = attrs.field(factory=dict)
    concepts: dict[str, _Entry] = attrs.field(factory=dict)
    # built-in concepts a folder redefined, by name: (the built-in entry, the folder)
    shadowed: dict[str, tuple[_Entry, str]] = attrs.field(factory=dict)

    def copy(self) -> _State:
        return _State(
            dict(self.frameworks), dict(self.mappings), dict(self.concepts), dict(self.shadowed)
        )

    def without(self, plugin: str) -> _State:
        concepts = {k: e for k, e in self.concepts.items() if e.plugin != plugin}
        for name, (entry, by) in self.shadowed.items():
            if by == plugin:  # the folder goes: the built-in definition comes back
                concepts[name] = entry
        return _State(
            {k: e for k, e in self.frameworks.items() if e.plugin != plugin},
            {k: e for k, e in self.mappings.items() if e.plugin != plugin},
            concepts,
            {k: (e, by) for k, (e, by) in self.shadowed.items() if by != plugin},
        )


class Registry:
    """Registered frameworks and CRM mappings by name, and the plugins that provide them."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._made: Plugins | None = None
        self._state: _State | None = None
        self._loading: _State | None = None

    @property
    def _plugins(self) -> Plugins:
        """The plugin manager, made on first use: pluggy (and the entry points it reads)
        is imported when plugins are first loaded, not when qualify is."""
        if self._made is None:
            from .manager import Plugins

            with self._lock:
                if self._made is None:
                    self._made = Plugins()
        return self._made

    def _snapshot(self) -> _State:
        state = self._state
        if state is None:
            with self._lock:
                if self._state is None and self._loading is not None:
                    # A plugin hook asks while the registry loads (say, a file that
                    # extends "bant"): only this thread holds the lock, so it gets
                    # what is registered so far.
                    return self._loading
                if self._state is None:
                    self._loading = _State()
                    try:
                        self._load(self._loading)
                        self._state = self._loading
                    finally:
                        self._loading = None
                state = self._state
        return state

    def _load(self, state: _State) -> None:
        self._plugins.load_builtins()
        failures: list[Exception] = list(self._plugins.load_entry_points())
        self._plugins.load_builtins(_late())
        for name in self._plugins.names():
            try:
                self._add_scales(name)
            except QualifyError as exc:
                self._plugins.unregister(name)
                failures.append(exc)
        for name in self._plugins.names():
            try:
                self._claim(state, name)
            except QualifyError as exc:
                self._plugins.unregister(name)
                failures.append(exc)
        for failure in failures:
            log.warning("%s (skipped)", failure)
            warnings.warn(f"{failure} (skipped)", PluginLoadWarning, stacklevel=2)
        log.info(
            "loaded %d plugins: %d frameworks, %d CRM mappings, %d concepts",
            len(self._plugins.names()),
            len(state.frameworks),
            len(state.mappings),
            len(state.concepts),
        )

    def _add_scales(self, plugin: str) -> None:
        from .._core.convert import register_scale_type  # cattrs: loaded with the plugins

        for scale in self._plugins.scales_of(plugin):
            try:
                register_scale_type(scale)
            except QualifyError as exc:
                raise PluginError(f"plugin {plugin!r}: {exc}") from None

    def _claim(self, state: _State, plugin: str) -> None:
        """Add the frameworks and mappings of *plugin* to *state*, all or none."""
        frameworks = self._plugins.frameworks_of(plugin)
        mappings = self._plugins.field_maps_of(plugin)
        concepts = self._plugins.concepts_of(plugin)
        claimed_frameworks = _claims("framework", frameworks, state.frameworks, plugin)
        claimed_mappings = _claims("mapping", mappings, state.mappings, plugin)
        # a folder of files may redefine a built-in concept: its own definition wins
        builtin = {
            name for name, entry in state.concepts.items() if entry.plugin in _builtin()
        }
        replaced = {c.name for c in concepts if c.name in builtin} if _folder(plugin) else set()
        kept = {k: e for k, e in state.concepts.items() if k not in replaced}
        claimed_concepts = _claims("concept", concepts, kept, plugin)
        for name in replaced:
            state.shadowed[name] = (state.concepts.pop(name), plugin)
        log.debug(
            "plugin %s: frameworks %s, mappings %s, concepts %s",
            plugin,
            ", ".join(claimed_frameworks) or "none",
            ", ".join(claimed_mappings) or "none",
            ", ".join(claimed_concepts) or "none",
        )
        state.frameworks.update(claimed_frameworks)
        state.mappings.update(claimed_mappings)
        state.concepts.update(claimed_concepts)

    def get(self, name: str) -> Framework:
        """Return the framework registered as *name*."""
        entry = self._snapshot().frameworks.get(name) if isinstance(name, str) else None
        if entry is None:
            raise UnknownFrameworkError(_unknown("framework", name, self.names()))
        return entry.item  # type: ignore[return-value]

    def get_mapping(self, name: str) -> FieldMap:
        """Return the CRM mapping registered as *name*."""
        entry = self._snapshot().mappings.get(name) if isinstance(name, str) else None
        if entry is None:
            raise UnknownFrameworkError(_unknown("mapping", name, self.mapping_names()))
        return entry.item  # type: ignore[return-value]

    def get_concept(self, name: str) -> Concept:
        """Return the concept registered as *name*."""
        entry = self._snapshot().concepts.get(name) if isinstance(name, str) else None
        if entry is None:
            raise UnknownFrameworkError(_unknown("concept", name, self.concept_names()))
        return entry.item  # type: ignore[return-value]

    def find_concept(self, name: str) -> Concept | None:
        """The concept registered as *name*, or ``None``."""
        entry = self._snapshot().concepts.get(name)
        return None if entry is None else entry.item  # type: ignore[return-value]

    def token(self) -> object:
        """An object that is replaced whenever what is registered changes: what was worked
        out from the registry stays good while the token is the same object."""
        return self._snapshot()

    def loading(self) -> bool:
        """Whether the plugins are being loaded now (a hook asking sees only some of them)."""
        return self._state is None and self._loading is not None

    def concept_names(self) -> list[str]:
        """The registered concept names, sorted."""
        return sorted(self._snapshot().concepts)

    def names(self) -> list[str]:
        """The registered framework names, sorted."""
        return sorted(self._snapshot().frameworks)

    def mapping_names(self) -> list[str]:
        """The registered mapping names, sorted."""
        return sorted(self._snapshot().mappings)

    def load(self) -> None:
        """Load the plugins now, if they are not loaded yet (scales included)."""
        self._snapshot()

    def origin(self, name: str) -> str:
        """The name of the plugin that provides framework *name*."""
        entry = self._snapshot().frameworks.get(name)
        if entry is None:
            raise UnknownFrameworkError(_unknown("framework", name, self.names()))
        return entry.plugin

    def register_plugin(self, plugin: object, *, name: str | None = None) -> str:
        """Register *plugin* now and add what it provides; raise if any of it fails."""
        with self._lock:
            state = self._snapshot().copy()
            registered = self._plugins.register(plugin, name=name)
            try:
                self._add_scales(registered)
                self._claim(state, registered)
            except QualifyError:
                self._plugins.unregister(registered)
                raise
            self._state = state
        return registered

    def unregister_plugin(self, plugin: object | str) -> str:
        """Remove a plugin, given as the object or its name, and what it provided."""
        with self._lock:
            state = self._snapshot()
            removed = self._plugins.unregister(plugin)
            self._state = state.without(removed)
        return removed


def _folder(plugin: str) -> bool:
    """Whether *plugin* is a folder of files (``register_path``, or the environment's)."""
    return plugin.startswith("path:") or plugin in _late()


def _claims(
    kind: str,
    items: tuple[Framework, ...] | tuple[FieldMap, ...] | tuple[Concept, ...],
    taken: dict[str, _Entry],
    plugin: str,
) -> dict[str, _Entry]:
    claimed: dict[str, _Entry] = {}
    for item in items:
        holder = taken.get(item.name) or claimed.get(item.name)
        if holder is not None:
            raise FrameworkError(
                f"{kind} name {item.name!r} is claimed by both plugin {holder.plugin!r} and"
                f" plugin {plugin!r}; unregister one of them, or rename one {kind}"
            )
        claimed[item.name] = _Entry(item, plugin)
    return claimed


def _unknown(kind: str, name: object, names: list[str]) -> str:
    if not isinstance(name, str):
        return (
            f"a {kind} is given by name or as a qualify object, got {type(name).__name__};"
            f" registered names: {', '.join(names) or 'none'}"
        )
    close = closest(name.casefold(), names)
    hint = f" Did you mean {close!r}?" if close else ""
    return f"no {kind} is registered as {name!r}.{hint} Registered: {', '.join(names) or 'none'}."


log = logger("qualify.plugins")

#: The process-wide registry behind :func:`qualify.evaluate` and friends.
registry = Registry()
# pydantic's schema of a framework names every scale type, a plugin's too
on_schema(registry.load)


def get_framework(name: str) -> Framework:
    """Return the registered framework called *name*.

    :param name: a registered framework's name, such as ``"bant"``.
    :raises UnknownFrameworkError: naming the registered frameworks.
    """
    return registry.get(name)


def list_frameworks() -> list[str]:
    """Return the names of every registered framework, sorted."""
    return registry.names()


def get_field_map(name: str) -> FieldMap:
    """Return the CRM field mapping registered as *name*, such as ``"dynamics365"``.

    :param name: a registered mapping's name.
    :raises UnknownFrameworkError: naming the registered mappings.
    """
    return registry.get_mapping(name)


def list_field_maps() -> list[str]:
    """Return the names of every registered CRM field mapping, sorted."""
    return registry.mapping_names()


def get_concept(name: str) -> Concept:
    """Return the registered concept called *name*, such as ``"budget"``.

    :param name: a registered concept's name.
    :raises UnknownFrameworkError: naming the registered concepts.
    """
    return registry.get_concept(name)


def list_concepts() -> list[str]:
    """Return the names of every registered concept, sorted."""
    return registry.concept_names()


def framework_origin(name: str) -> str:
    """Return the name of the plugin that provides the framework *name*.

    :param name: a registered framework's name.
    """
    return registry.origin(name)


def register_plugin(plugin: object, *, name: str | None = None) -> str:
    """Register a plugin at run time and return the name it is registered under.

    The plugin's frameworks are available at once. Unlike an installed plugin,
    one registered here fails loudly: a hook that raises, returns no
    frameworks, or claims a name that is taken raises
    :class:`~qualify.PluginError` or :class:`~qualify.FrameworkError`, and
    nothing is registered.

    :param plugin: an object (a module or a class instance) with ``@qualify.hookimpl``
        functions.
    :param name: the name to register it under; by default pluggy's own.
    """
    return registry.register_plugin(plugin, name=name)


def unregister_plugin(plugin: object | str) -> str:
    """Unregister a plugin, given as the object or its name, with its frameworks.

    :param plugin: the plugin object, or the name it was registered under.
    """
    return registry.unregister_plugin(plugin)


def _builtin() -> tuple[str, ...]:
    from .manager import BUILTIN_PLUGINS

    return BUILTIN_PLUGINS


def _late() -> tuple[str, ...]:
    from .manager import LATE_PLUGINS

    return LATE_PLUGINS
