"""Levels split where the values they gather convert differently.

A level often gathers several CRM values through its aliases ("working"
holds admin., blue-collar, management...). When those values convert
differently, one satisfaction for all of them hides it. As with number bands
(:mod:`.bands`), a *probe* reads every name and alias of a level as a level
of its own, so a backtest of it counts won and lost leads per value; a level
is then split in two where its values, ordered by how often they convert,
fall into two groups that differ by more than chance would (the Bayesian
information criterion, enough leads in each). The group holding the level's
own name keeps it; the other becomes a level named after its commonest
value, its other values as aliases, described as split from the first. Each
starts with the satisfaction it came from, and the calibration decides by
validation what each is worth; a split the fit finds worth nothing is folded
back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from .._core.framework import Framework
from .._core.scales import Level, Levels
from .bands import ANSWERED

__all__ = ["ABOVE", "BELOW", "is_split", "learned_splits", "level_moves", "probe_levels", "split", "split_from"]

_MIN_SHARE = 0.02
_MIN_LEADS = 30
_APART = 1e-9
_SPLIT = "split from {} (learned)"
# Where a split-off level sits next to its level: the first item of a split's values.
BELOW, ABOVE = "below", "above"


def split_from(level: Level) -> str | None:
    """The level *level* was split from, if a calibration split it off."""
    head, tail = _SPLIT.split("{}")
    text = level.description
    if text.startswith(head) and text.endswith(tail) and len(text) > len(head) + len(tail):
        return text[len(head) : len(text) - len(tail)]
    return None


def is_split(level: Level) -> bool:
    """Whether *level* is one a calibration split off another."""
    return split_from(level) is not None


def _labels(scale: Levels) -> list[tuple[str, str]]:
    """Every (level name, value) the scale reads, in its order: a level's name, then its aliases."""
    return [(level.name, label) for level in scale.levels for label in (level.name, *level.aliases)]


def _splittable(scale: object) -> bool:
    return isinstance(scale, Levels) and any(level.aliases for level in scale.levels)


def probe_levels(framework: Framework) -> Framework | None:
    """*framework* with every name and alias of a levels scale with aliases read as a level
    of its own, worth its position; ``None`` when no scale has aliases."""
    criteria = []
    changed = False
    for criterion in framework.criteria:
        scale = criterion.scale
        if _splittable(scale):
            assert isinstance(scale, Levels)
            labels = _labels(scale)
            levels = [
                Level(name=label, satisfaction=(j + 1) / (len(labels) + 1))
                for j, (_, label) in enumerate(labels)
            ]
            criterion = attrs.evolve(criterion, scale=Levels(levels=levels))
            changed = True
        criteria.append(criterion)
    return attrs.evolve(framework, criteria=criteria) if changed else None


def _loss(won: float, lost: float) -> float:
    total = won + lost
    return -sum(c * math.log(c / total) for c in (won, lost) if c > 0)


def learned_splits(
    framework: Framework, counts: Mapping[str, Mapping[object, list[int]]]
) -> dict[str, dict[str, list[str]]]:
    """Per criterion, per level to split, :data:`BELOW` or :data:`ABOVE` (where the new
    level sits) and the values that leave it: from *counts*, a probe backtest's won and
    lost leads per value (its rung) of each criterion."""
    found: dict[str, dict[str, list[str]]] = {}
    for criterion in framework.criteria:
        scale = criterion.scale
        if not _splittable(scale):
            continue
        assert isinstance(scale, Levels)
        labels = _labels(scale)
        per_label: dict[str, tuple[float, float]] = {}
        for rung, (won, lost) in counts.get(criterion.key, {}).items():
            if rung is not None and rung not in ANSWERED:  # not a true or false answer
                position = int(round(float(rung) * (len(labels) + 1))) - 1  # type: ignore[arg-type]
                per_label[labels[position][1]] = (won, lost)
        known = sum(w + lo for w, lo in per_label.values())
        if not known:
            continue
        least = max(_MIN_LEADS, _MIN_SHARE * known)
        for level in scale.levels:
            seen = [
                (label, *per_label[label])
                for label in (level.name, *level.aliases)
                if sum(per_label.get(label, (0, 0)))
            ]
            if len(seen) < 2:
                continue
            seen.sort(key=lambda item: item[1] / (item[1] + item[2]))
            won_all = sum(w for _, w, _ in seen)
            lost_all = sum(lo for _, _, lo in seen)
            whole = _loss(won_all, lost_all)
            best, gain = None, 0.5 * math.log(known)
            for cut in range(1, len(seen)):
                won_low = sum(w for _, w, _ in seen[:cut])
                lost_low = sum(lo for _, _, lo in seen[:cut])
                upper = won_all + lost_all - won_low - lost_low
                if won_low + lost_low < least or upper < least:
                    continue
                split_loss = _loss(won_low, lost_low) + _loss(won_all - won_low, lost_all - lost_low)
                if whole - split_loss > gain:
                    best, gain = cut, whole - split_loss
            if best is None:
                continue
            groups = [[label for label, _, _ in seen[:best]], [label for label, _, _ in seen[best:]]]
            # the values that leave, the worse-converting group first when they are worse:
            # the new level then sits just below its level, else just above it
            worse = level.name in groups[1]
            leaving = groups[0] if worse else groups[1]
            found.setdefault(criterion.key, {})[level.name] = [BELOW if worse else ABOVE, *leaving]
    return found


def split(framework: Framework, chosen: Mapping[str, Mapping[str, list[str]]]) -> Framework:
    """*framework* with the *chosen* values split off their levels, each new level worth its
    level's satisfaction and a hair more, so the two stay apart."""
    criteria = []
    for criterion in framework.criteria:
        scale = criterion.scale
        leaving = chosen.get(criterion.key)
        if not leaving or not isinstance(scale, Levels):
            criteria.append(criterion)
            continue
        levels: list[Level] = []
        taken = {float(level.satisfaction) for level in scale.levels}
        for level in scale.levels:
            side, *gone = leaving.get(level.name, [ABOVE])
            levels.append(
                attrs.evolve(level, aliases=[a for a in level.aliases if a not in gone])
                if gone
                else level
            )
            if gone:
                value = float(level.satisfaction)
                step = -_APART if side == BELOW else _APART
                while value in taken:
                    value += step if 0.0 <= value + step <= 1.0 else -step
                taken.add(value)
                levels.append(
                    Level(
                        name=gone[0],
                        satisfaction=value,
                        aliases=gone[1:],
                        description=_SPLIT.format(level.name),
                    )
                )
        ordered = sorted(levels, key=lambda level: level.satisfaction)
        criteria.append(attrs.evolve(criterion, scale=Levels(levels=ordered)))
    return attrs.evolve(framework, criteria=criteria)


def level_moves(declared: Framework, framework: Framework) -> dict[int, dict[float, float]]:
    """Per levels criterion with aliases (by position), each value's rung under
    :func:`probe_levels` of *declared* and the satisfaction of the level of *framework*
    (declared, values split off) that reads it."""
    found: dict[int, dict[float, float]] = {}
    for i, criterion in enumerate(declared.criteria):
        scale = framework.criteria[i].scale
        if _splittable(criterion.scale) and isinstance(scale, Levels):
            assert isinstance(criterion.scale, Levels)
            labels = _labels(criterion.scale)
            found[i] = {
                **ANSWERED,
                **{
                    (j + 1) / (len(labels) + 1): float(scale.rate(label) or 0.0)
                    for j, (_, label) in enumerate(labels)
                },
            }
    return found
