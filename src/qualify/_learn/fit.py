"""Fitting won and lost counts with a logistic model that a framework can hold.

Needs numpy and scipy (``pip install "qualify[learn]"``): fitting is the only
place they are used; evaluating a calibrated framework needs neither.

The data are counts per *pattern*: each criterion's rung (the satisfaction its
evidence earned, or unknown) and whether the lead was disqualified. The model:

    log-odds = intercept + sum of each known criterion's rung value
               + for each unknown criterion, its offset + disqualified offset

A criterion's rung values start at 0 on its lowest rung and rise with its
declared rungs (built from non-negative increments, so the declared order is
kept); a criterion whose
scale has no rungs to set (true/false, or a plugin's scale) gets one
non-negative weight times its satisfaction. Divided by the criterion's best
rung value, the rung values are its satisfactions and that value its weight;
the score is then the weighted sum, and the model a logistic curve in the
score: exactly what :class:`qualify.Probability` holds.

The fit is penalised toward the declared framework (rung values proportional
to the declared weight times satisfaction, at the scale of a logistic fit of
the declared score): with little data the declared framework wins, with a
lot the data do. The strength is chosen by cross-validation.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from .._core.framework import Framework
from .._core.scales import Levels, Months, Numbers
from ..errors import QualifyError
from .rungs import declared_rungs

__all__ = ["Design", "Fit", "fit_declared", "fit_rungs", "modules"]

Pattern = tuple[tuple[float | None, ...], bool]


def modules() -> tuple[Any, Any]:
    """numpy and scipy.optimize, or an error naming the extra."""
    try:
        np = importlib.import_module("numpy")
        optimize = importlib.import_module("scipy.optimize")
    except ImportError:
        raise QualifyError(
            'calibrate needs numpy and scipy: pip install "qualify[learn]"'
        ) from None
    return np, optimize


def has_rungs(framework: Framework, i: int) -> bool:
    """Whether criterion *i*'s scale has satisfactions a calibration can set."""
    return isinstance(framework.criteria[i].scale, Levels | Months | Numbers)


class Design:
    """The patterns of a framework's leads as arrays: rungs per criterion, counts per outcome."""

    def __init__(self, framework: Framework, patterns: Mapping[Pattern, Sequence[int]]) -> None:
        np, _ = modules()
        self.framework = framework
        # in a fixed order, whatever order the leads came in: the folds (dealt pattern by
        # pattern) and every sum are then the same for rows and for tables
        self.keys = sorted(patterns, key=_order)
        self.won = np.array([patterns[k][0] for k in self.keys], dtype=float)
        self.lost = np.array([patterns[k][1] for k in self.keys], dtype=float)
        self.out = np.array([k[1] for k in self.keys], dtype=float)
        count = len(framework.criteria)
        self.unknown = np.array(
            [[rungs[i] is None for i in range(count)] for rungs, _ in self.keys], dtype=float
        ).reshape(len(self.keys), count)
        self.rungs: list[list[float]] = []  # per criterion: its rung satisfactions, ascending
        self.index: list[Any] = []  # per criterion: each pattern's rung position, -1 unknown
        self.value: list[Any] = []  # per criterion: each pattern's satisfaction, 0 unknown
        for i, criterion in enumerate(framework.criteria):
            seen = [rungs[i] for rungs, _ in self.keys]
            declared = sorted(declared_rungs(criterion.scale)) if has_rungs(framework, i) else []
            self.rungs.append(declared)
            self.value.append(np.array([0.0 if s is None else float(s) for s in seen]))
            self.index.append(np.array([-1 if s is None else _position(declared, s) for s in seen]))

    def columns(self) -> list[tuple[int, int]]:
        """The rung columns: (criterion, rung) for an increment, (criterion, -1) for a weight."""
        found = []
        for i, rungs in enumerate(self.rungs):
            found += [(i, j) for j in range(len(rungs))] if rungs else [(i, -1)]
        return found

    def matrix(self) -> Any:
        """One column per increment (rung reached or above) or weight (the satisfaction)."""
        np, _ = modules()
        parts = []
        for i, j in self.columns():
            parts.append(self.value[i] if j < 0 else (self.index[i] >= j).astype(float))
        return np.stack(parts, axis=1) if parts else np.zeros((len(self.keys), 0))


def _order(pattern: Pattern) -> tuple[object, ...]:
    rungs, out = pattern
    return (*((s is not None, s or 0.0) for s in rungs), out)


def _position(rungs: list[float], satisfaction: float) -> int:
    """The highest declared rung at or below *satisfaction* (the lowest if none is)."""
    position = 0
    for j, rung in enumerate(rungs):
        if rung <= satisfaction:
            position = j
    return position


class Fit:
    """A fitted model: intercept, unknown offsets, disqualified offset, rung values per criterion."""

    def __init__(
        self, intercept: float, unknown: list[float], disqualified: float, values: list[Any]
    ) -> None:
        self.intercept = intercept
        self.unknown = unknown
        self.disqualified = disqualified
        self.values = values  # per criterion: rung values (ascending), or [weight]

    def log_odds(self, design: Design) -> Any:
        """The model's log-odds for every pattern of *design*."""
        np, _ = modules()
        eta = np.full(len(design.keys), self.intercept)
        eta += design.unknown @ np.array(self.unknown) if self.unknown else 0.0
        eta += design.out * self.disqualified
        for i, values in enumerate(self.values):
            known = design.index[i] >= 0
            if design.rungs[i]:
                eta += np.where(known, np.asarray(values)[np.maximum(design.index[i], 0)], 0.0)
            else:
                eta += values[0] * design.value[i]
        return eta


def _loss(eta: Any, won: Any, lost: Any) -> tuple[float, Any]:
    """Negative log-likelihood of the counts and its gradient in the log-odds."""
    np, _ = modules()
    loss = float(won @ np.logaddexp(0.0, -eta) + lost @ np.logaddexp(0.0, eta))
    p = 0.5 * (1.0 + np.tanh(0.5 * eta))  # the logistic function without overflow
    return loss, (won + lost) * p - won


def fit_declared(
    design: Design,
    score: Any,
    won: Any,
    lost: Any,
    offsets: tuple[list[float], float] | None = None,
) -> tuple[float, float, list[float], float]:
    """Fit a probability model to a fixed score: intercept and per point (>= 0), with the
    unknown and disqualified *offsets* held where given, else at 0 (so the chance ranks
    leads exactly as the score does). Returns intercept, per point, offsets, disqualified."""
    np, optimize = modules()
    count = design.unknown.shape[1]
    gamma, d = offsets if offsets is not None else ([0.0] * count, 0.0)
    fixed = design.unknown @ np.array(gamma, dtype=float) + d * design.out
    total = float(won.sum() + lost.sum())
    base = (float(won.sum()) + 0.5) / (total + 1.0)

    def objective(x: Any) -> tuple[float, Any]:
        eta = x[0] + x[1] * score + fixed
        loss, g = _loss(eta, won, lost)
        return loss, np.array([g.sum(), g @ score])

    start = np.array([np.log(base / (1 - base)), 0.0])
    bounds = [(None, None), (0.0, None)]
    found = optimize.minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds)
    return float(found.x[0]), float(found.x[1]), [float(v) for v in gamma], float(d)


def fit_rungs(
    design: Design, won: Any, lost: Any, target: Fit, strength: float, start: Fit | None = None
) -> Fit:
    """Fit rung values (rising from 0), offsets and intercept, each pulled toward *target*
    (the declared framework as a :class:`Fit`) with *strength*, in leads; from *start* (a
    fit at a nearby strength) when given, else from *target*."""
    np, optimize = modules()
    columns = design.columns()
    matrix = design.matrix()
    count = design.unknown.shape[1]
    width = len(columns)
    groups: list[list[int]] = [[] for _ in design.rungs]  # column positions per criterion
    for position, (i, _) in enumerate(columns):
        groups[i].append(position)

    # rung values = cumulative sums of the increments within each criterion: one matrix
    cumulative = np.zeros((width, width))
    for i, positions in enumerate(groups):
        for row, position in enumerate(positions):
            if design.rungs[i]:
                cumulative[position, positions[: row + 1]] = 1.0
            else:
                cumulative[position, position] = 1.0
    wanted = np.concatenate([np.asarray(v, dtype=float) for v in target.values])
    gamma0 = np.array(target.unknown, dtype=float)
    d0 = target.disqualified

    def values_of(x: Any) -> list[Any]:
        values = cumulative @ x[2 + count :]
        return [values[g] for g in groups]

    def objective(x: Any) -> tuple[float, Any]:
        a, d, gamma, steps = x[0], x[1], x[2 : 2 + count], x[2 + count :]
        eta = a + design.unknown @ gamma + d * design.out + matrix @ steps
        loss, g = _loss(eta, won, lost)
        moved = gamma - gamma0
        residual = cumulative @ steps - wanted
        loss += 0.5 * strength * (float(moved @ moved) + (d - d0) ** 2 + float(residual @ residual))
        grad = np.concatenate(
            [
                [g.sum(), g @ design.out + strength * (d - d0)],
                design.unknown.T @ g + strength * moved,
                matrix.T @ g + strength * (cumulative.T @ residual),
            ]
        )
        return loss, grad

    begin = target if start is None else start
    x0 = np.zeros(2 + count + width)
    x0[0], x0[1], x0[2 : 2 + count] = begin.intercept, begin.disqualified, begin.unknown
    for i, positions in enumerate(groups):
        values = np.asarray(begin.values[i], dtype=float)
        x0[2 + count + np.array(positions)] = (
            np.maximum(np.diff(values, prepend=values[0]), 0.0)
            if design.rungs[i]
            else np.maximum(values, 0.0)
        )
    # the lowest rung of a criterion is worth 0: its weight is then what moving from the
    # lowest rung to the highest is worth, and being unknown is measured by its offset
    bounds = [(None, None)] * (2 + count) + [
        (0.0, 0.0) if j == 0 else (0.0, None) for _, j in columns
    ]
    found = optimize.minimize(objective, x0, jac=True, method="L-BFGS-B", bounds=bounds)
    x = found.x
    return Fit(
        float(x[0]),
        [float(v) for v in x[2 : 2 + count]],
        float(x[1]),
        [np.asarray(v, dtype=float) for v in values_of(x)],
    )
