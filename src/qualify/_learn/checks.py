"""What a backtest or calibration refuses before it counts: an outcome column that is also
evidence, and leads of which the framework reads nothing (every lead would be unknown)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._core.framework import Framework
from .._core.mapping import FieldMap
from ..errors import EvidenceError, OutcomeError

__all__ = ["check_outcome_column", "check_read_something", "check_reads_columns", "read_columns"]


def check_outcome_column(outcome: object, framework: Framework, mapping: FieldMap | None) -> None:
    """Refuse an outcome column that is also evidence: the score would see the answer."""
    if not isinstance(outcome, str):
        return
    read = (
        {field.column.split(".")[0] for field in mapping.fields}
        if mapping is not None
        else set(framework.keys)
    )
    if outcome in read:
        raise OutcomeError(
            f"the outcome column {outcome!r} is also evidence"
            f" {'the mapping reads' if mapping is not None else 'for the framework'}, so the"
            " score would see the outcome it is meant to predict; rename the column"
        )


def read_columns(
    framework: Framework, mapping: FieldMap | None, *, table: bool = False
) -> set[str]:
    """The columns (or keys) the leads are read by; a table may also name a framework's
    columns ``name:key``."""
    if mapping is not None:
        return {field.column.split(".")[0] for field in mapping.fields}
    prefixed = {f"{framework.name}:{key}" for key in framework.keys} if table else set()
    return {*framework.keys, *prefixed}


def check_reads_columns(columns: Iterable[str], framework: Framework, mapping: FieldMap | None) -> None:
    """Refuse a table none of whose columns the framework (or its mapping) reads: every
    lead would score as unknown, and the backtest would measure nothing."""
    columns = list(columns)
    read = read_columns(framework, mapping, table=True)
    if not read & set(columns):
        reader = f"mapping {mapping.name!r}" if mapping is not None else f"framework {framework.name!r}"
        raise EvidenceError(
            f"no column of the leads is read by {reader}, so every lead would be unknown;"
            f" columns: {', '.join(columns)}; accepted: {', '.join(sorted(read))}"
        )


def check_read_something(
    tallies: Any, framework: Framework, mapping: FieldMap | None, named: bool
) -> None:
    """Refuse rows none of which names a key the framework (or its mapping) reads, as a
    table of columns it does not read is refused: a wrong mapping, or leads of another
    system. Leads that name a key but hold no answer yet are fine: they are unknown."""
    counted = sum(won + lost for won, lost in tallies.verdicts.values())
    if not counted or named:
        return
    reader = f"mapping {mapping.name!r}" if mapping is not None else f"framework {framework.name!r}"
    raise EvidenceError(
        f"none of the {counted:,} leads holds a key {reader} reads, so every lead would be"
        f" unknown; accepted keys: {', '.join(sorted(read_columns(framework, mapping)))}"
    )
