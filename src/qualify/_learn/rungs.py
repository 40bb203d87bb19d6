"""The rungs of a scale: the satisfactions it declares, and their names in words."""

from __future__ import annotations

from .._core.scales import Boolean, Levels, Months, Numbers, Scale

__all__ = ["declared_rungs", "rung_name"]


def rung_name(scale: Scale, satisfaction: float) -> str:
    """The rung (or rungs) of *scale* worth *satisfaction*, in words."""
    names: list[str] = []
    if isinstance(scale, Levels):
        names = [level.name for level in scale.levels if level.satisfaction == satisfaction]
    elif isinstance(scale, Boolean):
        names = [n for n, s in (("no", scale.no), ("yes", scale.yes)) if s == satisfaction]
    elif isinstance(scale, Months):
        names = [
            band.label or f"within {band.within:g} months"
            for band in scale.bands
            if band.satisfaction == satisfaction
        ]
        if scale.beyond == satisfaction:
            names.append(f"over {scale.bands[-1].within:g} months")
    elif isinstance(scale, Numbers):
        first = scale.thresholds[0].at_least
        names = [f"under {first:g}"] if scale.below == satisfaction else []
        names += [
            t.label or f"{t.at_least:g} or more"
            for t in scale.thresholds
            if t.satisfaction == satisfaction
        ]
    if not names:
        return "met" if satisfaction == 1 else f"{satisfaction:.0%} met"
    return " / ".join(names)


def declared_rungs(scale: Scale) -> set[float]:
    """The satisfactions a scale declares, so rungs no lead reached are shown too."""
    if isinstance(scale, Levels):
        return {float(level.satisfaction) for level in scale.levels}
    if isinstance(scale, Boolean):
        return {float(scale.no), float(scale.yes)}
    if isinstance(scale, Months):
        return {float(band.satisfaction) for band in scale.bands} | {float(scale.beyond)}
    if isinstance(scale, Numbers):
        return {float(t.satisfaction) for t in scale.thresholds} | {float(scale.below)}
    return set()
