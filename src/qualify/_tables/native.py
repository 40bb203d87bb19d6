"""Scored columns in each library's own types: a pandas or Arrow table from the arrays,
Dask's list columns, and the verdict as an ordered type where the library has one."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from .._plugins.evaluate import Errors
from .added import Nullable
from .choice import Choice, pyarrow
from .expressions import VERDICT_ORDER
from .problems import PROBLEMS

__all__ = ["as_frame", "dask_lists", "ordered", "to_arrow", "to_pandas", "to_polars"]


#: The libraries whose verdict column is an ordered enumeration (pandas and pyarrow get
#: theirs when the column is built; Spark has no such type and keeps text).
_ENUMS = frozenset({"POLARS", "DUCKDB"})


def ordered(result: Any, nw: Any) -> Any:
    """*result* with its verdict an ordered enumeration, where its library has one."""
    if result.implementation.name not in _ENUMS:
        return result
    return result.with_columns(nw.col("verdict").cast(nw.Enum(list(VERDICT_ORDER))))


def dask_lists(
    scored: Any,
    wrapped: Any,
    bad: list[dict[str, Any]],
    problems: list[tuple[str, ...]],
    errors: Errors,
    id: str | None,  # noqa: A002
    emptied: tuple[str, ...],
) -> Any:
    """Dask holds no list columns through narwhals: ``missing`` (``stale``, ``problems``) are
    split into Python lists partition by partition, where Dask runs them."""
    native = scored.to_native()
    pandas = importlib.import_module("pandas")
    ranked = pandas.CategoricalDtype(list(VERDICT_ORDER), ordered=True)
    native["verdict"] = native["verdict"].astype(ranked)
    for name in ("missing", "stale", "unvetted"):  # the last two: judged evidence
        if name in native.columns:
            native[name] = native[name].map(
                lambda text: text.split(" ") if isinstance(text, str) and text else [],
                meta=(name, object),
            )
    if errors == "report" and id is not None:
        by_id: dict[Any, list[str]] = {}
        for row, found in zip(bad, problems, strict=True):
            by_id.setdefault(row[id], []).extend(found)
        listed = native[id].map(lambda key: by_id.get(key, []), meta=(PROBLEMS, object))
        has = native[id].isin(list(by_id))
        for name in emptied:
            native[name] = native[name].mask(has)
        native[PROBLEMS] = listed
    return native


def to_pandas(frame: Any, outputs: Mapping[str, Any]) -> Any:
    """*frame* with the output columns added; text in the type pandas gives strings."""
    pandas = importlib.import_module("pandas")
    np = importlib.import_module("numpy")
    text = pandas.Series(["text"]).dtype  # str (pandas 3), or object
    added = {}
    for name, values in outputs.items():
        if isinstance(values, Nullable):
            added[name] = np.where(values.empty, np.nan, values.values)
        elif not isinstance(values, Choice):
            added[name] = values
        elif values.order is not None:
            added[name] = pandas.Categorical.from_codes(
                values.codes(), categories=list(values.order), ordered=True
            )
        elif values.lists:  # lists of strings need an Arrow-backed column
            added[name] = pandas.arrays.ArrowExtensionArray(values.arrow())
        elif text == object:
            added[name] = np.asarray(values.values, dtype=object)[values.indices]
        else:
            added[name] = pandas.array(values.arrow(), dtype=text)
    return frame.assign(**added)


def to_arrow(outputs: Mapping[str, Any]) -> Any:
    """The output columns as a pyarrow table."""
    pa = pyarrow()
    return pa.table(
        {
            name: values.arrow()
            if isinstance(values, Choice)
            else pa.array(values.values, mask=values.empty)
            if isinstance(values, Nullable)
            else pa.array(values)
            for name, values in outputs.items()
        }
    )


def to_polars(outputs: Mapping[str, Any]) -> Any:
    """The output columns as a polars DataFrame, built by polars alone (no pyarrow)."""
    pl = importlib.import_module("polars")
    columns = []
    for name, values in outputs.items():
        if isinstance(values, Choice):
            kind = pl.List(pl.String) if values.lists else pl.String
            column = pl.Series(name, values.values, dtype=kind).gather(values.indices)
            if values.order is not None:  # ordered() makes it an Enum once joined
                column = column.cast(pl.Enum(list(values.order)))
        elif isinstance(values, Nullable):
            column = pl.Series(name, values.values).scatter(values.empty.nonzero()[0], None)
        else:
            column = pl.Series(name, values)
        columns.append(column)
    return pl.DataFrame(columns)


def as_frame(outputs: Mapping[str, Any], wrapped: Any, nw: Any) -> Any:
    """The output columns as a narwhals frame of *wrapped*'s library (not pandas)."""
    if wrapped.implementation.name == "POLARS":
        return nw.from_native(to_polars(outputs), eager_only=True)
    return nw.from_arrow(to_arrow(outputs), backend=wrapped.implementation)
