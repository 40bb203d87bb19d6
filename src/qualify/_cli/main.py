"""The ``qualify`` command: evaluate a file of leads, list the frameworks.

An adapter on the outside of the library: it reads files, calls the public
API and prints. Nothing inside qualify imports it.
"""

from __future__ import annotations

import argparse
import json
import contextlib
import csv
import importlib
import importlib.metadata
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from ..errors import QualifyError
from .._core.outlook import ASK
from .evaluate import evaluate_command, framework_names, load_framework_and_mapping
from .output import printable, printable_lines
from .frameworks import frameworks_command, show_command, validate_command
from .input import FORMATS as INPUT_FORMATS
from .._files.schemas import EVIDENCE, SCHEMAS, json_schema
from .compare import compare_command
from .handoffs import add_handoffs_parser, handoffs_command
from .learn import add_backtest_parser, add_calibrate_parser, backtest_command, calibrate_command
from .output import FORMATS, output_format
from .style import COLOR
from .completion import SHELLS, completion_script

__all__ = ["PIPE_CLOSED", "main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qualify",
        description="Score sales leads against qualification frameworks such as BANT.",
    )
    parser.add_argument(
        "--version", action="version", version=f"qualify {_version()}", help="print the version"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "evaluate",
        help="evaluate every lead in a CSV, JSON Lines or JSON file",
        description=(
            "Evaluate every lead in FILE. Columns named like the framework's criterion"
            " or disqualifier keys are evidence; an empty cell means no evidence."
        ),
    )
    _inputs(run)
    run.add_argument(
        "--format",
        type=output_format,
        choices=FORMATS,
        default="text",
        help="output format (default: text, an aligned table); in csv, a cell a spreadsheet"
        " would run as a formula (starting with = + - @, tab or carriage return) gets a leading '",
    )
    run.add_argument(
        "--color",
        choices=COLOR,
        default="auto",
        help="verdicts in colour in the table: on a terminal unless NO_COLOR is set (auto,"
        " the default), always, or never",
    )
    run.add_argument(
        "--id",
        dest="id_column",
        metavar="COLUMN",
        help="column that names each lead (default: the first column that is not evidence)",
    )
    run.add_argument(
        "--strict", action="store_true", help="stop at the first row that cannot be evaluated"
    )
    run.add_argument(
        "--other-columns",
        choices=("ignore", "error"),
        default="ignore",
        help="what to do with columns that are neither evidence nor the id: name them on"
        " standard error and go on (the default), or refuse the file",
    )
    run.add_argument(
        "--as-of",
        metavar="WHEN",
        help="judge evidence as it stood at WHEN (ISO 8601: 2026-11-23 or"
        " 2026-11-23T09:00+00:00): later evidence is left out, evidence older than its"
        " criterion's fresh_for counts as missing and is asked again",
    )
    run.add_argument(
        "--observed-at",
        metavar="[KEY=]COLUMN",
        action="append",
        default=[],
        help="the column saying when a row's evidence was observed; KEY=COLUMN for one"
        " criterion's own (repeatable). Needs --as-of",
    )
    run.add_argument(
        "--ask",
        choices=ASK,
        default="points",
        help="the order of the questions to ask: most points first (the default), likeliest"
        " to change the verdict first, or most telling about winning first (calibrated)",
    )
    add_backtest_parser(commands, _inputs)
    add_handoffs_parser(commands, _inputs)
    add_calibrate_parser(commands, _inputs)

    listing = commands.add_parser("frameworks", help="list the registered frameworks and mappings")
    listing.add_argument(
        "--format", choices=("text", "json"), default="text", help="a list to read, or JSON"
    )

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of an evaluation, a framework, a framework file...",
        description="Print a JSON Schema (draft 2020-12): of what to_dict writes, or of a file.",
    )
    names = (*SCHEMAS, EVIDENCE)
    schema.add_argument("name", choices=names, metavar="NAME", help=", ".join(names))
    schema.add_argument(
        "-f",
        "--framework",
        metavar="NAME|FILE",
        help="with evidence: the framework whose leads it describes, registered or a file",
    )

    completion = commands.add_parser(
        "completion",
        help="print a shell completion script: eval \"$(qualify completion bash)\"",
        description="Print a completion script for bash or zsh: commands, options, their"
        " values and the registered frameworks.",
    )
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help=" or ".join(SHELLS))

    show = commands.add_parser(
        "show", help="print a framework's criteria, questions, weights, scales and stages"
    )
    show.add_argument(
        "name", metavar="NAME|FILE", help="a registered framework or a framework file"
    )
    show.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="a description to read, or the framework (and mapping) as to_dict writes them",
    )

    validate = commands.add_parser(
        "validate",
        help="check framework and mapping files; print OK or every problem",
        description=(
            "Check framework and mapping files (or folders of them). A file that extends"
            " a framework from another file is checked with its folder: pass the folder."
        ),
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="a .toml/.json file or a folder")
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="OK or every problem, for people (text, the default), or one object per file with"
        " its errors located by key path (json)",
    )
    return parser


def _inputs(run: argparse.ArgumentParser) -> None:
    """The arguments every command reading a file of leads takes."""
    run.add_argument(
        "file",
        metavar="FILE",
        help="a .csv, .jsonl or .json file, or - for standard input (CSV unless --input-format)",
    )
    run.add_argument(
        "--input-format",
        choices=tuple(INPUT_FORMATS),
        help="how FILE is written (default: by its ending: .jsonl/.ndjson, .json, else CSV)",
    )
    run.add_argument(
        "--delimiter",
        metavar="CHAR",
        help="the CSV separator (default: whichever of , ; tab | the header line holds most);"
        " 'tab' for a tab",
    )
    run.add_argument(
        "-f",
        "--framework",
        action="append",
        metavar="NAME|FILE",
        help="a registered framework or a framework file; a file's [mapping] is used"
        " unless --mapping is given (default: bant)"
        + (
            "; give it more than once to judge every lead under several frameworks"
            if run.prog.endswith(" evaluate")
            else ""
        ),
    )
    run.add_argument(
        "-m",
        "--mapping",
        metavar="NAME|FILE",
        help="read CRM rows through a field mapping: a registered name or a mapping file",
    )
    run.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the results to FILE instead of standard output",
    )
    run.add_argument(
        "--encoding",
        default="utf-8",
        help="the text encoding of FILE, such as cp1252 for a spreadsheet export (default:"
        " utf-8; a UTF-8 or UTF-16 byte order mark is always honoured)",
    )


def _version() -> str:
    try:
        return importlib.metadata.version("qualify")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


#: The exit status when the reader of the output went away: 128 + SIGPIPE, what a shell
#: reports for a Unix tool that SIGPIPE ended, so a script tells it from "rows reported".
PIPE_CLOSED = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``qualify`` command with *argv* (default: the process arguments).

    Returns the exit status: 0 when every lead or file was fine, 1 when some
    rows or files were reported and the rest handled, 2 for a usage error or a
    problem that stopped the command, 130 when interrupted, and :data:`PIPE_CLOSED`
    (141) when the reader of its output went away (``qualify ... | head``).

    >>> from qualify.cli import main
    >>> main(["frameworks"])  # doctest: +ELLIPSIS, +NORMALIZE_WHITESPACE
    Frameworks:
      name  title  from plugin
      anum  ANUM, version 1  qualify.frameworks.anum
    ...
    0
    """
    parser = _parser()
    if not (sys.argv[1:] if argv is None else argv):  # qualify alone: what it can do
        parser.print_help(sys.stdout)
        return 0
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    for stream in (out, err):  # a lone surrogate in an id is shown escaped, not a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
    try:
        return _run(args, out, err)
    except KeyboardInterrupt:
        err.write("qualify: interrupted\n")
        return 130
    except BrokenPipeError:
        # the reader went away (``qualify ... | head``): stop quietly, as Unix tools do
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return PIPE_CLOSED


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        if args.command == "evaluate":
            if len(framework_names(args)) > 1:
                return compare_command(args, out, err)
            return evaluate_command(args, out, err)
        if args.command == "backtest":
            return backtest_command(args, out, err)
        if args.command == "handoffs":
            return handoffs_command(args, out, err)
        if args.command == "completion":
            out.write(completion_script(_parser(), args.shell))
            return 0
        if args.command == "schema":
            return _schema_command(args, out, err)
        if args.command == "calibrate":
            return calibrate_command(args, out, err)
        if args.command == "show":
            return show_command(args.name, out, args.format)
        if args.command == "validate":
            return validate_command(args.files, out, args.format)
        return frameworks_command(out, getattr(args, "format", "text"))
    except QualifyError as exc:  # a message may quote the file: never raw to the terminal
        err.write(f"qualify: error: {printable_lines(str(exc))}\n")
        return 2
    except csv.Error as exc:
        err.write(
            f"qualify: error: {printable(args.file)} is not readable CSV: {printable(str(exc))}\n"
        )
        return 2


def _schema_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``qualify schema NAME [-f FRAMEWORK]``: a JSON Schema, printed."""
    framework = None
    if args.name == EVIDENCE and args.framework is None:
        raise QualifyError(
            "qualify schema evidence describes one framework's leads; name it with -f, such as"
            " 'qualify schema evidence -f bant'"
        )
    if args.framework is not None:
        if args.name != EVIDENCE:
            raise QualifyError(f"-f goes with 'qualify schema evidence' only, not {args.name!r}")
        framework = load_framework_and_mapping(args.framework, None, err)[0]
    out.write(json.dumps(json_schema(args.name, framework=framework), indent=2) + "\n")
    return 0
