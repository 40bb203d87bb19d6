"""What of a table's evidence counts: judged as of an instant, and vetted or not.

:func:`judged` gathers, for evaluate_frame, the expressions that decide per row
and key whether evidence counts (``keep``), the flags of answers that did not
count and the question that asks for them again (stale: re-confirm; unvetted:
vet), and, per stage that requires vetting, whether each of its answers is
vetted. Both table paths use them, so a table says what :func:`qualify.evaluate`
says of each row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.framework import Framework
from .._core.freshness import reconfirm
from .._core.plan import plan_of
from .._core.vetting import vet_question, vetted_by_names
from ..errors import QualifyError
from .dated import STALE, check_named, dated

__all__ = ["STALE", "UNVETTED", "Flag", "Judged", "judged"]

#: The column evaluate_frame adds for a framework that requires vetting: each row's keys
#: whose answers did not count, or held a stage back, for want of vetting.
UNVETTED = "unvetted"


class Flag:
    """Rows where a criterion's answer did not count (*raw*, before asking whether there
    was an answer at all), the list column that names them, and the question to ask."""

    __slots__ = ("key", "listed", "question", "raw")

    def __init__(self, listed: str, key: str, raw: Any, question: str) -> None:
        self.listed = listed
        self.key = key
        self.raw = raw
        self.question = question


class Judged:
    """Per key, whether a row's evidence counts; the flags; each stage's vetted answers."""

    def __init__(
        self,
        keep: dict[str, Any],
        flags: list[Flag],
        stage_vetted: tuple[dict[str, Any] | None, ...],
        lists: tuple[str, ...],
        columns: list[str],
    ) -> None:
        self.keep = keep
        self.flags = flags
        self.stage_vetted = stage_vetted  # per stage: key to "vetted" expression, or None
        self.lists = lists  # the list columns added, in order
        self.columns = columns  # the time and vetting columns read


def judged(
    framework: Framework,
    schema: Mapping[str, Any],
    as_of: object,
    observed_at: object,
    vetted: object,
    nw: Any,
) -> Judged | None:
    """The expressions that judge a table's evidence; ``None`` when nothing is judged."""
    plan = plan_of(framework)
    if vetted is not None and not plan.vets:
        raise QualifyError(
            f"vetted= names columns saying who vetted answers, and framework"
            f" {framework.name!r} requires none vetted; leave vetted out"
        )
    ages = dated(framework, schema, as_of, observed_at, nw)
    if ages is None and not plan.vets:
        return None
    keep: dict[str, Any] = dict(ages.keep) if ages is not None else {}
    flags: list[Flag] = []
    for key, old in (ages.stale if ages is not None else {}).items():
        lasting = plan.fresh_for[plan.index[key]]
        assert lasting is not None  # only a criterion that ages can be stale
        flags.append(Flag(STALE, key, old, reconfirm(plan.criteria[plan.index[key]].question,
                                                     lasting)))  # fmt: skip
    lists: tuple[str, ...] = (STALE,) if ages is not None else ()
    columns = list(ages.columns) if ages is not None else []
    stage_vetted: tuple[dict[str, Any] | None, ...] = tuple(None for _ in framework.stages)
    if plan.vets:
        found = _vetted_columns(framework, schema, vetted, nw)
        columns += [name for name in found.values() if name not in columns]

        def checked(key: str) -> Any:
            name = found.get(key)
            return nw.lit(False) if name is None else _nonblank(name, schema[name], nw)

        for i, criterion in enumerate(framework.criteria):
            if not plan.vetting[i]:
                continue
            key = criterion.key
            counted = keep.get(key, nw.lit(True))
            flags.append(Flag(UNVETTED, key, counted & ~checked(key), vet_question(criterion.question)))
            keep[key] = counted & checked(key)
        stage_vetted = tuple(
            {key: checked(key) for key in stage.requires} if stage.requires_vetting else None
            for stage in framework.stages
        )
        lists += (UNVETTED,)
    return Judged(keep, flags, stage_vetted, lists, columns)


def _vetted_columns(
    framework: Framework, schema: Mapping[str, Any], vetted: object, nw: Any
) -> dict[str, str]:
    """Criterion key to the column saying who vetted its answer, checked."""
    found = vetted_by_names(vetted, framework, "column")
    check_named("vetted", found.values(), schema)
    return found


def _nonblank(name: str, dtype: Any, nw: Any) -> Any:
    """Whether a row's vetting column says someone vetted the answer: non-blank text,
    ``True``, or any other value present."""
    column = nw.col(name)
    if dtype == nw.String:
        # pandas compares a missing value as unequal to "": test for it first
        return (~column.is_null() & (column.str.strip_chars() != "")).fill_null(False)
    if dtype == nw.Boolean:
        return column.fill_null(False)
    return ~column.is_null()
