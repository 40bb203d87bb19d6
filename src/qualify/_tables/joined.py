"""Values worked out in Python, joined back onto a lazy table in its own engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["left_join", "like"]


def like(found: Any, wrapped: Any, nw: Any) -> Any:
    """*found* (a polars-backed narwhals frame) made lazy in *wrapped*'s library (in its
    Spark session, for Spark), or left as it is when *wrapped* is not lazy."""
    if not isinstance(wrapped, nw.LazyFrame):
        return found
    native = wrapped.to_native()
    session = getattr(native, "sparkSession", None)  # Spark makes frames in a session
    if session is not None:
        return found.lazy(backend=wrapped.implementation, session=session)
    return found.lazy(backend=wrapped.implementation)


def left_join(
    result: Any, found: Any, left_on: Sequence[str], nw: Any, right_on: Sequence[str] | None = None
) -> Any:
    """*result* left-joined with *found*, its rows in their order where the library can
    promise it: polars keeps a left join's order only when asked (``maintain_order``)."""
    right = list(left_on if right_on is None else right_on)
    if result.implementation.name == "POLARS":
        native = result.to_native()
        try:
            joined = native.join(
                found.to_native(), left_on=list(left_on), right_on=right, how="left",
                maintain_order="left",
            )  # fmt: skip
        except TypeError:  # a polars without maintain_order kept a left join's order anyway
            joined = native.join(found.to_native(), left_on=list(left_on), right_on=right, how="left")
        return nw.from_native(joined)
    return result.join(found, left_on=list(left_on), right_on=right, how="left")
