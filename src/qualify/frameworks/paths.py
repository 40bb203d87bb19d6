"""The frameworks in the folders named by ``QUALIFY_FRAMEWORKS_PATH``.

Registered after the installed plugins, so a team's files can extend any
framework, built-in or installed. A folder with problems is skipped with a
:class:`~qualify.PluginLoadWarning`; the others still load.
"""

from __future__ import annotations

from qualify import Concept, Framework, hookimpl
from qualify._files.folders import concepts_from_environment, frameworks_from_environment


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide the frameworks of every folder in QUALIFY_FRAMEWORKS_PATH."""
    return frameworks_from_environment()


@hookimpl
def qualify_concepts() -> list[Concept]:
    """Provide the concepts of every folder in QUALIFY_FRAMEWORKS_PATH; one named like a
    built-in concept replaces it."""
    return concepts_from_environment()
