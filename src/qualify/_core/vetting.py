"""Vetted answers: which answers a criterion or a stage may count, and what to ask instead.

An answer is vetted when someone or something other than its first source
checked it (:attr:`Evidence.vetted_by <qualify.Evidence.vetted_by>`; for
mapping evidence, the keys :func:`qualify.evaluate`'s ``vetted`` names). A
criterion with ``requires_vetting`` counts only a vetted answer: an unvetted
one counts as unknown and its question asks to vet it. A stage with
``requires_vetting`` is reached only when its criteria are met by vetted
answers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import attrs

from ..errors import EvidenceError, QualifyError, UnknownCriterionError
from .checks import shown
from .evidence import Evidence
from .framework import Framework
from .keeping import KEPT
from .plan import Plan
from .results import CriterionResult, Missing, Status, Unvetted
from .scales import EvidenceValue

__all__ = ["Vetting", "vetted_by_names", "vet_question"]


# The answers whose records are kept: text, flags and whole numbers, each equal to itself
# only (a float's -0.0 equals 0.0, yet is another answer)
_KEPT_KINDS = frozenset({str, bool, int})
_UNKNOWN = Status.UNKNOWN


def vet_question(question: str) -> str:
    """*question*, asked again because its answer has not been checked."""
    return (
        f"{question} (Vet the answer: it has not been checked by a second person or"
        " against a source.)"
    )


class Vetting:
    """Which of one lead's answers are vetted, and the unvetted ones that did not count."""

    __slots__ = ("asked", "found", "keys", "plan", "vetted")

    def __init__(self, plan: Plan, keys: Collection[str] | None = None) -> None:
        self.plan = plan
        self.keys = _keys(plan, keys)
        self.vetted: set[int] = set()  # criteria whose answer is vetted
        self.found: list[Unvetted] = []
        self.asked = 0  # bit i: criterion i's answer did not count, its question asked again

    def counts(self, i: int, value: EvidenceValue, item: Evidence | None) -> bool:
        """Whether criterion *i*'s answer counts; an unvetted one it requires vetted is
        recorded and does not."""
        key = self.plan.criterion_keys[i]
        if item.vetted if item is not None else key in self.keys:
            self.vetted.add(i)
            return True
        if not self.plan.vetting[i]:
            return True
        self.found.append(self._record(i, value, item))
        self.asked |= 1 << i
        return False

    def set_aside(self, results: list[CriterionResult]) -> None:
        """Count each unvetted answer a criterion requires vetted as unknown in *results*
        (mapping evidence, rated), as :meth:`counts` counts it, and pair criteria anew."""
        unknown = self.plan.unknown_results
        for i, rated in enumerate(results):
            if rated.status is _UNKNOWN or self.plan.criteria[i].of is not None:
                continue  # no answer, or a pair: nothing to vet
            if not self.counts(i, rated.value, None):  # type: ignore[arg-type]  # answered
                results[i] = unknown[i]
        if self.plan.pairs:
            self.plan.paired(results)

    def _record(self, i: int, value: EvidenceValue, item: Evidence | None) -> Unvetted:
        """Criterion *i*'s unvetted answer, recorded; for a mapping's text, flag or whole
        number, one record per criterion and answer (and its type: True == 1), kept by the
        plan up to a point."""
        key, label = self.plan.criterion_keys[i], self.plan.criteria[i].label
        kind = type(value)
        if item is not None or kind not in _KEPT_KINDS:
            return Unvetted(key=key, label=label, value=value, evidence=item)
        kept = self.plan.unvetted
        found = kept.get((i, kind, value))
        if found is None:
            found = Unvetted(key=key, label=label, value=value)
            if len(kept) < KEPT:
                kept[i, kind, value] = found
        return found

    def stage_blocked(
        self, stage: str, requires: tuple[int, ...], results: list[CriterionResult]
    ) -> bool:
        """Whether *stage*, whose criteria are all met, still waits for answers to be vetted;
        the unvetted answers are recorded."""
        waiting = [i for i in requires if i not in self.vetted]
        for i in waiting:
            result = results[i]
            assert result.value is not None  # a met criterion has an answer
            self.found.append(
                Unvetted(
                    key=result.key,
                    label=result.label,
                    value=result.value,
                    stage=stage,
                    evidence=result.evidence,
                )
            )
        return bool(waiting)

    def ask(self) -> dict[str, Missing]:
        """The ``missing`` entry of each criterion whose unvetted answer did not count."""
        asked = {}
        again = self.plan.again
        for unvetted in self.found:
            if unvetted.stage is None:
                i = self.plan.index[unvetted.key]
                found = again.get(("vet", i))
                if found is None:
                    missing = self.plan.missing[i]
                    question = vet_question(missing.question)
                    found = again[("vet", i)] = attrs.evolve(missing, question=question)
                asked[unvetted.key] = found
        return asked


def _keys(plan: Plan, keys: Collection[str] | None) -> frozenset[str]:
    """The criterion keys whose mapping evidence is vetted, checked."""
    if keys is None:
        return frozenset()
    if isinstance(keys, str) or not isinstance(keys, Collection):
        raise EvidenceError(
            "vetted must be a collection of criterion keys whose answers are vetted (a set,"
            f" a list or a tuple), got {shown(keys)}"
        )
    for key in keys:
        if key not in plan.index:
            raise UnknownCriterionError(plan.unknown_key(key))
    return frozenset(keys)


def vetted_by_names(vetted: object, framework: Framework, holder: str) -> dict[str, str]:
    """``vetted=`` of rows or tables checked: criterion key to the *holder* (a record key,
    a column) saying who vetted its answer."""
    if vetted is None:
        return {}
    if not isinstance(vetted, Mapping) or not all(
        isinstance(key, str) and isinstance(name, str) for key, name in vetted.items()
    ):
        raise QualifyError(
            f"vetted must map criterion keys to the {holder} saying who vetted the answer,"
            f" such as {{'budget': 'budget_vetted_by'}}; got {shown(vetted)}"
        )
    keys = [c.key for c in framework.criteria]
    stray = [key for key in vetted if key not in keys]
    if stray:
        raise UnknownCriterionError(
            f"vetted names {', '.join(map(repr, stray))}, which is not a criterion of"
            f" framework {framework.name!r}; its criteria: {', '.join(keys)}"
        )
    return dict(vetted)
