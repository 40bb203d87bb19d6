"""Newton's method for the small, bounded logistic fits calibration makes.

Needs numpy, as the rest of :mod:`qualify._learn` does; the caller checks for it.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["newton"]


def newton(
    matrix: Any,
    won: Any,
    lost: Any,
    values: Any,
    wanted: Any,
    strength: float,
    lower: Any,
    start: Any,
    narrow: Any = None,
) -> Any:
    """Minimise the log-likelihood of *won* and *lost* at log-odds ``matrix @ x`` plus
    ``strength / 2 * |values @ x - wanted|^2``, with ``x >= lower``, from *start*
    (*narrow*: *matrix* in single precision, when the caller holds it already).

    Newton's method: the models have a few dozen parameters over a few thousand
    patterns, so each step solves a small linear system exactly and a handful of
    steps converge (where a quasi-Newton method takes hundreds). A Hessian is
    kept for the next step while full steps go downhill, and worked out afresh
    where one does not. A parameter at its bound that a step would push past it
    is held; a backtracking line search keeps every step downhill.
    """
    np = importlib.import_module("numpy")
    counts = won + lost
    pulled = strength * (values.T @ values)

    def at(x: Any) -> tuple[float, Any, Any]:
        """The objective, the gradient and the Hessian's weights at *x*, from one exp."""
        eta = matrix @ x
        small = np.exp(-np.abs(eta))  # never overflows
        value = float(counts @ np.log1p(small))
        value += float(won @ np.maximum(-eta, 0.0) + lost @ np.maximum(eta, 0.0))
        p = np.where(eta >= 0, 1.0, small) / (1.0 + small)  # the logistic, without overflow
        residual = values @ x - wanted
        value += 0.5 * strength * float(residual @ residual)
        gradient = matrix.T @ (counts * p - won) + strength * (values.T @ residual)
        return value, gradient, counts * p * (1.0 - p)

    x = np.maximum(np.asarray(start, dtype=float), lower)
    current, gradient, weights = at(x)
    # the Hessian only steers each step (the gradient and the line search are exact), so
    # single precision does (half the work of its product, where the time goes), and one
    # Hessian steers step after step while its full steps are taken: it is worked out
    # again only where a step had to be shortened
    if narrow is None:
        narrow = matrix.astype(np.float32)
    ridge = 1e-9 * np.eye(len(x))
    hessian, fresh = None, False
    for _ in range(100):
        if hessian is None:
            scaled = narrow * np.sqrt(weights).astype(np.float32)[:, None]
            hessian = scaled.T @ scaled + pulled  # one product with itself: half the work
            fresh = True
        free = ~((x <= lower) & (gradient > 0))  # held: at its bound and pushed past it
        if free.all():
            step = -np.linalg.solve(hessian + ridge, gradient)
        else:
            step = np.zeros_like(x)
            if free.any():
                inner = hessian[np.ix_(free, free)] + ridge[np.ix_(free, free)]
                step[free] = -np.linalg.solve(inner, gradient[free])
        if -float(gradient @ step) <= 2e-10 * (1.0 + abs(current)):
            break  # the Newton decrement: what a full step would gain is below the tolerance
        size, moved = 1.0, False
        candidate, found = x, (current, gradient, weights)
        while size > 1e-12:
            candidate = np.maximum(x + size * step, lower)
            found = at(candidate)
            if found[0] <= current + 1e-4 * float(gradient @ (candidate - x)):
                moved = True
                break
            if not fresh:  # an older Hessian steered it wrong: work out the one here
                break
            size *= 0.5
        if not moved:
            if fresh:
                break
            hessian = None
            continue
        if size < 1.0:  # a shortened step: the next one starts from a Hessian of its own
            hessian = None
        fresh = False
        change = float(np.abs(candidate - x).max())
        previous = current
        x, (current, gradient, weights) = candidate, found
        if change < 1e-7 or previous - current <= 1e-10 * (1.0 + abs(current)):
            break
    return x
