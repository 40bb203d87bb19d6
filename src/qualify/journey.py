"""The lead's journey beyond its evidence: contact history, hand-off agreements, hand-offs.

:func:`~qualify.evaluate` takes ``touches=`` (a lead's contact history) and the
agreement files load with :func:`~qualify.load_agreement`; the types those
carry, and the hand-off report, are here::

    from qualify.journey import Touch, contact_history

    history = contact_history([Touch(at=called_at, channel="phone", outcome="no answer")])
"""

from __future__ import annotations

from ._core.handoff import Agreement, Decision, Handoff, Routing
from ._core.touches import (
    TOUCH_BUDGET,
    ContactHistory,
    Direction,
    Pursuit,
    Touch,
    TouchOutcome,
    contact_history,
)
from ._learn.handoffs import HandoffGroup, HandoffReport, handoff_report

__all__ = [
    "Agreement",
    "ContactHistory",
    "Decision",
    "Direction",
    "Handoff",
    "HandoffGroup",
    "HandoffReport",
    "Pursuit",
    "Routing",
    "TOUCH_BUDGET",
    "Touch",
    "TouchOutcome",
    "contact_history",
    "handoff_report",
]
