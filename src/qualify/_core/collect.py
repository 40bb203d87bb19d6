"""Evidence of any accepted form read into values per criterion key, for the engine.

A mapping of key to value, or an ordered iterable of :class:`~qualify.Evidence`
items (the latest ``observed_at`` wins); each value read as the plan reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from ..errors import EvidenceError, Problem, UnknownCriterionError, given, problem_of
from .clock import Clock
from .evidence import Evidence, newer
from .plan import Plan, said
from .scales import EvidenceValue

__all__ = ["collect"]


def collect(
    evidence: object,
    plan: Plan,
    problems: list[str],
    clock: Clock | None = None,
    asked: set[str] | None = None,
) -> dict[str, tuple[EvidenceValue, Evidence | None]]:
    """Map each key with evidence to its value, and the Evidence item it came from.

    A value of no accepted kind is added to *problems*; a key the framework does
    not have raises at once. With a *clock*, evidence observed after its
    ``as_of`` is left out: nobody knew it yet. A key answered only with a word
    saying nobody knows is added to *asked*.
    """
    chosen: dict[str, tuple[EvidenceValue, Evidence | None]] = {}
    accepted = plan.accepted
    if isinstance(evidence, Mapping):
        for key, raw in evidence.items():
            if key not in accepted:
                raise _unknown(plan, key, raw)
            try:
                value = plan.read(key, raw)
            except EvidenceError as exc:
                problems.extend(_located(exc, key, raw))
                continue
            if clock is not None and not clock.known(key, clock.mapped(key)):
                continue  # observed after as_of: nobody knew it yet, nor that nobody knew
            if value is not None:
                chosen[key] = (value, None)
            elif asked is not None and said(raw):
                asked.add(key)
        return chosen
    if isinstance(evidence, set | frozenset):
        raise EvidenceError(
            "evidence items must come in a defined order (a list or a tuple), so that the"
            " same items always give the same result; got a set"
        )
    if isinstance(evidence, str | bytes) or not isinstance(evidence, Iterable):
        raise EvidenceError(
            "evidence must be a mapping of criterion key to value, or an iterable of"
            f" qualify.Evidence; got {type(evidence).__name__}"
        )
    observed: dict[str, datetime | None] = {}
    for position, item in enumerate(evidence):
        if not isinstance(item, Evidence):
            raise EvidenceError(
                f"evidence items must be qualify.Evidence, got {type(item).__name__}"
                f" at position {position}"
            )
        key = item.key
        if key not in accepted:
            raise _unknown(plan, key, item.value)
        try:
            value = plan.read(key, item.value)
        except EvidenceError as exc:
            problems.extend(_located(exc, key, item.value))
            continue
        if clock is not None and not clock.known(key, item.observed_at):
            continue
        if value is None:
            if asked is not None and said(item.value):
                asked.add(key)
            continue
        if key not in chosen or newer(item.observed_at, observed[key], key):
            chosen[key] = (value, item)
            observed[key] = item.observed_at
    return chosen


def _located(exc: EvidenceError, key: str, raw: object) -> list[str]:
    """*exc*'s problems, each located at *key* with the value refused."""
    return [problem_of(p, loc=(key,), input=given(raw), type="value_type") for p in exc.problems]


def _unknown(plan: Plan, key: object, raw: object) -> UnknownCriterionError:
    """The error for a key *plan*'s framework does not have, located at the key."""
    message = plan.unknown_key(key)
    where: tuple[str | int, ...] = (key,) if isinstance(key, str | int) else (repr(key),)
    located = Problem(
        message, loc=where, input=given(raw), accepted=", ".join(plan.keys), type="unknown_key"
    )
    return UnknownCriterionError(message, problems=(located,))
