"""Many leads, one framework: :func:`evaluate_many`, lazily, a record at a time."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping, Sized
from datetime import datetime
from typing import Any, Literal, overload

import attrs

from .._core.logs import logger
from .._core.checks import renamed, shown
from .._core.engine import evaluate_framework
from .._core.evidence import EvidenceInput
from .._core.framework import Framework
from .._core.freshness import check_as_of
from .._core.mapping import FieldMap
from .._core.results import Evaluation, RowProblems
from .._core.touches import TOUCH_BUDGET, Touch, contact_history
from ..errors import EvidenceError, MissingExtraError, QualifyError, problem_of
from .evaluate import (
    Errors,
    OtherKeys,
    check_errors,
    check_feeds,
    check_other_keys,
    evaluate_row,
    keys_of,
    resolve,
)
from .rows import Beside

log = logger("qualify.evaluate")

__all__ = ["evaluate_many"]


@overload
def evaluate_many(
    records: Iterable[EvidenceInput | Mapping[str, Any]],
    framework: str | Framework,
    *,
    mapping: str | FieldMap | None = None,
    progress: bool = False,
    other_keys: OtherKeys = "error",
    errors: Literal["raise"] = "raise",
    id: str | None = None,  # noqa: A002
    as_of: datetime | None = None,
    observed_at_column: str | Mapping[str, str] | None = None,
    vetted_column: Mapping[str, str] | None = None,
    touches: Mapping[Any, Iterable[Touch]] | None = None,
    touch_budget: int = TOUCH_BUDGET,
    observed_at: str | Mapping[str, str] | None = None,
    vetted: Mapping[str, str] | None = None,
) -> Iterator[Evaluation]: ...


@overload
def evaluate_many(
    records: Iterable[EvidenceInput | Mapping[str, Any]],
    framework: str | Framework,
    *,
    mapping: str | FieldMap | None = None,
    progress: bool = False,
    other_keys: OtherKeys = "error",
    errors: Literal["report"],
    id: str | None = None,  # noqa: A002
    as_of: datetime | None = None,
    observed_at_column: str | Mapping[str, str] | None = None,
    vetted_column: Mapping[str, str] | None = None,
    touches: Mapping[Any, Iterable[Touch]] | None = None,
    touch_budget: int = TOUCH_BUDGET,
    observed_at: str | Mapping[str, str] | None = None,
    vetted: Mapping[str, str] | None = None,
) -> Iterator[Evaluation | RowProblems]: ...


def evaluate_many(
    records: Iterable[EvidenceInput | Mapping[str, Any]],
    framework: str | Framework,
    *,
    mapping: str | FieldMap | None = None,
    progress: bool = False,
    other_keys: OtherKeys = "error",
    errors: Errors = "raise",
    id: str | None = None,  # noqa: A002 - the key that identifies each record
    as_of: datetime | None = None,
    observed_at_column: str | Mapping[str, str] | None = None,
    vetted_column: Mapping[str, str] | None = None,
    touches: Mapping[Any, Iterable[Touch]] | None = None,
    touch_budget: int = TOUCH_BUDGET,
    observed_at: str | Mapping[str, str] | None = None,
    vetted: Mapping[str, str] | None = None,
) -> Iterator[Evaluation] | Iterator[Evaluation | RowProblems]:
    """Evaluate many leads, lazily: yields one :class:`~qualify.Evaluation` per record, in order.

    Nothing is held beyond the record being evaluated, so memory stays flat; the
    framework and mapping are resolved (and the framework compiled) once.

    >>> leads = ({"need": "validated", "timeframe": months} for months in (2, 9, 30))
    >>> [round(e.score, 1) for e in evaluate_many(leads, "bant")]
    [50.0, 41.7, 35.8]

    :param records: any iterable of what :func:`evaluate` takes as evidence (or
        CRM rows, with *mapping*), a generator over millions of rows included.
    :param framework: a registered name or a :class:`~qualify.Framework`.
    :param mapping: a :class:`~qualify.FieldMap` or a registered mapping's name:
        the records are CRM rows.
    :param progress: show a tqdm progress bar on standard error (install
        ``qualify[progress]``).
    :param other_keys: as for :func:`evaluate`: ``"error"`` or ``"ignore"``.
    :param errors: ``"raise"`` (the default): the first record that cannot be
        evaluated raises; ``"report"``: it yields a :class:`~qualify.RowProblems`
        in its place (its position, its id, every problem) and goes on.
    :param id: the record key that identifies each record, named in errors and in
        :class:`~qualify.RowProblems`, and the key of *touches*.
    :param as_of: judge every record as it stood at this instant, as
        :func:`evaluate` judges one: items observed later are left out, stale
        ones count as missing.
    :param observed_at_column: for mapping records, the record key holding when
        its values were observed (a datetime, a date or ISO 8601 text), or a
        mapping of criterion keys to such record keys (``"*"`` for every key; a
        key's own time wins where it has one). Those keys are not evidence.
    :param vetted_column: a mapping of criterion keys to the record key saying who
        vetted the answer (empty: not vetted), for criteria and stages that
        require vetting.
    :param touches: each record's id (its value under *id*) mapped to its
        :class:`~qualify.journey.Touch` items: every evaluation then carries its
        contact history, as :func:`evaluate`'s does (a record without touches
        gets an empty one).
    :param touch_budget: as for :func:`evaluate`.
    :param observed_at: the earlier name of *observed_at_column*; it still works,
        with a :class:`DeprecationWarning` (:func:`evaluate` takes values under
        this name).
    :param vetted: the earlier name of *vetted_column*, likewise.
    :returns: an iterator of evaluations (and, with ``errors="report"``,
        :class:`~qualify.RowProblems`), one per record, in order.

    :raises EvidenceError: for the first record that cannot be evaluated; the
        message starts with the record's position (``record 3: ...``), or its
        id (``record 'L-7': ...``).
    :raises UnknownCriterionError: at once, when *mapping* feeds keys the
        framework does not have.
    """
    resolved, field_map = resolve(framework, mapping)
    check_other_keys(other_keys)
    check_errors(errors)
    if field_map is not None:
        check_feeds(field_map, resolved)
    as_of = check_as_of(as_of)
    where = "evaluate_many"
    if renamed(where, "observed_at", "observed_at_column", observed_at is not None,
               observed_at_column is not None):  # fmt: skip
        observed_at_column = observed_at
    if renamed(where, "vetted", "vetted_column", vetted is not None, vetted_column is not None):
        vetted_column = vetted
    beside = Beside.of(observed_at_column, vetted_column, as_of, resolved, field_map)
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
                    record = keys_of(record, framework, "ignore")
                result = evaluate_framework(
                    record, framework, as_of=as_of, observed_at=at, vetted=vetted
                )
            else:
                result = evaluate_row(record, mapping, framework, as_of, at, vetted)
            if touching is not None:
                key = _id_of(given, id)
                if getattr(key, "__hash__", None) is None:  # a list or a dict
                    raise EvidenceError(
                        f"the id {shown(key)} under {id!r} cannot name a lead, so its touches"
                        " cannot be found; ids are text or numbers"
                    )
                lead = touching[0].get(key, ())
                history = contact_history(lead, budget=touching[1], as_of=as_of)
                result = attrs.evolve(result, touches=history)
        except EvidenceError as exc:
            key = _id_of(given, id)
            record = position if key is None else key if isinstance(key, str | int) else repr(key)
            located = tuple(problem_of(p).at(record) for p in exc.problems)
            if report:
                reported += 1
                yield RowProblems(position=position, id=key, problems=located)
                continue
            where = f"record {position}" if key is None else f"record {key!r}"
            raise type(exc)(f"{where}: {exc}", problems=located) from exc
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
        raise MissingExtraError("progress=True", "tqdm", "progress") from None
    total = len(records) if isinstance(records, Sized) else None
    bar: Iterable[Any] = tqdm(records, total=total, unit="lead", desc="qualify")
    return bar
