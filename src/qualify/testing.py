"""Helpers for testing plugins: register one for the length of a test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ._plugins.registry import registry

__all__ = ["registered_plugin"]


@contextmanager
def registered_plugin(plugin: object, *, name: str | None = None) -> Iterator[str]:
    """Register *plugin* inside the ``with`` block and unregister it after.

    Yields the name the plugin is registered under::

        with registered_plugin(my_plugin):
            assert "meddic" in qualify.list_frameworks()

    :param plugin: as for :func:`qualify.register_plugin`.
    :param name: as for :func:`qualify.register_plugin`.
    """
    registered = registry.register_plugin(plugin, name=name)
    try:
        yield registered
    finally:
        registry.unregister_plugin(registered)
