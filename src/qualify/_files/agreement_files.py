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
from typing import Any, IO, Literal

import attrs

from .._core.convert import to_dict
from .._core.handoff import Agreement
from ..errors import FrameworkError
from .formats import (
    read_source,
    TEXT, FrameworkFileError, dumps_table, file_path, read_table, read_text, structure_as,
    write_table,
)  # fmt: skip

__all__ = [
    "AgreementFile", "dump_agreement", "dumps_agreement", "load_agreement", "loads_agreement",
]  # fmt: skip


@attrs.frozen(kw_only=True)
class AgreementFile:
    """A hand-off agreement file: one ``[agreement]`` table."""

    agreement: Agreement


def load_agreement(
    path: str | os.PathLike[str] | IO[bytes],
    *,
    format: Literal["toml", "json"] | None = None,  # noqa: A002
) -> Agreement:  # noqa: A002
    """Read a hand-off agreement from the ``[agreement]`` table of a TOML or JSON file.

    :param path: the file: a path (its suffix, ``.toml`` or ``.json``, says its
        format) or a file opened in binary mode. Text is refused: read it with
        :func:`loads_agreement`.
    :param format: ``"toml"`` or ``"json"``, for a file object only; without it, the
        object's name says.
    :raises FrameworkFileError: naming the file and the key path of each problem.
    """
    table, source = read_source(path, "load_agreement", format)
    return _agreement(table, source, "file")


def loads_agreement(text: str, *, format: Literal["toml", "json"] = "toml") -> Agreement:  # noqa: A002
    """Read a hand-off agreement from the text of an agreement file, ``toml`` (the default)
    or ``json``, as :func:`load_agreement` reads a file: what :func:`dumps_agreement`
    wrote, or an agreement kept in a database.

    :param text: the text of an agreement file.
    :param format: ``"toml"`` (the default) or ``"json"``.
    :raises FrameworkFileError: naming ``<text>`` and the key path of each problem.
    """
    return _agreement(read_text(text, format), TEXT, "text")


def _agreement(table: dict[str, Any], source: str, what: str) -> Agreement:
    if "agreement" not in table:
        raise FrameworkFileError(
            source, [f"no [agreement] table in the {what}; it has: {', '.join(table) or 'nothing'}"]
        )
    stray = sorted(set(table) - {"agreement"})
    if stray:
        raise FrameworkFileError(
            source, [f"an agreement {what} holds only [agreement]; it also has: {', '.join(stray)}"]
        )
    return structure_as(table, source, AgreementFile).agreement


def dumps_agreement(agreement: Agreement, *, format: Literal["toml", "json"] = "toml") -> str:  # noqa: A002
    """Return *agreement* as the text of an agreement file, ``toml`` or ``json``.

    :param agreement: the agreement to write.
    :param format: ``"toml"`` (the default) or ``"json"``.
    """
    if not isinstance(agreement, Agreement):
        raise FrameworkError(f"dumps_agreement takes an Agreement, got {type(agreement).__name__}")
    data: dict[str, Any] = to_dict(agreement)
    defaults: dict[str, Any] = {"qualified_at": None, "require": [], "min_completeness": 0.0,
                                "description": ""}
    table = {key: value for key, value in data.items() if defaults.get(key, object()) != value}
    return dumps_table({"agreement": table}, format, "agreement")


def dump_agreement(agreement: Agreement, path: str | os.PathLike[str]) -> None:
    """Write *agreement* to a file: JSON for ``.json``, TOML otherwise; :func:`load_agreement`
    reads back an equal agreement.

    :param agreement: the agreement to write.
    :param path: the file to write: JSON for a ``.json`` suffix, TOML otherwise.
    """
    write_table(path, lambda form: dumps_agreement(agreement, format=form))
