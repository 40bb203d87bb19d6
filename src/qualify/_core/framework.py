"""The framework: criteria, stages and disqualifiers, and what qualified means.

A frozen attrs class, validated on construction: a malformed framework raises
:class:`~qualify.FrameworkError` naming the bad part. :meth:`Framework.customize`
makes a company's version of one.
"""

from __future__ import annotations

from datetime import timedelta
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..errors import FrameworkError, UnknownCriterionError
from .checks import (
    as_tuple,
    closest,
    check_items,
    NAME_SCHEMA,
    THRESHOLD_SCHEMA,
    check_name,
    check_text,
    is_finite,
    normalize_label,
    shown,
    strings,
)
from .criteria import Criterion, Disqualifier, Stage
from .display import html_of
from .evidence import NOT_KNOWN
from .freshness import check_fresh_for
from .pairs import check_pairs
from .probability import Chance, Probability
from .scales import Levels

__all__ = ["Framework", "unknown_key_message"]


def _criteria(items: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return as_tuple(items)  # type: ignore[return-value]


def _stages(items: Iterable[Stage]) -> tuple[Stage, ...]:
    return as_tuple(items)  # type: ignore[return-value]


def _disqualifiers(items: Iterable[Disqualifier]) -> tuple[Disqualifier, ...]:
    return as_tuple(items)  # type: ignore[return-value]


@attrs.frozen(kw_only=True, cache_hash=True)
class Framework:
    """A qualification framework: the criteria a lead is judged on, and what qualified means.

    ``qualified_at`` is the score (0 to 100) a lead needs, with every
    ``required`` criterion met, to be qualified; a calibrated framework may
    give it as a :class:`~qualify.Chance` of winning instead (qualified means
    at least that chance), and :attr:`qualifying_score` is then the score at
    which its chance reaches it. ``stages``, in order, are
    milestones a lead passes; ``disqualifiers`` rule a lead out outright.
    ``extends`` names the framework this one was customized from, if any.
    ``no_evidence`` lists the answers that say nobody knows yet (by default
    :data:`~qualify.NOT_KNOWN`: "unknown", "n/a", "tbd", "not sure", "select"...):
    evidence holding one is no evidence, so its question is still asked. A
    criterion with a level named like a default word keeps its level; words
    given explicitly may not name a level. ``fresh_for`` is how long evidence
    stays fresh for every criterion that does not say so itself (``None``: it
    never goes stale); see :func:`qualify.evaluate`'s ``as_of``.
    """

    name: str = attrs.field(metadata=NAME_SCHEMA)
    title: str
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria)
    version: str = "1"
    description: str = ""
    stages: tuple[Stage, ...] = attrs.field(default=(), converter=_stages)
    disqualifiers: tuple[Disqualifier, ...] = attrs.field(default=(), converter=_disqualifiers)
    qualified_at: float | Chance = attrs.field(default=70.0, metadata=THRESHOLD_SCHEMA)
    extends: str | None = attrs.field(default=None, metadata=NAME_SCHEMA)
    no_evidence: tuple[str, ...] = attrs.field(default=NOT_KNOWN, converter=strings)
    probability: Probability | None = None
    fresh_for: timedelta | None = None
    _keys: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _not_known: dict[str, frozenset[str]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _qualifying_score: float = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        check_name("framework name", self.name)
        if self.extends is not None:
            check_name(f"extends of framework {self.name!r}", self.extends)
            if self.extends == self.name:
                raise FrameworkError(f"framework {self.name!r} cannot extend itself")
        check_text(f"title of framework {self.name!r}", self.title)
        check_text(f"version of framework {self.name!r}", self.version)
        check_text(f"description of framework {self.name!r}", self.description, empty=True)
        check_fresh_for(f"fresh_for of framework {self.name!r}", self.fresh_for)
        if not self.criteria:
            raise FrameworkError(f"framework {self.name!r} needs at least one criterion")
        check_items(Criterion, "criteria", self.criteria)
        check_items(Stage, "stages", self.stages)
        check_items(Disqualifier, "disqualifiers", self.disqualifiers)
        object.__setattr__(
            self,
            "_keys",
            tuple(c.key for c in self.criteria) + tuple(d.key for d in self.disqualifiers),
        )
        if isinstance(self.qualified_at, Chance):
            if self.probability is None:
                raise FrameworkError(
                    f"framework {self.name!r} qualifies at a chance of"
                    f" {self.qualified_at.chance:g}, so it needs a probability model:"
                    " calibrate it on won and lost leads (qualify.calibrate), or give"
                    " qualified_at as a score"
                )
        elif (
            isinstance(self.qualified_at, bool)
            or not is_finite(self.qualified_at)
            or not 0 < self.qualified_at <= 100
        ):
            raise FrameworkError(
                f"qualified_at of framework {self.name!r} must be a score above 0 and at most"
                f" 100, or a qualify.Chance, got {shown(self.qualified_at)}"
            )
        seen: set[str] = set()
        for key in self.keys:
            if key in seen:
                raise FrameworkError(
                    f"framework {self.name!r} uses the key {key!r} twice; criterion and"
                    " disqualifier keys must be unique"
                )
            seen.add(key)
        criterion_keys = [criterion.key for criterion in self.criteria]
        check_pairs(self.name, self.criteria)
        if self.probability is not None:
            self._check_probability(criterion_keys)
        if isinstance(self.qualified_at, Chance):
            assert self.probability is not None  # refused above
            score = self.qualified_at.score(self.probability, self.name)
        else:
            score = float(self.qualified_at)
        object.__setattr__(self, "_qualifying_score", score)
        known = set(criterion_keys)
        stage_keys: set[str] = set()
        for stage in self.stages:
            if stage.key in stage_keys:
                raise FrameworkError(f"framework {self.name!r} has two stages keyed {stage.key!r}")
            stage_keys.add(stage.key)
            for key in stage.requires:
                if key not in known:
                    raise FrameworkError(
                        f"stage {stage.key!r} of framework {self.name!r} requires {key!r},"
                        f" which is not one of its criteria: {', '.join(criterion_keys)}"
                    )
        object.__setattr__(self, "_not_known", self._check_no_evidence())

    def _check_no_evidence(self) -> dict[str, frozenset[str]]:
        """Per key, the folded answers that say nobody knows.

        With the default words, a criterion whose own level is named like one of
        them keeps that level; words given explicitly may not clash with a level.
        """
        for word in self.no_evidence:
            check_text(f"a no_evidence value of framework {self.name!r}", word)
        words = frozenset(normalize_label(word) for word in self.no_evidence)
        explicit = self.no_evidence != NOT_KNOWN
        per_key = dict.fromkeys(self.keys, words)
        for criterion in self.criteria:
            if not isinstance(criterion.scale, Levels):
                continue
            labels = {
                normalize_label(label): label
                for level in criterion.scale.levels
                for label in (level.name, *level.aliases)
            }
            clash = sorted(label for folded, label in labels.items() if folded in words)
            if clash and explicit:
                raise FrameworkError(
                    f"criterion {criterion.key!r} of framework {self.name!r} has the level"
                    f" {clash[0]!r}, which no_evidence also lists as an answer that says"
                    " nobody knows; rename the level, or leave the word out of no_evidence"
                )
            per_key[criterion.key] = words - labels.keys()
        return per_key

    def not_known(self, key: str) -> frozenset[str]:
        """The answers that say nobody knows for *key*, folded as evidence is matched.

        They are the ``no_evidence`` words, less any level of that criterion named
        like one of the default words.
        """
        try:
            return self._not_known[key]
        except KeyError:
            raise UnknownCriterionError(unknown_key_message(self.name, self.keys, key)) from None

    def _check_probability(self, criterion_keys: list[str]) -> None:
        if not isinstance(self.probability, Probability):
            raise FrameworkError(
                f"probability of framework {self.name!r} must be a qualify.Probability or"
                f" None, got {type(self.probability).__name__}"
            )
        for key, _ in self.probability.unknown:
            if key not in criterion_keys:
                raise FrameworkError(
                    f"the probability model of framework {self.name!r} has an unknown offset"
                    f" for {key!r}, which is not one of its criteria: {', '.join(criterion_keys)}"
                )

    @property
    def qualifying_score(self) -> float:
        """The score a lead needs to be qualified: ``qualified_at``, or for a
        :class:`~qualify.Chance` the score from which the chance reaches it."""
        return self._qualifying_score

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key evidence may name: the criteria, then the disqualifiers."""
        return self._keys

    def customize(
        self,
        *,
        name: str,
        title: str | None = None,
        version: str | None = None,
        description: str | None = None,
        qualified_at: float | Chance | None = None,
        criteria: Iterable[Criterion] | None = None,
        change: Mapping[str, Mapping[str, Any]] | None = None,
        drop: Iterable[str] = (),
        add: Iterable[Criterion] = (),
        stages: Iterable[Stage] | None = None,
        disqualifiers: Iterable[Disqualifier] | None = None,
        no_evidence: Iterable[str] | None = None,
        probability: Probability | None = None,
        fresh_for: timedelta | None = None,
    ) -> Framework:
        """Return your company's version of this framework, validated; this one is untouched.

        Everything not named is inherited. ``change`` maps a criterion key to
        new values for its fields (``label``, ``question``, ``weight``,
        ``required``, ``scale``, ``description``, even ``key``); ``drop``
        removes criteria; ``add`` appends new ones; ``criteria``, ``stages``,
        ``disqualifiers`` and ``no_evidence`` replace the inherited lists.
        Stages follow a renamed key. The result records this framework's name in ``extends``.
        A probability model is not inherited (it was fitted to this framework's
        weights); pass ``probability`` to give the new framework one. A
        :class:`~qualify.Chance` to qualify at is inherited with a new model;
        without one the score it stood for is (a chance needs a model).
        ``fresh_for`` (how long evidence stays fresh) is inherited unless given.

        >>> import qualify
        >>> acme = qualify.get_framework("bant").customize(
        ...     name="acme-bant",
        ...     version="2026.1",
        ...     qualified_at=80,
        ...     change={"budget": {"label": "Funding", "weight": 2}},
        ...     drop=["timeframe"],
        ... )
        >>> [c.key for c in acme.criteria], acme.extends
        (['budget', 'authority', 'need'], 'bant')
        """
        return _customize(
            self,
            name=name,
            title=title,
            version=version,
            description=description,
            qualified_at=qualified_at,
            criteria=criteria,
            change=change,
            drop=drop,
            add=add,
            stages=stages,
            disqualifiers=disqualifiers,
            no_evidence=no_evidence,
            probability=probability,
            fresh_for=fresh_for,
        )

    def _repr_html_(self) -> str:
        """The notebook view: criteria, weights, questions, scales and stages."""
        return html_of(self)

    def criterion(self, key: str) -> Criterion:
        """Return the criterion with *key*, or raise :class:`~qualify.UnknownCriterionError`."""
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise UnknownCriterionError(unknown_key_message(self.name, self.keys, key))


_CRITERION_FIELDS = tuple(field.name for field in attrs.fields(Criterion))


def _customize(
    parent: Framework,
    *,
    name: str,
    title: str | None,
    version: str | None,
    description: str | None,
    qualified_at: float | Chance | None,
    criteria: Iterable[Criterion] | None,
    change: Mapping[str, Mapping[str, Any]] | None,
    drop: Iterable[str],
    add: Iterable[Criterion],
    stages: Iterable[Stage] | None,
    disqualifiers: Iterable[Disqualifier] | None,
    no_evidence: Iterable[str] | None,
    probability: Probability | None = None,
    fresh_for: timedelta | None = None,
) -> Framework:
    if name == parent.name:
        raise FrameworkError(
            f"a customized framework needs a name of its own, not {parent.name!r} again"
        )
    base = list(parent.criteria if criteria is None else _criteria(criteria))
    check_items(Criterion, "criteria", tuple(base))
    keys = [c.key for c in base]
    dropped = set(strings(drop))
    for key in dropped:
        if key not in keys:
            raise FrameworkError(f"cannot drop {key!r}: {_no_criterion(keys, key)}")
    renamed: dict[str, str] = {}
    changes = dict(change or {})
    for key, fields in changes.items():
        if key in dropped:
            raise FrameworkError(f"criterion {key!r} is both dropped and changed; pick one")
        if key not in keys:
            raise FrameworkError(f"cannot change {key!r}: {_no_criterion(keys, key)}")
        if not isinstance(fields, Mapping):
            raise FrameworkError(
                f"the change to {key!r} must be a mapping of field to new value,"
                f" got {type(fields).__name__}"
            )
        unknown = sorted(set(fields) - set(_CRITERION_FIELDS))
        if unknown:
            raise FrameworkError(
                f"the change to {key!r} names unknown fields {', '.join(map(repr, unknown))};"
                f" a criterion has {', '.join(_CRITERION_FIELDS)}"
            )
        position = keys.index(key)
        base[position] = attrs.evolve(base[position], **fields)
        if base[position].key != key:
            renamed[key] = base[position].key
    kept = [c for c in base if c.key not in dropped]
    if stages is None:
        stages = [
            attrs.evolve(stage, requires=tuple(renamed.get(k, k) for k in stage.requires))
            for stage in parent.stages
        ]
    return Framework(
        name=name,
        title=parent.title if title is None else title,
        version=parent.version if version is None else version,
        description=parent.description if description is None else description,
        qualified_at=_inherited(parent, probability) if qualified_at is None else qualified_at,
        criteria=(*kept, *as_tuple(add)),  # type: ignore[arg-type]
        stages=stages,
        disqualifiers=parent.disqualifiers if disqualifiers is None else disqualifiers,
        extends=parent.name,
        no_evidence=parent.no_evidence if no_evidence is None else strings(no_evidence),
        probability=probability,
        fresh_for=parent.fresh_for if fresh_for is None else fresh_for,
    )


def _inherited(parent: Framework, probability: Probability | None) -> float | Chance:
    """The parent's threshold: its chance with a model to read it, else its score."""
    if isinstance(parent.qualified_at, Chance) and probability is None:
        return parent.qualifying_score
    return parent.qualified_at


def _no_criterion(keys: list[str], key: str) -> str:
    close = closest(key, keys)
    hint = f" Did you mean {close!r}?" if close else ""
    return f"there is no criterion {key!r}.{hint} The criteria are: {', '.join(keys)}."


def unknown_key_message(name: str, keys: tuple[str, ...], key: object) -> str:
    """Say that framework *name* has no *key*, suggest the closest of *keys*, list them all."""
    hint = ""
    if isinstance(key, str):
        close = closest(key.casefold(), keys)
        if close:
            hint = f" Did you mean {close!r}?"
    return (
        f"framework {name!r} has no criterion or disqualifier {key!r}.{hint}"
        f" Accepted keys: {', '.join(keys)}."
    )
