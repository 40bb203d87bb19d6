"""Plain-language accounts of framework parts, shared by the CLI and the HTML views."""

from __future__ import annotations

from .._core.scales import Boolean, Levels, Months, Numbers, Scale

__all__ = ["describe_scale"]


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
        return "yes 1, no 0"
    return f"{scale.type_name}: {scale.accepted()}"
