"""The one evaluation API: resolve the framework (and mapping), then call the pure engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._evaluate import Evaluation, EvidenceInput, evaluate_framework
from ._mapping import FieldMap
from ._model import Framework
from ._registry import registry
from .errors import EvidenceError, UnknownCriterionError

__all__ = ["evaluate"]


def evaluate(
    evidence: EvidenceInput | Mapping[str, Any],
    framework: str | Framework,
    *,
    mapping: str | FieldMap | None = None,
) -> Evaluation:
    """Evaluate what is known about a lead against a qualification framework.

    *evidence* is a mapping of criterion key to value (``None`` or a blank
    string means no evidence), or an iterable of :class:`~qualify.Evidence`
    items, of which the latest ``observed_at`` wins for each criterion.
    *framework* is a registered name such as ``"bant"``, or a
    :class:`~qualify.Framework`. With a *mapping* (a :class:`~qualify.FieldMap`
    or a registered mapping's name), *evidence* is a raw CRM row instead: only
    the mapped fields are read. The input is never modified.

    >>> result = evaluate({"budget": "allocated", "need": "validated"}, "bant")
    >>> result.verdict, round(result.score, 2)
    (<Verdict.NURTURE: 'nurture'>, 52.08)
    >>> [m.key for m in result.missing]
    ['authority', 'timeframe']
    >>> result.next_question
    'Who signs off on this purchase, and are we already talking to them?'

    :raises UnknownFrameworkError: *framework* or *mapping* names nothing registered.
    :raises UnknownCriterionError: a key is not one of the framework's.
    :raises EvidenceError: a value is not one the criterion accepts.
    """
    if not isinstance(framework, Framework):
        framework = registry.get(framework)
    if mapping is None:
        return evaluate_framework(evidence, framework)
    if not isinstance(mapping, FieldMap):
        mapping = registry.get_mapping(mapping)
    if not isinstance(evidence, Mapping):
        raise EvidenceError(
            f"with mapping {mapping.name!r}, evidence is a CRM row: a mapping of field name"
            f" to value, got {type(evidence).__name__}"
        )
    stray = [key for key in mapping.criteria if key not in framework.keys]
    if stray:
        raise UnknownCriterionError(
            f"mapping {mapping.name!r} feeds {', '.join(map(repr, stray))}, which framework"
            f" {framework.name!r} does not have. Its keys: {', '.join(framework.keys)}."
        )
    return evaluate_framework(mapping.evidence(evidence), framework)
