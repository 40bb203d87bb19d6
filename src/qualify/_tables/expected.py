"""The ``expected`` and ``next_gain`` columns, for a calibrated framework that counted
its answers.

Both depend on a row only through its *situation*: the criteria not asked yet, those
asked and nobody knew, what the row earns, and whether it is disqualified; with pair
criteria, also the satisfactions of each pair's two criteria (an answer completes a
pair whose other criterion is known, and ``next_gain`` counts it, as the engine does). Tables hold
few distinct situations (picklists), so each is worked out once, in Python, by the
engine's own :class:`~qualify._core.completions.Completions`: tables in memory find
them with numpy (:func:`~.added.expected_arrays`), lazy ones collect them from their
engine and join the values back (:func:`expected_joined`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .._core.framework import Framework
from .._core.completions import gain_at, information
from .._core.plan import plan_of
from .choice import BITS
from .joined import left_join, like

__all__ = [
    "EXPECTED_COLUMNS", "counted", "expected_joined", "joined_bits", "partner_keys", "situations"
]

#: The columns a calibrated framework that counted its answers adds, in order.
EXPECTED_COLUMNS = ("expected", "next_gain")

#: A situation: (criteria not asked yet, criteria asked and nobody knew, earned weight,
#: disqualified, and per pair its two criteria's satisfactions, None unknown); the
#: criteria as pattern bits, bit i for criterion i.
Situation = tuple[int, int, float, bool, tuple[float | None, ...]]


def partner_keys(framework: Framework) -> list[str]:
    """The criteria whose satisfactions a situation holds: each pair's two, in order."""
    return [key for c in framework.criteria if c.of is not None for key in c.of]


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
    for open_, said, earned, disqualified, partners in found:
        unknown = open_ | said
        first = next((i for i in plan.missing_order if unknown >> i & 1), None)
        linked = [] if first is None else [
            (pair, partners[2 * k + 1] if pair.first == first else partners[2 * k])
            for k, pair in enumerate(plan.pairs) if first in (pair.first, pair.second)
        ]  # fmt: skip
        linked = [(pair, other) for pair, other in linked if other is not None]
        if first is None:
            gain = None
        elif linked:
            gain = _completing(plan, first, open_, earned, disqualified, linked)
        else:
            gain = gain_at(
                ahead, choices, first, weights[first], open_, earned, credits[first], disqualified
            )
        values.append((ahead.expected(open_, earned, disqualified), gain))
    return values


def _completing(
    plan: Any, i: int, open_: int, earned: float, disqualified: bool, linked: list[Any]
) -> float | None:
    """:func:`gain_at` of criterion *i* whose answer completes the *linked* pairs (each
    with the satisfaction of its other criterion): each answer also earns the pair's cell
    in place of what not knowing the pair earned, and the pair is no longer open."""
    ahead, criteria = plan.completions, plan.criteria
    choices = plan.outlooks.choices[i]
    if ahead.model is None or ahead.shares is None or not choices:
        return None
    weight = float(criteria[i].weight)
    rest = open_ & ~(1 << i)
    base = earned - weight * criteria[i].unknown_satisfaction
    answers = []
    for _, satisfaction, share in choices:
        if satisfaction is None:
            answers.append((share, ahead.expected(rest, earned, disqualified)))
            continue
        value, still = base + weight * satisfaction, rest
        for pair, other in linked:
            first = pair.first == i
            cell = pair.cell(satisfaction, other) if first else pair.cell(other, satisfaction)
            pair_weight = float(criteria[pair.position].weight)
            value += pair_weight * (cell[1] - criteria[pair.position].unknown_satisfaction)
            still &= ~(1 << pair.position)
        answers.append((share, ahead.expected(still, value, disqualified)))
    return information(answers)


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
    partners: Sequence[str] = (),
) -> Any:
    """*scored* (a lazy frame) with the columns added: its distinct situations collected
    from its engine, worked out here, and joined back on the helper columns: *opened*
    (words of the criteria not asked yet), *said* (the same, asked and nobody knew), the
    *earned* weight, the *disqualified* flag and the *partners*' satisfactions (each
    pair's two criteria), which the result keeps."""
    columns = [*opened, *said, earned, disqualified, *partners]
    rows = scored.select(*columns).unique().collect().rows()
    half, tail = len(opened), 2 * len(opened) + 2
    values = situations(
        framework,
        [
            (
                joined_bits(row[:half]),
                joined_bits(row[half : 2 * half]),
                float(row[tail - 2]),
                bool(row[tail - 1]),
                tuple(None if v is None or v != v or v < 0 else float(v) for v in row[tail:]),
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
