"""The expression path of evaluate_frame: scores as narwhals expressions, run where the table lives.

Lazy tables (polars LazyFrames, DuckDB relations, anything narwhals runs
lazily) are scored by these expressions in the engine's own order of sums,
so every backend gets the same bits as :func:`qualify.evaluate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.engine import TOLERANCE
from .._core.framework import Framework
from .._core.results import Verdict
from .choice import BITS
from .columns import Column
from .judged import UNVETTED, Judged
from .paired import pair_expressions
from .settled import settled_expression
from .expected import EXPECTED_COLUMNS, counted, expected_joined, partner_keys

__all__ = [
    "OUTPUT_COLUMNS",
    "SATISFACTION",
    "VERDICT_ORDER",
    "as_list",
    "criterion_columns",
    "output_columns",
    "score",
]

#: The columns evaluate_frame adds.
OUTPUT_COLUMNS = (
    "score",
    "verdict",
    "completeness",
    "potential",
    "stage",
    "missing",
    "next_question",
    "priority",
    "settled",
)

#: The verdicts from worst to best: the order of evaluate_frame's verdict categories where
#: the table's library has an ordered type, so a table sorts and cross-tabulates them by
#: rank, not alphabetically.
VERDICT_ORDER = (
    Verdict.DISQUALIFIED.value,
    Verdict.UNQUALIFIED.value,
    Verdict.NURTURE.value,
    Verdict.QUALIFIED.value,
)

#: The prefix of the per-criterion columns ``evaluate_frame(..., criteria=True)`` adds.
SATISFACTION = "satisfaction_"


def output_columns(framework: Framework) -> tuple[str, ...]:
    """The columns evaluate_frame adds for *framework*: a calibrated one adds
    ``probability``, and with its answers counted ``expected`` and ``next_gain``."""
    return (
        OUTPUT_COLUMNS
        + (("probability",) if framework.probability is not None else ())
        + (EXPECTED_COLUMNS if counted(framework) else ())
    )


def criterion_columns(framework: Framework) -> tuple[str, ...]:
    """The per-criterion columns: each criterion's satisfaction, empty when unknown."""
    return tuple(SATISFACTION + criterion.key for criterion in framework.criteria)


def _scoring(
    framework: Framework,
    rated: Mapping[str, str],
    nw: Any,
    prefix: str,
    judging: Judging | None = None,
) -> list[dict[str, Any]]:
    """The output columns as expressions, in steps, summed in the engine's order.

    *rated* names, per key, a column holding its satisfaction, null where there
    is no (acceptable) evidence. Each step's columns are referred to by name in
    the next (helper columns start with *prefix*), so no engine evaluates a part
    twice and the expressions grow in step with the number of criteria (a
    maximum nested by hand doubled at every criterion). *judging* names the
    columns flagging answers that did not count (stale, unvetted): their question
    asks for them again and a list column names them; and per stage that
    requires vetting, the columns saying whether each answer is vetted.
    """
    earned = reachable = floor = known = nw.lit(0.0)
    total = 0.0
    for criterion in framework.criteria:
        weight = float(criterion.weight)
        total += criterion.weight
        name = rated.get(criterion.key)
        credit = weight * criterion.unknown_satisfaction  # what not knowing earns (calibrated)
        if name is None:
            reachable = reachable + weight
            if credit:
                earned = earned + credit
            continue
        weighted = nw.col(name) * weight  # null where unknown
        earned = earned + weighted.fill_null(credit)
        reachable = reachable + weighted.fill_null(weight)
        floor = floor + weighted.fill_null(0.0)  # every unknown answered false
        known = known + (~weighted.is_null()).cast(nw.Float64) * weight

    def met(key: str) -> Any:
        name = rated.get(key)
        return nw.lit(False) if name is None else (nw.col(name) >= 1.0).fill_null(False)

    def unknown(key: str) -> Any:
        name = rated.get(key)
        return nw.lit(True) if name is None else nw.col(name).is_null()

    flags = [met(d.key) for d in framework.disqualifiers if d.key in rated]
    out = f"{prefix}out"
    lowest = f"{prefix}floor"
    gaps: dict[str, tuple[str, Any]] = {}  # column: (question, the criterion's shortfall)
    for criterion in framework.criteria:
        name = rated.get(criterion.key)
        if name is not None and criterion.of is None:  # a pair is no gap: its two are
            satisfaction = nw.col(name)
            gaps[f"{prefix}gap_{len(gaps)}"] = (
                criterion.question,
                nw.when(satisfaction < 1.0)
                .then((1.0 - satisfaction) * float(criterion.weight))
                .otherwise(-1.0)
                .fill_null(-1.0),
            )
    first = {
        f"{prefix}earned": earned,  # the situation expected and next_gain are keyed on
        # exactly as the engine: one multiplication, and the full total is exactly 100
        "score": nw.when(earned >= total).then(100.0).otherwise(earned * (100.0 / total)),
        "potential": nw.when(reachable >= total).then(100.0).otherwise(reachable * (100.0 / total)),
        "completeness": nw.when(known >= total).then(1.0).otherwise(known * (1.0 / total)),
        lowest: nw.when(floor >= total).then(100.0).otherwise(floor * (100.0 / total)),
        out: nw.any_horizontal(*flags, ignore_nulls=True) if flags else nw.lit(False),
        **{column: shortfall for column, (_, shortfall) in gaps.items()},
    }
    disqualified = nw.col(out)
    required = [met(c.key) for c in framework.criteria if c.required]
    required_met = nw.all_horizontal(*required, ignore_nulls=True) if required else nw.lit(True)
    threshold = framework.qualifying_score - TOLERANCE
    second: dict[str, Any] = {
        "verdict": nw.when(disqualified)
        .then(nw.lit(Verdict.DISQUALIFIED.value))
        .when((nw.col("score") >= threshold) & required_met)
        .then(nw.lit(Verdict.QUALIFIED.value))
        .when(nw.col("potential") >= threshold)
        .then(nw.lit(Verdict.NURTURE.value))
        .otherwise(nw.lit(Verdict.UNQUALIFIED.value))
    }
    second["settled"] = settled_expression(framework, nw, rated, disqualified, nw.col(lowest), threshold)
    if gaps:  # Spark's greatest() takes two columns or more
        columns = [nw.col(column) for column in gaps]
        second[f"{prefix}largest"] = nw.max_horizontal(*columns) if len(columns) > 1 else columns[0]
    model = framework.probability
    odds = f"{prefix}odds"
    if model is not None:  # summed in the engine's order: score, unknown offsets, disqualified
        log_odds = nw.col("score") * model.per_point + model.intercept
        offsets = dict(model.unknown)
        for criterion in framework.criteria:
            offset = offsets.get(criterion.key, 0.0)
            if offset:
                log_odds = log_odds + nw.when(unknown(criterion.key)).then(offset).otherwise(0.0)
        second[odds] = log_odds + nw.when(disqualified).then(model.disqualified).otherwise(0.0)

    reached: list[tuple[str, Any]] = []
    so_far = nw.lit(True)
    held: list[Any] = []  # a stage's met answers waiting to be vetted, as list items
    for position, stage in enumerate(framework.stages):
        checked = judging.vetted[position] if judging is not None else None
        before = so_far
        for key in stage.requires:
            so_far = so_far & met(key)
        if checked is not None:  # met, but not reached until every answer is vetted
            all_met = so_far
            vetted = [nw.col(checked[key]) for key in stage.requires]
            so_far = so_far & nw.all_horizontal(*vetted, ignore_nulls=True)
            waiting = before & all_met & ~so_far
            held += [
                nw.when(waiting & ~nw.col(checked[key])).then(nw.lit(key)) for key in stage.requires
            ]
        reached.append((stage.key, so_far))
    stage_expr = nw.lit(None, dtype=nw.String)
    if reached:
        chain = None
        for key, condition in reversed(reached):
            step = nw.lit(key)
            chain = (
                nw.when(condition).then(step) if chain is None else chain.when(condition).then(step)
            )
        stage_expr = chain.otherwise(nw.lit(None, dtype=nw.String))  # type: ignore[union-attr]

    asked = [i for i, c in enumerate(framework.criteria) if c.of is None]  # pairs: never
    ordered = [framework.criteria[i] for i in sorted(asked, key=lambda i: -framework.criteria[i].weight)]
    joined = nw.concat_str(
        [nw.when(unknown(c.key)).then(nw.lit(c.key)) for c in ordered],
        separator=" ",
        ignore_nulls=True,
    )
    asks: list[tuple[Any, Any]] = []
    for criterion in ordered:
        condition = unknown(criterion.key)
        for flag, again in judging.again.get(criterion.key, ()) if judging is not None else ():
            asks.append((condition & nw.col(flag), nw.lit(again)))
        asks.append((condition, nw.lit(criterion.question)))
    # nothing unknown: a qualified or nurture lead's first disqualifier nobody checked
    verdict = nw.col("verdict")
    standing = (verdict == Verdict.QUALIFIED.value) | (verdict == Verdict.NURTURE.value)
    asks += [(unknown(d.key) & standing, nw.lit(d.question)) for d in framework.disqualifiers]
    question = None
    for condition, ask in asks:
        question = (
            nw.when(condition).then(ask) if question is None else question.when(condition).then(ask)
        )
    # neither: a nurture lead is asked about its largest gap, the first in framework
    # order on a tie, as the engine sorts its gaps (the when-chain takes the first that
    # holds)
    if gaps:
        largest = nw.col(f"{prefix}largest")
        nurture = (verdict == Verdict.NURTURE.value) & (largest > 0)
        for column, (ask, _) in gaps.items():
            condition = nurture & (nw.col(column) == largest)
            question = question.when(condition).then(nw.lit(ask))  # type: ignore[union-attr]
    third = {
        "stage": stage_expr,
        "missing": joined,
        "next_question": question.otherwise(nw.lit(None, dtype=nw.String)),  # type: ignore[union-attr]
        "priority": nw.when(verdict == Verdict.DISQUALIFIED.value)
        .then(-1.0)
        .otherwise(nw.col("score")),
    }
    for listed, flagged in judging.listed.items() if judging is not None else ():
        items = [nw.when(nw.col(flag)).then(nw.lit(key)) for key, flag in flagged]
        items += held if listed == UNVETTED else []
        third[listed] = (
            nw.concat_str(items, separator=" ", ignore_nulls=True) if items else nw.lit("")
        )
    if model is not None:
        log_odds = nw.col(odds)
        third["probability"] = (
            nw.when(log_odds >= 0)
            .then(1.0 / ((-log_odds).exp() + 1.0))
            .otherwise(log_odds.exp() / (log_odds.exp() + 1.0))
        )
    return [first, second, third]


class Judging:
    """The column names :func:`_scoring` reads a :class:`~.judged.Judged` through."""

    def __init__(self, lists: tuple[str, ...], vetted: tuple[dict[str, str] | None, ...]) -> None:
        self.lists = lists
        self.vetted = vetted
        self.again: dict[str, list[tuple[str, str]]] = {}  # key: (flag column, question)
        self.listed: dict[str, list[tuple[str, str]]] = {name: [] for name in lists}


def score(
    wrapped: Any,
    framework: Framework,
    columns: Mapping[str, Column],
    nw: Any,
    *,
    criteria: bool = False,
    judged: Judged | None = None,
) -> Any:
    """The frame with the output columns added, in the order of OUTPUT_COLUMNS, then the
    list columns *judged* adds (``stale``, ``unvetted``), then (with *criteria*) each
    criterion's satisfaction."""
    taken = set(wrapped.collect_schema())
    prefix = "__qualify_"
    while any(name.startswith(prefix) for name in taken):  # never a user's column
        prefix = f"_{prefix}"
    rated = {key: f"{prefix}{i}" for i, key in enumerate(columns)}
    keep = {} if judged is None else judged.keep
    satisfactions = {
        rated[key]: nw.when(found.present & keep[key]).then(found.satisfaction)
        if key in keep
        else nw.when(found.present).then(found.satisfaction)
        for key, found in columns.items()
    }
    pairs = pair_expressions(framework, rated, prefix, nw)  # from the satisfactions above
    helpers: dict[str, Any] = {}
    judging = None
    if judged is not None:
        vetted: list[dict[str, str] | None] = []
        for position, checked in enumerate(judged.stage_vetted):
            if checked is None:
                vetted.append(None)
                continue
            names = {key: f"{prefix}v{position}_{i}" for i, key in enumerate(checked)}
            helpers.update({names[key]: expr for key, expr in checked.items()})
            vetted.append(names)
        judging = Judging(judged.lists, tuple(vetted))
        order = {c.key: i for i, c in enumerate(framework.criteria)}
        for number, flag in sorted(enumerate(judged.flags), key=lambda f: order[f[1].key]):
            found = columns.get(flag.key)
            if found is None:  # no column: no answer to flag
                continue
            name = f"{prefix}f{number}"
            helpers[name] = flag.raw & found.present & ~found.satisfaction.is_null()
            judging.again.setdefault(flag.key, []).append((name, flag.question))
            judging.listed[flag.listed].append((flag.key, name))
    originals = list(wrapped.collect_schema())
    per_criterion = (
        [
            nw.col(rated[c.key]).alias(SATISFACTION + c.key)
            if c.key in rated
            else nw.lit(None, dtype=nw.Float64()).alias(SATISFACTION + c.key)
            for c in framework.criteria
        ]
        if criteria
        else []
    )
    said = {}  # per key with words saying nobody knows, the helper column flagging them
    for i, (key, found) in enumerate(columns.items()):
        if found.said is not None:
            said[key] = f"{prefix}w{i}"
            helpers[said[key]] = found.said & keep[key] if key in keep else found.said
    scored = wrapped.with_columns(**satisfactions, **helpers)
    if pairs:
        scored = scored.with_columns(**pairs)
    for step in _scoring(framework, rated, nw, prefix, judging):
        scored = scored.with_columns(**step)
    if counted(framework):
        scored = _situations(scored, framework, rated, said, prefix, nw)
    lists = () if judged is None else judged.lists
    return scored.select(*originals, *output_columns(framework), *lists, *per_criterion)


def _situations(
    scored: Any,
    framework: Framework,
    rated: Mapping[str, str],
    said: Mapping[str, str],
    prefix: str,
    nw: Any,
) -> Any:
    """*scored* with ``expected`` and ``next_gain``: each row's situation as words of
    pattern bits (criteria not asked yet; asked, and nobody knew), joined with the values
    worked out once per distinct situation (:func:`~.expected.expected_joined`)."""
    opened: list[Any] = []
    words: list[Any] = []
    for i, criterion in enumerate(framework.criteria):
        word, bit = divmod(i, BITS)
        if word == len(opened):
            opened.append(nw.lit(0, dtype=nw.Int64))
            words.append(nw.lit(0, dtype=nw.Int64))
        name = rated.get(criterion.key)
        unknown = nw.lit(True) if name is None else nw.col(name).is_null()
        flag = said.get(criterion.key)
        was_said = unknown & nw.col(flag) if flag is not None else nw.lit(False)
        opened[word] = opened[word] + nw.when(unknown & ~was_said).then(1 << bit).otherwise(0)
        words[word] = words[word] + nw.when(was_said).then(1 << bit).otherwise(0)
    names = [f"{prefix}o{k}" for k in range(len(opened))]
    said_names = [f"{prefix}s{k}" for k in range(len(words))]
    scored = scored.with_columns(
        **{name: expr.cast(nw.Int64) for name, expr in zip(names, opened, strict=True)},
        **{name: expr.cast(nw.Int64) for name, expr in zip(said_names, words, strict=True)},
    )
    partners = []  # each pair's two criteria's satisfactions; -1 unknown (joins skip nulls)
    for k, key in enumerate(partner_keys(framework)):
        name = f"{prefix}p{k}"
        found = rated.get(key)
        value = nw.col(found).fill_null(-1.0) if found is not None else nw.lit(-1.0)
        scored = scored.with_columns(**{name: value.cast(nw.Float64())})
        partners.append(name)
    return expected_joined(
        scored, framework, names, said_names, f"{prefix}earned", f"{prefix}out", nw, partners
    )


def as_list(joined: Any, nw: Any) -> Any:
    empty = nw.lit([], dtype=nw.List(nw.String()))
    return nw.when(joined == "").then(empty).otherwise(joined.str.split(" "))
