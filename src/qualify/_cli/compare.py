"""``qualify evaluate FILE -f bant -f champ ...``: every lead under several frameworks at once.

Each row's columns are evidence for any of the frameworks (their keys), for a
concept they measure, or for one framework alone (``champ:money``); each lead
is evaluated with :func:`qualify.compare` and written with every
framework's verdict and score and the one question that moves them all most.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from typing import Any, TextIO

from .._core.convert import to_dict
from .._core.framework import Framework
from .._plugins.several import compare
from ..errors import QualifyError
from .evaluate import (
    _id_column,
    _lead_name,
    _plural,
    delimiter_of,
    framework_names,
    load_framework_and_mapping,
    writing,
)
from .input import InputError, Unreadable, input_format, read_rows, reading
from .output import neutralised, printable
from .style import Aligned, Style, style_for

__all__ = ["compare_command"]


def _frameworks(args: argparse.Namespace, err: TextIO) -> list[Framework]:
    if args.mapping is not None:
        raise InputError("--mapping reads rows for one framework; give one -f with it")
    frameworks = []
    for name in framework_names(args):
        framework, own = load_framework_and_mapping(name, None, err)
        if own is not None:
            raise InputError(
                f"{name} reads rows through its mapping {own.name}, which several frameworks"
                " cannot share; evaluate it on its own"
            )
        frameworks.append(framework)
    return frameworks


def _accepted(frameworks: list[Framework]) -> frozenset[str]:
    """The column names rows may carry evidence under."""
    keys = {key for framework in frameworks for key in framework.keys}
    keys |= {c.concept for f in frameworks for c in f.criteria if c.concept}
    keys |= {f"{f.name}:{key}" for f in frameworks for key in f.keys}
    return frozenset(keys)


def compare_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Evaluate every lead of ``args.file`` under each ``-f`` framework; 1 when rows were
    reported, else 0."""
    frameworks = _frameworks(args, err)
    names = [framework.name for framework in frameworks]
    used = _accepted(frameworks)
    form = input_format(args.file, args.input_format)
    reported = 0
    verdicts: Counter[tuple[str, str]] = Counter()
    with (
        reading(args.file, args.encoding) as stream,
        writing(args.output, out, args.file) as target,
    ):
        rows, columns, _ = read_rows(
            stream, args.file, form=form, delimiter=delimiter_of(args.delimiter)
        )
        id_column = _id_column(args, columns, used, ", ".join(names), err)
        write = _writer(
            args.format, target, names, style_for(target, getattr(args, "color", "auto"))
        )
        for place, row in rows:
            name = _lead_name(row, id_column, used, place)
            try:
                if isinstance(row, Unreadable):
                    raise InputError(row.reason)
                if not isinstance(row, dict):
                    raise InputError(f"a lead must be an object, got {type(row).__name__}")
                evidence = {key: value for key, value in row.items() if key in used}
                result = compare(evidence, frameworks, ask=getattr(args, "ask", "points"))
            except QualifyError as exc:
                reported += 1
                err.write(f"error: {place} ({printable(name)}): {printable(str(exc))}\n")
                if args.strict:
                    err.write("stopped at the first bad row (--strict)\n")
                    return 1
                continue
            for evaluation in result.evaluations:
                verdicts[(evaluation.framework, evaluation.verdict.value)] += 1
            write(name, result)
        write(None, None)
    leads = sum(count for (framework, _), count in verdicts.items() if framework == names[0])
    err.write(
        f"{_plural(leads, 'lead')} evaluated under {', '.join(names)};"
        f" {_plural(reported, 'row')} reported\n"
    )
    return 1 if reported else 0


def _writer(form: str, target: TextIO, names: list[str], style: Style) -> Any:
    """A function writing one lead's comparison (``None``: the end) in *form*."""
    if form in ("json", "jsonl"):
        started = [False]

        def write_json(lead: str | None, result: Any) -> None:
            if lead is None:
                if form == "json":
                    target.write("\n]\n" if started[0] else "[]\n")
                return
            line = json.dumps({"lead": lead, **to_dict(result)})
            if form == "jsonl":
                target.write(line + "\n")
            else:
                target.write(("[\n" if not started[0] else ",\n") + line)
                started[0] = True

        return write_json
    if form == "csv":
        rows = csv.writer(target, lineterminator="\n")
        rows.writerow(
            ["lead", *(f"{n}_{c}" for n in names for c in ("verdict", "score")),
             "next_concept", "next_question"]  # fmt: skip
        )

        def write_csv(lead: str | None, result: Any) -> None:
            if lead is None:
                return
            first = result.questions[0] if result.questions else None
            cells = [neutralised(lead)]
            for evaluation in result.evaluations:
                cells += [evaluation.verdict.value, f"{evaluation.score:.2f}"]
            cells += [
                (first.concept or "") if first else "",
                neutralised(first.question) if first else "",
            ]
            rows.writerow(cells)

        return write_csv

    # lead, then each framework's verdict and score, then the question that moves them most
    header = ["lead", *(c for n in names for c in (n, "score")), "ask next"]
    table = Aligned(
        target, header, style,
        numbers=frozenset(range(2, len(header) - 1, 2)),
        verdicts=frozenset(range(1, len(header) - 1, 2)),
    )  # fmt: skip

    def write_table(lead: str | None, result: Any) -> None:
        if lead is None:
            table.finish()
            return
        cells = [printable(lead)]
        for evaluation in result.evaluations:
            cells += [evaluation.verdict.value, f"{evaluation.score:.1f}"]
        table.add([*cells, printable(result.next_question or "-")])

    return write_table
