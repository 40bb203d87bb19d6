"""What an evaluation gives back: verdicts, statuses, per-criterion results, the evaluation.

Frozen attrs classes, shared freely between leads: the engine hands the same
result object to every lead whose evidence rated alike.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

import attrs

from ..errors import UnknownCriterionError
from .display import html_of
from .evidence import Evidence
from .scales import EvidenceValue
from .touches import ContactHistory

__all__ = [
    "Answer",
    "CriterionResult",
    "Evaluation",
    "Missing",
    "RowProblems",
    "Stale",
    "Status",
    "Unvetted",
    "Verdict",
    "blank",
    "made",
]


class Verdict(StrEnum):
    """What the evaluation means for the lead's next step."""

    #: Score at or above the framework's threshold and every required criterion met.
    QUALIFIED = "qualified"
    #: Not qualified yet, but could be: best answers to the missing questions would reach
    #: the threshold (a required criterion that is not met yet also lands here).
    NURTURE = "nurture"
    #: Even best answers to every missing question would leave it below the threshold.
    UNQUALIFIED = "unqualified"
    #: A disqualifier holds (bad contact data, a competitor, ...): no score rescues it.
    DISQUALIFIED = "disqualified"


class Status(StrEnum):
    """How far the evidence on one criterion satisfies it."""

    MET = "met"
    PARTIAL = "partial"
    UNMET = "unmet"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class Answer:
    """One answer a missing question can get, and what it would do to the lead.

    ``label`` names the answer as the criterion's scale does (a level's name,
    a band such as ``"1000 or more"``, ``"yes"``, or ``"not known"`` when
    nobody can say); ``score`` and ``verdict`` are the lead's score and verdict
    with that answer and nothing else added. For a calibrated framework,
    ``share`` is how often the team's history saw the answer (the shares of a
    question sum to 1) and ``probability`` the chance of winning with it,
    averaged over the answers still to come as :attr:`Evaluation.expected`
    is; both are ``None`` without a calibrated model and its counts.
    """

    label: str
    score: float
    verdict: Verdict
    share: float | None = None
    probability: float | None = None


class Outlook(Protocol):
    """What a lead's open questions would do, worked out on first use (see :class:`Missing`)."""

    def answers(self, key: str) -> tuple[Answer, ...]:
        """The answers criterion *key* can get, and what each would do."""

    def gain(self, key: str) -> float | None:
        """The information, in bits, the answer to *key* is expected to bring."""

    def chance_to_change(self, key: str, verdict: Verdict) -> float:
        """The chance the answer to *key* changes *verdict*."""

    def open_chance(self) -> float | None:
        """The chance the final verdict differs from the verdict now."""


@attrs.frozen(kw_only=True, slots=False)  # a dict of fields: copied in one step (see .outlook)
class Missing:
    """A criterion nobody has evidence on yet: the question to ask, and what it is worth.

    ``points`` is how many score points the best answer would add.

    In an evaluation, ``answers`` lists what each possible answer would do
    (see :class:`Answer`), and ``gain`` is how much the answer is expected to
    tell about winning the lead, in bits (the mutual information between the
    answer and the outcome under the calibrated model; ``None`` without one).
    Both are worked out when first read, from the framework the lead was
    evaluated by; a ``Missing`` built by hand or read back with
    :func:`~qualify.from_dict` has no answers (``()``) and no gain.
    """

    key: str
    label: str
    question: str
    weight: float
    points: float
    # set by the engine (see .outlook); not data, so never compared, shown or written
    _outlook: Outlook | None = attrs.field(default=None, init=False, eq=False, repr=False)

    @property
    def answers(self) -> tuple[Answer, ...]:
        """What each answer to this question would do: the scale's rungs as it declares
        them, then "not known"; ``()`` outside an evaluation."""
        return () if self._outlook is None else self._outlook.answers(self.key)

    @property
    def gain(self) -> float | None:
        """Expected information about winning the lead from this answer, in bits."""
        return None if self._outlook is None else self._outlook.gain(self.key)

    def chance_to_change(self, verdict: Verdict) -> float:
        """The chance that the answer changes *verdict* (what ``ask="decision"`` orders by):
        the shares of the answers that would give another verdict, or without counts, the
        fraction of the answers that would; 0 outside an evaluation."""
        return 0.0 if self._outlook is None else self._outlook.chance_to_change(self.key, verdict)


class _Written:
    """Room on a result for what is worked out from it once: the forms it is written in,
    set on its first writing (by ``.restore`` and ``.jsontext``), and how far it falls
    short, set by the plan that rated it (the engine sorts gaps by it). Not fields: never
    compared, shown, copied or pickled; a result is frozen, so they never go stale, and one
    shared between leads is worked out once for them all."""

    __slots__ = ("_as_dict", "_as_json", "_shortfall")

    _as_dict: dict[str, Any]  # what to_dict writes, copied out each time
    _as_json: str  # its JSON text, as json.dumps writes it
    _shortfall: float  # its weight times what it falls short by, negated: largest first


@attrs.frozen(kw_only=True)
class CriterionResult(_Written):
    """How one criterion came out: its status, satisfaction and the points it earned.

    ``value`` is the evidence value that was rated (``None`` when unknown);
    ``evidence`` is the :class:`~qualify.Evidence` item it came from, with its
    provenance, when evidence was given as items rather than as a mapping.
    """

    key: str
    label: str
    question: str
    status: Status
    satisfaction: float
    weight: float
    points: float
    value: EvidenceValue | None = None
    evidence: Evidence | None = None


@attrs.frozen(kw_only=True)
class Stale:
    """Evidence too old to count ``as_of`` the instant a lead was evaluated at.

    ``value`` was observed at ``observed_at``, ``age`` before the evaluation's
    ``as_of``, longer than the criterion's ``fresh_for``. The criterion counts
    as unknown, and its entry in ``missing`` asks to re-confirm the value.
    ``evidence`` is the :class:`~qualify.Evidence` item, when evidence came as items.
    """

    key: str
    label: str
    value: EvidenceValue
    observed_at: datetime
    age: timedelta
    fresh_for: timedelta
    evidence: Evidence | None = None


@attrs.frozen(kw_only=True)
class Unvetted:
    """An answer that did not count for want of vetting.

    With ``stage`` ``None``, the criterion itself requires vetting: its answer
    counted as unknown, and its entry in ``missing`` asks to vet it. With a
    stage key, the answer met the criterion, but that stage requires vetted
    answers, so the lead has not reached it. ``evidence`` is the
    :class:`~qualify.Evidence` item, when evidence came as items.
    """

    key: str
    label: str
    value: EvidenceValue
    stage: str | None = None
    evidence: Evidence | None = None


# A dict of fields, not slots: the engine makes each evaluation from its framework's blank
# fields in one copy (see made), where 23 keyword arguments cost the most of a small one.
@attrs.frozen(kw_only=True, slots=False)
class Evaluation:
    """The outcome of evaluating one lead against one framework.

    ``score`` (0 to 100) is the weighted mean satisfaction, unknown criteria
    counting 0; ``completeness`` (0 to 1) is the share of the weight that has
    evidence; ``potential`` is the score the lead would reach if every missing
    criterion came out best. ``missing`` lists what to ask next, heaviest
    first; ``gaps`` the criteria with evidence that falls short, largest
    shortfall first (a pair criterion, which follows from two others, is never
    one: a rep works on the two instead). ``probability`` is the chance of winning the lead from a
    calibrated framework (see :func:`qualify.calibrate`), else ``None``.
    ``as_of`` is the instant evidence was judged at (``None``: age ignored);
    ``stale`` lists the evidence too old to count then, in framework order;
    ``unvetted`` the answers that did not count for want of vetting.
    ``touches`` is the lead's contact history, when touches were given
    (``None`` otherwise); it never changes the score.

    ``settled`` is the verdict the lead ends with whatever the answers still to
    come (each unknown criterion answered with any of its rungs, or "not
    known"; each unchecked disqualifier yes or no), or ``None`` while they can
    change it: once it is set, asking more cannot change the outcome. For a
    calibrated framework, ``lowest_probability`` and ``highest_probability``
    are the lowest and highest chance of winning those answers can still
    reach (``None`` otherwise, and for older models whose chance is not a
    function of the score alone). ``expected`` is the chance of winning averaged
    over the answers not given yet, each weighted by how often the outcomes the
    framework was calibrated on saw it (each criterion's ``seen``; criteria
    taken apart). A question not asked yet (no key, ``None``, blank text) is
    averaged over; one asked, and nobody knew (a word such as ``"unknown"``)
    earns what not knowing earns, as in ``probability``. With nothing asked it
    is near the base rate; with every question asked it is ``probability``;
    ``None`` without a calibrated model and its counts.

    An evaluation is immutable, so leads that stand alike (the same answers under
    the same framework) may be given one and the same object; compare them with
    ``==``, never with ``is``.

    ``checks`` are the disqualifiers nobody answered, as questions (``weight``
    and ``points`` 0): a yes ends the lead, so a rep checks them once nothing
    is ``missing``; their ``answers`` are "yes" (disqualified) and "no" (the
    verdict as it stands), with the chance of each for a calibrated framework
    and no ``share`` (how often a disqualifier holds is not counted).
    """

    framework: str
    framework_version: str
    score: float
    completeness: float
    potential: float
    qualified_at: float
    verdict: Verdict
    criteria: tuple[CriterionResult, ...]
    missing: tuple[Missing, ...]
    gaps: tuple[CriterionResult, ...]
    stage: str | None = None
    next_stage: str | None = None
    disqualified_by: tuple[str, ...] = ()
    probability: float | None = None
    as_of: datetime | None = None
    stale: tuple[Stale, ...] = ()
    unvetted: tuple[Unvetted, ...] = ()
    touches: ContactHistory | None = None
    settled: Verdict | None = None
    lowest_probability: float | None = None
    highest_probability: float | None = None
    expected: float | None = None
    checks: tuple[Missing, ...] = ()

    @property
    def next_question(self) -> str | None:
        """What the rep should ask next, or ``None`` when nothing is left to ask.

        The first missing question (the one worth most points, unless
        ``evaluate(..., ask=...)`` chose another order); with nothing missing, for a
        qualified or nurture lead, the first disqualifier nobody checked (``checks``:
        a yes ends the lead; an unqualified one is not pursued either way); for a
        nurture lead with neither (a required criterion only partly met), the
        question of its largest gap, so that there is always a next step.
        """
        if self.missing:
            return self.missing[0].question
        if self.checks and self.verdict in (Verdict.QUALIFIED, Verdict.NURTURE):
            return self.checks[0].question
        if self.verdict is Verdict.NURTURE and self.gaps:
            return self.gaps[0].question
        return None

    @property
    def open_chance(self) -> float | None:
        """The chance that the verdict, once every open question is answered, differs
        from ``verdict`` now, for a calibrated framework with answer counts (``None``
        otherwise, and for an evaluation read back from storage).

        Each open answer weighs as often as the framework's history saw it, criteria
        taken apart, as in ``expected``; a disqualifier nobody checked is taken as it
        stands (how often one holds is not counted). 0 once nothing is missing, and
        whenever ``settled`` is set.
        """
        for missing in self.missing:
            outlook = missing._outlook
            if outlook is not None:
                return outlook.open_chance()
        if self.missing or self.expected is None:
            return None
        return 0.0

    @property
    def priority(self) -> float:
        """The key to sort leads by, highest first: the score, or -1 for a disqualified lead.

        A disqualifier rules a lead out whatever its score, so disqualified leads
        sort last: ``sorted(results, key=lambda e: e.priority, reverse=True)``.
        """
        return -1.0 if self.verdict is Verdict.DISQUALIFIED else self.score

    def _repr_html_(self) -> str:
        """The notebook view: score and verdict, then a row per criterion."""
        return html_of(self)

    def result(self, key: str) -> CriterionResult:
        """Return the result of the criterion *key*."""
        for result in self.criteria:
            if result.key == key:
                return result
        raise UnknownCriterionError(
            f"evaluation by {self.framework!r} has no criterion {key!r}; its criteria are"
            f" {', '.join(r.key for r in self.criteria)}"
        )


_NEW = object.__new__
_SET_FIELDS = Evaluation.__dict__["__dict__"].__set__


def blank(framework: str, framework_version: str, qualified_at: float) -> dict[str, Any]:
    """The fields of an evaluation under one framework before any lead is judged: its
    name, version and threshold, every other field at its default or a placeholder the
    engine overwrites (score, verdict, criteria...). Copies of it share their keys with
    every evaluation's own fields, so :func:`made` builds one in a copy and a few stores."""
    template = Evaluation(
        framework=framework,
        framework_version=framework_version,
        score=0.0,
        completeness=0.0,
        potential=0.0,
        qualified_at=qualified_at,
        verdict=Verdict.UNQUALIFIED,
        criteria=(),
        missing=(),
        gaps=(),
    )
    return template.__dict__


def made(fields: dict[str, Any]) -> Evaluation:
    """The evaluation of *fields*: a copy of a :func:`blank`, every field of its type
    (the caller's to see to), set past the generated ``__init__`` as one dict."""
    evaluation: Evaluation = _NEW(Evaluation)
    _SET_FIELDS(evaluation, fields)
    return evaluation


@attrs.frozen(kw_only=True)
class RowProblems:
    """A record that could not be evaluated: which one, and every problem in it.

    ``position`` counts records from 1; ``id`` is the record's value under the
    key ``evaluate_many(..., id=...)`` names (``None`` otherwise); each of
    ``problems`` is one sentence naming the value and what is accepted.
    """

    position: int
    problems: tuple[str, ...]
    id: object = None
