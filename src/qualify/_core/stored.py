"""Stored evaluations read back as the engine could have produced them, or refused.

A row in a database or a JSON body posted to a service may have been tampered
with or broken: a chance of 2.0 or NaN, a score of infinity, negative points.
:func:`checked` wraps the converter's structure function of
:class:`~qualify.Evaluation` so that :func:`qualify.from_dict` (and the pydantic,
Django and SQLAlchemy types built on it) refuses such values, naming their path.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..errors import ConversionError
from .checks import shown
from .results import CriterionResult, Evaluation

__all__ = ["checked"]


def _within(path: str, value: float | None, low: float, high: float, what: str) -> None:
    """Refuse *value* (at *path*) outside [*low*, *high*], or not a number at all (NaN);
    a rounding error of the engine's (points of 100.00000000000001) is let through."""
    slack = 1e-9 * max(1.0, abs(high)) if high != math.inf else 0.0
    if value is not None and not low - slack <= value <= high + slack:
        bounds = f"{low:g} or more" if high == math.inf else f"from {low:g} to {high:g}"
        raise ConversionError(f"{path} is {shown(value)}, not {what} ({bounds})")


def checked(base: Callable[[Any, Any], Evaluation]) -> Callable[[Any, Any], Evaluation]:
    """*base*, refusing an evaluation whose numbers the engine cannot produce."""

    def structure(data: Any, cls: Any) -> Evaluation:
        found: Evaluation = base(data, cls)
        for name in ("score", "potential", "qualified_at"):
            _within(f"$.{name}", getattr(found, name), 0.0, 100.0, "a score")
        _within("$.completeness", found.completeness, 0.0, 1.0, "a completeness")
        for name in ("probability", "expected", "lowest_probability", "highest_probability"):
            _within(f"$.{name}", getattr(found, name), 0.0, 1.0, "a chance")
        for part in ("criteria", "gaps"):
            results: tuple[CriterionResult, ...] = getattr(found, part)
            for i, result in enumerate(results):
                where = f"$.{part}[{i}]"
                _within(f"{where}.satisfaction", result.satisfaction, 0.0, 1.0, "a satisfaction")
                _within(f"{where}.points", result.points, 0.0, 100.0, "a number of points")
                _within(f"{where}.weight", result.weight, 0.0, math.inf, "a weight")
        for part in ("missing", "checks"):
            for i, item in enumerate(getattr(found, part)):
                _within(f"$.{part}[{i}].points", item.points, 0.0, 100.0, "a number of points")
                _within(f"$.{part}[{i}].weight", item.weight, 0.0, math.inf, "a weight")
        return found

    return structure
