"""How the table looks on a terminal: fitted to its width, verdicts in colour.

Only a terminal gets either: piped to a file or another program, the table is
written whole and plain. Colour honours ``NO_COLOR`` (https://no-color.org: set
and not empty, no colour) and ``--color always|never``; the width is the
terminal's (or ``COLUMNS``), and a cell cut to fit ends in "…".
"""

from __future__ import annotations

import os
import shutil
from typing import Literal, TextIO, get_args

import attrs

__all__ = ["COLOR", "Color", "Style", "cut", "style_for"]

#: What ``--color`` accepts: on a terminal without ``NO_COLOR`` (the default), or always,
#: or never.
Color = Literal["auto", "always", "never"]
COLOR: tuple[str, ...] = get_args(Color)

# SGR codes: green, yellow, red; an unqualified lead stays plain.
_PAINT = {"qualified": "32", "nurture": "33", "disqualified": "31"}


@attrs.frozen
class Style:
    """*width*: the line length to fit (``None``: write lines whole); *colour*: paint
    verdicts."""

    width: int | None = None
    colour: bool = False

    def paint(self, verdict: str, cell: str) -> str:
        """*cell* (the verdict, padded) in its verdict's colour, when colour is on."""
        code = _PAINT.get(verdict)
        if not self.colour or code is None:
            return cell
        word = cell.rstrip()
        return f"\x1b[{code}m{word}\x1b[0m{cell[len(word):]}"


def cut(text: str, width: int) -> str:
    """*text* in at most *width* characters, ending in "…" when cut."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def _terminal(out: TextIO) -> bool:
    isatty = getattr(out, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (OSError, ValueError):
        return False


def style_for(out: TextIO, color: str = "auto") -> Style:
    """The style for a table written to *out* with ``--color`` *color*."""
    terminal = _terminal(out)
    if color == "always":
        colour = True
    elif color == "never":
        colour = False
    else:
        colour = terminal and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size().columns if terminal else None
    return Style(width=width, colour=colour)
