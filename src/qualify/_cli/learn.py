"""``qualify backtest``: how well a framework's score predicted the outcomes in a file."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from typing import Any, TextIO

from .._core.convert import to_dict
from .._learn.backtest import backtest
from .._views.learn import backtest_text
from .evaluate import delimiter_of, framework_and_mapping, writing
from .input import InputError, Unreadable, input_format, read_rows, reading
from .output import printable

__all__ = ["add_backtest_parser", "backtest_command"]


def add_backtest_parser(commands: Any, common: Any) -> None:
    """The ``backtest`` command's arguments; *common* adds the input options evaluate has."""
    run = commands.add_parser(
        "backtest",
        help="report how well a framework's score predicted won and lost leads in a file",
        description=(
            "Score every lead in FILE whose outcome is known and report how well the score"
            " and verdicts predicted it: ROC AUC, conversion by verdict and by score band,"
            " and per criterion the conversion on each rung, with weight of evidence."
        ),
    )
    common(run)
    run.add_argument(
        "--outcome",
        required=True,
        metavar="COLUMN",
        help="the column holding each lead's outcome: true/false, 1/0, yes/no, won/lost"
        " (any case); blank for a lead still open",
    )
    run.add_argument(
        "--won",
        action="append",
        metavar="VALUE",
        help="a value of the outcome column that means won (repeat for several); with it,"
        " any other value means lost",
    )
    run.add_argument(
        "--by", metavar="COLUMN", help="also report conversion per value of COLUMN (a source)"
    )
    run.add_argument(
        "--cost",
        type=float,
        metavar="AMOUNT",
        help="what one lead costs: adds the cost per qualified lead and per won deal to --by",
    )
    run.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="a report to read (default) or the backtest as JSON",
    )


def backtest_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Backtest the leads of ``args.file``; 1 when rows could not be read or scored, else 0."""
    framework, mapping = framework_and_mapping(args, err)
    form = input_format(args.file, args.input_format)
    unreadable = 0
    with (
        reading(args.file, args.encoding) as stream,
        writing(args.output, out, args.file) as target,
    ):
        rows, columns, _ = read_rows(
            stream, args.file, form=form, delimiter=delimiter_of(args.delimiter)
        )
        for column, what in ((args.outcome, "--outcome"), (args.by, "--by")):
            if column is not None and columns and column not in columns:
                raise InputError(
                    f"{what} {column!r} is not a column; columns: {', '.join(columns)}"
                )

        def readable() -> Iterator[Any]:
            nonlocal unreadable
            for place, row in rows:
                if isinstance(row, Unreadable) or not isinstance(row, dict):
                    unreadable += 1
                    reason = row.reason if isinstance(row, Unreadable) else "not an object"
                    err.write(f"error: {place}: {printable(reason)}\n")
                    continue
                yield row

        result = backtest(
            readable(),
            framework,
            args.outcome,
            mapping=mapping,
            won=args.won,
            by=args.by,
            cost=args.cost,
            errors="report",
        )
        if args.format == "json":
            target.write(json.dumps(to_dict(result), indent=2) + "\n")
        else:
            target.write(printable_lines(backtest_text(result)))
    if result.skipped:
        err.write(
            f"note: {result.skipped:,} lead{'s' if result.skipped > 1 else ''} could not be"
            " scored and are left out;"
            " qualify evaluate on the same file says why\n"
        )
    return 1 if unreadable or result.skipped else 0


def printable_lines(text: str) -> str:
    """*text* with control characters escaped, line breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))
