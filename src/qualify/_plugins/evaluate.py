"""The one evaluation API: resolve the framework (and mapping), then call the pure engine."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any, Literal, get_args

import attrs

from .._core.logs import logger
from .._core.checks import shown
from .._core.engine import evaluate_framework
from .._core.evidence import Evidence, EvidenceInput
from .._core.framework import Framework
from .._core.freshness import check_as_of
from .._core.mapping import FieldMap
from .._core.outlook import Ask, check_ask
from .._core.results import Evaluation
from .._core.touches import TOUCH_BUDGET, Touch, contact_history
from ..errors import EvidenceError, QualifyError, UnknownCriterionError
from .registry import registry
from .rows import NO_AS_OF

log = logger("qualify.evaluate")

__all__ = [
    "ERRORS",
    "Errors",
    "OTHER_KEYS",
    "OtherKeys",
    "check_errors",
    "check_feeds",
    "check_other_keys",
    "evaluate",
    "evaluate_row",
    "keys_of",
    "resolve",
]


#: What ``other_keys`` accepts: keys the framework does not have are an error, or left out.
OtherKeys = Literal["error", "ignore"]
OTHER_KEYS: tuple[str, ...] = get_args(OtherKeys)


def evaluate(
    evidence: EvidenceInput | Mapping[str, Any],
    framework: str | Framework,
    *,
    mapping: str | FieldMap | None = None,
    other_keys: OtherKeys = "error",
    as_of: datetime | None = None,
    observed_at: datetime | Mapping[str, datetime | None] | None = None,
    vetted: Collection[str] | None = None,
    touches: Iterable[Touch] | None = None,
    touch_budget: int = TOUCH_BUDGET,
    ask: Ask = "points",
) -> Evaluation:
    """Evaluate what is known about a lead against a qualification framework.

    The input is never modified. Without *as_of*, the age of evidence is
    ignored, so results stay reproducible.

    >>> result = evaluate({"budget": "allocated", "need": "validated"}, "bant")
    >>> result.verdict, round(result.score, 2)
    (<Verdict.NURTURE: 'nurture'>, 52.08)
    >>> [m.key for m in result.missing]
    ['authority', 'timeframe']
    >>> result.next_question
    'Who signs off on this purchase, and are we already talking to them?'

    :param evidence: what is known: a mapping of criterion key to value (``None``
        or a blank string means no evidence), or an iterable of
        :class:`~qualify.Evidence` items, of which the latest ``observed_at`` wins
        for each criterion. With *mapping*, a raw CRM row instead.
    :param framework: a registered name such as ``"bant"``, or a
        :class:`~qualify.Framework`.
    :param mapping: a :class:`~qualify.FieldMap` or a registered mapping's name:
        *evidence* is then a CRM row, and only the mapped fields are read.
    :param other_keys: without a mapping, what a key that is neither a criterion
        nor a disqualifier does: ``"error"`` (the default) refuses it,
        ``"ignore"`` leaves it out (for rows that carry ids and other columns).
    :param as_of: judge evidence as it stood at this instant: evidence observed
        later is left out, and evidence older than its criterion's ``fresh_for``
        is stale (it counts as unknown, is listed in ``stale`` with its age, and
        its question asks to re-confirm it).
    :param observed_at: with a mapping, when the values were observed: one
        datetime for every value, or one per key. An
        :class:`~qualify.Evidence` item carries its own ``observed_at``.
    :param vetted: with a mapping, the criterion keys whose answers were vetted.
        A criterion (or stage) with ``requires_vetting`` counts only vetted
        answers; an unvetted one is listed in ``unvetted``, counts as unknown, and
        its question asks to vet it. An :class:`~qualify.Evidence` item says so
        with ``vetted_by``.
    :param touches: the lead's contact history (:class:`~qualify.journey.Touch`
        items): the result's ``touches`` says how many, over how long, whether
        the lead answered, and whether to keep trying. Touches never change the
        score; with *as_of*, later ones are left out.
    :param touch_budget: how many outbound touches to make before giving up on a
        lead that never answered.
    :param ask: the order of ``missing`` (and so ``next_question``):
        ``"points"`` (the default) puts the question worth most points first;
        ``"decision"`` the one whose answer is likeliest to change the verdict
        (by the shares the framework's history saw each answer in, or counting
        answers alike without them); ``"gain"`` the one expected to tell most
        about winning the lead (see ``Missing.gain``; a calibrated framework with
        answer counts only). Ties keep the points order. Nothing else in the
        result depends on it.
    :returns: the :class:`~qualify.Evaluation`: score, verdict, stage, each
        criterion's result and what is missing.

    :raises UnknownFrameworkError: *framework* or *mapping* names nothing registered.
    :raises UnknownCriterionError: a key is not one of the framework's.
    :raises EvidenceError: a value is not one the criterion accepts.
    """
    if ask != "points":
        check_ask(ask)
    if touches is not None:
        result = evaluate(
            evidence,
            framework,
            mapping=mapping,
            other_keys=other_keys,
            as_of=as_of,
            observed_at=observed_at,
            vetted=vetted,
            ask=ask,
        )
        history = contact_history(touches, budget=touch_budget, as_of=check_as_of(as_of))
        return attrs.evolve(result, touches=history)
    if as_of is None and vetted is None:
        if observed_at is not None:
            raise QualifyError(NO_AS_OF)
        if mapping is None and type(framework) is Framework and other_keys == "error":
            return evaluate_framework(evidence, framework, ask=ask)  # the common call, first
        framework, mapping = resolve(framework, mapping)
        if mapping is None:
            found = keys_of(evidence, framework, other_keys)
            return evaluate_framework(found, framework, ask=ask)
        check_feeds(mapping, framework)
        return evaluate_row(evidence, mapping, framework, ask=ask)
    if as_of is None and observed_at is not None:
        raise QualifyError(NO_AS_OF)
    framework, mapping = resolve(framework, mapping)
    if mapping is None:
        found = keys_of(evidence, framework, other_keys)
        return evaluate_framework(
            found, framework, as_of=as_of, observed_at=observed_at, vetted=vetted, ask=ask
        )
    check_feeds(mapping, framework)
    return evaluate_row(evidence, mapping, framework, as_of, observed_at, vetted, ask=ask)



#: What ``errors`` accepts, here and in ``evaluate_frame``: raise at a bad lead, or report it.
#: What ``errors`` accepts, everywhere a batch is read: a value that cannot be read stops
#: the batch, or its record is reported (a ``RowProblems``, a table's ``problems``).
Errors = Literal["raise", "report"]
ERRORS: tuple[str, ...] = get_args(Errors)


def check_errors(errors: object) -> None:
    """Refuse an ``errors`` argument that is not one of :data:`ERRORS`."""
    if errors not in ERRORS:
        raise QualifyError(
            f"errors must be one of {', '.join(map(repr, ERRORS))}, got {shown(errors)}"
        )


def check_other_keys(other_keys: object) -> None:
    if other_keys not in OTHER_KEYS:
        raise QualifyError(
            f"other_keys must be one of {', '.join(map(repr, OTHER_KEYS))}, got {shown(other_keys)}"
        )


def keys_of(evidence: Any, framework: Framework, other_keys: str) -> Any:
    """*evidence* as given, or without the keys the framework does not have."""
    check_other_keys(other_keys)
    if other_keys == "error":
        return evidence
    keys = frozenset(framework.keys)
    if isinstance(evidence, Mapping):
        return {key: value for key, value in evidence.items() if key in keys}
    if isinstance(evidence, str | bytes) or not isinstance(evidence, Iterable):
        return evidence  # the engine says what is wrong with it
    return [item for item in evidence if not isinstance(item, Evidence) or item.key in keys]


def check_feeds(mapping: FieldMap, framework: Framework) -> None:
    stray = [key for key in mapping.criteria if key not in framework.keys]
    if stray:
        raise UnknownCriterionError(
            f"mapping {mapping.name!r} feeds {', '.join(map(repr, stray))}, which framework"
            f" {framework.name!r} does not have. Its keys: {', '.join(framework.keys)}."
        )


def evaluate_row(
    row: object,
    mapping: FieldMap,
    framework: Framework,
    as_of: datetime | None = None,
    observed_at: datetime | Mapping[str, datetime | None] | None = None,
    vetted: Collection[str] | None = None,
    *,
    ask: str = "points",
) -> Evaluation:
    """Evaluate a CRM row through *mapping*; a bad row raises with every problem it has."""
    if not isinstance(row, Mapping):
        raise EvidenceError(
            f"with mapping {mapping.name!r}, evidence is a CRM row: a mapping of field name"
            f" to value, got {type(row).__name__}"
        )
    found, problems = mapping.read(row, framework)
    if not problems:
        return evaluate_framework(
            found, framework, as_of=as_of, observed_at=observed_at, vetted=vetted, ask=ask
        )
    try:  # what the mapping could read may hold problems of its own
        evaluate_framework(found, framework)
    except EvidenceError as exc:
        problems.extend(exc.problems)
    raise EvidenceError.of(problems)


def resolve(
    framework: str | Framework, mapping: str | FieldMap | None
) -> tuple[Framework, FieldMap | None]:
    """The framework and mapping named (registered names looked up), as objects."""
    if not isinstance(framework, Framework):
        framework = registry.get(framework)
    if mapping is not None and not isinstance(mapping, FieldMap):
        mapping = registry.get_mapping(mapping)
    return framework, mapping
