"""Plain-language accounts of framework parts, shared by the CLI and the HTML views."""

from __future__ import annotations

from .._core.criteria import Criterion, Stage
from .._core.framework import Framework
from .._core.freshness import ago
from .._core.probability import Chance
from .._core.scales import Boolean, Levels, Months, Numbers, Scale

__all__ = ["criterion_flags", "describe_scale", "stage_flags", "threshold_text"]


def criterion_flags(criterion: Criterion, framework: Framework) -> list[str]:
    """What sets *criterion* apart, in words: required, vetted answers only, how long its
    answers stay fresh (its own, else the framework's), what not knowing earns."""
    flags = []
    if criterion.required:
        flags.append("required")
    if criterion.requires_vetting:
        flags.append("vetted answers only")
    fresh_for = criterion.fresh_for if criterion.fresh_for is not None else framework.fresh_for
    if fresh_for is not None:
        flags.append(f"fresh for {ago(fresh_for)}")
    if criterion.unknown_satisfaction:
        flags.append(f"unknown earns {criterion.unknown_satisfaction:g}")
    return flags


def threshold_text(framework: Framework) -> str:
    """What qualified means, in words: "70 points", or "a chance of 30% (62.1 points)"."""
    if isinstance(framework.qualified_at, Chance):
        return (
            f"a chance of {framework.qualified_at.chance:.0%}"
            if round(framework.qualified_at.chance * 100, 9).is_integer()
            else f"a chance of {framework.qualified_at.chance:.1%}"
        ) + f" ({framework.qualifying_score:.1f} points)"
    return f"{framework.qualifying_score:g} points"


def stage_flags(stage: Stage) -> str:
    """What a stage requires, in words."""
    return f"requires {', '.join(stage.requires)}" + (
        "; vetted answers" if stage.requires_vetting else ""
    )


def describe_scale(scale: Scale) -> str:
    """A one-line account of what a scale accepts and what each answer is worth."""
    if isinstance(scale, Levels):
        return " < ".join(f"{level.name} {level.satisfaction:g}" for level in scale.levels)
    if isinstance(scale, Months):
        bands = [f"<= {band.within:g} months {band.satisfaction:g}" for band in scale.bands]
        return ", ".join([*bands, f"later {scale.beyond:g}"])
    if isinstance(scale, Numbers):
        steps = [f">= {t.at_least:g} {t.satisfaction:g}" for t in scale.thresholds]
        return ", ".join([f"below {scale.below:g}", *steps])
    if isinstance(scale, Boolean):
        return f"yes {scale.yes:g}, no {scale.no:g}"
    return f"{scale.type_name}: {scale.accepted()}"
