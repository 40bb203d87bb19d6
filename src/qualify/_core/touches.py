"""Touches: a lead's contact history, and whether to keep trying.

It takes seven to thirteen or more touches (calls, voicemails, emails,
letters, direct mail) to turn a lead into one sales will take, and the best
prospects often answer only after five or six of them over months. A
:class:`Touch` records one; :func:`contact_history` sums them up for an
evaluation: how many, over how long, when the last was, whether the lead has
answered, and whether the team is still inside the number of tries it agreed
on (:data:`TOUCH_BUDGET`, seven by default) before it stops. A lead with no
answer yet inside that budget is one to keep working, not a bad lead: touches
never change a score.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

import attrs

from ..errors import EvidenceError
from .checks import is_missing, shown
from .freshness import age

__all__ = [
    "TOUCH_BUDGET",
    "ContactHistory",
    "Direction",
    "Pursuit",
    "Touch",
    "TouchOutcome",
    "contact_history",
]

E = TypeVar("E", bound=StrEnum)

#: How many outbound touches a team tries before it stops, unless it decides otherwise:
#: the low end of the seven to thirteen the sources count for a sales-ready lead.
TOUCH_BUDGET = 7


class Direction(StrEnum):
    """Who reached out: us (outbound) or the lead (inbound)."""

    OUTBOUND = "outbound"
    INBOUND = "inbound"


class TouchOutcome(StrEnum):
    """What came of a touch."""

    NO_ANSWER = "no answer"
    VOICEMAIL = "voicemail left"
    SENT = "sent"  #: an email, letter or mailing went out
    BOUNCED = "bounced"  #: the address or number did not work
    REPLIED = "replied"
    CONVERSATION = "conversation held"
    MEETING = "meeting booked"
    DECLINED = "declined"  #: the lead answered, and said no for now
    OPTED_OUT = "opted out"  #: the lead asked not to be contacted again


#: The outcomes that mean the lead answered.
RESPONSES = frozenset(
    {
        TouchOutcome.REPLIED,
        TouchOutcome.CONVERSATION,
        TouchOutcome.MEETING,
        TouchOutcome.DECLINED,
        TouchOutcome.OPTED_OUT,
    }
)


class Pursuit(StrEnum):
    """Whether to keep reaching out to a lead, from its touches."""

    #: The lead has answered (a reply, a conversation, a meeting, an inbound touch).
    RESPONDED = "responded"
    #: No answer yet, and fewer outbound touches than the budget: keep trying.
    KEEP_TRYING = "keep trying"
    #: No answer after as many outbound touches as the budget allows.
    BUDGET_SPENT = "budget spent"
    #: The lead asked not to be contacted again.
    OPTED_OUT = "opted out"


def _outcome(value: object) -> TouchOutcome:
    return _member(TouchOutcome, "outcome", value)


def _direction(value: object) -> Direction:
    return _member(Direction, "direction", value)


def _member(kind: type[E], what: str, value: object) -> E:
    try:
        return kind(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        accepted = ", ".join(repr(member.value) for member in kind)
        raise EvidenceError(f"a touch's {what} must be one of {accepted}; got {shown(value)}") from None


@attrs.frozen(kw_only=True)
class Touch:
    """One attempt to reach a lead, or the lead reaching us.

    ``channel`` is free text (see :class:`~qualify.Channel` for common ones:
    phone, email, letter, direct mail...), ``outcome`` one of
    :class:`TouchOutcome`'s values, ``by`` who made it.
    """

    at: datetime
    channel: str
    outcome: TouchOutcome = attrs.field(converter=_outcome)
    direction: Direction = attrs.field(default=Direction.OUTBOUND, converter=_direction)
    by: str | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.at, datetime) or is_missing(self.at):
            raise EvidenceError(
                f"a touch's at must be a datetime (a touch without a time cannot be placed"
                f" in the lead's history; leave it out), got {shown(self.at)}"
            )
        if not isinstance(self.channel, str) or not self.channel.strip():
            raise EvidenceError(
                f"a touch's channel must be text such as 'phone' or 'email', got"
                f" {shown(self.channel)}"
            )
        for what in ("by", "note"):
            value = getattr(self, what)
            if value is not None and not isinstance(value, str):
                raise EvidenceError(f"a touch's {what} must be text or None, got {shown(value)}")

    @property
    def response(self) -> bool:
        """Whether the lead answered in this touch (any inbound touch does)."""
        return self.direction is Direction.INBOUND or self.outcome in RESPONSES


def _order(touch: Touch) -> tuple[object, ...]:
    return (
        touch.at,
        touch.direction.value,
        touch.outcome.value,
        touch.channel,
        touch.by or "",
        touch.note or "",
    )


@attrs.frozen(kw_only=True)
class ContactHistory:
    """A lead's touches, oldest first, and what they add up to.

    ``count`` touches (``outbound`` of them ours) from ``first_at`` to
    ``last_at``, ``span`` apart; ``since_last`` is how long before the
    evaluation's ``as_of`` the last one was (``None`` without ``as_of``).
    ``responded_after`` is how many outbound touches it took before the lead
    first answered (``None``: no answer yet). ``budget`` is how many outbound
    touches the team tries; ``remaining`` how many are left; ``pursuit`` what
    to do next.
    """

    touches: tuple[Touch, ...]
    count: int
    outbound: int
    first_at: datetime | None
    last_at: datetime | None
    span: timedelta
    since_last: timedelta | None
    responded_after: int | None
    budget: int
    remaining: int
    pursuit: Pursuit


def contact_history(
    touches: Iterable[Touch], *, budget: int = TOUCH_BUDGET, as_of: datetime | None = None
) -> ContactHistory:
    """Sum up a lead's *touches*: with *as_of*, touches after it had not happened yet.

    Touches are put in time order (ties by their other fields), so the same
    touches give the same history whatever order they come in.

    :param touches: the lead's :class:`Touch` items, in any order.
    :param budget: how many outbound touches to make before giving up on a lead that never
        answered.
    :param as_of: leave out touches after this instant.
    :raises EvidenceError: for an item that is not a :class:`Touch`, a budget that
        is not a positive whole number, or times that cannot be compared.
    """
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
        raise EvidenceError(
            f"the touch budget must be a whole number of touches, 1 or more, got {shown(budget)}"
        )
    if isinstance(touches, str | bytes) or not isinstance(touches, Iterable):
        raise EvidenceError(f"touches must be a list of qualify.journey.Touch, got {shown(touches)}")
    given = list(touches)
    for position, touch in enumerate(given):
        if not isinstance(touch, Touch):
            raise EvidenceError(
                f"touches must be qualify.journey.Touch items, got {type(touch).__name__} at"
                f" position {position}"
            )
    if as_of is not None:
        given = [t for t in given if age(t.at, as_of, "touches") >= timedelta(0)]
    try:
        ordered = tuple(sorted(given, key=_order))
    except TypeError:
        raise EvidenceError(
            "touches mix timezone-aware and naive times, which cannot be ordered; give every"
            " touch a timezone, or none"
        ) from None
    outbound = 0
    responded_after = None
    opted_out = False
    for touch in ordered:
        if touch.direction is Direction.OUTBOUND:
            outbound += 1
        if touch.response and responded_after is None:
            responded_after = outbound
        opted_out = opted_out or touch.outcome is TouchOutcome.OPTED_OUT
    if opted_out:
        pursuit = Pursuit.OPTED_OUT
    elif responded_after is not None:
        pursuit = Pursuit.RESPONDED
    elif outbound < budget:
        pursuit = Pursuit.KEEP_TRYING
    else:
        pursuit = Pursuit.BUDGET_SPENT
    first = ordered[0].at if ordered else None
    last = ordered[-1].at if ordered else None
    return ContactHistory(
        touches=ordered,
        count=len(ordered),
        outbound=outbound,
        first_at=first,
        last_at=last,
        span=timedelta(0) if first is None or last is None else age(first, last, "touches"),
        since_last=None if as_of is None or last is None else age(last, as_of, "touches"),
        responded_after=responded_after,
        budget=budget,
        remaining=max(budget - outbound, 0),
        pursuit=pursuit,
    )
