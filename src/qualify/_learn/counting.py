"""Counting leads by outcome from arrays, with numpy: a table in memory, or patterns.

``evaluate_frame``'s arrays (each criterion's satisfaction, the score, the
verdict, the chance) and each row's outcome are counted with one sort per
table of counts, however many rows: by score, by verdict, by each
criterion's rung and by group. A calibration's patterns (every criterion's
rung, disqualified or not, the group) are counted the same way. Patterns a
calibration made up (rungs moved by a fit) are scored by the same numpy
arithmetic the tables use (:func:`qualify._tables.arrays.score`), with a
count of won and lost leads each.
"""

from __future__ import annotations

import importlib
import math
from typing import Any

from .._core.answers import rungs_of
from .._core.checks import shown
from .._core.framework import Framework
from .._core.results import Verdict
from .._tables.arrays import Rated, score
from .._tables.paired import pair_arrays
from .._tables.expressions import SATISFACTION
from ..errors import QualifyError
from .outcomes import OPEN, WON, is_missing

__all__ = ["count_folds", "count_in_memory", "count_patterns"]


def _numpy() -> Any:
    return importlib.import_module("numpy")


def group_problem(value: object) -> str:
    """Why *value* cannot name a group of ``by=``, and what can."""
    return (
        f"a group of by= must be text, a number, true/false or a date, got"
        f" {type(value).__name__} {shown(value)}"
    )


def _groups(np: Any, values: Any) -> tuple[Any, list[object]]:
    """Each row's group code and the group each code stands for (None and NaN are one)."""
    try:  # pandas hashes a million labels at once; the loop below is the fallback
        pandas: Any = importlib.import_module("pandas")
    except ImportError:
        pandas = None
    factorized = None
    if pandas is not None:
        try:
            factorized = pandas.factorize(values, use_na_sentinel=True)
        except TypeError:  # unhashable values: the loop below names the first
            pass
    if factorized is not None:
        codes, uniques = factorized
        names: list[object] = [
            None if is_missing(u) and not isinstance(u, str) else u for u in uniques.tolist()
        ]
        if (codes < 0).any():
            codes = np.where(codes < 0, len(names), codes)
            names.append(None)
        return codes.astype(np.int64), names
    seen: dict[object, int] = {}
    names = []
    codes = np.empty(len(values), dtype=np.int64)
    for row, value in enumerate(values.tolist()):
        if is_missing(value) and not isinstance(value, str):
            value = None
        try:
            code = seen.get(value)
        except TypeError:
            raise QualifyError(group_problem(value)) from None
        if code is None:
            code = seen[value] = len(names)
            names.append(value)
        codes[row] = code
    return codes, names


def _sums(np: Any, keys: Any, won: Any, lost: Any, *extra: Any) -> tuple[Any, ...]:
    """The distinct *keys* and, per distinct key, the sums of *won*, *lost* and *extra*."""
    distinct, inverse = np.unique(keys, return_inverse=True)
    inverse = inverse.reshape(-1)
    size = len(distinct)
    return (
        distinct,
        *(np.bincount(inverse, weights=w, minlength=size) for w in (won, lost, *extra)),
    )


def _add_all(table: dict[Any, list[int]], np: Any, keys: Any, won: Any, lost: Any) -> None:
    """Add whole counts of *won* and *lost* (numpy arrays) under each of *keys*."""
    wins = np.rint(won).astype(np.int64).tolist()
    losses = np.rint(lost).astype(np.int64).tolist()
    for key, w, lo in zip(keys.tolist(), wins, losses, strict=True):
        cell = table.get(key)
        if cell is None:
            table[key] = [w, lo]
        else:
            cell[0] += w
            cell[1] += lo


def _add(table: dict[Any, list[int]], key: object, won: float, lost: float) -> None:
    cell = table.get(key)
    if cell is None:
        cell = table[key] = [0, 0]
    cell[0] += int(won + 0.5)  # whole counts, held as floats by numpy
    cell[1] += int(lost + 0.5)


def _count(
    tallies: Any,
    framework: Framework,
    scores: Any,
    verdicts: Any,
    satisfactions: list[Any],
    chances: Any,
    won: Any,
    lost: Any,
) -> None:
    """Add won and lost counts per score, verdict and rung of each criterion (NaN: unknown)."""
    np = _numpy()
    keep = (won + lost) > 0
    scores, won, lost = scores[keep], won[keep], lost[keep]
    extra = () if chances is None else ((won + lost) * chances[keep],)
    distinct, won_at, lost_at, *summed = _sums(np, scores, won, lost, *extra)
    _add_all(tallies.scores, np, distinct, won_at, lost_at)
    if summed:
        for value, chance in zip(distinct.tolist(), summed[0].tolist(), strict=True):
            tallies.chances[value] = tallies.chances.get(value, 0.0) + chance
    if chances is not None:
        found, won_at, lost_at = _sums(np, chances[keep], won, lost)
        _add_all(tallies.by_chance, np, found, won_at, lost_at)
    codes, names = verdicts
    found, won_at, lost_at = _sums(np, codes[keep], won, lost)
    for position, code in enumerate(found.tolist()):
        _add(tallies.verdicts, names[code], won_at[position], lost_at[position])
    for criterion, values in zip(framework.criteria, satisfactions, strict=True):
        values = values[keep]
        unknown = np.isnan(values)
        rungs = tallies.criteria[criterion.key]
        if unknown.any():
            _add(rungs, None, float(won[unknown].sum()), float(lost[unknown].sum()))
        if (~unknown).any():
            found, won_at, lost_at = _sums(np, values[~unknown], won[~unknown], lost[~unknown])
            for position, rung in enumerate(found.tolist()):
                _add(rungs, float(rung), won_at[position], lost_at[position])


def _verdict_codes(outputs: dict[str, Any]) -> tuple[Any, list[str]]:
    verdict = outputs["verdict"]
    return verdict.indices, list(verdict.values)


def count_in_memory(
    tallies: Any, framework: Framework, outputs: dict[str, Any], outcomes: Any, groups: Any
) -> None:
    """Add every row of an in-memory table to *tallies*; *outcomes* holds each row's
    outcome code, *groups* each row's group (or is None)."""
    np = _numpy()
    verdict = outputs["verdict"]
    disqualified = verdict.indices == verdict.values.index(Verdict.DISQUALIFIED.value)
    scored = outputs["score"]
    unscored = scored.empty if hasattr(scored, "empty") else np.zeros(len(outcomes), dtype=bool)
    values = scored.values if hasattr(scored, "values") else scored
    outcomes = np.asarray(outcomes, dtype=np.int64)
    tallies.open += int((outcomes == OPEN).sum())
    tallies.skipped += int((unscored & (outcomes != OPEN)).sum())
    keep = ~unscored & (outcomes != OPEN)
    won = ((outcomes == WON) & keep).astype(float)
    lost = ((outcomes != WON) & keep).astype(float)
    satisfactions = []
    for criterion in framework.criteria:
        column = outputs[SATISFACTION + criterion.key]
        satisfactions.append(np.where(column.empty, np.nan, column.values)[keep])
    chance = outputs.get("probability")
    chances = None if chance is None else getattr(chance, "values", chance)
    group_codes: Any = None
    group_names: list[object] = []
    if groups is not None:
        group_codes, group_names = _groups(np, np.asarray(groups, dtype=object)[keep])
    # the rows counted once, by pattern: each criterion's rung, disqualified, group and
    # outcome; the score, verdict and chance follow from the pattern, read at its first row
    parts: list[tuple[Any, list[Any]]] = [
        _rung_codes(np, values, criterion) for values, criterion in zip(
            satisfactions, framework.criteria, strict=True)
    ]  # fmt: skip
    parts.append((disqualified[keep].astype(np.int64), [False, True]))
    if group_codes is not None:
        parts.append((group_codes, group_names))
    parts.append((won[keep].astype(np.int64), [False, True]))
    digits, count, first = _distinct_rows(np, parts)
    width = len(framework.criteria)
    counts = count.astype(np.int64).tolist()
    won_p, lost_p = count * digits[:, -1], count * (1 - digits[:, -1])
    rated = [  # each pattern's satisfaction per criterion, NaN unknown (the last code)
        np.asarray(parts[i][1][:-1] + [np.nan], dtype=float)[digits[:, i]] for i in range(width)
    ]
    verdicts = (verdict.indices[keep][first], list(verdict.values))
    _count(tallies, framework, values[keep][first], verdicts, rated, None, won_p, lost_p)
    if chances is not None:  # summed lead by lead, as rows are: the same bits
        chances = np.asarray(chances)[keep]
        w, lo = won[keep], lost[keep]
        distinct, _, _, summed = _sums(np, values[keep], w, lo, (w + lo) * chances)
        for value, total in zip(distinct.tolist(), summed.tolist(), strict=True):
            tallies.chances[value] = tallies.chances.get(value, 0.0) + total
        found, won_at, lost_at = _sums(np, chances[first], won_p, lost_p)
        _add_all(tallies.by_chance, np, found, won_at, lost_at)
    if tallies.patterns is None:
        if group_codes is not None:
            _count_groups(tallies, group_codes, group_names, verdict, keep, won[keep])
        return
    moves: list[dict[float, float] | None] = [None] * width
    if tallies.merge is not None:  # the rungs counted, merged before the patterns are
        moves = tallies.merge(tallies.criteria)
        tallies.merged = True
    columns = []  # per criterion, each pattern's (moved) satisfaction, None unknown
    for values_of, move in zip(rated, moves, strict=True):
        moved = values_of if move is None else _moved(np, values_of, move)
        cells = moved.astype(object)
        cells[np.isnan(moved)] = None
        columns.append(cells.tolist())
    flags = digits[:, width].astype(bool).tolist()
    whens = (
        [group_names[code] for code in digits[:, width + 1].tolist()]
        if group_codes is not None
        else [None] * len(counts)
    )
    outs = digits[:, -1].tolist()
    patterns = tallies.patterns
    for rungs, flag, when, out, n in zip(zip(*columns), flags, whens, outs, counts, strict=True):
        cell = patterns.get((rungs, flag, when))
        if cell is None:
            cell = patterns[rungs, flag, when] = [0, 0]
        cell[0 if out else 1] += int(n)


def _moved(np: Any, values: Any, move: dict[float, float]) -> Any:
    """*values* (NaN: unknown) with each satisfaction replaced as *move* says."""
    keys = np.array(sorted(move), dtype=float)
    targets = np.array([move[k] for k in sorted(move)], dtype=float)
    unknown = np.isnan(values)
    at = np.clip(np.searchsorted(keys, np.where(unknown, keys[0] if len(keys) else 0.0, values)), 0, max(len(keys) - 1, 0))
    return np.where(unknown, np.nan, targets[at]) if len(keys) else values


def _distinct_rows(np: Any, parts: list[tuple[Any, list[Any]]]) -> tuple[Any, Any, Any]:
    """The distinct rows of the code columns in *parts* (a matrix of codes), how many of
    each (as floats) and the position of each one's first row: the codes folded into one
    integer per row where they fit (one sort of numbers, however many columns), else
    sorted as rows."""
    radices = [max(len(names), 1) for _, names in parts]
    if math.prod(radices) >= 2**62:
        stacked = np.stack([codes for codes, _ in parts], axis=1)
        rows, first, counts = np.unique(stacked, axis=0, return_index=True, return_counts=True)
        return rows, counts.astype(float), first
    key = np.zeros(len(parts[0][0]), dtype=np.int64)
    for (codes, _), radix in zip(parts, radices, strict=True):
        key = key * radix + codes
    distinct, first, counts = np.unique(key, return_index=True, return_counts=True)
    digits = np.empty((len(distinct), len(radices)), dtype=np.int64)
    for column in range(len(radices) - 1, -1, -1):  # the last code is the lowest digit
        distinct, digits[:, column] = np.divmod(distinct, radices[column])
    return digits, counts.astype(float), first


def _rung_codes(np: Any, values: Any, criterion: Any = None) -> tuple[Any, list[float | None]]:
    """Each row's rung code, and the satisfaction (None: unknown) each code stands for:
    looked up among the rungs of *criterion*'s scale (and 0 and 1, true and false) where
    they hold every value, else found by sorting."""
    unknown = np.isnan(values)
    filled = np.where(unknown, 0.0, values)
    rungs = rungs_of(criterion.scale) if criterion is not None else None
    distinct = None
    if rungs is not None:
        candidates = np.array(sorted({0.0, 1.0, *(s for _, s in rungs)}), dtype=float)
        codes = np.minimum(np.searchsorted(candidates, filled), len(candidates) - 1)
        if bool((candidates[codes] == filled).all()):
            used = np.bincount(codes[~unknown], minlength=len(candidates)) > 0
            distinct = candidates[used]
            codes = (np.cumsum(used) - 1)[codes].astype(np.int64)  # among the rungs used
    if distinct is None:
        known = values[~unknown]
        distinct = np.unique(known) if len(known) else np.zeros(0)
        codes = np.searchsorted(distinct, filled).astype(np.int64)
    codes[unknown] = len(distinct)
    return codes, [*map(float, distinct.tolist()), None]


def _count_groups(
    tallies: Any, codes: Any, names: list[object], verdict: Any, keep: Any, won: Any
) -> None:
    np = _numpy()
    labels = list(verdict.values)
    keys = codes * len(labels) + verdict.indices[keep]
    found, won_at, lost_at = _sums(np, keys, won, 1.0 - won)
    for position, key in enumerate(found.tolist()):
        group, code = divmod(key, len(labels))
        table = tallies.groups.setdefault(names[group], {})
        _add(table, labels[code], won_at[position], lost_at[position])


def count_patterns(
    tallies: Any,
    framework: Framework,
    satisfactions: list[Any],
    disqualified: Any,
    won: Any,
    lost: Any,
) -> None:
    """Add patterns to *tallies*: per pattern, each criterion's satisfaction (NaN where
    unknown), whether it is disqualified, and how many leads of it were won and lost;
    scored by the numpy arithmetic that scores tables in memory."""
    count_folds(tallies, [(framework, satisfactions, disqualified, won, lost)])


Fold = tuple[Framework, list[Any], Any, Any, Any]


def count_folds(tallies: Any, folds: list[Fold]) -> None:
    """:func:`count_patterns` for several frameworks at once (each fold's, with its own
    leads), added up in one pass: the frameworks share their criteria."""
    np = _numpy()
    parts = []
    for framework, satisfactions, disqualified, won, lost in folds:
        used = (won + lost) > 0  # patterns with no lead here count nothing: not scored
        satisfactions = [values[used] for values in satisfactions]
        disqualified, won, lost = disqualified[used], won[used], lost[used]
        rows = len(disqualified)
        nothing = np.zeros(rows, dtype=bool)
        asked = [c for c in framework.criteria if c.of is None]  # a pair follows from two
        rated = {
            c.key: Rated(~np.isnan(values), values, nothing, [])
            for c, values in zip(asked, satisfactions, strict=True)
        }
        if len(asked) < len(framework.criteria):
            pair_arrays(framework, rated)
            satisfactions = [rated[c.key].satisfaction for c in framework.criteria]
        if framework.disqualifiers:
            flag = np.where(disqualified > 0, 1.0, 0.0)
            rated[framework.disqualifiers[0].key] = Rated(~nothing, flag, nothing, [])
        outputs = score(framework, rated, rows)
        parts.append((outputs, satisfactions, won, lost))
    framework = folds[0][0]
    chances = [outputs.get("probability") for outputs, _, _, _ in parts]
    codes, names = _verdict_codes(parts[0][0])
    _count(
        tallies,
        framework,
        np.concatenate([outputs["score"] for outputs, _, _, _ in parts]),
        (np.concatenate([_verdict_codes(outputs)[0] for outputs, _, _, _ in parts]), names),
        [np.concatenate([rated[i] for _, rated, _, _ in parts])
         for i in range(len(framework.criteria))],
        None if chances[0] is None else np.concatenate(chances),
        np.concatenate([won for _, _, won, _ in parts]),
        np.concatenate([lost for _, _, _, lost in parts]),
    )  # fmt: skip
