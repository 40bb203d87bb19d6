"""What of a table's evidence counts, in a table held in memory: :mod:`.judged` with numpy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.framework import Framework
from .arrays import Rated
from .choice import BITS, Choice, distinct_patterns, numpy
from .judged import UNVETTED, Judged

__all__ = ["JudgedArrays", "judge"]


class JudgedArrays:
    """The flags of *judged* as numpy arrays: per key the rows asked again and why, per
    list column its entries, per stage that requires vetting whether answers are vetted."""

    def __init__(self) -> None:
        self.again: dict[str, list[tuple[Any, str]]] = {}
        self.listed: dict[str, list[tuple[str, Any]]] = {}
        self.stage_vetted: list[dict[str, Any] | None] = []

    def lists(self, framework: Framework, rated: Mapping[str, Rated], rows: int) -> dict[str, Any]:
        """The list columns (``stale``, ``unvetted``): each row's keys, as :func:`evaluate`
        lists them."""
        np = numpy()
        held = _held(framework, rated, self.stage_vetted, rows)
        return {
            name: _lists(np, [*entries, *(held if name == UNVETTED else [])], rows)
            for name, entries in self.listed.items()
        }


def judge(
    framework: Framework, rated: Mapping[str, Rated], wrapped: Any, judged: Judged
) -> JudgedArrays:
    """Leave out the evidence *judged* says does not count, and read its flags."""
    np = numpy()
    exprs: dict[str, Any] = {f"k{i}": expr for i, expr in enumerate(judged.keep.values())}
    exprs.update({f"f{i}": flag.raw for i, flag in enumerate(judged.flags)})
    for position, checked in enumerate(judged.stage_vetted):
        for i, expr in enumerate((checked or {}).values()):
            exprs[f"v{position}_{i}"] = expr
    read = wrapped.select(**exprs) if exprs else None

    def column(name: str) -> Any:
        assert read is not None
        return read.get_column(name).to_numpy().astype(bool)

    found = JudgedArrays()
    found.listed = {name: [] for name in judged.lists}
    order = {c.key: i for i, c in enumerate(framework.criteria)}
    for i, flag in sorted(enumerate(judged.flags), key=lambda f: order[f[1].key]):
        answer = rated.get(flag.key)
        if answer is None:  # no column: no answer to flag
            continue
        flagged = column(f"f{i}") & ~np.isnan(answer.satisfaction)
        found.again.setdefault(flag.key, []).append((flagged, flag.question))
        found.listed[flag.listed].append((flag.key, flagged))
    for i, key in enumerate(judged.keep):
        answer = rated.get(key)
        if answer is not None:
            kept = column(f"k{i}")
            answer.satisfaction = np.where(kept, answer.satisfaction, np.nan)
            if answer.said is not None:  # a word observed after as_of: nobody said it yet
                answer.said = answer.said & kept
    for position, checked in enumerate(judged.stage_vetted):
        found.stage_vetted.append(
            None
            if checked is None
            else {key: column(f"v{position}_{i}") for i, key in enumerate(checked)}
        )
    return found


def _held(
    framework: Framework,
    rated: Mapping[str, Rated],
    stage_vetted: list[dict[str, Any] | None],
    rows: int,
) -> list[tuple[str, Any]]:
    """The met answers a stage that requires vetting waits for, as list entries."""
    np = numpy()
    entries: list[tuple[str, Any]] = []
    so_far = np.ones(rows, dtype=bool)
    for position, stage in enumerate(framework.stages):
        before = so_far
        for key in stage.requires:
            answer = rated.get(key)
            met = np.zeros(rows, dtype=bool) if answer is None else answer.satisfaction >= 1.0
            so_far = so_far & met
        checked = stage_vetted[position] if stage_vetted else None
        if checked is None:
            continue
        all_met = so_far
        for key in stage.requires:
            so_far = so_far & checked[key]
        waiting = before & all_met & ~so_far
        entries += [(key, waiting & ~checked[key]) for key in stage.requires]
    return entries


def _lists(np: Any, entries: list[tuple[str, Any]], rows: int) -> Choice:
    """Each row's keys whose entry holds, in entry order, as a list column."""
    words = [np.zeros(rows, dtype=np.int64) for _ in range(0, len(entries), BITS)] or [
        np.zeros(rows, dtype=np.int64)
    ]
    for i, (_, flags) in enumerate(entries):
        word, bit = divmod(i, BITS)
        words[word] |= np.where(flags, 1 << bit, 0)
    patterns, which = distinct_patterns(np, words, max(len(entries), 1))
    lists = [
        [key for i, (key, _) in enumerate(entries) if p[i // BITS] >> (i % BITS) & 1]
        for p in patterns
    ]
    return Choice(lists, which, lists=True)
