"""``settled`` in tables: the verdict every answer still to come leads to, per row.

The rules are :class:`~qualify._core.completions.Completions`'s, written twice here
side by side: as narwhals expressions (lazy engines) and over numpy arrays (tables
in memory). Both read the engine's own sums (the potential, and what the known
criteria earn), so every backend gives :func:`qualify.evaluate`'s answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.framework import Framework
from .._core.results import Verdict

__all__ = ["SETTLED", "settled_codes", "settled_expression"]

#: The verdicts :func:`settled_codes` codes, from 1.
SETTLED = (Verdict.DISQUALIFIED, Verdict.QUALIFIED, Verdict.NURTURE, Verdict.UNQUALIFIED)


def settled_expression(
    framework: Framework,
    nw: Any,
    rated: Mapping[str, str],
    disqualified: Any,
    lowest: Any,
    threshold: float,
) -> Any:
    """The verdict every answer still to come leads to, null while answers can change
    it: :class:`~qualify._core.completions.Completions`'s rules, as an expression."""

    def unknown(key: str) -> Any:
        name = rated.get(key)
        return nw.lit(True) if name is None else nw.col(name).is_null()

    def met(key: str) -> Any:
        name = rated.get(key)
        return nw.lit(False) if name is None else (nw.col(name) >= 1.0).fill_null(False)

    def any_of(items: list[Any]) -> Any:
        return nw.any_horizontal(*items, ignore_nulls=True) if items else nw.lit(False)

    def all_of(items: list[Any]) -> Any:
        return nw.all_horizontal(*items, ignore_nulls=True) if items else nw.lit(True)

    required = [c.key for c in framework.criteria if c.required]
    unchecked = any_of([unknown(d.key) for d in framework.disqualifiers])
    known_met = all_of([met(key) | unknown(key) for key in required])
    simple = known_met & ~any_of([unknown(key) for key in required])
    worst = lowest >= threshold
    best = nw.col("potential") >= threshold
    none = nw.lit(None, dtype=nw.String)
    return (
        nw.when(disqualified)
        .then(nw.lit(Verdict.DISQUALIFIED.value))
        .when(unchecked)
        .then(none)
        .when(simple & worst)
        .then(nw.lit(Verdict.QUALIFIED.value))
        .when(simple & best)
        .then(none)
        .when(simple)
        .then(nw.lit(Verdict.UNQUALIFIED.value))
        .when(worst & ~known_met)
        .then(nw.lit(Verdict.NURTURE.value))
        .when(~best)
        .then(nw.lit(Verdict.UNQUALIFIED.value))
        .otherwise(none)
    )


def settled_codes(
    np: Any,
    framework: Framework,
    rated: Mapping[str, Any],
    disqualified: Any,
    floor: Any,
    total: float,
    potential: Any,
    threshold: float,
) -> Any:
    """Per row, the code (1 + position in :data:`SETTLED`, 0 for none) of the verdict every
    answer still to come leads to; *floor* is what the known criteria earn."""
    rows = len(floor)
    no = np.zeros(rows, dtype=bool)

    def unknown(key: str) -> Any:
        found = rated.get(key)
        return ~no if found is None else np.isnan(found.satisfaction)

    unchecked = no.copy()
    for disqualifier in framework.disqualifiers:
        unchecked |= unknown(disqualifier.key)
    known_met, open_required = ~no, no.copy()
    for criterion in framework.criteria:
        if criterion.required:
            found = rated.get(criterion.key)
            is_unknown = unknown(criterion.key)
            met = no if found is None else found.satisfaction >= 1.0
            known_met = known_met & (met | is_unknown)
            open_required = open_required | is_unknown
    simple = known_met & ~open_required
    worst = np.where(floor >= total, 100.0, floor * (100.0 / total)) >= threshold
    best = potential >= threshold
    code = {verdict: position + 1 for position, verdict in enumerate(SETTLED)}
    return np.select(
        [disqualified, unchecked, simple & worst, simple & best, simple, worst & ~known_met, ~best],
        [code[Verdict.DISQUALIFIED], 0, code[Verdict.QUALIFIED], 0, code[Verdict.UNQUALIFIED],
         code[Verdict.NURTURE], code[Verdict.UNQUALIFIED]],
        0,
    )  # fmt: skip
