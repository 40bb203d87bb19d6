"""Concepts in files: a ``[[concepts]]`` array in any file of a registered folder.

A team's folder can define its own concepts, or redefine a built-in one (say,
add the answers its own scales use to ``timing``'s equivalents)::

    [[concepts]]
    name = "timing"
    label = "Timing"
    equivalents = [["top", "dated", "this quarter"], ["planned", "next quarter"]]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .._core.concepts import Concept
from .formats import structure_as

__all__ = ["CONCEPTS", "concepts_of"]

#: The key of a file's concept array.
CONCEPTS = "concepts"


@attrs.frozen(kw_only=True)
class _ConceptsFile:
    concepts: tuple[Concept, ...]


def concepts_of(table: Mapping[str, Any], source: str) -> list[Concept]:
    """The concepts a file's ``[[concepts]]`` array defines (none without one).

    :raises FrameworkFileError: naming the file and each bad concept.
    """
    if CONCEPTS not in table:
        return []
    return list(structure_as({CONCEPTS: table[CONCEPTS]}, source, _ConceptsFile).concepts)
