"""What an outcome value says: the lead was won, lost, or is still open.

CRMs and data sets write outcomes many ways (``True``, ``1``, ``"yes"``,
``"Closed Won"``). Without ``won=``, a value is read by the words below, and a
value that is none of them is an error naming it, never a guess. With
``won=``, the values given mean won and every other value lost. Either way a
missing value (``None``, NaN, blank text) means the lead is still open: it is
counted as open and left out of the rates.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from .._core.checks import shown
from ..errors import OutcomeError, QualifyError

__all__ = ["LOST", "LOST_WORDS", "OPEN", "WON", "WON_WORDS", "Outcomes", "is_missing", "plain_scalar"]

WON, LOST, OPEN = 1, 0, -1

#: Text that means won (compared ignoring case and surrounding spaces).
WON_WORDS = frozenset({"true", "yes", "y", "won", "win", "converted", "closed won", "1"})
#: Text that means lost.
LOST_WORDS = frozenset({"false", "no", "n", "lost", "not converted", "closed lost", "0"})


def is_missing(value: object) -> bool:
    """Whether *value* says nothing: None, NaN, blank text, or pandas' NA and NaT."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def plain_scalar(value: object) -> object:
    """A numpy or pyarrow scalar as the Python value it holds (``np.int64(1)`` is 1,
    ``np.True_`` is True, a pyarrow null is None); anything else as it is."""
    if value is None or isinstance(value, str | bytes | bool | int | float):
        return value
    as_py = getattr(value, "as_py", None)  # pyarrow's scalars
    if callable(as_py):
        return as_py()
    item = getattr(value, "item", None)  # numpy's scalars
    if callable(item) and type(value).__module__ == "numpy":
        return item()
    return value


def _text(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return str(int(value))
    if isinstance(value, str):
        return value.strip().casefold()
    return None


class Outcomes:
    """Reads outcome values: by the words above, or by the collection of values that mean won."""

    def __init__(self, won: Collection[Any] | None = None) -> None:
        if won is not None and (isinstance(won, str | bytes) or not isinstance(won, Collection)):
            raise QualifyError(
                "won= takes a collection of the values that mean won, such as"
                f" {{'Closed Won'}}, got {shown(won)}"
            )
        if won is not None and not won:
            raise QualifyError("won= names no value; give the values that mean won")
        plain = None if won is None else [plain_scalar(v) for v in won]
        self.won = None if plain is None else {_text(v) if _text(v) is not None else v for v in plain}

    def read(self, value: object) -> int:
        """WON, LOST or OPEN for *value*; raise :class:`OutcomeError` if it says neither."""
        value = plain_scalar(value)
        if is_missing(value):
            return OPEN
        text = _text(value)
        key: object = text if text is not None else value
        if self.won is not None:
            try:
                return WON if key in self.won else LOST
            except TypeError:  # an unhashable value
                return LOST
        if text in WON_WORDS:
            return WON
        if text in LOST_WORDS:
            return LOST
        raise OutcomeError(
            f"the outcome {shown(value)} says neither won nor lost; accepted: true/false,"
            f" 1/0, {', '.join(sorted(w for w in WON_WORDS | LOST_WORDS if not w.isdigit()))}"
            " (any case), or blank for a lead still open; or pass won= with the values"
            " that mean won"
        )
