"""The one evaluation API: resolve the framework, then hand it to the pure engine."""

from __future__ import annotations

from ._evaluate import Evaluation, EvidenceInput, evaluate_framework
from ._model import Framework
from ._registry import registry

__all__ = ["evaluate"]


def evaluate(evidence: EvidenceInput, framework: str | Framework) -> Evaluation:
    """Evaluate what is known about a lead against a qualification framework.

    *evidence* is a mapping of criterion key to value (``None`` or a blank
    string means no evidence), or an iterable of :class:`~qualify.Evidence`
    items, of which the latest ``observed_at`` wins for each criterion.
    *framework* is a registered name such as ``"bant"``, or a
    :class:`~qualify.Framework`. The input is never modified.

    >>> result = evaluate({"budget": "allocated", "need": "validated"}, "bant")
    >>> result.verdict, round(result.score, 2)
    (<Verdict.NURTURE: 'nurture'>, 52.08)
    >>> [m.key for m in result.missing]
    ['authority', 'timeframe']
    >>> result.next_question
    'Who signs off on this purchase, and are we already talking to them?'

    :raises UnknownFrameworkError: *framework* names no registered framework.
    :raises UnknownCriterionError: a key is not one of the framework's.
    :raises EvidenceError: a value is not one the criterion accepts.
    """
    if not isinstance(framework, Framework):
        framework = registry.get(framework)
    return evaluate_framework(evidence, framework)
