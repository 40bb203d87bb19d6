"""How core objects show themselves in a notebook, without the core knowing the views.

The views layer registers one HTML renderer per class (:func:`register_html`);
an object's ``_repr_html_`` asks :func:`html_of` for its view. The core never
imports the views: :mod:`qualify` registers them when it is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, TypeVar

__all__ = ["html_of", "register_html"]

T = TypeVar("T")

_renderers: dict[type, Callable[[Any], str]] = {}


def register_html(kind: type[T], render: Callable[[T], str]) -> None:
    """Show instances of *kind* (and its subclasses) in notebooks with *render*."""
    _renderers[kind] = render


def html_of(shown: object) -> str:
    """The registered HTML view of *shown*; its escaped ``repr`` when none is registered."""
    for kind in type(shown).__mro__:
        render = _renderers.get(kind)
        if render is not None:
            return render(shown)
    return f"<pre>{escape(repr(shown))}</pre>"
