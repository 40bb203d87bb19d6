"""Pieces the views share: verdict colours, a verdict badge, a bar, a framework's labels."""

from __future__ import annotations

from html import escape

from .._core.framework import Framework
from .._core.results import Verdict
from .._plugins.registry import registry
from ..errors import QualifyError

__all__ = ["VERDICT_COLOURS", "badge", "bar", "labels_of"]

VERDICT_COLOURS = {
    Verdict.QUALIFIED: "#1a7f37",
    Verdict.NURTURE: "#9a6700",
    Verdict.UNQUALIFIED: "#6e7781",
    Verdict.DISQUALIFIED: "#cf222e",
}


def badge(verdict: Verdict) -> str:
    """A coloured label for a verdict."""
    colour = VERDICT_COLOURS[verdict]
    return (
        f'<span style="background:{colour};color:white;border-radius:4px;'
        f'padding:1px 6px">{escape(verdict.value)}</span>'
    )


def bar(fraction: float, colour: str, width: int = 120) -> str:
    """A horizontal bar, *fraction* (0 to 1) of it filled."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return (
        f'<div style="width:{width}px;height:10px;background:#eaeef2;border-radius:2px">'
        f'<div style="width:{filled}px;height:10px;background:{colour};border-radius:2px">'
        "</div></div>"
    )


def labels_of(name: str, framework: object = None) -> dict[str, str]:
    """The labels of a framework's criteria and stages, by key: from *framework* when it
    is a :class:`~qualify.Framework`, else from the framework registered as *name*
    (none, when nothing by that name is registered: keys are shown instead)."""
    if not isinstance(framework, Framework) or framework.name != name:
        try:
            framework = registry.get(name)
        except QualifyError:
            return {}
    assert isinstance(framework, Framework)
    return {
        **{c.key: c.label for c in framework.criteria},
        **{s.key: s.label for s in framework.stages},
    }
