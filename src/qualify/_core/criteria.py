"""The parts of a framework: criteria to find out, stages to reach, disqualifiers to rule out.

Frozen attrs classes, validated on construction: a malformed part raises
:class:`~qualify.FrameworkError` naming it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs

from ..errors import FrameworkError
from .checks import (
    FRACTION_SCHEMA,
    KEY_SCHEMA,
    SCHEMA,
    check_key,
    check_text,
    is_number,
    shown,
    strings,
)
from .answers import NOT_KNOWN_ANSWER, rungs_of
from .freshness import check_fresh_for
from .scales import Boolean, Scale

__all__ = ["MAX_WEIGHT", "MIN_WEIGHT", "Criterion", "Disqualifier", "Stage", "check_flag"]


def check_flag(what: str, value: object) -> None:
    """Refuse a flag that is not ``True`` or ``False``."""
    if not isinstance(value, bool):
        raise FrameworkError(f"{what} must be true or false, got {shown(value)}")


#: The range of a criterion's weight: wide for any real framework, and narrow enough
#: that points and sums of weights stay finite floats.
MIN_WEIGHT, MAX_WEIGHT = 1e-9, 1e12
WEIGHT_SCHEMA = {SCHEMA: {"minimum": MIN_WEIGHT, "maximum": MAX_WEIGHT}}


def _pair(items: Any) -> tuple[str, ...] | None:
    """The two criteria a pair criterion follows from, as a tuple (``None``: not a pair)."""
    return None if items is None else strings(items)


def _counts(items: Any) -> tuple[tuple[str, int], ...]:
    """How often each answer was seen: a mapping of name to count, or pairs."""
    pairs = items.items() if isinstance(items, dict) else items
    try:
        if isinstance(pairs, str):
            raise TypeError
        return tuple((name, count) for name, count in pairs)
    except (TypeError, ValueError):
        raise FrameworkError(
            f"seen is a mapping of answer name to count, got {shown(items)}"
        ) from None


@attrs.frozen(kw_only=True)
class Criterion:
    """One thing a rep must find out about a lead, with the question that finds it out.

    ``fresh_for`` is how long its evidence stays fresh: evaluated ``as_of`` an
    instant, evidence observed longer ago is stale and its question is asked
    again (``None``: the framework's ``fresh_for``, and if that is ``None`` too,
    evidence never goes stale). With ``requires_vetting``, only a vetted answer
    (see :attr:`Evidence.vetted_by <qualify.Evidence.vetted_by>`) counts; an
    unvetted one counts as unknown, and the question asks to vet it.
    ``concept`` names the shared idea the criterion measures across frameworks
    (``"budget"`` for BANT's Budget, CHAMP's Money and FAINT's Funds), so one
    answer can be read under every framework that measures it.
    ``unknown_satisfaction`` (0 to 1, default 0) is what the criterion earns
    while nothing is known on it: 0 for a declared framework, where not
    knowing earns nothing; :func:`qualify.calibrate` learns it from outcomes
    where not knowing says something (a lead never contacted before, say), so
    the score and the calibrated chance rank leads alike. ``seen`` records how
    many leads gave each answer (each rung by name, and ``"not known"``) in the
    outcomes it was calibrated on: what :attr:`Evaluation.expected
    <qualify.Evaluation.expected>` averages over while it is not asked yet.
    ``of`` makes it a *pair*: it names two criteria before it, and the criterion
    is asked nothing, following from the cell their answers meet in (one level of
    its levels scale per pair of rungs, named ``"<rung> & <rung>"``), as the
    pairs of an Explainable Boosting Machine do; :func:`qualify.calibrate` learns
    them.
    """

    key: str = attrs.field(metadata=KEY_SCHEMA)
    label: str
    question: str
    scale: Scale = attrs.field(factory=Boolean)
    weight: float = attrs.field(default=1.0, metadata=WEIGHT_SCHEMA)
    required: bool = False
    description: str = ""
    fresh_for: timedelta | None = None
    requires_vetting: bool = False
    concept: str | None = None
    unknown_satisfaction: float = attrs.field(default=0.0, metadata=FRACTION_SCHEMA)
    seen: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_counts)
    of: tuple[str, ...] | None = attrs.field(
        default=None, converter=_pair, metadata={SCHEMA: {"minItems": 2, "maxItems": 2}}
    )

    def __attrs_post_init__(self) -> None:
        check_key("criterion key", self.key)
        if self.concept is not None:
            check_key(f"concept of criterion {self.key!r}", self.concept)
        check_text(f"label of criterion {self.key!r}", self.label)
        check_text(f"question of criterion {self.key!r}", self.question)
        check_text(f"description of criterion {self.key!r}", self.description, empty=True)
        if not isinstance(self.scale, Scale):
            raise FrameworkError(
                f"scale of criterion {self.key!r} must be a Scale (Levels, Boolean, Months, ...),"
                f" got {type(self.scale).__name__}"
            )
        if not is_number(self.weight) or not MIN_WEIGHT <= self.weight <= MAX_WEIGHT:
            raise FrameworkError(
                f"weight of criterion {self.key!r} must be a positive number from {MIN_WEIGHT:g}"
                f" to {MAX_WEIGHT:g}, got {shown(self.weight)}"
            )
        check_flag(f"required of criterion {self.key!r}", self.required)
        check_fresh_for(f"fresh_for of criterion {self.key!r}", self.fresh_for)
        check_flag(f"requires_vetting of criterion {self.key!r}", self.requires_vetting)
        if not is_number(self.unknown_satisfaction) or not 0 <= self.unknown_satisfaction <= 1:
            raise FrameworkError(
                f"unknown_satisfaction of criterion {self.key!r} must be a number from 0 to 1,"
                f" got {shown(self.unknown_satisfaction)}"
            )
        if self.seen:
            self._check_seen()
        if self.of is not None:
            self._check_of()

    def _check_of(self) -> None:
        assert self.of is not None
        what = f"of (the criteria that {self.key!r} pairs)"
        if len(self.of) != 2 or self.of[0] == self.of[1] or self.key in self.of:
            raise FrameworkError(
                f"{what} names the two other criteria it pairs, got {shown(list(self.of))}"
            )
        for key in self.of:
            check_key(f"a criterion that pair {self.key!r} pairs", key)
        for flag, value in (
            ("required", self.required),
            ("requires_vetting", self.requires_vetting),
            ("fresh_for", self.fresh_for is not None),
            ("concept", self.concept is not None),
        ):
            if value:
                raise FrameworkError(
                    f"pair criterion {self.key!r} follows from {self.of[0]!r} and"
                    f" {self.of[1]!r}, so it takes no {flag} of its own; set it on those"
                )

    def _check_seen(self) -> None:
        rungs = rungs_of(self.scale)
        if rungs is None:
            raise FrameworkError(
                f"criterion {self.key!r} has a {type(self.scale).__name__} scale, whose answers"
                " qualify cannot name, so it cannot record how often each was seen; leave seen out"
            )
        names = [name for name, _ in rungs] + [NOT_KNOWN_ANSWER]
        given: set[str] = set()
        for name, count in self.seen:
            if name not in names:
                raise FrameworkError(
                    f"seen of criterion {self.key!r} names {shown(name)}, which is not one of its"
                    f" answers: {', '.join(map(repr, names))}"
                )
            if name in given:
                raise FrameworkError(f"seen of criterion {self.key!r} names {name!r} twice")
            given.add(name)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise FrameworkError(
                    f"seen of criterion {self.key!r}: the count of {name!r} must be a whole"
                    f" number, 0 or more, got {shown(count)}"
                )
        if len(set(names)) < len(names):
            raise FrameworkError(
                f"criterion {self.key!r} names two of its rungs alike, so seen cannot tell them"
                " apart; label them apart, or leave seen out"
            )


@attrs.frozen(kw_only=True)
class Disqualifier:
    """A fact that rules a lead out whatever its score, such as a competitor posing as a buyer."""

    key: str = attrs.field(metadata=KEY_SCHEMA)
    label: str
    question: str
    description: str = ""

    def __attrs_post_init__(self) -> None:
        check_key("disqualifier key", self.key)
        check_text(f"label of disqualifier {self.key!r}", self.label)
        check_text(f"question of disqualifier {self.key!r}", self.question)
        check_text(f"description of disqualifier {self.key!r}", self.description, empty=True)


@attrs.frozen(kw_only=True)
class Stage:
    """A milestone on the way to qualified; it is reached when its criteria are all met
    (with ``requires_vetting``, met by vetted answers)."""

    key: str = attrs.field(metadata=KEY_SCHEMA)
    label: str
    requires: tuple[str, ...] = attrs.field(converter=strings)
    description: str = ""
    requires_vetting: bool = False

    def __attrs_post_init__(self) -> None:
        check_key("stage key", self.key)
        check_text(f"label of stage {self.key!r}", self.label)
        check_text(f"description of stage {self.key!r}", self.description, empty=True)
        if not self.requires:
            raise FrameworkError(f"stage {self.key!r} must require at least one criterion")
        check_flag(f"requires_vetting of stage {self.key!r}", self.requires_vetting)
        for key in self.requires:
            check_key(f"a criterion that stage {self.key!r} requires", key)
