"""A table scored under several frameworks at once: each framework's columns, prefixed.

Each framework reads its own key columns, a ``<framework>:<key>`` column first
(``bant:budget``, for BANT alone, as :func:`qualify.compare` reads it); a
criterion with no column of its own reads another framework's column of the
same concept measured on the same scale (CHAMP's ``money`` reads BANT's
``budget``). Its
result columns come back named ``<framework>_<column>``: ``bant_score``,
``meddpicc_verdict``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .._core.framework import Framework
from .._plugins.evaluate import resolve
from ..errors import QualifyError

__all__ = ["evaluate_several"]


def evaluate_several(
    frame: Any,
    frameworks: Sequence[str | Framework],
    score: Callable[[Any, Framework], Any],
    nw: Any,
) -> Any:
    """*frame* with every framework's result columns added, prefixed by its name; *score*
    scores a table under one framework (evaluate_frame with the caller's options)."""
    resolved = [resolve(framework, None)[0] for framework in frameworks]
    if not resolved:
        raise QualifyError("evaluate_frame was given an empty list of frameworks")
    names = [framework.name for framework in resolved]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise QualifyError(f"evaluate_frame was given {twice[0]!r} more than once")
    wrapped = nw.from_native(frame)
    originals = list(wrapped.collect_schema())
    result = wrapped
    for framework in resolved:
        aliases = _aliases(framework, originals, resolved)
        present = list(result.collect_schema())
        # a column the framework reads another column in place of is kept aside, and back
        kept = {key: f"__qualify_kept_{key}" for key in aliases if key in present}
        view = result
        if kept:
            view = view.with_columns(**{aside: nw.col(key) for key, aside in kept.items()})
        if aliases:  # a row with no value under the alias reads the framework's own column
            view = view.with_columns(
                **{
                    key: nw.coalesce(nw.col(column), nw.col(kept[key]))
                    if key in kept
                    else nw.col(column)
                    for key, column in aliases.items()
                }
            )
        before = list(view.collect_schema())
        scored = nw.from_native(score(view.to_native(), framework))
        added = [name for name in scored.collect_schema() if name not in before]
        prefixed = {name: f"{framework.name}_{name}" for name in added}
        taken = [new for new in prefixed.values() if new in before]
        if taken:
            raise QualifyError(
                f"the table already has columns named {', '.join(map(repr, taken))}, which"
                " evaluate_frame adds for several frameworks; rename them first"
            )
        scored = scored.rename(prefixed)
        if kept:
            scored = scored.with_columns(**{key: nw.col(aside) for key, aside in kept.items()})
        result = scored.select(*present, *prefixed.values())
    return result.to_native()


def _aliases(
    framework: Framework, columns: list[str], frameworks: list[Framework]
) -> dict[str, str]:
    """Criterion key to the column it reads when the table has no column of that name:
    another framework's column of the same concept, measured on the same scale (a table
    cannot say, value by value, what an answer means on another scale)."""
    aliases: dict[str, str] = {}
    for key in framework.keys:  # "bant:budget" is BANT's budget alone, as in compare
        if f"{framework.name}:{key}" in columns:
            aliases[key] = f"{framework.name}:{key}"
    for criterion in framework.criteria:
        if criterion.key in columns or criterion.key in aliases or criterion.concept is None:
            continue
        for other in frameworks:
            found = next(
                (
                    c.key
                    for c in other.criteria
                    if other is not framework
                    and c.concept == criterion.concept
                    and c.scale == criterion.scale
                    and c.key in columns
                    and c.key not in framework.keys
                ),
                None,
            )
            if found is not None:
                aliases[criterion.key] = found
                break
    return aliases
