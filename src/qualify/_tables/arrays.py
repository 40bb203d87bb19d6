"""Scoring a table held in memory with numpy, for evaluate_frame.

pandas, polars and pyarrow tables are in memory, so their evidence is read
into numpy arrays and scored there, in the engine's order of operations (the
numbers come out identical to :func:`qualify.evaluate`). Each evidence column
is factorized (pandas by itself, the others through Arrow) and each distinct
value rated once with :meth:`Source.rate`; a number column with very many
distinct values is rated by the vectorised bands of
:mod:`qualify._frame_columns` instead. The result columns are built as Arrow
arrays by taking from the few distinct answers (verdicts, stages, missing
lists, questions), never row by row in Python. Lazy tables keep the
expression path of :mod:`qualify._frames`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from .._core.engine import TOLERANCE
from .._core.framework import Framework
from .._core.scales import Numbers
from .._core.results import Verdict
from .added import Nullable, expected_arrays, probability
from .expected import counted
from .columns import NO_EVIDENCE, SAID, Column, Source, columns_of
from .expressions import VERDICT_ORDER
from .choice import BITS, Choice, distinct_patterns, numpy, pyarrow
from .rated import Rated
from .problems import PROBLEMS, plain_cell
from .settled import SETTLED, settled_codes

__all__ = [
    "Rated",
    "bad_positions",
    "rate_columns",
    "rate_in_memory",
    "score",
]

# A numeric column with more distinct values than this is rated by vectorised
# bands (the expressions) rather than value by value in Python.
_DISTINCT_LIMIT = 4096

# Verdict codes, in the order the verdict is decided.
_VERDICTS = (Verdict.DISQUALIFIED, Verdict.QUALIFIED, Verdict.NURTURE, Verdict.UNQUALIFIED)


def _gather(rated: dict[str, Rated], key: str, found: Rated) -> None:
    earlier = rated.get(key)
    if earlier is None:
        rated[key] = found
    else:
        earlier.then(found)


def rate_in_memory(wrapped: Any, sources: Sequence[Source], nw: Any) -> dict[str, Rated]:
    """Rate a table's evidence: each column factorized, each distinct value rated once.

    Rating each distinct value with :meth:`Source.rate` applies the scale's (and
    the mapping's) own rules, so the answers are :func:`qualify.evaluate`'s; a
    number column with very many distinct values is rated by vectorised bands.
    """
    np = numpy()
    rated: dict[str, Rated] = {}
    for source in sources:
        codes, uniques = _factorize(wrapped, source.column)
        by_value = source.field is not None and bool(source.field.values)
        if source.kind == "number" and not by_value and len(uniques) > _DISTINCT_LIMIT:
            found = _numbers_by_search(wrapped, source, nw)
            if found is None:  # a mapping's number codes or thresholds: the expressions
                found = rate_columns(wrapped, columns_of([source], _unused, nw), nw)[source.key]
            _gather(rated, source.key, found)
            continue
        satisfactions = np.full(len(uniques) + 1, np.nan)  # the last entry: code -1, null
        present = np.zeros(len(uniques) + 1, dtype=bool)
        words = np.zeros(len(uniques) + 1, dtype=bool)
        for code, raw in enumerate(uniques):
            satisfaction = source.rate(raw)
            if satisfaction is NO_EVIDENCE:
                continue
            if satisfaction is SAID:
                words[code] = True
                continue
            present[code] = True
            if satisfaction is not None:
                satisfactions[code] = satisfaction
        bad = present & np.isnan(satisfactions)
        _gather(
            rated,
            source.key,
            Rated(
                present[codes], satisfactions[codes], bad[codes], [source.column],
                words[codes] if words.any() else None,
            ),
        )
    return rated


def _numbers_by_search(wrapped: Any, source: Source, nw: Any) -> Rated | None:
    """A number column under a numbers scale, rated with one sorted search: each finite
    number takes the satisfaction of the highest threshold at or below it, as
    :meth:`Numbers.rate <qualify.Numbers.rate>` does; NaN and null are no evidence, an
    infinite number cannot be rated. ``None`` when a mapping's field has number codes that
    mean unknown, picklist values or thresholds of its own (the expressions handle those)."""
    scale = source.scale
    field = source.field
    if not isinstance(scale, Numbers) or (
        field is not None and (field.values or field.at_least or field.no_evidence)
    ):
        return None
    np = numpy()
    series = wrapped.get_column(source.column)
    missing = np.asarray(series.is_null().to_numpy(), dtype=bool)
    values = np.asarray(series.cast(nw.Float64).to_numpy(), dtype=float)
    values = np.where(missing, np.nan, values)
    present = ~np.isnan(values)
    finite = np.isfinite(values)
    edges = np.array([float(t.at_least) for t in scale.thresholds])
    worth = np.array([float(scale.below), *(float(t.satisfaction) for t in scale.thresholds)])
    reached = np.searchsorted(edges, np.where(finite, values, 0.0), side="right")
    satisfaction = np.where(finite, worth[reached], np.nan)
    return Rated(present, satisfaction, present & ~finite, [source.column])


def _factorize(wrapped: Any, column: str) -> tuple[Any, list[Any]]:
    """Each row's code (-1 for null) and the distinct values, as Python objects."""
    np = numpy()
    series = wrapped.get_column(column)
    if wrapped.implementation.name == "PANDAS":
        pandas = importlib.import_module("pandas")
        native = series.to_native()
        if native.dtype == object:  # Python objects: True == 1 == 1.0, yet each rates apart
            return _python_codes(native.tolist())
        codes, uniques = pandas.factorize(native, use_na_sentinel=True)
        return codes, uniques.tolist()
    if wrapped.implementation.name == "POLARS":  # polars alone: no pyarrow needed
        return _polars_codes(series.to_native())
    pa = pyarrow()
    values = series.to_arrow()
    if isinstance(values, pa.ChunkedArray):  # one dictionary for the whole column
        values = values.combine_chunks()
    if pa.types.is_null(values.type):  # nulls only: no evidence anywhere
        return np.full(len(values), -1, dtype=np.int64), []
    if pa.types.is_dictionary(values.type):  # a categorical column: decode, then encode afresh
        values = values.cast(values.type.value_type)
    encoded = values.dictionary_encode()
    indices = encoded.indices
    if indices.null_count:
        indices = indices.fill_null(-1)
    return np.asarray(indices.to_numpy(zero_copy_only=False), dtype=np.int64), (
        encoded.dictionary.to_pylist()
    )


def _polars_codes(native: Any) -> tuple[Any, list[Any]]:
    """:func:`_factorize` for a polars Series, in polars: first-seen order, -1 for null."""
    pl = importlib.import_module("polars")
    np = numpy()
    if native.dtype == pl.Object:  # Python objects: True == 1 == 1.0, yet each rates apart
        return _python_codes(native.to_list())
    if isinstance(native.dtype, pl.Categorical | pl.Enum):  # decode, then encode afresh
        native = native.cast(pl.String)
    uniques = native.drop_nulls().unique(maintain_order=True)
    if not len(uniques):  # nulls only: no evidence anywhere
        return np.full(len(native), -1, dtype=np.int64), []
    codes = native.replace_strict(
        uniques, pl.int_range(len(uniques), eager=True), default=-1, return_dtype=pl.Int64
    ).fill_null(-1)
    return codes.to_numpy(), uniques.to_list()


def _python_codes(cells: list[Any]) -> tuple[Any, list[Any]]:
    """Codes for a column of Python objects, told apart by type and value."""
    np = numpy()
    codes = np.empty(len(cells), dtype=np.int64)
    seen: dict[Any, int] = {}
    uniques: list[Any] = []
    for row, cell in enumerate(cells):
        value = plain_cell(cell)
        if value is None:
            codes[row] = -1
            continue
        try:
            key: Any = (type(value), value)
            hash(key)
        except TypeError:  # a list or a dict in a cell: rated (and refused) on its own
            key = (type(value), id(value))
        code = seen.get(key)
        if code is None:
            code = seen[key] = len(uniques)
            uniques.append(value)
        codes[row] = code
    return codes, uniques


def _unused(column: str) -> list[Any]:
    raise AssertionError(f"a number column ({column!r}) is rated by bands, not by value")


def rate_columns(wrapped: Any, columns: Mapping[str, Column], nw: Any) -> dict[str, Rated]:
    """Rate an eager table's evidence through the expressions, in one pass over the table."""
    np = numpy()
    exprs: dict[str, Any] = {}
    for i, found in enumerate(columns.values()):
        exprs[f"p{i}"] = found.present.fill_null(False)
        exprs[f"s{i}"] = nw.when(found.present).then(found.satisfaction).fill_null(float("nan"))
        exprs[f"b{i}"] = found.bad.fill_null(False)
        if found.said is not None:
            exprs[f"w{i}"] = found.said.fill_null(False)
    out = wrapped.select(**exprs)
    rated = {}
    for i, (key, found) in enumerate(columns.items()):
        rated[key] = Rated(
            np.asarray(out[f"p{i}"].to_numpy(), dtype=bool),
            np.asarray(out[f"s{i}"].to_numpy(), dtype=float),
            np.asarray(out[f"b{i}"].to_numpy(), dtype=bool),
            list(found.sources),
            None if found.said is None else np.asarray(out[f"w{i}"].to_numpy(), dtype=bool),
        )
    return rated


def bad_positions(rated: Mapping[str, Rated]) -> Any:
    """The positions of the rows holding a value their criterion cannot read."""
    np = numpy()
    flags = [found.bad for found in rated.values()]
    if not flags:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.logical_or.reduce(flags))


def score(
    framework: Framework,
    rated: Mapping[str, Rated],
    rows: int,
    again: Mapping[str, list[tuple[Any, str]]] | None = None,
    stage_vetted: Sequence[Mapping[str, Any] | None] = (),
) -> dict[str, Any]:
    """The output columns as Arrow arrays (and numpy for the numbers), in the engine's order.

    *again* gives, per criterion, the rows whose answer did not count (stale, unvetted)
    and the question that asks for it again; *stage_vetted*, per stage that requires
    vetting, whether each of its answers is vetted (see :mod:`.judged_arrays`).
    """
    np = numpy()
    criteria = framework.criteria
    earned = np.zeros(rows)
    reachable = np.zeros(rows)
    floor = np.zeros(rows)  # every unknown answered false: the known criteria's sum
    known = np.zeros(rows)
    # bit i % BITS of word i // BITS set: criterion i is unknown
    words = [np.zeros(rows, dtype=np.int64) for _ in range(0, len(criteria), BITS)]
    met: dict[str, Any] = {}
    total = 0.0
    for criterion in criteria:
        total += criterion.weight
    for i, criterion in enumerate(criteria):
        weight = float(criterion.weight)
        found = rated.get(criterion.key)
        word, bit = divmod(i, BITS)
        credit = weight * criterion.unknown_satisfaction  # what not knowing earns (calibrated)
        if found is None:
            reachable += weight
            if credit:
                earned += credit
            words[word] |= 1 << bit
            continue
        satisfaction = found.satisfaction
        has = ~np.isnan(satisfaction)
        weighted = weight * satisfaction
        earned += np.where(has, weighted, credit)
        reachable += np.where(has, weighted, weight)
        floor += np.where(has, weighted, 0.0)
        known += np.where(has, weight, 0.0)
        words[word] |= np.where(has, 0, 1 << bit)
        met[criterion.key] = has & (satisfaction >= 1.0)
    no = np.zeros(rows, dtype=bool)
    to_points = 100.0 / total
    score = np.where(earned >= total, 100.0, earned * to_points)
    potential = np.where(reachable >= total, 100.0, reachable * to_points)
    completeness = np.where(known >= total, 1.0, known * (1.0 / total))

    disqualified = no.copy()
    for disqualifier in framework.disqualifiers:
        found = rated.get(disqualifier.key)
        if found is not None:
            disqualified |= found.satisfaction >= 1.0  # NaN compares False
    required_met = ~no
    for criterion in criteria:
        if criterion.required:
            required_met &= met.get(criterion.key, no)
    threshold = framework.qualifying_score - TOLERANCE
    verdict = np.select(
        [disqualified, (score >= threshold) & required_met, potential >= threshold], [0, 1, 2], 3
    )
    settled = settled_codes(np, framework, rated, disqualified, floor, total, potential, threshold)

    reached = np.zeros(rows, dtype=np.int64)  # how many stages in a row are reached
    so_far = ~no
    for position, stage in enumerate(framework.stages):
        checked = stage_vetted[position] if stage_vetted else None
        for key in stage.requires:
            so_far = so_far & met.get(key, no) & (True if checked is None else checked[key])
        reached += so_far

    order = sorted((i for i, c in enumerate(criteria) if c.of is None), key=lambda i: -criteria[i].weight)
    patterns, which = distinct_patterns(np, words, len(criteria))
    unknown = [[i for i in order if p[i // BITS] >> (i % BITS) & 1] for p in patterns]
    # the question to ask: the heaviest unknown one; with nothing unknown, the first
    # unchecked disqualifier; for a nurture lead with neither (few rows), the largest
    # gap, the first in framework order on a tie
    first_unknown = np.array([u[0] + 1 if u else 0 for u in unknown] or [0], dtype=np.int64)
    asked = first_unknown[which] if rows else np.zeros(0, dtype=np.int64)
    questions = [None, *(c.question for c in criteria)]
    # nothing unknown: a qualified or nurture lead's first disqualifier nobody checked
    pursued = (verdict == 1) | (verdict == 2)
    for disqualifier in framework.disqualifiers:
        found = rated.get(disqualifier.key)
        unchecked = np.ones(rows, dtype=bool) if found is None else np.isnan(found.satisfaction)
        questions.append(disqualifier.question)
        asked = np.where((asked == 0) & unchecked & pursued, len(questions) - 1, asked)
    short = np.flatnonzero((asked == 0) & (verdict == 2))  # nurture, nothing left to ask
    if len(short):
        largest = np.full(len(short), -1.0)
        gap = np.zeros(len(short), dtype=np.int64)
        for i, criterion in enumerate(criteria):
            found = rated.get(criterion.key)
            if found is None or criterion.of is not None:  # a pair is no gap: its two are
                continue
            satisfaction = found.satisfaction[short]
            shortfall = np.where(satisfaction < 1.0, criterion.weight * (1.0 - satisfaction), -1.0)
            larger = shortfall > largest  # NaN (unknown) compares False
            largest = np.where(larger, shortfall, largest)
            gap = np.where(larger, i + 1, gap)
        asked[short] = np.where(largest > 0, gap, 0)
    for i, criterion in enumerate(criteria):
        for flagged, question in (again or {}).get(criterion.key, ()):
            questions.append(question)
            asked = np.where((asked == i + 1) & flagged, len(questions) - 1, asked)
    outputs = {
        "score": score,
        "verdict": Choice([v.value for v in _VERDICTS], verdict, order=VERDICT_ORDER),
        "completeness": completeness,
        "potential": potential,
        "stage": Choice([None, *(s.key for s in framework.stages)], reached),
        "missing": Choice([[criteria[i].key for i in u] for u in unknown], which, lists=True),
        "next_question": Choice(questions, asked),
        "priority": np.where(verdict == 0, -1.0, score),
        "settled": Choice([None, *(v.value for v in SETTLED)], settled),
    }

    if framework.probability is not None:
        unknown_by_index = [sorted(u) for u in unknown]
        outputs["probability"] = probability(
            framework, score, which, unknown_by_index, verdict == 0
        )
    if counted(framework):
        outputs.update(expected_arrays(np, framework, rated, earned, disqualified))
    return outputs
