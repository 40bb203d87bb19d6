"""Fitting won and lost counts with a logistic model that a framework can hold.

Needs numpy (``pip install "qualify[learn]"``): fitting is the only place it is
used; evaluating a calibrated framework does not need it.

The data are counts per *pattern*: each criterion's rung (the satisfaction its
evidence earned, or unknown), whether the lead was disqualified, and the block
of time it came in (0 when the leads are not ordered by time). The model:

    log-odds = intercept + disqualified offset
               + for each criterion, the value of the rung its lead reached,
                 or the value of not knowing it

For a criterion whose scale has rungs to set (levels, months, numbers) every
rung has a value of its own, and so has "unknown"; with the declared order
kept (``ordered``) the rungs' values rise in the declared order, without it
they may cross where the data say so. A criterion whose scale has no rungs to
set (true/false, a plugin's scale) gets one non-negative weight times its
satisfaction, and a value for unknown. Shifted so each criterion's worst
value is 0 and divided by its range, the values are the satisfactions
(unknown's included) and the range is the weight: the model is then a
logistic curve in the score, which is what :class:`qualify.Probability` holds.

Every value is pulled toward the declared framework's (its weights times its
satisfactions, at the scale of a logistic fit of the declared score) with a
*strength* in leads: with little data the declared framework wins, with a lot
the data do. The strength, and whether the order is kept, are chosen by
validation (:mod:`.calibrate`).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from .._core.framework import Framework
from .._core.scales import Boolean, Levels, Months, Numbers
from ..errors import MissingExtraError
from .newton import newton
from .rungs import declared_rungs

__all__ = ["SLOPE", "Design", "Fit", "fit_model", "fit_score", "loss", "newton", "numpy", "score_groups", "start_from", "target"]

#: The smallest change in log-odds per point a fitted chance may have: the chance
#: always rises with the score, so it ranks leads as the score does and is never
#: the same for every lead.
SLOPE = 1e-4

Pattern = tuple[tuple[float | None, ...], bool, int]


def numpy() -> Any:
    """numpy, or an error naming the extra."""
    try:
        return importlib.import_module("numpy")
    except ImportError:
        raise MissingExtraError("calibrate", "numpy", "learn") from None


def has_rungs(framework: Framework, i: int) -> bool:
    """Whether criterion *i*'s scale has satisfactions a calibration can set."""
    return isinstance(framework.criteria[i].scale, Boolean | Levels | Months | Numbers)


class Design:
    """The patterns of a framework's leads as arrays: rungs per criterion, block, counts.

    ``matrix`` has one column per parameter of the model (intercept, disqualified
    offset, then per criterion its parameters, see :meth:`parameters`), so the
    log-odds of every pattern is ``matrix @ x``.
    """

    def __init__(self, framework: Framework, patterns: Mapping[Pattern, Sequence[int]]) -> None:
        np = numpy()
        self.framework = framework
        # in a fixed order, whatever order the leads came in: the folds (dealt pattern by
        # pattern) and every sum are then the same for rows and for tables
        self.keys = sorted(patterns, key=_order)
        self.won = np.array([patterns[k][0] for k in self.keys], dtype=float)
        self.lost = np.array([patterns[k][1] for k in self.keys], dtype=float)
        self.out = np.array([k[1] for k in self.keys], dtype=float)
        self.block = np.array([k[2] for k in self.keys], dtype=np.int64)
        count = len(framework.criteria)
        # each pattern's satisfaction per criterion, NaN where unknown
        rated = np.array(
            [[np.nan if s is None else s for s in rungs] for rungs, _, _ in self.keys],
            dtype=float,
        ).reshape(len(self.keys), count)
        missing = np.isnan(rated)
        self.unknown = missing.astype(float)
        self.rungs: list[list[float]] = []  # per criterion: its rung satisfactions, ascending
        self.index: list[Any] = []  # per criterion: each pattern's rung position, -1 unknown
        self.value: list[Any] = []  # per criterion: each pattern's satisfaction, 0 unknown
        for i, criterion in enumerate(framework.criteria):
            declared = sorted(declared_rungs(criterion.scale)) if has_rungs(framework, i) else []
            self.rungs.append(declared)
            self.value.append(np.where(missing[:, i], 0.0, rated[:, i]))
            # the highest declared rung at or below the satisfaction (the lowest if none is)
            at = np.searchsorted(np.asarray(declared, dtype=float), rated[:, i], side="right") - 1
            self.index.append(np.where(missing[:, i], -1, np.maximum(at, 0)).astype(np.int64))
        self.sizes = [len(r) + 1 if r else 2 for r in self.rungs]  # parameters per criterion
        self.matrix = self._matrix()
        self.values = self._values()
        self._rows: tuple[bytes, Any, Any] | None = None  # see rows()

    def flat(self) -> Design:
        """The same leads with their blocks of time merged: one pattern where there were
        several, so random folds fit on fewer rows and deal the same leads."""
        merged: dict[Pattern, list[int]] = {}
        for (rungs, out, _), won, lost in zip(
            self.keys, self.won.tolist(), self.lost.tolist(), strict=True
        ):
            cell = merged.setdefault((rungs, out, 0), [0, 0])
            cell[0] += int(won)
            cell[1] += int(lost)
        return Design(self.framework, merged)

    def _matrix(self) -> Any:
        np = numpy()
        columns = [np.ones(len(self.keys)), self.out]
        for i, rungs in enumerate(self.rungs):
            unknown = self.unknown[:, i]
            if rungs:  # base value on any rung, then one step per rung above the lowest
                columns.append(1.0 - unknown)
                columns += [(self.index[i] >= j).astype(float) for j in range(1, len(rungs))]
            else:  # a weight times the satisfaction
                columns.append(self.value[i])
            columns.append(unknown)
        return np.stack(columns, axis=1)

    def _values(self) -> Any:
        """The matrix turning parameters into the values the prior pulls: the disqualified
        offset, then per criterion each rung's value (or the weight) and unknown's."""
        np = numpy()
        width = 2 + sum(self.sizes)
        rows = []
        row = np.zeros(width)
        row[1] = 1.0
        rows.append(row)
        start = 2
        for i, rungs in enumerate(self.rungs):
            size = self.sizes[i]
            if rungs:
                for j in range(len(rungs)):
                    row = np.zeros(width)
                    row[start : start + j + 1] = 1.0  # base + the steps up to rung j
                    rows.append(row)
            else:
                row = np.zeros(width)
                row[start] = 1.0
                rows.append(row)
            row = np.zeros(width)
            row[start + size - 1] = 1.0
            rows.append(row)
            start += size
        return np.stack(rows)

    def rows(self, used: Any) -> tuple[Any, Any]:
        """The matrix's rows where *used* holds, and the same in single precision: kept for
        the last *used* asked for, as every candidate of a fold fits on the same rows."""
        np = numpy()
        key = used.tobytes()
        if self._rows is None or self._rows[0] != key:
            matrix = self.matrix if used.all() else self.matrix[used]
            self._rows = (key, matrix, matrix.astype(np.float32))
        return self._rows[1], self._rows[2]

    def parameters(self, i: int) -> slice:
        """Where criterion *i*'s parameters sit in ``x``."""
        start = 2 + sum(self.sizes[:i])
        return slice(start, start + self.sizes[i])

    def weights(self, half_life: float | None, newest: int) -> Any:
        """Each pattern's weight when *newest* is the newest block learned from: halved
        every *half_life* blocks of age (1 for every pattern without one)."""
        np = numpy()
        if half_life is None:
            return np.ones(len(self.keys))
        return 0.5 ** (np.maximum(newest - self.block, 0) / half_life)


def _order(pattern: Pattern) -> tuple[object, ...]:
    """Unknown first, then satisfactions upward (satisfactions are 0 or more)."""
    rungs, out, block = pattern
    return (tuple(-1.0 if s is None else s for s in rungs), out, block)


class Fit:
    """A fitted model: its parameters ``x`` over a :class:`Design`'s matrix; ``bound``:
    the declared order bound some rungs where the data would have crossed them."""

    def __init__(self, design: Design, x: Any, *, bound: bool = False) -> None:
        self.x = x
        self.bound = bound
        self.intercept = float(x[0])
        self.disqualified = float(x[1])
        self.values: list[Any] = []  # per criterion: rung values ascending by declared rung
        self.unknown: list[float] = []  # per criterion: the value of not knowing it
        for i, rungs in enumerate(design.rungs):
            own = x[design.parameters(i)]
            self.values.append(own[:-1].cumsum() if rungs else own[:1].copy())
            self.unknown.append(float(own[-1]))

    def log_odds(self, design: Design) -> Any:
        """The model's log-odds for every pattern of *design*."""
        return design.matrix @ self.x


def loss(eta: Any, won: Any, lost: Any) -> float:
    """Negative log-likelihood of won and lost counts at log-odds *eta*."""
    np = numpy()
    return float(won @ np.logaddexp(0.0, -eta) + lost @ np.logaddexp(0.0, eta))


def score_groups(design: Design, score: Any, offset: bool) -> tuple[Any, Any, Any]:
    """The distinct scores, and each pattern's group of score (and, with *offset*,
    disqualified): what :func:`fit_score` fits one row per."""
    np = numpy()
    points, codes = np.unique(score, return_inverse=True)
    flags = design.out.astype(np.int64) if offset else np.zeros(len(design.keys), dtype=np.int64)
    distinct, inverse = np.unique(codes.reshape(-1) * 2 + flags, return_inverse=True)
    return points, distinct, inverse.reshape(-1)


def fit_score(
    design: Design,
    score: Any,
    won: Any,
    lost: Any,
    *,
    offset: bool = True,
    groups: tuple[Any, Any, Any] | None = None,
) -> tuple[float, float, float]:
    """A chance logistic in a fixed score: intercept, per point (at least :data:`SLOPE`, so
    it ranks leads as the score does) and, with *offset*, the disqualified offset (else 0:
    the chance then ranks every lead exactly as the score does). *groups*: the score's
    :func:`score_groups`, when the caller fits the same score again."""
    np = numpy()
    total = float(won.sum() + lost.sum())
    base = (float(won.sum()) + 0.5) / (total + 1.0)
    # the chance depends on the score (and disqualified) alone: fit one row per distinct one
    points, distinct, inverse = groups or score_groups(design, score, offset)
    won = np.bincount(inverse, weights=won, minlength=len(distinct))
    lost = np.bincount(inverse, weights=lost, minlength=len(distinct))
    columns = [np.ones(len(distinct)), points[distinct // 2]]
    columns += [(distinct % 2).astype(float)] if offset else []
    matrix = np.stack(columns, axis=1)
    # a weak pull keeps the offset finite when no disqualified lead was won (or lost)
    values = np.zeros((1, matrix.shape[1]))
    values[0, -1] = 1.0 if offset else 0.0
    lower = np.array([-np.inf, SLOPE] + ([-np.inf] if offset else []))
    start = np.array([np.log(base / (1 - base)), SLOPE] + ([0.0] if offset else []))
    x = newton(matrix, won, lost, values, np.zeros(1), 1.0, lower, start)
    return float(x[0]), float(x[1]), float(x[2]) if offset else 0.0


def target(design: Design, per_point: float, disqualified: float) -> Any:
    """The declared framework's values at the scale of its score's logistic fit, in the
    order :attr:`Design.values` gives them."""
    np = numpy()
    framework = design.framework
    total = sum(float(c.weight) for c in framework.criteria)
    wanted = [disqualified]
    for i, criterion in enumerate(framework.criteria):
        worth = 100.0 * per_point * float(criterion.weight) / total
        wanted += [worth * r for r in design.rungs[i]] if design.rungs[i] else [worth]
        wanted.append(worth * float(criterion.unknown_satisfaction))
    return np.array(wanted)


def start_from(design: Design, intercept: float, wanted: Any) -> Any:
    """Parameters that reproduce the *wanted* values (a :func:`target`) exactly."""
    np = numpy()
    x = np.zeros(design.matrix.shape[1])
    x[0], x[1] = intercept, wanted[0]
    position = 1
    for i, rungs in enumerate(design.rungs):
        own = design.parameters(i)
        size = design.sizes[i]
        values = wanted[position : position + size]
        if rungs:
            x[own.start] = values[0]
            x[own.start + 1 : own.stop - 1] = np.diff(values[:-1])
        else:
            x[own.start] = values[0]
        x[own.stop - 1] = values[-1]
        position += size
    return x


def fit_model(
    design: Design,
    won: Any,
    lost: Any,
    wanted: Any,
    strength: float,
    *,
    ordered: bool,
    start: Any,
) -> Fit:
    """Fit every value, pulled toward *wanted* with *strength* (in leads), from *start*;
    with *ordered*, each criterion's rungs keep their declared order."""
    np = numpy()
    lower = np.full(design.matrix.shape[1], -np.inf)
    steps = np.zeros(design.matrix.shape[1], dtype=bool)
    for i, rungs in enumerate(design.rungs):
        own = design.parameters(i)
        if rungs and ordered:  # a step up is 0 or more when the order is kept
            lower[own.start + 1 : own.stop - 1] = 0.0
            steps[own.start + 1 : own.stop - 1] = True
        elif not rungs:  # a weight is 0 or more: the scale's satisfactions stay its own
            lower[own.start] = 0.0
    used = (won + lost) > 0  # a fold learns on some patterns only: fit on those alone
    matrix, narrow = design.rows(used)
    if not used.all():
        won, lost = won[used], lost[used]
    x = newton(matrix, won, lost, design.values, wanted, strength, lower, start, narrow)
    return Fit(design, x, bound=bool((x[steps] <= 0.0).any()))
