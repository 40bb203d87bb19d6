"""Hand-offs: the criteria sales and marketing signed, and what sales did with each lead.

An :class:`Agreement` names a framework, the score a lead must reach and any
extra rules both sides agreed (criteria that must be met, how much must be
known), and the reasons sales may give for turning a lead down. It turns an
evaluation into a :class:`Handoff`: hand over, or keep nurturing, with what
is unmet. Sales then accepts or rejects it with one of the agreed reasons.
A rejected lead below the agreement is sent back to its source with the
reason, so the next leads fit better; a rejected lead that met the agreement
is flagged for the managers, as a rep applying criteria of their own.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from ..errors import EvidenceError, FrameworkError
from .checks import check_name, check_text, is_number, shown, strings
from .engine import TOLERANCE
from .results import Evaluation, Status, Verdict

__all__ = ["Agreement", "Decision", "Handoff", "Routing"]


class Decision(StrEnum):
    """What an agreement says to do with a lead."""

    #: The lead meets the agreement: sales takes it.
    HAND_OVER = "hand over"
    #: It does not yet: marketing keeps working it.
    KEEP_NURTURING = "keep nurturing"


class Routing(StrEnum):
    """Where a lead goes once sales has reviewed it."""

    #: Sales took it.
    ACCEPTED = "accepted"
    #: Rejected, and below the agreement: back to its source, with the reason.
    SENT_BACK = "sent back"
    #: Rejected although it met the agreement: for the managers to look at.
    FLAGGED = "flagged"


@attrs.frozen(kw_only=True)
class Handoff:
    """One lead judged by an agreement, and (once reviewed) what sales did with it.

    ``unmet`` says, in words, what keeps the lead below the agreement (empty
    when it meets it). ``accepted`` is ``None`` until sales reviews the lead;
    then ``rep`` says who, ``reason`` why a rejection (one of the agreement's),
    and ``routing`` where the lead goes.
    """

    lead: str
    agreement: str
    framework: str
    decision: Decision
    score: float
    verdict: Verdict
    unmet: tuple[str, ...] = ()
    source: str | None = None
    accepted: bool | None = None
    rep: str | None = None
    reason: str | None = None
    reviewed_at: datetime | None = None
    routing: Routing | None = None

    @property
    def meets(self) -> bool:
        """Whether the lead meets the agreement."""
        return self.decision is Decision.HAND_OVER


@attrs.frozen(kw_only=True)
class Agreement:
    """The criteria sales and marketing agreed a lead must meet before sales takes it.

    A lead meets it when it is not disqualified, its score reaches
    ``qualified_at`` (``None``: the framework's own verdict must be
    ``qualified``, its threshold and required criteria included), every
    criterion in ``require`` is met, and at least ``min_completeness`` of the
    framework's weight is known. ``reasons`` are the reasons sales may give
    for rejecting a lead; no other is accepted.
    """

    name: str
    framework: str
    reasons: tuple[str, ...] = attrs.field(converter=strings)
    qualified_at: float | None = None
    require: tuple[str, ...] = attrs.field(default=(), converter=strings)
    min_completeness: float = 0.0
    description: str = ""

    def __attrs_post_init__(self) -> None:
        check_name("agreement name", self.name)
        check_name(f"framework of agreement {self.name!r}", self.framework)
        check_text(f"description of agreement {self.name!r}", self.description, empty=True)
        if not self.reasons:
            raise FrameworkError(
                f"agreement {self.name!r} needs reasons: the list sales chooses from when it"
                " rejects a lead, such as ['no budget', 'wrong contact']"
            )
        for reason in self.reasons:
            check_text(f"a reason of agreement {self.name!r}", reason)
        twice = sorted({r for r in self.reasons if self.reasons.count(r) > 1})
        if twice:
            raise FrameworkError(f"agreement {self.name!r} lists {twice[0]!r} twice in reasons")
        twice = sorted({key for key in self.require if self.require.count(key) > 1})
        if twice:
            raise FrameworkError(f"agreement {self.name!r} lists {twice[0]!r} twice in require")
        if self.qualified_at is not None and (
            isinstance(self.qualified_at, bool)
            or not is_number(self.qualified_at)
            or not 0 < self.qualified_at <= 100
        ):
            raise FrameworkError(
                f"qualified_at of agreement {self.name!r} must be a score above 0 and up to"
                f" 100, or None for the framework's own; got {shown(self.qualified_at)}"
            )
        if (
            isinstance(self.min_completeness, bool)
            or not is_number(self.min_completeness)
            or not 0 <= self.min_completeness <= 1
        ):
            raise FrameworkError(
                f"min_completeness of agreement {self.name!r} must be a share from 0 to 1,"
                f" got {shown(self.min_completeness)}"
            )

    def unmet(self, evaluation: Evaluation) -> tuple[str, ...]:
        """What keeps *evaluation*'s lead below the agreement, in words; empty when it meets it.

        :raises EvidenceError: when the evaluation is by another framework, or lacks a
            criterion the agreement requires.
        """
        if not isinstance(evaluation, Evaluation):
            raise EvidenceError(f"an agreement judges an Evaluation, got {shown(evaluation)}")
        if evaluation.framework != self.framework:
            raise EvidenceError(
                f"agreement {self.name!r} is about framework {self.framework!r}; this lead"
                f" was evaluated by {evaluation.framework!r}"
            )
        found: list[str] = []
        if evaluation.disqualified_by:
            found.append(f"disqualified: {', '.join(evaluation.disqualified_by)}")
        if self.qualified_at is None:
            if evaluation.verdict is not Verdict.QUALIFIED and not evaluation.disqualified_by:
                found.append(f"the framework's verdict is {evaluation.verdict.value}")
        elif evaluation.score < self.qualified_at - TOLERANCE:
            found.append(
                f"score {evaluation.score:.1f} is below the agreed {self.qualified_at:g}"
            )
        statuses = {result.key: result.status for result in evaluation.criteria}
        for key in self.require:
            if key not in statuses:
                raise EvidenceError(
                    f"agreement {self.name!r} requires {key!r}, which framework"
                    f" {self.framework!r} does not have; its criteria: {', '.join(statuses)}"
                )
            if statuses[key] is not Status.MET:
                found.append(f"{key} is {statuses[key].value}, and the agreement requires it met")
        if evaluation.completeness < self.min_completeness - TOLERANCE:
            found.append(
                f"{evaluation.completeness:.0%} is known, below the agreed"
                f" {self.min_completeness:.0%}"
            )
        return tuple(found)

    def hand_off(
        self, evaluation: Evaluation, *, lead: str, source: str | None = None
    ) -> Handoff:
        """Judge *evaluation*'s lead: hand over, or keep nurturing, with what is unmet."""
        _text("lead", lead)
        if source is not None:
            _text("source", source)
        unmet = self.unmet(evaluation)
        return Handoff(
            lead=lead,
            agreement=self.name,
            framework=self.framework,
            decision=Decision.KEEP_NURTURING if unmet else Decision.HAND_OVER,
            score=evaluation.score,
            verdict=evaluation.verdict,
            unmet=unmet,
            source=source,
        )

    def review(
        self,
        handoff: Handoff,
        *,
        accepted: bool,
        reason: str | None = None,
        rep: str | None = None,
        at: datetime | None = None,
    ) -> Handoff:
        """Record sales' answer: accepted, or rejected with one of :attr:`reasons`.

        A rejected lead below the agreement is sent back to its source; a rejected lead
        that met it is flagged. Returns the reviewed hand-off; the one given is unchanged.

        :raises EvidenceError: for a hand-off under another agreement or reviewed already,
            a rejection without one of the agreed reasons, or a reason given with an
            acceptance.
        """
        if handoff.agreement != self.name:
            raise EvidenceError(
                f"lead {handoff.lead!r} was handed off under agreement {handoff.agreement!r},"
                f" not {self.name!r}"
            )
        if handoff.accepted is not None:
            raise EvidenceError(
                f"lead {handoff.lead!r} was reviewed already"
                f" ({'accepted' if handoff.accepted else 'rejected'}); a review is not"
                " overwritten"
            )
        if not isinstance(accepted, bool):
            raise EvidenceError(f"accepted must be True or False, got {shown(accepted)}")
        if accepted and reason is not None:
            raise EvidenceError(
                f"lead {handoff.lead!r} is accepted with a reason ({reason!r}); reasons are"
                " for rejections"
            )
        if not accepted and reason not in self.reasons:
            raise EvidenceError(
                f"rejecting lead {handoff.lead!r} needs one of agreement {self.name!r}'s"
                f" reasons: {', '.join(map(repr, self.reasons))}; got {shown(reason)}"
            )
        if rep is not None:
            _text("rep", rep)
        if at is not None and not isinstance(at, datetime):
            raise EvidenceError(f"at must be a datetime or None, got {shown(at)}")
        if accepted:
            routing = Routing.ACCEPTED
        else:
            routing = Routing.FLAGGED if handoff.meets else Routing.SENT_BACK
        return attrs.evolve(
            handoff, accepted=accepted, reason=reason, rep=rep, reviewed_at=at, routing=routing
        )


def _text(what: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise EvidenceError(f"{what} must be non-empty text, got {shown(value)}")
