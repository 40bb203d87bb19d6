"""Concepts: what a criterion measures, shared across frameworks, and how answers carry.

BANT's Budget, CHAMP's Money and FAINT's Funds measure one concept, ``budget``.
A :class:`Concept` says what it is, once, and which answers mean the same
thing on different scales (``equivalents``): CHAMP's ``top`` priority and
SPICED's ``dated`` critical event both say the timing is pressing. An answer
carries to another criterion of the concept as it is when that criterion's
scale accepts it, else as the first equivalent its scale accepts, else not at
all (:func:`qualify.compare` lists it).
"""

from __future__ import annotations

import functools

import attrs

from ..errors import FrameworkError
from .checks import check_key, check_text, normalize_label, shown
from .scales import EvidenceValue, Scale

__all__ = ["Concept"]


def _groups(value: object) -> tuple[tuple[str, ...], ...]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise FrameworkError(f"equivalents must be a list of lists of answers, got {shown(value)}")
    groups = []
    for group in value:
        if isinstance(group, str) or not hasattr(group, "__iter__"):
            raise FrameworkError(
                f"each group of equivalents is a list of answers, got {shown(group)}"
            )
        groups.append(tuple(group))
    return tuple(groups)


@attrs.frozen(kw_only=True)
class Concept:
    """A shared idea criteria of different frameworks measure, such as ``budget``.

    ``equivalents`` are groups of answers that mean the same on different
    scales, best group first (``[["top", "dated"], ["planned", "possible"]]``).
    """

    name: str
    label: str
    description: str = ""
    equivalents: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_groups)

    def __attrs_post_init__(self) -> None:
        check_key("concept name", self.name)
        check_text(f"label of concept {self.name!r}", self.label)
        check_text(f"description of concept {self.name!r}", self.description, empty=True)
        seen: dict[str, int] = {}
        for number, group in enumerate(self.equivalents):
            if not group:
                raise FrameworkError(f"concept {self.name!r} has an empty group of equivalents")
            for answer in group:
                check_text(f"an equivalent of concept {self.name!r}", answer)
                folded = normalize_label(answer)
                if folded in seen and seen[folded] != number:
                    raise FrameworkError(
                        f"concept {self.name!r} lists {answer!r} in two groups of equivalents;"
                        " an answer means one thing"
                    )
                seen[folded] = number

    def carry(self, value: EvidenceValue, scale: Scale) -> EvidenceValue | None:
        """*value*, given for another criterion of this concept, as *scale* reads it:
        itself if *scale* accepts it, else its first equivalent *scale* accepts, else
        ``None``."""
        if scale.assess(value) is not None:
            return value
        if not isinstance(value, str):
            return None
        group = _groups_by_answer(self.equivalents).get(normalize_label(value))
        for answer in group or ():
            if scale.assess(answer) is not None:
                return answer
        return None


@functools.lru_cache(maxsize=256)
def _groups_by_answer(equivalents: tuple[tuple[str, ...], ...]) -> dict[str, tuple[str, ...]]:
    """Each answer, folded as labels are, to its group of equivalents."""
    return {normalize_label(answer): group for group in equivalents for answer in group}
