"""``compare``: one lead's evidence, gathered once, under several frameworks
(``evaluate_all``, its earlier name, is a deprecated alias)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from datetime import datetime
from operator import attrgetter, is_
from typing import Any

from .._core.checks import closest, shown
from .._core.comparison import Comparison, NotCarried, SharedQuestion, rank
from .._core.engine import evaluate_framework
from .._core.outlook import Ask, check_ask
from .._core.evidence import clean_value
from .._core.framework import Framework
from .._core.keeping import Kept
from .._core.mapping import FieldMap
from .._core.plan import plan_of
from .._core.results import Evaluation
from ..errors import EvidenceError, QualifyError, UnknownCriterionError
from .evaluate import resolve
from .registry import registry

__all__ = ["compare", "evaluate_all"]


def compare(
    evidence: Mapping[str, Any],
    frameworks: Sequence[str | Framework],
    *,
    mapping: str | FieldMap | None = None,
    as_of: datetime | None = None,
    observed_at: datetime | None = None,
    ask: Ask = "points",
) -> Comparison:
    """Evaluate one lead under each of *frameworks*, its evidence given once.

    Each framework's criterion takes, in this order: the value under
    ``framework:key``; under its own key; else the value under its concept; else
    the value another framework's criterion of the same concept was given. A
    value its scale does not accept is carried through the concept's
    ``equivalents`` (CHAMP's ``top`` priority is SPICED's ``dated`` critical
    event), else listed in ``not_carried`` and counts as unknown there (a value
    under the framework's own key must be accepted, as :func:`qualify.evaluate`
    requires).

    >>> both = compare({"budget": "allocated", "need": "validated"}, ["bant", "champ"])
    >>> [round(e.score, 1) for e in both.evaluations]
    [52.1, 50.0]
    >>> both.questions[0].concept, [a.framework for a in both.questions[0].asked]
    ('authority', ['champ', 'bant'])

    :param evidence: keys mapped to values. A key is a criterion or disqualifier
        key of any of the frameworks, a concept one of them measures
        (``"budget"``, ``"timing"``; see ``qualify frameworks``), or
        ``"framework:key"`` for one framework alone (``"anum:urgency"``, when two
        frameworks read a key differently). With *mapping*, a CRM row.
    :param frameworks: registered names or :class:`~qualify.Framework` objects.
    :param mapping: a :class:`~qualify.FieldMap` or a registered name: the row is
        read through it first (a multi-select field picks by the scale of the
        framework the mapping is written for, else of the first framework).
    :param as_of: judge the answers as they stood at this instant, as
        :func:`qualify.evaluate` does.
    :param observed_at: when the answers were observed: one time for them all.
    :param ask: orders each evaluation's ``missing`` as :func:`qualify.evaluate`
        does, and ranks the shared questions the same way: ``"points"`` by the
        points they would add across all the frameworks, ``"decision"`` by how
        many verdicts the answer is expected to change, ``"gain"`` by the
        information it brings, summed across the frameworks (ties by points).
    :returns: a :class:`~qualify.Comparison`: one evaluation per framework, equal
        to :func:`qualify.evaluate` of the evidence each received, and the open
        questions ranked across all of them.

    :raises UnknownCriterionError: for a key no framework and no concept knows.
    :raises EvidenceError: for a value a framework's own criterion does not accept.
    """
    if type(evidence) is not dict and not isinstance(evidence, Mapping):
        raise EvidenceError(
            f"compare takes evidence as a mapping of key to value, got {shown(evidence)}"
        )
    listed = type(frameworks) is list or type(frameworks) is tuple  # the usual, at once
    if not frameworks or not listed and (
        isinstance(frameworks, str) or not isinstance(frameworks, Sequence)
    ):
        raise QualifyError(
            "compare takes a list of frameworks (names or Framework objects), such as"
            f" ['bant', 'meddpicc']; got {shown(frameworks)}"
        )
    if ask != "points":
        check_ask(ask)
    resolved = [
        framework if type(framework) is Framework else resolve(framework, None)[0]
        for framework in frameworks
    ]
    walk = _crosswalk(resolved)  # refuses a framework given twice
    if mapping is not None:
        evidence = _through(evidence, resolve(resolved[0], mapping)[1], resolved)
    given: dict[str, Any] = {}
    scoped: dict[tuple[str, str], Any] = {}
    for key, value in evidence.items():
        if type(value) is str:  # the usual value, checked here at once
            if not value.strip():
                continue
        elif clean_value(str(key), value) is None:
            continue
        if type(key) is str and ":" not in key:  # the usual key
            given[key] = value
            continue
        name, colon, rest = str(key).partition(":")
        if colon:
            _check_scoped(str(key), name, rest, resolved)
            scoped[(name, rest)] = value
        else:
            given[key] = value
    stray = [key for key in given if key not in walk.known]
    if stray:
        _refuse(stray[0], walk.known, resolved)
    stands = walk.key(given, scoped)  # how the lead stands; None: it cannot be a key
    timeless = as_of is None and observed_at is None
    if stands is not None and timeless:
        kept = walk.kept(stands, ask)
        if kept is not None:
            return kept
    owns, carried = walk.route(given, scoped, stands)
    evaluations = []
    for framework, own in zip(resolved, owns, strict=True):
        try:
            evaluations.append(
                evaluate_framework(own, framework, as_of=as_of, observed_at=observed_at, ask=ask)
            )
        except EvidenceError as exc:
            raise type(exc)(f"under {framework.name!r}: {exc}", problems=exc.problems) from exc
    comparison = Comparison(
        evaluations=tuple(evaluations),
        questions=walk.rank(evaluations, ask),
        not_carried=carried,
    )
    if stands is not None and timeless:
        walk.keep(stands, ask, comparison)
    return comparison


def evaluate_all(
    evidence: Mapping[str, Any],
    frameworks: Sequence[str | Framework],
    *,
    ask: Ask = "points",
) -> Comparison:
    """Deprecated: the earlier name of :func:`qualify.compare`, which it calls."""
    warnings.warn(
        "qualify.evaluate_all is now qualify.compare (which also takes mapping=, as_of= and"
        " observed_at=); evaluate_all goes before 1.0",
        DeprecationWarning,
        stacklevel=2,
    )
    return compare(evidence, frameworks, ask=ask)


def _through(
    row: Mapping[str, Any], mapping: FieldMap | None, frameworks: Sequence[Framework]
) -> dict[str, object]:
    """A CRM *row* read through *mapping*, by the scales of the framework it is written for."""
    assert mapping is not None
    chosen = next((f for f in frameworks if f.name == mapping.framework), frameworks[0])
    return mapping.evidence(row, chosen)


_Ranked = tuple[SharedQuestion, ...]  # the shared questions, ranked
_Key = tuple[Any, ...]  # how a lead's evidence stands, as a key


class _Crosswalk:
    """For one list of frameworks: the keys evidence may use, and for each framework's
    criteria, in order, where a value may come from besides its own key."""

    def __init__(self, frameworks: list[Framework]) -> None:
        self.frameworks = frameworks  # kept alive while the cache holds this
        known = {key for framework in frameworks for key in framework.keys}
        known |= {c.concept for f in frameworks for c in f.criteria if c.concept}
        self.known = frozenset(known)
        self.concepts = {
            (f.name, c.key): c.concept for f in frameworks for c in f.criteria
        }
        self.entries: list[list[tuple[int, str, str | None, tuple[str, ...]]]] = []
        for framework in frameworks:
            entries = []
            for position, criterion in enumerate(framework.criteria):
                concept = criterion.concept
                candidates: list[str] = []
                if concept is not None:
                    candidates.append(concept)
                    for other in frameworks:
                        if other is framework:
                            continue
                        for c in other.criteria:
                            if c.concept == concept and c.key not in candidates:
                                candidates.append(c.key)
                entries.append((position, criterion.key, concept, tuple(candidates)))
            self.entries.append(entries)
        # values carried to a criterion, and questions ranked, for answers seen before
        self.carried: dict[tuple[Any, ...], Any] = {}
        self.routed: Kept[_Key, tuple[Any, ...]] = Kept()  # while it pays: see Kept
        self.ranked: dict[tuple[Any, ...], tuple[SharedQuestion, ...]] = {}
        # the same by the identity of the missing tuples, held (leads alike share them)
        self.ranked_as: Kept[tuple[int, ...], tuple[tuple[object, ...], _Ranked]] = Kept()
        # whole comparisons, per evidence, while keeping them pays (see kept)
        self.compared: Kept[tuple[Any, ...], tuple[object, Comparison]] = Kept()

    def key(
        self, given: dict[str, Any], scoped: dict[tuple[str, str], Any]
    ) -> tuple[Any, ...] | None:
        """The evidence as a key: with each value's type, as True == 1 == 1.0 yet a
        numbers scale reads them apart; ``None`` for a value that cannot be one."""
        key = (
            tuple(given.items()), tuple(map(type, given.values())),
            tuple(scoped.items()), tuple(map(type, scoped.values())),
        )  # fmt: skip
        try:
            hash(key)
        except TypeError:  # an unhashable value: worked out afresh each time
            return None
        return key

    def route(
        self, given: dict[str, Any], scoped: dict[tuple[str, str], Any], key: _Key | None
    ) -> tuple[list[dict[str, Any]], tuple[NotCarried, ...]]:
        """What each framework reads of the evidence (its own key's value, else one carried
        through its concept), and what could not be carried; remembered per evidence *key*
        for as long as the registry stays as it was (the dicts are read, never changed)."""
        token = registry.token()
        if key is None:
            return self._route(given, scoped, token)
        found = self.routed.get(key)
        if found is None or found[0] is not token:
            found = (token, *self._route(given, scoped, token))
            self.routed.put(key, found)
        return found[1], found[2]

    def kept(self, key: tuple[Any, ...], ask: str) -> Comparison | None:
        """The comparison kept for evidence *key* and order *ask*, while the registry
        stays as it was: a comparison is immutable, and leads that stand alike (the same
        answers) share one, as they share their evaluations."""
        found = self.compared.get((ask, key))
        if found is None or found[0] is not registry.token():
            return None
        return found[1]

    def keep(self, key: tuple[Any, ...], ask: str, comparison: Comparison) -> None:
        """Keep *comparison* for :meth:`kept`, while keeping pays (see ``Kept``)."""
        self.compared.put((ask, key), (registry.token(), comparison))

    def _route(
        self, given: dict[str, Any], scoped: dict[tuple[str, str], Any], token: object
    ) -> tuple[list[dict[str, Any]], tuple[NotCarried, ...]]:
        carried: list[NotCarried] = []
        owns = []
        for framework, entries in zip(self.frameworks, self.entries, strict=True):
            own: dict[str, Any] = {}
            for position, key, concept, candidates in entries:
                if scoped and (framework.name, key) in scoped:
                    own[key] = scoped[(framework.name, key)]
                    continue
                if key in given:
                    own[key] = given[key]
                    continue
                if not candidates:
                    continue
                first = None  # the first source given, in the order of candidates
                for source in candidates:
                    if source not in given:
                        continue
                    if first is None:
                        first = source
                    value = self.carry(given[source], framework, position, concept, token)
                    if value is not None:
                        own[key] = value
                        break
                else:
                    if first is not None:  # nothing given for this concept reads on this scale
                        carried.append(
                            NotCarried(given=first, framework=framework.name, key=key,
                                       value=clean_value(first, given[first]))  # type: ignore[arg-type]
                        )  # fmt: skip
            for disqualifier in framework.disqualifiers:
                if (framework.name, disqualifier.key) in scoped:
                    own[disqualifier.key] = scoped[(framework.name, disqualifier.key)]
                elif disqualifier.key in given:
                    own[disqualifier.key] = given[disqualifier.key]
            owns.append(own)
        return owns, tuple(carried)

    def carry(
        self, raw: Any, framework: Framework, position: int, concept: str | None, token: object
    ) -> Any:
        """:func:`_carry`, remembered per value (picklists repeat a handful) for as long
        as the registry stays as it was when *token* was taken (``registry.token()``)."""
        try:
            key = (id(framework), position, type(raw), raw)
            found = self.carried.get(key)
        except TypeError:  # an unhashable value: carried afresh
            return _carry(raw, framework, position, concept)
        if found is None or found[0] is not token:
            found = (token, _carry(raw, framework, position, concept))
            if len(self.carried) >= _KEPT:
                self.carried.clear()
            self.carried[key] = found
        return found[1]

    def rank(self, evaluations: list[Evaluation], ask: str) -> tuple[SharedQuestion, ...]:
        """The shared questions, as :func:`~qualify._core.comparison.rank` ranks them;
        by points, remembered per set of open questions (key, points and wording, in
        order, per framework): leads open on the same questions share one ranking."""
        if ask != "points":
            return rank(evaluations, self.concepts, ask)
        held = tuple([evaluation.missing for evaluation in evaluations])
        same = tuple(map(id, held))
        kept = self.ranked_as.get(same)
        if kept is not None and all(map(is_, kept[0], held)):
            return kept[1]
        key = tuple([tuple(map(_ASKED_AS, missing)) for missing in held])
        found = self.ranked.get(key)
        if found is None:
            found = rank(evaluations, self.concepts, ask)
            if len(self.ranked) >= _KEPT:
                self.ranked.clear()
            self.ranked[key] = found
        self.ranked_as.put(same, (held, found))
        return found


# What a ranking by points reads of an open question.
_ASKED_AS = attrgetter("key", "points", "question")

#: How many carried values and rankings a crosswalk remembers; past this, afresh.
_KEPT = 4096

# Crosswalks by the identity of their frameworks (a frozen framework never changes).
_walks: dict[tuple[int, ...], _Crosswalk] = {}


def _crosswalk(frameworks: list[Framework]) -> _Crosswalk:
    # a kept crosswalk holds its frameworks, so no other object takes their identities
    key = tuple(map(id, frameworks))
    found = _walks.get(key)
    if found is None:
        names = [framework.name for framework in frameworks]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise QualifyError(f"compare was given {twice[0]!r} more than once")
        if len(_walks) >= 64:
            _walks.clear()
        found = _walks[key] = _Crosswalk(frameworks)
    return found


def _carry(raw: Any, framework: Framework, position: int, concept: str | None) -> Any:
    """*raw* as the criterion at *position* reads it: as it is, or through its concept's
    equivalents; ``None`` when neither reads."""
    plan = plan_of(framework)
    if plan.result(position, raw) is not None:
        return raw
    if not isinstance(raw, str) or concept is None:
        return None
    value = plan.read(plan.criterion_keys[position], raw)
    found = registry.find_concept(concept)
    if value is None or found is None:
        return None
    return found.carry(value, plan.criteria[position].scale)


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


def _refuse(key: str, known: frozenset[str], frameworks: list[Framework]) -> None:
    hint = closest(str(key), known)
    raise UnknownCriterionError(
        f"no framework of {', '.join(f.name for f in frameworks)} has a criterion or a"
        f" concept {key!r}." + (f" Did you mean {hint!r}?" if hint else "")
        + f" Accepted: {', '.join(sorted(known))}."
    )
