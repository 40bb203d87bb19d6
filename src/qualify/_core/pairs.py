"""Pair criteria: a criterion that follows from the rungs two others reach.

A pair (``Criterion(of=("need", "budget"), ...)``) is asked nothing. Its
scale is a :class:`~qualify.Levels` with one level per cell of the two
criteria's rungs, named ``"<rung> & <rung>"`` (``"high & approved"``), worst
first like any levels scale; the cell a lead's two answers meet in is its
answer, and while either is unknown the pair is unknown too, earning its
``unknown_satisfaction``. It is how :func:`qualify.calibrate` writes what two
criteria do together beyond what each does alone, as the pairs of an
Explainable Boosting Machine: a plain part of the file, reviewed like code.

A cell is found by the satisfactions the two answers earned, so each of the
two criteria must give its rungs distinct satisfactions; an answer that
earned no rung's satisfaction (``True`` on a levels scale whose best rung is
below 1) falls in the highest rung at or below it, the lowest if none is, as
calibration counts it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ..errors import FrameworkError
from .answers import rungs_of
from .checks import normalize_label
from .criteria import Criterion
from .scales import Levels

__all__ = ["SEPARATOR", "Pair", "cell_name", "check_pairs", "pairs_of"]

#: What joins the two rungs' names in the name of a pair's level.
SEPARATOR = " & "


def cell_name(first: str, second: str) -> str:
    """The name of the level where rung *first* of one criterion meets *second* of the other."""
    return f"{first}{SEPARATOR}{second}"


class Pair:
    """One pair criterion, compiled: where its two criteria sit, and each cell's level."""

    __slots__ = ("cells", "first", "firsts", "position", "second", "seconds")

    def __init__(self, criteria: Sequence[Criterion], position: int) -> None:
        pair = criteria[position]
        assert pair.of is not None and isinstance(pair.scale, Levels)
        index = {criterion.key: i for i, criterion in enumerate(criteria)}
        self.position = position
        self.first, self.second = index[pair.of[0]], index[pair.of[1]]
        first = rungs_of(criteria[self.first].scale) or ()
        second = rungs_of(criteria[self.second].scale) or ()
        # each criterion's rung satisfactions, ascending, as bisect finds them
        self.firsts = sorted(s for _, s in first)
        self.seconds = sorted(s for _, s in second)
        levels = {normalize_label(level.name): level for level in pair.scale.levels}
        # (first rung, second rung), by position among the ascending satisfactions: the level
        self.cells = {
            (self.firsts.index(a), self.seconds.index(b)): levels[
                normalize_label(cell_name(name_a, name_b))
            ]
            for name_a, a in first
            for name_b, b in second
        }

    def cell(self, first: float, second: float) -> tuple[str, float]:
        """The level (name, satisfaction) where answers earning *first* and *second* meet."""
        level = self.cells[_rung(self.firsts, first), _rung(self.seconds, second)]
        return level.name, float(level.satisfaction)


def _rung(ascending: list[float], satisfaction: float) -> int:
    """The highest rung at or below *satisfaction*, the lowest if none is."""
    return max(bisect.bisect_right(ascending, satisfaction) - 1, 0)


def pairs_of(criteria: Sequence[Criterion]) -> tuple[Pair, ...]:
    """Every pair criterion of *criteria* (checked by :func:`check_pairs`), compiled."""
    return tuple(Pair(criteria, i) for i, c in enumerate(criteria) if c.of is not None)


def check_pairs(framework: str, criteria: Sequence[Criterion]) -> None:
    """Refuse a pair that names no criterion before it, pairs a pair, pairs a criterion whose
    rungs cannot be told apart, or whose levels are not exactly one per cell."""
    earlier: dict[str, Criterion] = {}
    for criterion in criteria:
        if criterion.of is not None:
            _check_pair(framework, criterion, earlier)
        earlier[criterion.key] = criterion


def _check_pair(framework: str, pair: Criterion, earlier: dict[str, Criterion]) -> None:
    assert pair.of is not None
    what = f"pair criterion {pair.key!r} of framework {framework!r}"
    rungs = []
    for key in pair.of:
        found = earlier.get(key)
        if found is None:
            raise FrameworkError(
                f"{what} pairs {key!r}, which is not one of the criteria before it:"
                f" {', '.join(earlier) or 'none'} (a pair comes after the two it pairs)"
            )
        if found.of is not None:
            raise FrameworkError(
                f"{what} pairs {key!r}, which is a pair itself; a pair pairs two plain criteria"
            )
        named = rungs_of(found.scale)
        if named is None:
            raise FrameworkError(
                f"{what} pairs {key!r}, whose {type(found.scale).__name__} scale has no rungs"
                " qualify can name; pair criteria with levels, numbers, months or yes/no scales"
            )
        satisfactions = [s for _, s in named]
        if len(set(satisfactions)) < len(satisfactions):
            raise FrameworkError(
                f"{what} pairs {key!r}, two of whose rungs earn the same satisfaction, so a"
                " lead's answer cannot say which cell it is in; give each rung its own"
            )
        rungs.append([name for name, _ in named])
    if not isinstance(pair.scale, Levels):
        raise FrameworkError(
            f"{what} must have a levels scale, one level per pair of rungs, got"
            f" {type(pair.scale).__name__}"
        )
    wanted = {
        normalize_label(cell_name(a, b)): cell_name(a, b) for a in rungs[0] for b in rungs[1]
    }
    if len(wanted) < len(rungs[0]) * len(rungs[1]):
        raise FrameworkError(
            f"{what}: two cells of {pair.of[0]!r} and {pair.of[1]!r} get the same name; rename"
            " their rungs apart"
        )
    given: set[str] = set()
    for level in pair.scale.levels:
        name = normalize_label(level.name)
        if name not in wanted:
            raise FrameworkError(
                f"{what} has a level {level.name!r}, which is not a cell of {pair.of[0]!r} and"
                f" {pair.of[1]!r}; its levels are named like {next(iter(wanted.values()))!r}"
            )
        if name in given:
            raise FrameworkError(f"{what} names the cell {level.name!r} twice")
        if level.aliases:
            raise FrameworkError(
                f"{what}: level {level.name!r} has aliases, but nobody answers a pair"
            )
        given.add(name)
    left = [shown for name, shown in wanted.items() if name not in given]
    if left:
        raise FrameworkError(
            f"{what} needs a level for every cell; missing: {', '.join(map(repr, left))}"
        )
