"""``qualify.backtest``: did the framework's score and verdicts predict which leads were won?"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from .._core.checks import shown
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._plugins.evaluate import Errors, check_errors, resolve
from .._tables.summary import is_table
from ..errors import OutcomeError, QualifyError
from .ages import age_rates
from .outcomes import Outcomes
from .report import Backtest, build
from .drift import drift_between, drift_by_block, totals
from .tally import Tallies, from_rows, from_table
from .timed import collect, patterns_of

__all__ = ["backtest"]

# With time=, the leads are cut into this many blocks of time to tell newer from older.
_BLOCKS = 10


def backtest(
    leads: Iterable[Any] | Any,
    framework: str | Framework,
    outcomes: str | Iterable[object],
    *,
    mapping: str | FieldMap | None = None,
    won: Collection[Any] | None = None,
    by: str | Iterable[object] | None = None,
    cost: float | Mapping[Any, float] | None = None,
    errors: Errors = "raise",
    id: str | None = None,  # noqa: A002 - a table's column naming its rows
    created: str | None = None,
    closed: str | None = None,
    as_of: date | None = None,
    test: Iterable[Any] | Any | None = None,
    time: str | Iterable[object] | None = None,
) -> Backtest:
    """Score leads whose outcome is known, and report how well the score predicted it.

    Rows carrying columns that are neither evidence nor the outcome are fine:
    those columns are not read.

    >>> leads = [{"need": "validated", "budget": "allocated", "won": "yes"},
    ...          {"need": "assumed", "won": "no"}, {"budget": "none", "won": "no"}]
    >>> result = backtest(leads, "bant", "won")
    >>> result.n, result.won, result.auc
    (3, 1, 1.0)

    :param leads: what :func:`qualify.evaluate_many` takes (rows, mappings of
        criterion key to value, lists of :class:`~qualify.Evidence`), or a table
        :func:`qualify.evaluate_frame` takes (pandas, polars, pyarrow, DuckDB...).
    :param framework: a registered name or a :class:`~qualify.Framework`.
    :param outcomes: the column (or key) holding each lead's outcome, or outcomes
        aligned with the leads (a list, a numpy array, a pandas or polars
        column). An outcome is won or lost by its words (``True``/``False``,
        ``1``/``0``, ``"yes"``/``"no"``, ``"won"``/``"lost"``, ``"converted"``,
        any case); a missing one (``None``, NaN, blank) is a lead still open,
        counted in ``open`` only.
    :param mapping: a :class:`~qualify.FieldMap` or a registered mapping's name.
    :param won: the values that mean won; any other means lost.
    :param by: a column name, or values aligned with the leads, grouping them (by
        source, campaign or rep) into ``groups``.
    :param cost: what a lead cost, or a mapping of group to what the group cost:
        adds what each qualified lead and each won deal cost (needs *by*).
    :param errors: ``"raise"`` (the default), or ``"report"``: a lead that
        cannot be scored is counted in ``skipped`` (a lazy table needs *id*).
    :param id: the column that identifies a table's rows, as for
        :func:`qualify.evaluate_frame`.
    :param created: the column holding when each lead came in (dates, datetimes
        or ISO 8601 text), with *closed*: ``ages`` then gives the share won
        within 3, 6, 12 and 24 months, each horizon counting only leads that
        came in at least that long before *as_of*; still-open leads count as not
        yet won.
    :param closed: the column holding when each lead was won or lost.
    :param as_of: the date ages are counted to (default: the latest date seen).
    :param test: newer leads of the same shape, their outcomes in the same
        column: the framework is scored on them instead, as a team meets its
        newest leads with a framework judged or calibrated on older ones;
        ``drift`` compares *leads* (older) with *test* (newer): the base rate
        and, per criterion, the share of leads nothing was known on.
    :param time: without *test*, what orders the leads (a column name, or values
        aligned with them: datetimes, dates, ISO 8601 text or numbers such as an
        increasing lead id); ``drift`` then compares the newest 30% with the rest.
    :returns: the :class:`~qualify.reports.Backtest`.
    :raises OutcomeError: an outcome says neither won nor lost, or the
        outcomes do not line up with the leads.
    """
    framework, mapping = resolve(framework, mapping)
    check_errors(errors)
    if cost is not None and not isinstance(cost, Mapping):
        if isinstance(cost, bool) or not isinstance(cost, int | float) or not cost >= 0:
            raise QualifyError(
                "cost must be a cost per lead (a number, 0 or more) or a mapping of group to"
                f" its cost, got {shown(cost)}"
            )
    if cost is not None and by is None:
        raise QualifyError("cost needs by=: the groups of leads it is the cost of")
    if (created is None) != (closed is None):
        raise QualifyError("created and closed go together: name both date columns, or neither")
    dates = None if created is None or closed is None else (created, closed)
    if as_of is not None and not isinstance(as_of, date):
        raise QualifyError(f"as_of must be a date or datetime, got {shown(as_of)}")
    end = as_of.date() if isinstance(as_of, datetime) else as_of
    reader = Outcomes(won)
    if test is not None:
        if not isinstance(outcomes, str):
            raise OutcomeError(
                "with test=, outcomes must be the name of the column both sets of leads hold"
            )
        older = _tallies(leads, framework, mapping, outcomes, reader, None, errors, id, None)
        tallies = _tallies(test, framework, mapping, outcomes, reader, by, errors, id, dates)
        drift = drift_between(framework, totals(older), totals(tallies))
    elif time is not None:
        if by is not None or dates is not None:
            raise QualifyError(
                "time= cannot be combined with by=, created= or closed= in one backtest;"
                " run one backtest with time= for the drift and another for those"
            )
        tallies = collect(leads, framework, mapping, outcomes, reader, errors, id, time, _BLOCKS - 1)
        patterns = patterns_of(tallies, _BLOCKS - 1, True, is_table(leads))
        drift = drift_by_block(framework, patterns, _BLOCKS)
    else:
        tallies = _tallies(leads, framework, mapping, outcomes, reader, by, errors, id, dates)
        drift = None
    return build(
        framework,
        scores=tallies.scores,
        verdicts=tallies.verdicts,
        criteria=tallies.criteria,
        groups=tallies.groups if by is not None else None,
        by=by if isinstance(by, str) else None if by is None else "by",
        cost=cost,
        open=tallies.open,
        skipped=tallies.skipped,
        chances=tallies.chances,
        by_chance=tallies.by_chance,
        ages=age_rates(tallies.dates, end) if dates is not None else (),
        drift=drift,
    )


def _tallies(
    leads: Any,
    framework: Framework,
    mapping: FieldMap | None,
    outcomes: str | Iterable[object],
    reader: Outcomes,
    by: str | Iterable[object] | None,
    errors: Errors,
    id: str | None,  # noqa: A002
    dates: tuple[str, str] | None,
) -> Tallies:
    if is_table(leads):
        if by is not None and not isinstance(by, str):
            raise OutcomeError("on a table, by must be the name of a column")
        return from_table(leads, framework, mapping, outcomes, reader, by, errors, id, dates=dates)
    else:
        if isinstance(leads, str | bytes | Mapping) or not isinstance(leads, Iterable):
            raise QualifyError(
                "backtest takes leads as an iterable of rows or evidence, or a table,"
                f" got {type(leads).__name__}"
            )
        tallies = from_rows(leads, framework, mapping, outcomes, reader, by, errors, dates=dates)
    return tallies
