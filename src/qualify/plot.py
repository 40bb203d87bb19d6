"""Charts of evaluations with matplotlib (install ``qualify[plot]``).

Every function returns a :class:`matplotlib.figure.Figure` built without
pyplot's global state, so it is safe in servers and threads; in a notebook the
figure displays itself, elsewhere call ``figure.savefig("chart.png")``.
"""

from __future__ import annotations

from ._views.charts import (
    calibration_chart,
    criteria_chart,
    funnel_chart,
    lift_chart,
    missing_chart,
    score_chart,
    verdict_chart,
)

__all__ = [
    "calibration_chart",
    "criteria_chart",
    "funnel_chart",
    "lift_chart",
    "missing_chart",
    "score_chart",
    "verdict_chart",
]
