"""One criterion's evidence over every row of a table in memory, as numpy arrays."""

from __future__ import annotations

from typing import Any

from .choice import numpy

__all__ = ["Rated"]


class Rated:
    """One criterion (or disqualifier) over every row, as numpy arrays.

    ``satisfaction`` is NaN where there is no usable evidence; ``present``
    marks rows with a value at all, ``bad`` rows whose value cannot be rated,
    ``said`` rows whose answer was a word saying nobody knows (``None``: no row).
    """

    __slots__ = ("bad", "present", "said", "satisfaction", "sources")

    def __init__(
        self, present: Any, satisfaction: Any, bad: Any, sources: list[str], said: Any = None
    ) -> None:
        self.present = present
        self.satisfaction = satisfaction
        self.bad = bad
        self.sources = sources
        self.said = said

    def then(self, later: Rated) -> None:
        """Take *later*'s evidence where this has none: the first source with evidence wins."""
        np = numpy()
        self.satisfaction = np.where(self.present, self.satisfaction, later.satisfaction)
        self.bad = self.bad | later.bad  # a bad later value is reported too, as in evaluate
        if later.said is not None:  # a later field's word counts where nothing earlier is known
            said = ~self.present & later.said
            self.said = said if self.said is None else self.said | said
        self.present = self.present | later.present
        self.sources = [*self.sources, *later.sources]
