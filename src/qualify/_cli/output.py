"""How ``qualify evaluate`` writes its results: table, json, jsonl or csv.

Every writer streams: memory stays flat whatever the number of leads. Text
meant for a terminal never carries control characters (they are shown as
escapes), and CSV cells that a spreadsheet would run as a formula are
neutralised, as OWASP's CSV-injection guidance advises.
"""

from __future__ import annotations

import csv
import re
import sys
from json.encoder import encode_basestring_ascii
from typing import TextIO

from .._core.engine import evaluate_framework
from .._core.framework import Framework
from .._core.jsontext import EvaluationText
from .._core.results import Evaluation
from .style import Aligned, Style

__all__ = [
    "FORMATS", "LISTED", "Writer", "listed", "neutralised", "output_format", "printable",
    "printable_lines",
    "writer_for",
]  # fmt: skip

# C0 and C1 control characters (a newline included: one cell, one line), and the
# bidirectional controls that can make text read differently from what it holds.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


#: The columns of the table that hold numbers: aligned right, so digits line up.
_NUMBERS = frozenset({"score", "chance", "expected", "complete"})


def printable(text: str) -> str:
    """*text* safe to show on a terminal: control characters as escapes such as ``\\x1b``."""
    return _CONTROLS.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


def printable_lines(text: str) -> str:
    """*text* with control characters escaped, line breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


#: How many names a note lists before it says how many more there are.
LISTED = 20


def listed(names: list[str]) -> str:
    """*names*, printable and joined, the first :data:`LISTED` of them and how many more."""
    shown = ", ".join(printable(name) for name in names[:LISTED])
    return shown + (f" and {len(names) - LISTED:,} more" if len(names) > LISTED else "")


# What a spreadsheet takes for the start of a formula (OWASP: CSV injection).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """A CSV cell a spreadsheet will show as text: a formula-like cell gets a leading ``'``."""
    return f"'{cell}" if cell.startswith(_FORMULA) else cell


#: The flat columns of ``--format csv``, one row per lead.
CSV_COLUMNS = (
    "lead",
    "verdict",
    "score",
    "completeness",
    "potential",
    "stage",
    "next_stage",
    "missing",
    "next_question",
    "disqualified_by",
)


class Writer:
    """Writes results as they come, or collects them when the format needs them all."""

    def __init__(self, out: TextIO, framework: Framework, dated: bool = False) -> None:
        self.out = out
        self.framework = framework
        self.dated = dated  # judged as of an instant: stale evidence is shown

    def write(self, lead: str, result: Evaluation) -> None:
        """Take one lead's result."""
        raise NotImplementedError

    def finish(self) -> None:
        """Write whatever was collected."""


class JsonLinesWriter(Writer):
    """One JSON object per line, as each lead is evaluated."""

    def __init__(self, out: TextIO, framework: Framework, dated: bool = False) -> None:
        super().__init__(out, framework, dated)
        self.text = EvaluationText()  # json.dumps(to_dict(...)) byte for byte, sooner

    def item(self, lead: str, result: Evaluation) -> str:
        """The lead's result as one line of JSON: its ``lead`` first, then ``to_dict``'s keys."""
        return f'{{"lead": {encode_basestring_ascii(lead)}, {self.text.members(result)}}}'

    def write(self, lead: str, result: Evaluation) -> None:
        """Write the lead's result as one line."""
        self.out.write(self.item(lead, result) + "\n")


class JsonWriter(JsonLinesWriter):
    """One JSON array of every result, written item by item, one item a line."""

    def __init__(self, out: TextIO, framework: Framework, dated: bool = False) -> None:
        super().__init__(out, framework, dated)
        self.started = False

    def write(self, lead: str, result: Evaluation) -> None:
        """Write the lead's result as the array's next item."""
        self.out.write(("[\n" if not self.started else ",\n") + self.item(lead, result))
        self.started = True

    def finish(self) -> None:
        """Close the array."""
        self.out.write("\n]\n" if self.started else "[]\n")


class CsvWriter(Writer):
    """Flat rows for spreadsheets: lists of keys are joined with spaces."""

    def __init__(self, out: TextIO, framework: Framework, dated: bool = False) -> None:
        super().__init__(out, framework, dated)
        self.rows = csv.writer(out, lineterminator="\n")
        # csv quotes a cell holding the line terminator, but not a lone "\r", which
        # every CSV reader takes for the end of a row: such rows are quoted whole.
        self.quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        self.chance = framework.probability is not None  # a calibrated framework's column
        extra = (("probability",) if self.chance else ()) + (("stale",) if dated else ())
        self.rows.writerow(CSV_COLUMNS + extra)
        self.shown = out.isatty()  # on a terminal, no control characters either
        # The engine shares each pattern's missing tuple between leads: join it once.
        self.missing: dict[int, tuple[object, str]] = {}

    def write(self, lead: str, result: Evaluation) -> None:
        """Write the lead's row, formula-like cells neutralised."""
        cell = printable if self.shown else str
        question = result.next_question or ""
        lead = neutralised(cell(lead))
        rows = self.quoted if "\r" in lead or "\r" in question else self.rows
        missing = self.missing.get(id(result.missing))
        if missing is None or missing[0] is not result.missing:
            if len(self.missing) >= 4096:
                self.missing.clear()
            missing = self.missing[id(result.missing)] = (
                result.missing,
                " ".join([m.key for m in result.missing]),
            )
        row: tuple[str, ...] = (
            lead,
            result.verdict,  # a str enum: written as its value
            f"{result.score:.2f}",
            f"{result.completeness:.4f}",
            f"{result.potential:.2f}",
            result.stage or "",
            result.next_stage or "",
            missing[1],
            question,
            " ".join(result.disqualified_by),
        )
        if self.chance:
            row += (f"{result.probability:.4f}",)
        if self.dated:
            row += (" ".join(stale.key for stale in result.stale),)
        rows.writerow(row)


class TableWriter(Writer):
    """An aligned table for people: lead, verdict, score, completeness, stage, next question,
    streamed (see :class:`~.style.Aligned`)."""

    def __init__(
        self, out: TextIO, framework: Framework, dated: bool = False, style: Style | None = None
    ) -> None:
        super().__init__(out, framework, dated)
        # a calibrated framework that counted its answers shows the chance over those to come
        self.expected = evaluate_framework({}, framework).expected is not None
        header = ["lead", "verdict", "score"]
        header += ["chance"] if framework.probability is not None else []
        header += ["expected"] if self.expected else []
        header += ["complete"]
        header += ["stage"] if framework.stages else []
        header += ["ask next"]
        numbers = frozenset(i for i, name in enumerate(header) if name in _NUMBERS)
        self.table = Aligned(out, header, style or Style(), numbers, frozenset({1}))

    def write(self, lead: str, result: Evaluation) -> None:
        """Take the lead's row."""
        cells = [printable(lead), result.verdict.value, f"{result.score:.1f}"]
        if result.probability is not None:
            cells.append(f"{result.probability:.0%}")
        if self.expected:
            cells.append("-" if result.expected is None else f"{result.expected:.0%}")
        cells.append(f"{result.completeness:.0%}")
        if self.framework.stages:
            cells.append(result.stage or "-")
        if result.settled is not None and result.missing:
            cells.append(f"stop: {result.settled.value} whatever they answer")
        else:
            cells.append(printable(result.next_question or "-"))
        self.table.add(cells)

    def finish(self) -> None:
        """Write the header and the rows held, columns aligned."""
        self.table.finish()


_WRITERS: dict[str, type[Writer]] = {
    "text": TableWriter,
    "json": JsonWriter,
    "jsonl": JsonLinesWriter,
    "csv": CsvWriter,
}

#: The output formats ``--format`` accepts: ``text`` for people (an aligned table), as on
#: every command that prints, and three for programs.
FORMATS = tuple(_WRITERS)


def output_format(value: str) -> str:
    """``--format``'s word: ``table``, its name before 1.0, still reads as ``text``, with
    a note on standard error."""
    if value == "table":
        print(
            "qualify: --format table is now --format text (the same table, the word every"
            " command uses); 'table' goes in 1.0",
            file=sys.stderr,
        )
        return "text"
    return value


def writer_for(
    format: str,  # noqa: A002
    out: TextIO,
    framework: Framework,
    dated: bool = False,
    style: Style | None = None,
) -> Writer:
    """The writer for *format*, writing to *out*; *dated*: results judged as of an instant
    (CSV adds a ``stale`` column of keys); *style*: how the table looks on a terminal."""
    if format == "text":
        return TableWriter(out, framework, dated, style)
    return _WRITERS[format](out, framework, dated)
