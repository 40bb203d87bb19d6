"""``evaluate_all``: one lead's evidence, gathered once, under several frameworks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._core.checks import closest, shown
from .._core.comparison import Comparison, NotCarried, rank
from .._core.engine import evaluate_framework
from .._core.evidence import clean_value
from .._core.criteria import Criterion
from .._core.framework import Framework
from .._core.plan import plan_of
from ..errors import EvidenceError, QualifyError, UnknownCriterionError
from .evaluate import resolve
from .registry import registry

__all__ = ["evaluate_all"]


def evaluate_all(
    evidence: Mapping[str, Any],
    frameworks: Sequence[str | Framework],
) -> Comparison:
    """Evaluate one lead under each of *frameworks*, its evidence given once.

    *evidence* maps keys to values. A key may be a criterion or disqualifier
    key of any of the frameworks, or a concept one of them measures
    (``"budget"``, ``"timing"``; see ``qualify frameworks``), or
    ``"framework:key"`` for one framework alone (``"anum:urgency"``, when two
    frameworks read a key differently). Each framework's criterion takes, in
    this order: the value under ``framework:key``; under its own key; else the
    value under its concept; else the value another framework's criterion of
    the same concept was given. A value its scale does not accept is carried
    through the concept's ``equivalents`` (CHAMP's ``top`` priority is SPICED's
    ``dated`` critical event), else listed in ``not_carried`` and counts as
    unknown there (a value under the framework's
    own key must be accepted, as :func:`qualify.evaluate` requires).

    Returns a :class:`~qualify.Comparison`: one evaluation per framework, equal
    to :func:`qualify.evaluate` of the evidence each received, and the open
    questions ranked by the points they would add across all of them.

    >>> both = evaluate_all({"budget": "allocated", "need": "validated"}, ["bant", "champ"])
    >>> [round(e.score, 1) for e in both.evaluations]
    [52.1, 50.0]
    >>> both.questions[0].concept, [a.framework for a in both.questions[0].asked]
    ('authority', ['champ', 'bant'])

    :raises UnknownCriterionError: for a key no framework and no concept knows.
    :raises EvidenceError: for a value a framework's own criterion does not accept.
    """
    if not isinstance(evidence, Mapping):
        raise EvidenceError(
            f"evaluate_all takes evidence as a mapping of key to value, got {shown(evidence)}"
        )
    if isinstance(frameworks, str) or not isinstance(frameworks, Sequence) or not frameworks:
        raise QualifyError(
            "evaluate_all takes a list of frameworks (names or Framework objects), such as"
            f" ['bant', 'meddpicc']; got {shown(frameworks)}"
        )
    resolved = [resolve(framework, None)[0] for framework in frameworks]
    names = [framework.name for framework in resolved]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise QualifyError(f"evaluate_all was given {twice[0]!r} more than once")
    given: dict[str, Any] = {}
    scoped: dict[tuple[str, str], Any] = {}
    for key, value in evidence.items():
        if clean_value(str(key), value) is None:
            continue
        name, colon, rest = str(key).partition(":")
        if colon:
            _check_scoped(str(key), name, rest, resolved)
            scoped[(name, rest)] = value
        else:
            given[key] = value
    _check_keys(given, resolved)
    carried: list[NotCarried] = []
    evaluations = []
    concepts: dict[tuple[str, str], str | None] = {}
    for framework in resolved:
        own: dict[str, Any] = {}
        for criterion in framework.criteria:
            concepts[(framework.name, criterion.key)] = criterion.concept
            if (framework.name, criterion.key) in scoped:
                own[criterion.key] = scoped[(framework.name, criterion.key)]
                continue
            if criterion.key in given:
                own[criterion.key] = given[criterion.key]
                continue
            sources = _sources(criterion.concept, given, resolved, framework)
            for source in sources:
                value = _carry(given[source], criterion, framework)
                if value is not None:
                    own[criterion.key] = value
                    break
            else:
                if sources:  # nothing given for this concept reads on this scale
                    first = sources[0]
                    carried.append(
                        NotCarried(given=first, framework=framework.name, key=criterion.key,
                                   value=clean_value(first, given[first]))  # type: ignore[arg-type]
                    )  # fmt: skip
        for disqualifier in framework.disqualifiers:
            if (framework.name, disqualifier.key) in scoped:
                own[disqualifier.key] = scoped[(framework.name, disqualifier.key)]
            elif disqualifier.key in given:
                own[disqualifier.key] = given[disqualifier.key]
        try:
            evaluations.append(evaluate_framework(own, framework))
        except EvidenceError as exc:
            raise type(exc)(f"under {framework.name!r}: {exc}", problems=exc.problems) from exc
    return Comparison(
        evaluations=tuple(evaluations),
        questions=rank(evaluations, concepts),
        not_carried=tuple(carried),
    )


def _carry(raw: Any, criterion: Criterion, framework: Framework) -> Any:
    """*raw* as *criterion* reads it: as it is, or through its concept's equivalents;
    ``None`` when neither reads."""
    plan = plan_of(framework)
    position = plan.index[criterion.key]
    if plan.result(position, raw) is not None:
        return raw
    value = plan.read(criterion.key, raw) if isinstance(raw, str) else None
    if value is None or criterion.concept not in registry.concept_names():
        return None
    return registry.get_concept(criterion.concept).carry(value, criterion.scale)


def _sources(
    concept: str | None, given: Mapping[str, Any], frameworks: list[Framework], own: Framework
) -> list[str]:
    """The evidence keys a criterion of *concept* may take its value from, in order: the
    concept itself, then other frameworks' criteria of that concept that were given."""
    if concept is None:
        return []
    found = [concept] if concept in given else []
    for framework in frameworks:
        if framework is own:
            continue
        for criterion in framework.criteria:
            if criterion.concept == concept and criterion.key in given and criterion.key not in found:
                found.append(criterion.key)
    return found


def _check_scoped(given: str, name: str, key: str, frameworks: list[Framework]) -> None:
    for framework in frameworks:
        if framework.name == name:
            if key not in framework.keys:
                hint = closest(key, framework.keys)
                raise UnknownCriterionError(
                    f"{given!r}: framework {name!r} has no criterion or disqualifier {key!r}."
                    + (f" Did you mean {hint!r}?" if hint else "")
                    + f" Accepted: {', '.join(framework.keys)}."
                )
            return
    raise UnknownCriterionError(
        f"{given!r} names framework {name!r}, which is not one of those evaluated:"
        f" {', '.join(f.name for f in frameworks)}"
    )


def _check_keys(given: Mapping[str, Any], frameworks: list[Framework]) -> None:
    known = {key for framework in frameworks for key in framework.keys}
    known |= {c.concept for framework in frameworks for c in framework.criteria if c.concept}
    stray = [key for key in given if key not in known]
    if stray:
        hint = closest(str(stray[0]), known)
        raise UnknownCriterionError(
            f"no framework of {', '.join(f.name for f in frameworks)} has a criterion or a"
            f" concept {stray[0]!r}." + (f" Did you mean {hint!r}?" if hint else "")
            + f" Accepted: {', '.join(sorted(known))}."
        )
