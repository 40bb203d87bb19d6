"""One lead under several frameworks: the evaluations, and the questions that move them all.

A criterion's ``concept`` names what it measures across frameworks (BANT's
``budget``, CHAMP's ``money``, FAINT's ``funds``); :func:`qualify.compare`
carries an answer given once to every framework that measures it, and ranks
the open questions by the points they would add across every framework.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..errors import UnknownFrameworkError
from .display import html_of
from .results import Evaluation
from .scales import EvidenceValue

__all__ = ["Asked", "Comparison", "NotCarried", "SharedQuestion", "rank"]


@attrs.frozen(kw_only=True)
class Asked:
    """One framework's open criterion that a shared question answers, and its worth there."""

    framework: str
    key: str
    points: float


@attrs.frozen(kw_only=True)
class SharedQuestion:
    """A question to ask once, worth ``points`` in total across the frameworks it answers.

    ``concept`` is the shared concept (``None`` for a criterion of one framework
    alone, named by ``asked[0]``); ``question`` is the wording of the framework
    where the answer is worth most; ``asked`` lists, per framework, the criterion
    it answers and the points it would add there, most first.
    """

    concept: str | None
    question: str
    points: float
    asked: tuple[Asked, ...]


@attrs.frozen(kw_only=True)
class NotCarried:
    """An answer that could not be read under one framework's criterion of the same concept.

    ``given`` is the evidence key it was given under; ``framework`` and ``key``
    the criterion it did not reach, whose scale does not accept ``value``.
    """

    given: str
    framework: str
    key: str
    value: EvidenceValue


@attrs.frozen(kw_only=True)
class Comparison:
    """One lead evaluated under several frameworks.

    ``evaluations`` holds one :class:`~qualify.Evaluation` per framework, in the
    order given; ``questions`` the open questions, one per concept, ranked by
    the points they would add across all of them; ``not_carried`` the answers
    a framework's scale could not read (they count as unknown there).
    """

    evaluations: tuple[Evaluation, ...]
    questions: tuple[SharedQuestion, ...]
    not_carried: tuple[NotCarried, ...] = ()

    @property
    def next_question(self) -> str | None:
        """The one question that moves every framework most, or ``None``."""
        return self.questions[0].question if self.questions else None

    def _repr_html_(self) -> str:
        """The notebook view: each framework's verdict and score, then what to ask once."""
        return html_of(self)

    def evaluation(self, framework: str) -> Evaluation:
        """The evaluation under the framework named *framework*."""
        for evaluation in self.evaluations:
            if evaluation.framework == framework:
                return evaluation
        names = ", ".join(e.framework for e in self.evaluations)
        raise UnknownFrameworkError(
            f"no evaluation under {framework!r}; the frameworks compared: {names}"
        )


# Asked entries, shared between rankings: few frameworks, keys and point values.
_ASKED: dict[tuple[str, str, float], Asked] = {}


def _asked(framework: str, key: str, points: float) -> Asked:
    found = _ASKED.get((framework, key, points))
    if found is None:
        found = Asked(framework=framework, key=key, points=points)
        if len(_ASKED) >= 4096:
            _ASKED.clear()
        _ASKED[(framework, key, points)] = found
    return found


# Shared questions, shared between rankings: keyed by the identities of their Asked entries
# (themselves shared, and held by the entry); picklists give few.
_SHARED: dict[tuple[object, ...], tuple[SharedQuestion, tuple[Asked, ...]]] = {}


def _shared(group: str | tuple[str, str], found: list[tuple[Asked, str]]) -> SharedQuestion:
    """The shared question of *group*, asked as *found* lists (most points first)."""
    key = (group, found[0][1], *(id(asked) for asked, _ in found))
    kept = _SHARED.get(key)
    if kept is not None:
        return kept[0]
    asked = tuple(asked for asked, _ in found)
    total = 0.0
    for one in asked:
        total += one.points
    question = SharedQuestion(
        concept=group if isinstance(group, str) else None,
        question=found[0][1],
        points=total,
        asked=asked,
    )
    if len(_SHARED) >= 4096:
        _SHARED.clear()
    _SHARED[key] = (question, asked)
    return question


def rank(
    evaluations: Sequence[Evaluation],
    concepts: dict[tuple[str, str], str | None],
    ask: str = "points",
) -> tuple[SharedQuestion, ...]:
    """The open questions of *evaluations*, one per concept (or per lone criterion),
    ranked by their points summed across frameworks, most first; ties in the order met.

    With *ask* ``"decision"``, ranked instead by the chances summed across frameworks
    that the answer changes each one's verdict (how many verdicts it is expected to
    change); with ``"gain"``, by the information it brings summed across them (each
    evaluation's ``missing`` already in that order, so a gain is there for each).
    """
    groups: dict[str | tuple[str, str], list[tuple[Asked, str]]] = {}
    worth: dict[str | tuple[str, str], float] = {}
    for evaluation in evaluations:
        for missing in evaluation.missing:
            concept = concepts[(evaluation.framework, missing.key)]
            group: str | tuple[str, str] = (
                concept if concept is not None else (evaluation.framework, missing.key)
            )
            asked = _asked(evaluation.framework, missing.key, missing.points)
            groups.setdefault(group, []).append((asked, missing.question))
            if ask == "decision":
                worth[group] = worth.get(group, 0.0) + missing.chance_to_change(evaluation.verdict)
            elif ask == "gain":
                worth[group] = worth.get(group, 0.0) + (missing.gain or 0.0)
    ranked = []
    for group, found in groups.items():
        if len(found) > 1:
            found.sort(key=lambda pair: -pair[0].points)
        ranked.append(_shared(group, found))
    if ask == "points":
        ranked.sort(key=lambda q: -q.points)  # stable: ties keep the order met
        return tuple(ranked)
    keys = list(groups)
    order = sorted(range(len(ranked)), key=lambda i: (-worth.get(keys[i], 0.0), -ranked[i].points))
    return tuple(ranked[i] for i in order)
