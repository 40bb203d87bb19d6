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

__all__ = ["COLOR", "Aligned", "Color", "Style", "cut", "style_for"]

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


class Aligned:
    """Rows under a header, columns aligned: numbers to the right, verdicts painted, the
    first column (names) and the last (a question) cut to fit a terminal.

    The widths are taken from the first :data:`BLOCK` rows; later rows are written as
    they come, so memory stays flat for any number of rows.
    """

    BLOCK = 1000

    def __init__(
        self,
        out: TextIO,
        header: list[str],
        style: Style,
        numbers: frozenset[int] = frozenset(),
        verdicts: frozenset[int] = frozenset(),
    ) -> None:
        self.out = out
        self.header = header
        self.style = style
        self.numbers = numbers  # columns aligned right
        self.verdicts = verdicts  # columns painted by their verdict
        self.rows: list[list[str]] = []
        self.widths: list[int] | None = None

    def add(self, cells: list[str]) -> None:
        """Take one row: held until the widths are known, then written."""
        if self.widths is not None:
            self._line(cells)
            return
        self.rows.append(cells)
        if len(self.rows) >= self.BLOCK:
            self.finish()

    def finish(self) -> None:
        """Write the header and the rows held (the header alone when there are none)."""
        if self.widths is not None:
            return
        table = [self.header, *self.rows]
        self.widths = [max(len(row[i]) for row in table) for i in range(len(self.header) - 1)]
        room = self.style.width
        if room is not None:  # on a terminal: long names are cut to leave the last column room
            others = sum(width + 2 for width in self.widths[1:]) + 2
            self.widths[0] = min(self.widths[0], max(8, room - others - 24))
        for cells in table:
            self._line(cells)
        self.rows = []

    def _line(self, cells: list[str]) -> None:
        widths = self.widths or []
        padded = [
            cell.rjust(width) if i in self.numbers else cut(cell, width).ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=False))
        ]
        last = cells[-1]
        room = self.style.width
        if room is not None:  # the last column is cut to the terminal's width
            used = sum(len(cell) + 2 for cell in padded)
            last = cut(last, max(room - used - 1, 10))
        for i in self.verdicts:  # after measuring: colour codes take no room
            padded[i] = self.style.paint(cells[i], padded[i])
        self.out.write(f"{'  '.join(padded)}  {last}".rstrip() + "\n")
