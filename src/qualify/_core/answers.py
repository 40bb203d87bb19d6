"""The answers a criterion's scale tells apart, by name: its rungs, and "not known".

A calibrated criterion records how often each was seen (``Criterion.seen``),
keyed by these names, so the file says it in the words a reviewer reads.
"""

from __future__ import annotations

from .scales import Boolean, Levels, Months, Numbers, Scale

__all__ = ["NOT_KNOWN_ANSWER", "Choices", "rungs_of"]

#: Per criterion, each answer as (label, satisfaction, share): satisfaction ``None`` for
#: "not known", share ``None`` without counts.
Choices = tuple[tuple[tuple[str, float | None, float | None], ...], ...]

#: The answer "asked, and nobody knew": the criterion stays unknown.
NOT_KNOWN_ANSWER = "not known"


def rungs_of(scale: Scale) -> tuple[tuple[str, float], ...] | None:
    """Each rung of *scale* as (name, satisfaction), worst first as declared; ``None``
    for a scale whose rungs qualify cannot name (a plugin's)."""
    if isinstance(scale, Levels):
        return tuple((level.name, float(level.satisfaction)) for level in scale.levels)
    if isinstance(scale, Boolean):
        answers = (("no", float(scale.no)), ("yes", float(scale.yes)))
        return tuple(sorted(answers, key=lambda answer: answer[1]))  # a turned flag: yes first
    if isinstance(scale, Months):
        named = [
            (band.label or f"within {band.within:g} months", float(band.satisfaction))
            for band in scale.bands
        ]
        return (*named, (f"over {scale.bands[-1].within:g} months", float(scale.beyond)))
    if isinstance(scale, Numbers):
        named = [
            (threshold.label or f"{threshold.at_least:g} or more", float(threshold.satisfaction))
            for threshold in scale.thresholds
        ]
        return ((f"under {scale.thresholds[0].at_least:g}", float(scale.below)), *named)
    return None
