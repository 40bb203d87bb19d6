"""Hand-off agreement files: an ``[agreement]`` table in TOML or JSON.

.. code-block:: toml

    [agreement]
    name = "acme-handoff"
    framework = "bant"
    qualified_at = 60
    require = ["need"]
    min_completeness = 0.5
    reasons = ["no budget", "wrong contact", "already a customer"]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs

from .._core.convert import to_dict
from .._core.handoff import Agreement
from ..errors import FrameworkError
from .formats import FrameworkFileError, dumps_table, read_table, structure_as, write_table

__all__ = ["AgreementFile", "dump_agreement", "dumps_agreement", "load_agreement"]


@attrs.frozen(kw_only=True)
class AgreementFile:
    """A hand-off agreement file: one ``[agreement]`` table."""

    agreement: Agreement


def load_agreement(path: str | os.PathLike[str]) -> Agreement:
    """Read a hand-off agreement from the ``[agreement]`` table of a TOML or JSON file.

    :raises FrameworkFileError: naming the file and the key path of each problem.
    """
    file = Path(path)
    table = read_table(file)
    if "agreement" not in table:
        raise FrameworkFileError(
            str(file), [f"no [agreement] table in the file; it has: {', '.join(table) or 'nothing'}"]
        )
    stray = sorted(set(table) - {"agreement"})
    if stray:
        raise FrameworkFileError(
            str(file), [f"an agreement file holds only [agreement]; it also has: {', '.join(stray)}"]
        )
    return structure_as(table, str(file), AgreementFile).agreement


def dumps_agreement(agreement: Agreement, *, format: str = "toml") -> str:  # noqa: A002
    """Return *agreement* as the text of an agreement file, ``toml`` or ``json``."""
    if not isinstance(agreement, Agreement):
        raise FrameworkError(f"dumps_agreement takes an Agreement, got {type(agreement).__name__}")
    data: dict[str, Any] = to_dict(agreement)
    defaults: dict[str, Any] = {"qualified_at": None, "require": [], "min_completeness": 0.0,
                                "description": ""}
    table = {key: value for key, value in data.items() if defaults.get(key, object()) != value}
    return dumps_table({"agreement": table}, format, "agreement")


def dump_agreement(agreement: Agreement, path: str | os.PathLike[str]) -> None:
    """Write *agreement* to a file: JSON for ``.json``, TOML otherwise; :func:`load_agreement`
    reads back an equal agreement."""
    write_table(path, lambda form: dumps_agreement(agreement, format=form))
