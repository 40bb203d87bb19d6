"""How core objects show themselves in a notebook, without the core knowing the views.

The views layer registers one HTML renderer per class (:func:`register_html`);
an object's ``_repr_html_`` asks :func:`html_of` for its view. The core never
imports the views: :mod:`qualify` hands it a loader (:func:`register_later`) that
registers them when the first view is asked for, so importing qualify stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, TypeVar

__all__ = ["html_of", "register_html", "register_later"]

T = TypeVar("T")

_renderers: dict[type, Callable[[Any], str]] = {}
_loaders: list[Callable[[], None]] = []


def register_later(loader: Callable[[], None]) -> None:
    """Call *loader* (which registers views) before the first view is rendered."""
    _loaders.append(loader)


def register_html(kind: type[T], render: Callable[[T], str]) -> None:
    """Show instances of *kind* (and its subclasses) in notebooks with *render*."""
    _renderers[kind] = render


def html_of(shown: object) -> str:
    """The registered HTML view of *shown*; its escaped ``repr`` when none is registered."""
    while _loaders:
        _loaders.pop(0)()
    for kind in type(shown).__mro__:
        render = _renderers.get(kind)
        if render is not None:
            return render(shown)
    return f"<pre>{escape(repr(shown))}</pre>"
