"""The plugin manager: a small typed front for pluggy's untyped ``pm.hook``.

Built-in plugins and installed ones go through the same :meth:`Plugins.register`
call. Every way a plugin can fail is turned into a :class:`PluginError` that
names the plugin; the registry decides whether to raise it or warn.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from collections.abc import Iterable

import pluggy

from .. import hookspecs
from .._core.concepts import Concept
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._core.scales import Scale
from ..errors import PluginError

__all__ = [
    "BUILTIN_PLUGINS",
    "DISABLE_ENV",
    "Plugins",
    "disabled_plugins",
]

#: The modules of the built-in frameworks, registered like any other plugin.
BUILTIN_PLUGINS = (
    "qualify.frameworks.concepts",
    "qualify.frameworks.bant",
    "qualify.frameworks.icare",
    "qualify.frameworks.teleprospecting",
    "qualify.frameworks.short_term_lead",
    "qualify.frameworks.meeting_gate",
    "qualify.frameworks.meddic",
    "qualify.frameworks.champ",
    "qualify.frameworks.anum",
    "qualify.frameworks.faint",
    "qualify.frameworks.gpctba",
    "qualify.frameworks.spiced",
    "qualify.frameworks.scotsman",
    "qualify.frameworks.neat",
    "qualify.frameworks.rant",
    "qualify.frameworks.dynamics365",
)

#: Built-in plugins registered after the installed ones, so that they can
#: extend any installed framework: the folders in QUALIFY_FRAMEWORKS_PATH.
LATE_PLUGINS = ("qualify.frameworks.paths",)

#: Comma-separated entry-point names of installed plugins not to load ("*": none).
DISABLE_ENV = "QUALIFY_DISABLE_PLUGINS"


def disabled_plugins() -> frozenset[str]:
    """The entry-point names that :data:`DISABLE_ENV` blocks."""
    raw = os.environ.get(DISABLE_ENV, "")
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


class Plugins:
    """The qualify plugins, registered with pluggy and called one plugin at a time."""

    def __init__(self) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self._pm.add_hookspecs(hookspecs)

    def register(self, plugin: object, name: str | None = None) -> str:
        """Register *plugin* and return the name it is known by."""
        if name is None and getattr(plugin, "__name__", None) is None:
            # pluggy would name an object by its id: name it by its class instead
            kind = type(plugin)
            name = f"{kind.__module__}.{kind.__qualname__}@{id(plugin):x}"
        label = name or getattr(plugin, "__name__", None) or repr(plugin)
        taken = name or getattr(plugin, "__name__", None)
        if taken is not None and self._pm.has_plugin(taken):
            raise PluginError(
                f"plugin {label!r} cannot be registered: a plugin of that name is registered"
                " already; give this one another name, or unregister that one first"
            )
        if self._pm.is_registered(plugin):
            raise PluginError(
                f"plugin {label!r} cannot be registered: it is registered already"
                f" (as {self._pm.get_name(plugin)!r})"
            )
        try:
            registered = self._pm.register(plugin, name=name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginError(f"plugin {label!r} cannot be registered: {exc}") from exc
        if registered is None:
            raise PluginError(f"plugin {label!r} cannot be registered: it is blocked")
        try:
            self._pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self._pm.unregister(plugin)
            raise PluginError(f"plugin {label!r} cannot be registered: {exc}") from exc
        return registered

    def unregister(self, plugin: object | str) -> str:
        """Unregister a plugin given as the object or its name; return its name."""
        found = self._pm.get_plugin(plugin) if isinstance(plugin, str) else plugin
        name = self._pm.get_name(found) if found is not None else None
        if name is None:
            raise PluginError(
                f"plugin {plugin!r} is not registered; registered plugins:"
                f" {', '.join(self.names())}"
            )
        self._pm.unregister(found)
        return name

    def names(self) -> list[str]:
        """The names of the registered plugins, in registration order."""
        return [name for name, _ in self._pm.list_name_plugin()]

    def load_builtins(self, modules: tuple[str, ...] = BUILTIN_PLUGINS) -> None:
        """Import and register built-in plugin modules."""
        for module_name in modules:
            if self._pm.get_plugin(module_name) is None:
                self.register(importlib.import_module(module_name), name=module_name)

    def load_entry_points(self) -> list[PluginError]:
        """Register the installed plugins; return one error per plugin that failed."""
        failures: list[PluginError] = []
        blocked = disabled_plugins()
        for entry_point in importlib.metadata.entry_points(group=hookspecs.PROJECT_NAME):
            name = entry_point.name
            if "*" in blocked or name in blocked or self._pm.get_plugin(name) is not None:
                continue
            try:
                plugin = entry_point.load()
            except (Exception, SystemExit) as exc:  # noqa: BLE001 - a broken plugin must not break the rest
                failures.append(
                    PluginError(
                        f"plugin {name!r} ({entry_point.value}) failed to import:"
                        f" {type(exc).__name__}: {exc}"
                    )
                )
                continue
            try:
                self.register(plugin, name=name)
            except PluginError as exc:
                failures.append(exc)
        return failures

    def frameworks_of(self, name: str) -> tuple[Framework, ...]:
        """Call one plugin's ``qualify_frameworks`` and check what it returns."""
        return tuple(self._call(name, "qualify_frameworks", Framework))  # type: ignore[arg-type]

    def concepts_of(self, name: str) -> tuple[Concept, ...]:
        """Call one plugin's ``qualify_concepts`` and check what it returns."""
        return tuple(self._call(name, "qualify_concepts", Concept))  # type: ignore[arg-type]

    def field_maps_of(self, name: str) -> tuple[FieldMap, ...]:
        """Call one plugin's ``qualify_field_maps`` and check what it returns."""
        return tuple(self._call(name, "qualify_field_maps", FieldMap))  # type: ignore[arg-type]

    def scales_of(self, name: str) -> tuple[type[Scale], ...]:
        """Call one plugin's ``qualify_scales`` and check what it returns."""
        return tuple(self._call(name, "qualify_scales", Scale, classes=True))  # type: ignore[arg-type]

    def _call(self, name: str, hook: str, kind: type, *, classes: bool = False) -> list[object]:
        plugin = self._pm.get_plugin(name)
        caller = getattr(self._pm.hook, hook)
        found: list[object] = []
        for impl in caller.get_hookimpls():
            if impl.plugin is not plugin:
                continue
            try:
                found.extend(_checked(impl.function(), hook, kind, classes=classes))
            except PluginError as exc:
                raise PluginError(f"plugin {name!r}: {exc}") from None
            except (Exception, SystemExit) as exc:  # noqa: BLE001 - isolate what the plugin raised
                raise PluginError(
                    f"plugin {name!r} raised in {hook}: {type(exc).__name__}: {exc}"
                ) from exc
        return found


def _checked(returned: object, hook: str, kind: type, *, classes: bool) -> list[object]:
    """The items a hook returned, if they are all *kind* (or subclasses of it)."""
    wanted = f"{'subclasses of ' if classes else ''}qualify.{kind.__name__}"
    if returned is None:
        return []
    if isinstance(returned, kind) or (classes and isinstance(returned, type)):
        raise PluginError(f"{hook} returned a single item; return an iterable of {wanted}")
    if isinstance(returned, str | bytes) or not isinstance(returned, Iterable):
        raise PluginError(
            f"{hook} must return an iterable of {wanted}, got {type(returned).__name__}"
        )
    items = list(returned)
    for item in items:
        ok = (
            isinstance(item, type) and issubclass(item, kind) if classes else isinstance(item, kind)
        )
        if not ok:
            raise PluginError(f"{hook} must return {wanted}, got a {type(item).__name__}")
    return items
