"""``qualify backtest``: how well a framework's score predicted the outcomes in a file."""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .._core.convert import to_dict
from .._core.probability import Chance
from .._files.framework_files import dump_framework
from .._learn.backtest import backtest
from .._learn.calibrate import calibrate
from .._views.learn import backtest_text, calibration_text
from .evaluate import delimiter_of, framework_and_mapping, writing
from .input import InputError, Unreadable, input_format, read_rows, reading
from .output import printable, printable_lines
from ..errors import OutcomeError, QualifyError

__all__ = ["add_backtest_parser", "add_calibrate_parser", "backtest_command", "calibrate_command"]


def _outcome_arguments(run: Any) -> None:
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


def add_calibrate_parser(commands: Any, common: Any) -> None:
    """The ``calibrate`` command's arguments; *common* adds the input options evaluate has."""
    run = commands.add_parser(
        "calibrate",
        help="fit a framework's weights and rungs to won and lost leads in a file",
        description=(
            "Fit the framework's weights, rung satisfactions and what not knowing earns to"
            " the outcomes in FILE, keeping its keys, questions, scales and stages, and give"
            " it a probability of winning. Prints what changed, where the data turned a"
            " declared order around, and the held-out ROC AUC before and after (on the"
            " newest leads with --time); -o writes the calibrated framework file (.toml or"
            " .json, with the framework file's own mapping) to review and load."
        ),
    )
    common(run)
    _outcome_arguments(run)
    run.add_argument("--folds", type=int, default=5, help="cross-validation folds (default: 5)")
    run.add_argument(
        "--time",
        metavar="COLUMN",
        help="the column saying when each lead came in (a date, a datetime, or a number such"
        " as an increasing lead id): every choice is then validated on the newest leads",
    )
    run.add_argument(
        "--seed", type=int, default=0, help="how leads are dealt into folds (default: 0)"
    )
    threshold = run.add_mutually_exclusive_group()
    threshold.add_argument(
        "--qualified-at",
        type=_threshold,
        metavar="SCORE|chance=P",
        help="what qualified means in the calibrated framework: a score (70), or a chance of"
        " winning (chance=0.3); default: the framework's own",
    )
    threshold.add_argument(
        "--qualified-share",
        type=_share,
        metavar="SHARE",
        help="qualify this share of the leads (0.2 for one in five): the calibrated framework"
        " qualifies at the chance that does so",
    )
    run.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="a report to read (default) or the calibration as JSON (what to_dict writes)",
    )


def _threshold(text: str) -> float | Chance:
    """``--qualified-at``: a score, or ``chance=P``."""
    word, sign, number = text.partition("=")
    try:
        if sign and word.strip().casefold() == "chance":
            return Chance(float(number))
        if not sign:
            score = float(text)
            if 0 < score <= 100:
                return score
    except (ValueError, QualifyError):
        pass
    raise argparse.ArgumentTypeError(
        f"expected a score above 0 and at most 100 (70) or a chance above 0 and below 1"
        f" (chance=0.3), got {text!r}"
    )


def _share(text: str) -> float:
    """``--qualified-share``: a share above 0 and below 1."""
    try:
        share = float(text)
    except ValueError:
        share = -1.0
    if not 0 < share < 1:
        raise argparse.ArgumentTypeError(
            f"expected a share above 0 and below 1 (0.2 for one lead in five), got {text!r}"
        )
    return share


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
    _outcome_arguments(run)
    run.add_argument(
        "--by", metavar="COLUMN", help="also report conversion per value of COLUMN (a source)"
    )
    run.add_argument(
        "--dates",
        nargs=2,
        metavar=("CREATED", "CLOSED"),
        help="the columns holding when each lead came in and when it was won or lost: adds"
        " the share won within 3, 6, 12 and 24 months",
    )
    run.add_argument(
        "--test",
        metavar="FILE",
        help="score the framework on the leads of FILE (newer ones, same columns) instead, and"
        " show how they drifted from the leads of the input file",
    )
    run.add_argument(
        "--time",
        metavar="COLUMN",
        help="the column saying when each lead came in: shows how the newest 30%% of the leads"
        " drifted from the rest",
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


def calibrate_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Calibrate on the leads of ``args.file``; print the report, write the framework to -o."""
    framework, mapping = framework_and_mapping(args, err)
    form = input_format(args.file, args.input_format)
    target = args.output
    if target is not None and Path(target).suffix.casefold() not in (".toml", ".json"):
        raise InputError(f"-o writes a framework file: name it .toml or .json, not {target!r}")
    skipped = _Skipped(err)
    with reading(args.file, args.encoding) as stream, skipped.placed():
        result = calibrate(
            skipped.rows(stream, args, form, {"--outcome": args.outcome, "--time": args.time}),
            framework,
            args.outcome,
            mapping=mapping,
            won=args.won,
            errors="report",
            folds=args.folds,
            seed=args.seed,
            time=args.time,
            qualified_at=args.qualified_at,
            qualified_share=args.qualified_share,
        )
    if getattr(args, "format", "text") == "json":
        out.write(json.dumps(to_dict(result), indent=2) + "\n")
    else:
        out.write(printable_lines(calibration_text(result)))
    if target is not None:
        if (
            args.file != "-"
            and Path(target).exists()
            and Path(target).resolve() == Path(args.file).resolve()
        ):
            raise InputError(f"-o {target} is the input file; write the framework to another file")
        # the file's own mapping goes with it, so the calibrated file reads the same rows;
        # a mapping named with --mapping is the user's to pass again
        dump_framework(result.framework, target, mapping=mapping if args.mapping is None else None)
        out.write(f"\nwrote {printable(target)}\n")
    if result.before.skipped:
        count = result.before.skipped
        err.write(f"note: {count:,} lead{'s' if count > 1 else ''} could not be scored, left out\n")
    return 1 if skipped.count or result.before.skipped else 0


class _Skipped:
    """Rows that cannot be read: reported on standard error and counted."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.count = 0
        self.places: list[str] = []  # where each row handed on is in its file: "line 4"

    @contextlib.contextmanager
    def placed(self) -> Iterator[None]:
        """Name a lead an OutcomeError is about by its place in the file, not its position
        among the rows handed on."""
        try:
            yield
        except OutcomeError as exc:
            if exc.lead is None or not 0 < exc.lead <= len(self.places):
                raise
            where = self.places[exc.lead - 1]
            raise InputError(str(exc).replace(f"lead {exc.lead}", where, 1)) from None

    def rows(
        self,
        stream: TextIO,
        args: argparse.Namespace,
        form: str,
        named: dict[str, str | None],
        name: str | None = None,
    ) -> Iterator[Any]:
        """The readable rows of *stream* (the file *name*, else the input file), once the
        columns *named* (option: column) are found in its header."""
        rows, columns, _ = read_rows(
            stream, name or args.file, form=form, delimiter=delimiter_of(args.delimiter)
        )
        for what, column in named.items():
            if column is not None and columns and column not in columns:
                raise InputError(
                    f"{what} {column!r} is not a column; columns: {', '.join(columns)}"
                )
        return self._readable(rows)

    def _readable(self, rows: Iterator[tuple[str, object]]) -> Iterator[Any]:
        for place, row in rows:
            if isinstance(row, Unreadable) or not isinstance(row, dict):
                self.count += 1
                reason = row.reason if isinstance(row, Unreadable) else "not an object"
                self.err.write(f"error: {place}: {printable(reason)}\n")
                continue
            self.places.append(place)
            yield row


def backtest_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Backtest the leads of ``args.file``; 1 when rows could not be read or scored, else 0."""
    framework, mapping = framework_and_mapping(args, err)
    form = input_format(args.file, args.input_format)
    skipped = _Skipped(err)
    named = {"--outcome": args.outcome, "--by": args.by, "--time": args.time}
    with contextlib.ExitStack() as stack:
        stream = stack.enter_context(reading(args.file, args.encoding))
        target = stack.enter_context(writing(args.output, out, args.file))
        test = None
        if args.test is None:  # the leads of one file: an outcome error names its line
            stack.enter_context(skipped.placed())
        else:
            newer = stack.enter_context(reading(args.test, args.encoding))
            test = list(
                skipped.rows(newer, args, input_format(args.test, args.input_format), named, args.test)
            )
        result = backtest(
            skipped.rows(stream, args, form, named),
            framework,
            args.outcome,
            mapping=mapping,
            won=args.won,
            by=args.by,
            cost=args.cost,
            errors="report",
            created=args.dates[0] if args.dates else None,
            closed=args.dates[1] if args.dates else None,
            test=test,
            time=args.time,
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
    return 1 if skipped.count or result.skipped else 0

