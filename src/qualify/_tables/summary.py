"""Many evaluations at a glance: verdicts, the stage funnel, what is missing most often."""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs

from .._core.display import html_of
from .._core.framework import Framework
from .._core.results import Evaluation, Verdict
from .._plugins.registry import registry
from ..errors import QualifyError, UnknownFrameworkError

__all__ = ["Summary", "is_table", "summarize"]


@attrs.frozen(kw_only=True)
class Summary:
    """Counts over many evaluations of one framework.

    ``verdicts`` counts leads per verdict (every verdict listed, in order);
    ``funnel`` counts, for each stage in order, the leads that reached at least
    that stage; ``missing`` counts, per criterion, the leads with no evidence
    on it, most often missing first (ties in framework order).
    """

    framework: str
    leads: int
    mean_score: float
    verdicts: tuple[tuple[Verdict, int], ...]
    funnel: tuple[tuple[str, int], ...]
    missing: tuple[tuple[str, int], ...]

    def count(self, verdict: Verdict | str) -> int:
        """How many leads got *verdict*."""
        return dict(self.verdicts)[Verdict(verdict)]

    def _repr_html_(self) -> str:
        """The notebook view: verdict counts, the stage funnel, the most-missing criteria."""
        return html_of(self)


def summarize(
    evaluations: Iterable[Evaluation] | Any, *, framework: str | Framework | None = None
) -> Summary:
    """Count verdicts, stages reached and missing criteria over many evaluations.

    *evaluations* is any iterable of :class:`~qualify.Evaluation` (read once,
    so a generator such as :func:`~qualify.evaluate_many` works without holding
    them all), or a table returned by :func:`~qualify.evaluate_frame`, counted
    where it lives; a table needs *framework*. The stage order comes from
    *framework*, or from the registered framework the evaluations name.

    :param evaluations: any iterable of :class:`~qualify.Evaluation` (read once), or a table
        returned by :func:`~qualify.evaluate_frame`, counted where it lives.
    :param framework: where the stage order comes from; by default the registered framework
        the evaluations name. A table needs it.
    :raises QualifyError: if the evaluations come from more than one framework.
    """
    if is_table(evaluations):
        return _summarize_table(evaluations, framework)
    verdicts: Counter[Verdict] = Counter()
    stages: Counter[str | None] = Counter()
    missing: Counter[str] = Counter()
    names: set[str] = set()
    position: dict[str, int] = {}  # ties in missing counts keep framework order
    total_score = 0.0
    leads = 0
    for evaluation in evaluations:
        if not isinstance(evaluation, Evaluation):
            raise QualifyError(
                f"summarize takes qualify.Evaluation objects, got {type(evaluation).__name__}"
            )
        names.add(evaluation.framework)
        if len(names) > 1:
            raise QualifyError(
                f"summarize one framework at a time; got evaluations by {', '.join(sorted(names))}"
            )
        if not position:
            position = {result.key: i for i, result in enumerate(evaluation.criteria)}
        leads += 1
        total_score += evaluation.score
        verdicts[evaluation.verdict] += 1
        stages[evaluation.stage] += 1
        missing.update(m.key for m in evaluation.missing)
    name = names.pop() if names else (framework.name if isinstance(framework, Framework) else "")
    order = _stage_order(framework, name)
    funnel = []
    reached = 0
    for stage in reversed(order):  # a lead at stage k has reached every stage before it
        reached += stages[stage]
        funnel.append((stage, reached))
    return Summary(
        framework=name or (framework if isinstance(framework, str) else ""),
        leads=leads,
        mean_score=total_score / leads if leads else 0.0,
        verdicts=tuple((verdict, verdicts[verdict]) for verdict in Verdict),
        funnel=tuple(reversed(funnel)),
        missing=tuple(
            sorted(missing.items(), key=lambda item: (-item[1], position.get(item[0], 0)))
        ),
    )


def _stage_order(framework: str | Framework | None, name: str) -> list[str]:
    """Stage keys in order: from *framework* if given, else from the registered *name*."""
    if isinstance(framework, Framework):
        return [stage.key for stage in framework.stages]
    if isinstance(framework, str):
        return [stage.key for stage in registry.get(framework).stages]
    try:
        return [stage.key for stage in registry.get(name).stages] if name else []
    except UnknownFrameworkError:  # an unregistered framework: no funnel, nothing else lost
        return []


def is_table(data: object) -> bool:
    """Whether *data* is a table narwhals can read (pandas, polars, pyarrow, DuckDB...)."""
    if isinstance(data, list | tuple) or not hasattr(data, "__class__"):
        return False
    try:
        narwhals = importlib.import_module("narwhals")
    except ImportError:
        return False
    try:
        narwhals.from_native(data)
    except TypeError:
        return False
    return True


def _summarize_table(data: Any, framework: str | Framework | None) -> Summary:
    """Count over an evaluate_frame result with a single aggregation query."""
    if framework is None:
        raise QualifyError(
            "summarize needs framework=... for a table: the table does not say which"
            " framework scored it"
        )
    if not isinstance(framework, Framework):
        framework = registry.get(framework)
    nw = importlib.import_module("narwhals")
    table = nw.from_native(data)
    columns = set(table.collect_schema())
    needed = {"score", "verdict", "stage", "missing"}
    if not needed <= columns:
        raise QualifyError(
            f"summarize reads the columns evaluate_frame adds; missing:"
            f" {', '.join(sorted(needed - columns))}"
        )
    stages = [stage.key for stage in framework.stages]
    keys = [criterion.key for criterion in framework.criteria]
    aggregates = {
        "__leads": nw.len(),
        "__score": nw.col("score").sum(),
        **{f"v{i}": (nw.col("verdict") == v.value).sum() for i, v in enumerate(Verdict)},
        **{f"s{i}": (nw.col("stage") == key).sum() for i, key in enumerate(stages)},
        **{f"m{i}": nw.col("missing").list.contains(key).sum() for i, key in enumerate(keys)},
    }
    # rows evaluate_frame(errors="report") could not score have no verdict: not leads scored
    counted = table.filter(~nw.col("verdict").is_null()).select(**aggregates)
    row = (counted.collect() if isinstance(counted, nw.LazyFrame) else counted).rows(named=True)[0]
    leads = int(row["__leads"])
    funnel = []
    reached = 0
    for i in reversed(range(len(stages))):
        reached += int(row[f"s{i}"] or 0)
        funnel.append((stages[i], reached))
    missing = [(key, int(row[f"m{i}"] or 0)) for i, key in enumerate(keys)]
    return Summary(
        framework=framework.name,
        leads=leads,
        mean_score=float(row["__score"] or 0.0) / leads if leads else 0.0,
        verdicts=tuple((v, int(row[f"v{i}"] or 0)) for i, v in enumerate(Verdict)),
        funnel=tuple(reversed(funnel)),
        missing=tuple(
            sorted(
                ((key, count) for key, count in missing if count),
                key=lambda item: (-item[1], keys.index(item[0])),
            )
        ),
    )
