"""The ``expected`` and ``next_gain`` columns, for a calibrated framework that counted
its answers.

Both depend on a row only through its *situation*: the criteria not asked yet, those
asked and nobody knew, what the row earns, and whether it is disqualified. Tables hold
few distinct situations (picklists), so each is worked out once, in Python, by the
engine's own :class:`~qualify._core.completions.Completions`: tables in memory find
them with numpy (:func:`~.added.expected_arrays`), lazy ones collect them from their
engine and join the values back (:func:`expected_joined`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .._core.framework import Framework
from .._core.completions import gain_at
from .._core.plan import plan_of
from .choice import BITS
from .joined import left_join, like

__all__ = ["EXPECTED_COLUMNS", "counted", "expected_joined", "joined_bits", "situations"]

#: The columns a calibrated framework that counted its answers adds, in order.
EXPECTED_COLUMNS = ("expected", "next_gain")

#: A situation: (criteria not asked yet, criteria asked and nobody knew, earned weight,
#: disqualified); the criteria as pattern bits, bit i for criterion i.
Situation = tuple[int, int, float, bool]


def counted(framework: Framework) -> bool:
    """Whether *framework* has an ``expected`` chance: calibrated, with its answers counted."""
    ahead = plan_of(framework).completions
    return ahead.model is not None and ahead.shares is not None


def situations(
    framework: Framework, found: Iterable[Situation]
) -> list[tuple[float | None, float | None]]:
    """Per situation, ``expected`` (as :attr:`Evaluation.expected
    <qualify.Evaluation.expected>`) and the gain of the next question (the first of
    ``missing``, by points; ``None`` when no criterion is missing)."""
    plan = plan_of(framework)
    ahead = plan.completions
    choices = plan.outlooks.choices  # each criterion's answers, as the outlook reads them
    weights = [float(c.weight) for c in framework.criteria]
    credits = [float(c.unknown_satisfaction) for c in framework.criteria]
    values: list[tuple[float | None, float | None]] = []
    for open_, said, earned, disqualified in found:
        unknown = open_ | said
        first = next((i for i in plan.missing_order if unknown >> i & 1), None)
        gain = (
            None
            if first is None
            else gain_at(
                ahead, choices, first, weights[first], open_, earned, credits[first], disqualified
            )
        )
        values.append((ahead.expected(open_, earned, disqualified), gain))
    return values


def joined_bits(words: Sequence[int]) -> int:
    """Words of :data:`~.choice.BITS` bits as one pattern (word k holds criteria from
    ``k * BITS``)."""
    return sum(int(word) << (BITS * k) for k, word in enumerate(words))


def expected_joined(
    scored: Any,
    framework: Framework,
    opened: list[str],
    said: list[str],
    earned: str,
    disqualified: str,
    nw: Any,
) -> Any:
    """*scored* (a lazy frame) with the columns added: its distinct situations collected
    from its engine, worked out here, and joined back on the helper columns: *opened*
    (words of the criteria not asked yet), *said* (the same, asked and nobody knew), the
    *earned* weight and the *disqualified* flag, which the result keeps."""
    columns = [*opened, *said, earned, disqualified]
    rows = scored.select(*columns).unique().collect().rows()
    half = len(opened)
    values = situations(
        framework,
        [
            (
                joined_bits(row[:half]),
                joined_bits(row[half : 2 * half]),
                float(row[-2]),
                bool(row[-1]),
            )
            for row in rows
        ],
    )
    schema = scored.collect_schema()
    table = nw.from_dict(  # built by polars alone, then made lazy in the table's library
        {
            **{name: [row[k] for row in rows] for k, name in enumerate(columns)},
            **{
                name: [value[position] for value in values]
                for position, name in enumerate(EXPECTED_COLUMNS)
            },
        },
        schema={
            **{name: schema[name] for name in columns},
            **{name: nw.Float64() for name in EXPECTED_COLUMNS},
        },
        backend="polars",
    )
    return left_join(scored, like(table, scored, nw), columns, nw)
