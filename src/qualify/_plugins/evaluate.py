"""The one evaluation API: resolve the framework (and mapping), then call the pure engine."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Collection, Iterable, Iterator, Mapping, Sized
from datetime import datetime
from typing import Any, Literal, overload

import attrs

from .._core.checks import shown
from .._core.engine import evaluate_framework
from .._core.evidence import Evidence, EvidenceInput
from .._core.touches import TOUCH_BUDGET, Touch, contact_history
from .._core.freshness import check_as_of
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._core.results import Evaluation, RowProblems
from ..errors import EvidenceError, QualifyError, UnknownCriterionError
from .registry import registry
from .rows import NO_AS_OF, Beside

log = logging.getLogger(__name__)

__all__ = [
    "ERRORS",
    "OTHER_KEYS",
    "check_errors",
    "evaluate",
    "evaluate_many",
    "resolve",
]


def evaluate(
    evidence: EvidenceInput | Mapping[str, Any],
    framework: str | Framework,
    *,
    mapping: str | FieldMap | None = None,
    other_keys: str = "error",
    as_of: datetime | None = None,
    observed_at: datetime | Mapping[str, datetime | None] | None = None,
    vetted: Collection[str] | None = None,
    touches: Iterable[Touch] | None = None,
    touch_budget: int = TOUCH_BUDGET,
) -> Evaluation:
    """Evaluate what is known about a lead against a qualification framework.

    *evidence* is a mapping of criterion key to value (``None`` or a blank
    string means no evidence), or an iterable of :class:`~qualify.Evidence`
    items, of which the latest ``observed_at`` wins for each criterion.
    *framework* is a registered name such as ``"bant"``, or a
    :class:`~qualify.Framework`. With a *mapping* (a :class:`~qualify.FieldMap`
    or a registered mapping's name), *evidence* is a raw CRM row instead: only
    the mapped fields are read. Without one, a key that is neither a criterion
    nor a disqualifier is an error, unless ``other_keys="ignore"`` (for rows
    that carry ids and other columns). The input is never modified.

    With *as_of* (a datetime), evidence is judged as it stood at that instant:
    evidence observed later is left out, and evidence older than its
    criterion's ``fresh_for`` is stale: it counts as unknown, is listed in
    ``stale`` with its age, and its question asks to re-confirm it. An
    :class:`~qualify.Evidence` item's time is its ``observed_at``; for a
    mapping, pass *observed_at* (one datetime for every value, or one per
    key). Without *as_of*, age is ignored, so results stay reproducible.

    A criterion (or stage) with ``requires_vetting`` counts only vetted
    answers: an :class:`~qualify.Evidence` item with ``vetted_by``, or for a
    mapping, a key *vetted* names (a collection of criterion keys). An
    unvetted answer is listed in ``unvetted``; a criterion's counts as unknown
    and its question asks to vet it.

    With *touches* (:class:`~qualify.Touch` items), ``touches`` holds the
    lead's contact history: how many, over how long, whether it answered, and
    whether to keep trying within *touch_budget* outbound touches. Touches
    never change the score; with *as_of*, later ones are left out.

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
    if touches is not None:
        result = evaluate(
            evidence,
            framework,
            mapping=mapping,
            other_keys=other_keys,
            as_of=as_of,
            observed_at=observed_at,
            vetted=vetted,
        )
        history = contact_history(touches, budget=touch_budget, as_of=check_as_of(as_of))
        return attrs.evolve(result, touches=history)
    if as_of is None and vetted is None:
        if observed_at is not None:
            raise QualifyError(NO_AS_OF)
        if mapping is None and type(framework) is Framework and other_keys == "error":
            return evaluate_framework(evidence, framework)  # the common call, first
        framework, mapping = resolve(framework, mapping)
        if mapping is None:
            return evaluate_framework(_keys_of(evidence, framework, other_keys), framework)
        _check_feeds(mapping, framework)
        return _evaluate_row(evidence, mapping, framework)
    if as_of is None and observed_at is not None:
        raise QualifyError(NO_AS_OF)
    framework, mapping = resolve(framework, mapping)
    if mapping is None:
        found = _keys_of(evidence, framework, other_keys)
        return evaluate_framework(
            found, framework, as_of=as_of, observed_at=observed_at, vetted=vetted
        )
    _check_feeds(mapping, framework)
    return _evaluate_row(evidence, mapping, framework, as_of, observed_at, vetted)


#: What ``other_keys`` accepts: keys the framework does not have are an error, or left out.
OTHER_KEYS = ("error", "ignore")

#: What ``errors`` accepts, here and in ``evaluate_frame``: raise at a bad lead, or report it.
ERRORS = ("raise", "report")


def check_errors(errors: object) -> None:
    """Refuse an ``errors`` argument that is not one of :data:`ERRORS`."""
    if errors not in ERRORS:
        raise QualifyError(
            f"errors must be one of {', '.join(map(repr, ERRORS))}, got {shown(errors)}"
        )


def _check_other_keys(other_keys: object) -> None:
    if other_keys not in OTHER_KEYS:
        raise QualifyError(
            f"other_keys must be one of {', '.join(map(repr, OTHER_KEYS))}, got {shown(other_keys)}"
        )


def _keys_of(evidence: Any, framework: Framework, other_keys: str) -> Any:
    """*evidence* as given, or without the keys the framework does not have."""
    _check_other_keys(other_keys)
    if other_keys == "error":
        return evidence
    keys = frozenset(framework.keys)
    if isinstance(evidence, Mapping):
        return {key: value for key, value in evidence.items() if key in keys}
    if isinstance(evidence, str | bytes) or not isinstance(evidence, Iterable):
        return evidence  # the engine says what is wrong with it
    return [item for item in evidence if not isinstance(item, Evidence) or item.key in keys]


def _check_feeds(mapping: FieldMap, framework: Framework) -> None:
    stray = [key for key in mapping.criteria if key not in framework.keys]
    if stray:
        raise UnknownCriterionError(
            f"mapping {mapping.name!r} feeds {', '.join(map(repr, stray))}, which framework"
            f" {framework.name!r} does not have. Its keys: {', '.join(framework.keys)}."
        )


def _evaluate_row(
    row: object,
    mapping: FieldMap,
    framework: Framework,
    as_of: datetime | None = None,
    observed_at: datetime | Mapping[str, datetime | None] | None = None,
    vetted: Collection[str] | None = None,
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
            found, framework, as_of=as_of, observed_at=observed_at, vetted=vetted
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


@overload
def evaluate_many(
    records: Iterable[EvidenceInput | Mapping[str, Any]],
    framework: str | Framework,
    *,
    mapping: str | FieldMap | None = None,
    progress: bool = False,
    other_keys: str = "error",
    errors: Literal["raise"] = "raise",
    id: str | None = None,  # noqa: A002
    as_of: datetime | None = None,
    observed_at: str | Mapping[str, str] | None = None,
    vetted: Mapping[str, str] | None = None,
    touches: Mapping[Any, Iterable[Touch]] | None = None,
    touch_budget: int = TOUCH_BUDGET,
) -> Iterator[Evaluation]: ...


@overload
def evaluate_many(
    records: Iterable[EvidenceInput | Mapping[str, Any]],
    framework: str | Framework,
    *,
    mapping: str | FieldMap | None = None,
    progress: bool = False,
    other_keys: str = "error",
    errors: Literal["report"],
    id: str | None = None,  # noqa: A002
    as_of: datetime | None = None,
    observed_at: str | Mapping[str, str] | None = None,
    vetted: Mapping[str, str] | None = None,
    touches: Mapping[Any, Iterable[Touch]] | None = None,
    touch_budget: int = TOUCH_BUDGET,
) -> Iterator[Evaluation | RowProblems]: ...


def evaluate_many(
    records: Iterable[EvidenceInput | Mapping[str, Any]],
    framework: str | Framework,
    *,
    mapping: str | FieldMap | None = None,
    progress: bool = False,
    other_keys: str = "error",
    errors: str = "raise",
    id: str | None = None,  # noqa: A002 - the key that identifies each record
    as_of: datetime | None = None,
    observed_at: str | Mapping[str, str] | None = None,
    vetted: Mapping[str, str] | None = None,
    touches: Mapping[Any, Iterable[Touch]] | None = None,
    touch_budget: int = TOUCH_BUDGET,
) -> Iterator[Evaluation] | Iterator[Evaluation | RowProblems]:
    """Evaluate many leads, lazily: yields one :class:`~qualify.Evaluation` per record, in order.

    *records* may be any iterable, a generator over millions of rows included;
    nothing is held beyond the record being evaluated, so memory stays flat.
    The framework and mapping are resolved (and the framework compiled) once.
    With ``progress=True`` a tqdm progress bar is shown on standard error
    (install ``qualify[progress]``). ``other_keys`` is as for :func:`evaluate`.

    With ``errors="raise"`` (the default) the first record that cannot be
    evaluated raises; with ``errors="report"`` it yields a
    :class:`~qualify.RowProblems` in its place (its position, its value under
    the key *id* names, and every problem) and goes on. With *as_of*, every
    record is judged as it stood at that instant, as :func:`evaluate` judges
    one: items observed later are left out, stale ones count as missing.
    For mapping records, *observed_at* names the record's key holding when its
    values were observed (a datetime, a date or ISO 8601 text), or maps
    criterion keys to such record keys (``"*"`` for every key; a key's own
    time wins where it has one); those keys are not evidence. *vetted* maps
    criterion keys to the record key saying who vetted the answer (empty: not
    vetted), for criteria and stages that require vetting. *touches* maps each
    record's id (its value under *id*) to its :class:`~qualify.Touch` items:
    every evaluation then carries its contact history, as :func:`evaluate`'s
    does (a record without touches gets an empty one).

    >>> leads = ({"need": "validated", "timeframe": months} for months in (2, 9, 30))
    >>> [round(e.score, 1) for e in evaluate_many(leads, "bant")]
    [50.0, 41.7, 35.8]

    :raises EvidenceError: for the first record that cannot be evaluated; the
        message starts with the record's position (``record 3: ...``), or its
        id (``record 'L-7': ...``).
    :raises UnknownCriterionError: at once, when *mapping* feeds keys the
        framework does not have.
    """
    resolved, field_map = resolve(framework, mapping)
    _check_other_keys(other_keys)
    check_errors(errors)
    if field_map is not None:
        _check_feeds(field_map, resolved)
    as_of = check_as_of(as_of)
    beside = Beside.of(observed_at, vetted, as_of, resolved, field_map)
    if touches is not None:
        if id is None or not isinstance(touches, Mapping):
            raise QualifyError(
                "touches= maps each record's id to its touches: give id=, the key naming"
                f" each record, and a mapping; got id={id!r} and {type(touches).__name__}"
            )
        contact_history((), budget=touch_budget)  # the budget checked at once
    touching = None if touches is None else (touches, touch_budget)
    return _evaluate_all(
        records,
        resolved,
        field_map,
        progress,
        other_keys,
        errors == "report",
        id,
        as_of,
        beside,
        touching,
    )


def _evaluate_all(
    records: Iterable[Any],
    framework: Framework,
    mapping: FieldMap | None,
    progress: bool,
    other_keys: str,
    report: bool,
    id: str | None,  # noqa: A002
    as_of: datetime | None = None,
    beside: Beside | None = None,
    touching: tuple[Mapping[Any, Iterable[Touch]], int] | None = None,
) -> Iterator[Any]:
    if progress:
        records = _with_progress(records)
    if mapping is not None:
        log.info("evaluate_many: reading records through mapping %s", mapping.name)
    ignore = other_keys == "ignore"
    position = 0
    reported = 0
    for given in records:
        position += 1
        record = given
        try:
            at: Any = None
            vetted: frozenset[str] | None = None
            if beside is not None:
                record, at, vetted = beside.split(record, framework)
            if mapping is None:
                if id is not None and isinstance(record, Mapping) and id in record:
                    record = {key: value for key, value in record.items() if key != id}
                if ignore:
                    record = _keys_of(record, framework, "ignore")
                result = evaluate_framework(
                    record, framework, as_of=as_of, observed_at=at, vetted=vetted
                )
            else:
                result = _evaluate_row(record, mapping, framework, as_of, at, vetted)
            if touching is not None:
                lead = touching[0].get(_id_of(given, id), ())
                history = contact_history(lead, budget=touching[1], as_of=as_of)
                result = attrs.evolve(result, touches=history)
        except EvidenceError as exc:
            key = _id_of(given, id)
            if report:
                reported += 1
                yield RowProblems(position=position, id=key, problems=exc.problems)
                continue
            where = f"record {position}" if key is None else f"record {key!r}"
            raise type(exc)(f"{where}: {exc}", problems=exc.problems) from exc
        yield result
    log.info(
        "evaluate_many: %d records under %s, %d evaluated, %d reported",
        position,
        framework.name,
        position - reported,
        reported,
    )


def _id_of(record: object, id: str | None) -> object:  # noqa: A002
    return record.get(id) if id is not None and isinstance(record, Mapping) else None


def _with_progress(records: Iterable[Any]) -> Iterable[Any]:
    try:
        tqdm = importlib.import_module("tqdm.auto").tqdm
    except ImportError:
        raise QualifyError('progress=True needs tqdm: pip install "qualify[progress]"') from None
    total = len(records) if isinstance(records, Sized) else None
    bar: Iterable[Any] = tqdm(records, total=total, unit="lead", desc="qualify")
    return bar
