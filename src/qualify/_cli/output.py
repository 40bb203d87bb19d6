"""How ``qualify evaluate`` writes its results: table, json, jsonl or csv."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from .._core.convert import to_dict
from .._core.framework import Framework
from .._core.results import Evaluation

__all__ = ["FORMATS", "Writer", "writer_for"]

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

    def __init__(self, out: TextIO, framework: Framework) -> None:
        self.out = out
        self.framework = framework

    def write(self, lead: str, result: Evaluation) -> None:
        """Take one lead's result."""
        raise NotImplementedError

    def finish(self) -> None:
        """Write whatever was collected."""


class JsonLinesWriter(Writer):
    """One JSON object per line, as each lead is evaluated."""

    def write(self, lead: str, result: Evaluation) -> None:
        """Write the lead's result as one line."""
        self.out.write(json.dumps({"lead": lead, **to_dict(result)}) + "\n")


class JsonWriter(Writer):
    """One JSON array of every result."""

    def __init__(self, out: TextIO, framework: Framework) -> None:
        super().__init__(out, framework)
        self.items: list[dict[str, object]] = []

    def write(self, lead: str, result: Evaluation) -> None:
        """Collect the lead's result."""
        self.items.append({"lead": lead, **to_dict(result)})

    def finish(self) -> None:
        """Write the array."""
        json.dump(self.items, self.out, indent=2)
        self.out.write("\n")


class CsvWriter(Writer):
    """Flat rows for spreadsheets: lists of keys are joined with spaces."""

    def __init__(self, out: TextIO, framework: Framework) -> None:
        super().__init__(out, framework)
        self.rows = csv.writer(out, lineterminator="\n")
        self.rows.writerow(CSV_COLUMNS)

    def write(self, lead: str, result: Evaluation) -> None:
        """Write the lead's row."""
        self.rows.writerow(
            (
                lead,
                result.verdict.value,
                f"{result.score:.2f}",
                f"{result.completeness:.4f}",
                f"{result.potential:.2f}",
                result.stage or "",
                result.next_stage or "",
                " ".join(m.key for m in result.missing),
                result.next_question or "",
                " ".join(result.disqualified_by),
            )
        )


class TableWriter(Writer):
    """An aligned table for people: lead, verdict, score, completeness, stage, next question."""

    def __init__(self, out: TextIO, framework: Framework) -> None:
        super().__init__(out, framework)
        self.rows: list[list[str]] = []

    def write(self, lead: str, result: Evaluation) -> None:
        """Collect the lead's row."""
        cells = [lead, result.verdict.value, f"{result.score:.1f}", f"{result.completeness:.0%}"]
        if self.framework.stages:
            cells.append(result.stage or "-")
        cells.append(result.next_question or "-")
        self.rows.append(cells)

    def finish(self) -> None:
        """Write the table, columns aligned."""
        header = ["lead", "verdict", "score", "complete"]
        header += ["stage"] if self.framework.stages else []
        header += ["ask next"]
        table = [header, *self.rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
        for cells in table:
            line = "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=False))
            self.out.write(f"{line}  {cells[-1]}".rstrip() + "\n")


_WRITERS: dict[str, type[Writer]] = {
    "table": TableWriter,
    "json": JsonWriter,
    "jsonl": JsonLinesWriter,
    "csv": CsvWriter,
}

#: The output formats ``--format`` accepts.
FORMATS = tuple(_WRITERS)


def writer_for(format: str, out: TextIO, framework: Framework) -> Writer:  # noqa: A002
    """The writer for *format*, writing to *out*."""
    return _WRITERS[format](out, framework)
