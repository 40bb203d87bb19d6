"""A hand-off agreement over a whole table: a ``handoff`` column, decided where the table lives.

The decision is :meth:`qualify.journey.Agreement.unmet`'s, written as expressions over
evaluate_frame's own output columns (score, verdict, completeness, and the
satisfaction of each criterion the agreement requires).
"""

from __future__ import annotations

from typing import Any

from .._core.engine import TOLERANCE
from .._core.framework import Framework
from .._core.handoff import Agreement, Decision
from .._core.results import Verdict
from ..errors import QualifyError
from .expressions import SATISFACTION

__all__ = ["HANDOFF", "check_agreement", "with_handoff"]

#: The column evaluate_frame adds with an agreement: "hand over" or "keep nurturing".
HANDOFF = "handoff"


def check_agreement(agreement: object, framework: Framework) -> Agreement:
    """*agreement* checked to be an Agreement about *framework*, requiring its criteria."""
    if not isinstance(agreement, Agreement):
        raise QualifyError(
            f"agreement must be a qualify.journey.Agreement (load one with load_agreement), got"
            f" {type(agreement).__name__}"
        )
    if agreement.framework != framework.name:
        raise QualifyError(
            f"agreement {agreement.name!r} is about framework {agreement.framework!r}; the"
            f" table is evaluated by {framework.name!r}"
        )
    keys = [c.key for c in framework.criteria]
    stray = [key for key in agreement.require if key not in keys]
    if stray:
        raise QualifyError(
            f"agreement {agreement.name!r} requires {', '.join(map(repr, stray))}, which"
            f" framework {framework.name!r} does not have; its criteria: {', '.join(keys)}"
        )
    return agreement


def with_handoff(native: Any, agreement: Agreement, drop: tuple[str, ...], nw: Any) -> Any:
    """*native* (evaluate_frame's result) with the ``handoff`` column added last, and the
    helper columns *drop* names removed."""
    frame = nw.from_native(native)
    verdict = nw.col("verdict")  # an ordered category compares equal to its text
    if agreement.qualified_at is None:
        scored = verdict == Verdict.QUALIFIED.value
    else:
        scored = nw.col("score") >= agreement.qualified_at - TOLERANCE
    meets = (
        (verdict != Verdict.DISQUALIFIED.value)
        & scored
        & (nw.col("completeness") >= agreement.min_completeness - TOLERANCE)
    )
    for key in agreement.require:
        meets = meets & (nw.col(SATISFACTION + key) >= 1.0).fill_null(False)
    decision = (
        nw.when(verdict.is_null())
        .then(nw.lit(None, dtype=nw.String()))
        .when(meets)
        .then(nw.lit(Decision.HAND_OVER.value))
        .otherwise(nw.lit(Decision.KEEP_NURTURING.value))
    )
    names = [name for name in frame.collect_schema() if name not in drop]
    return frame.with_columns(**{HANDOFF: decision}).select(*names, HANDOFF).to_native()
