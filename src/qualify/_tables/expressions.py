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
from .._core.freshness import reconfirm
from .._core.plan import plan_of
from .._core.results import Verdict
from .columns import Column
from .dated import STALE, Dated

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
    """The columns evaluate_frame adds for *framework*: a calibrated one adds ``probability``."""
    return OUTPUT_COLUMNS + (("probability",) if framework.probability is not None else ())


def criterion_columns(framework: Framework) -> tuple[str, ...]:
    """The per-criterion columns: each criterion's satisfaction, empty when unknown."""
    return tuple(SATISFACTION + criterion.key for criterion in framework.criteria)


def _scoring(
    framework: Framework,
    rated: Mapping[str, str],
    nw: Any,
    prefix: str,
    stale: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The output columns as expressions, in steps, summed in the engine's order.

    *rated* names, per key, a column holding its satisfaction, null where there
    is no (acceptable) evidence. Each step's columns are referred to by name in
    the next (helper columns start with *prefix*), so no engine evaluates a part
    twice and the expressions grow in step with the number of criteria (a
    maximum nested by hand doubled at every criterion). *stale* names, per key
    judged ``as_of`` an instant, a column flagging rows whose evidence went stale:
    their question asks to re-confirm it, and a ``stale`` column lists them.
    """
    earned = reachable = known = nw.lit(0.0)
    total = 0.0
    for criterion in framework.criteria:
        weight = float(criterion.weight)
        total += criterion.weight
        name = rated.get(criterion.key)
        if name is None:
            reachable = reachable + weight
            continue
        weighted = nw.col(name) * weight  # null where unknown
        earned = earned + weighted.fill_null(0.0)
        reachable = reachable + weighted.fill_null(weight)
        known = known + (~weighted.is_null()).cast(nw.Float64) * weight

    def met(key: str) -> Any:
        name = rated.get(key)
        return nw.lit(False) if name is None else (nw.col(name) >= 1.0).fill_null(False)

    def unknown(key: str) -> Any:
        name = rated.get(key)
        return nw.lit(True) if name is None else nw.col(name).is_null()

    flags = [met(d.key) for d in framework.disqualifiers if d.key in rated]
    out = f"{prefix}out"
    gaps: dict[str, tuple[str, Any]] = {}  # column: (question, the criterion's shortfall)
    for criterion in framework.criteria:
        name = rated.get(criterion.key)
        if name is not None:
            satisfaction = nw.col(name)
            gaps[f"{prefix}gap_{len(gaps)}"] = (
                criterion.question,
                nw.when(satisfaction < 1.0)
                .then((1.0 - satisfaction) * float(criterion.weight))
                .otherwise(-1.0)
                .fill_null(-1.0),
            )
    first = {
        # exactly as the engine: one multiplication, and the full total is exactly 100
        "score": nw.when(earned >= total).then(100.0).otherwise(earned * (100.0 / total)),
        "potential": nw.when(reachable >= total).then(100.0).otherwise(reachable * (100.0 / total)),
        "completeness": nw.when(known >= total).then(1.0).otherwise(known * (1.0 / total)),
        out: nw.any_horizontal(*flags, ignore_nulls=True) if flags else nw.lit(False),
        **{column: shortfall for column, (_, shortfall) in gaps.items()},
    }
    disqualified = nw.col(out)
    required = [met(c.key) for c in framework.criteria if c.required]
    required_met = nw.all_horizontal(*required, ignore_nulls=True) if required else nw.lit(True)
    threshold = framework.qualified_at - TOLERANCE
    second: dict[str, Any] = {
        "verdict": nw.when(disqualified)
        .then(nw.lit(Verdict.DISQUALIFIED.value))
        .when((nw.col("score") >= threshold) & required_met)
        .then(nw.lit(Verdict.QUALIFIED.value))
        .when(nw.col("potential") >= threshold)
        .then(nw.lit(Verdict.NURTURE.value))
        .otherwise(nw.lit(Verdict.UNQUALIFIED.value))
    }
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
    for stage in framework.stages:
        for key in stage.requires:
            so_far = so_far & met(key)
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

    order = sorted(range(len(framework.criteria)), key=lambda i: -framework.criteria[i].weight)
    ordered = [framework.criteria[i] for i in order]
    joined = nw.concat_str(
        [nw.when(unknown(c.key)).then(nw.lit(c.key)) for c in ordered],
        separator=" ",
        ignore_nulls=True,
    )
    stale = stale or {}
    plan = plan_of(framework)
    asks: list[tuple[Any, Any]] = []
    for criterion in ordered:
        condition = unknown(criterion.key)
        flag = stale.get(criterion.key)
        if flag is not None:
            lasting = plan.fresh_for[plan.index[criterion.key]]
            assert lasting is not None  # only a criterion that ages can be stale
            again = reconfirm(criterion.question, lasting)
            asks.append((condition & nw.col(flag), nw.lit(again)))
        asks.append((condition, nw.lit(criterion.question)))
    question = None
    for condition, ask in asks:
        question = (
            nw.when(condition).then(ask) if question is None else question.when(condition).then(ask)
        )
    # nothing unknown: a nurture lead is asked about its largest gap, the first in
    # framework order on a tie, as the engine sorts its gaps (the when-chain takes the
    # first that holds)
    verdict = nw.col("verdict")
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
    if stale:
        third[STALE] = nw.concat_str(
            [
                nw.when(nw.col(stale[c.key])).then(nw.lit(c.key))
                for c in framework.criteria
                if c.key in stale
            ],
            separator=" ",
            ignore_nulls=True,
        )
    if model is not None:
        log_odds = nw.col(odds)
        third["probability"] = (
            nw.when(log_odds >= 0)
            .then(1.0 / ((-log_odds).exp() + 1.0))
            .otherwise(log_odds.exp() / (log_odds.exp() + 1.0))
        )
    return [first, second, third]


def score(
    wrapped: Any,
    framework: Framework,
    columns: Mapping[str, Column],
    nw: Any,
    *,
    criteria: bool = False,
    dated: Dated | None = None,
) -> Any:
    """The frame with the output columns added, in the order of OUTPUT_COLUMNS, then
    (*dated*: judged as of an instant) ``stale``, then (with *criteria*) each criterion's
    satisfaction."""
    taken = set(wrapped.collect_schema())
    prefix = "__qualify_"
    while any(name.startswith(prefix) for name in taken):  # never a user's column
        prefix = f"_{prefix}"
    rated = {key: f"{prefix}{i}" for i, key in enumerate(columns)}
    keep = {} if dated is None else dated.keep
    satisfactions = {
        rated[key]: nw.when(found.present & keep[key]).then(found.satisfaction)
        if key in keep
        else nw.when(found.present).then(found.satisfaction)
        for key, found in columns.items()
    }
    stale = {}
    for key, old in ({} if dated is None else dated.stale).items():
        found = columns.get(key)
        if found is not None:
            stale[f"{rated[key]}_stale"] = old & found.present & ~found.satisfaction.is_null()
    flags = {key: f"{rated[key]}_stale" for key in rated if f"{rated[key]}_stale" in stale}
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
    scored = wrapped.with_columns(**satisfactions, **stale)
    for step in _scoring(framework, rated, nw, prefix, flags):
        scored = scored.with_columns(**step)
    if dated is not None and not flags:
        scored = scored.with_columns(**{STALE: nw.lit("")})
    ages = (STALE,) if dated is not None else ()
    return scored.select(*originals, *output_columns(framework), *ages, *per_criterion)


def as_list(joined: Any, nw: Any) -> Any:
    empty = nw.lit([], dtype=nw.List(nw.String()))
    return nw.when(joined == "").then(empty).otherwise(joined.str.split(" "))
