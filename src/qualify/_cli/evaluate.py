"""``qualify evaluate``: read a file of leads, evaluate each, write the results as they come.

Every row is evaluated or reported with the line it starts on and every
problem it has; nothing is dropped silently.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from .._core.framework import Framework
from .._core.freshness import moment
from .._core.mapping import FieldMap
from .._files.framework_files import load_file
from .._files.mapping_files import load_field_map
from .._plugins import registry as _registry
from .._core.outlook import Ask
from .._plugins.evaluate import evaluate
from .._plugins.rows import observed_times
from ..errors import QualifyError
from .input import InputError, Unreadable, input_format, read_rows, reading
from .output import listed, printable, writer_for
from .style import style_for

__all__ = [
    "delimiter_of",
    "evaluate_command",
    "framework_and_mapping",
    "framework_names",
    "load_framework_and_mapping",
    "writing",
]


def _evidence(row: object, keys: frozenset[str], others: list[str] | None) -> dict[str, Any]:
    """The row's evidence: its *keys*. A CSV row, a dict of our own, just loses its *others*."""
    if isinstance(row, Unreadable):
        raise InputError(row.reason)
    if not isinstance(row, dict):
        raise InputError(f"a lead must be an object of column to value, got {type(row).__name__}")
    if others is None:
        return {key: value for key, value in row.items() if key in keys}
    for column in others:
        row.pop(column, None)
    return row


def _lead_name(row: object, id_column: str | None, keys: frozenset[str], place: str) -> str:
    """The lead's name: the id column's value, else the first non-evidence value, else *place*."""
    if isinstance(row, dict):
        column = id_column or next((k for k in row if k not in keys), None)
        if column is not None and row.get(column) not in (None, ""):
            return str(row[column])
    return place


def _id_column(
    args: argparse.Namespace, columns: list[str], used: frozenset[str], reader: str, err: TextIO
) -> str | None:
    """Check a CSV header against the columns *reader* uses; return the one naming leads."""
    if not columns:  # JSON: every row brings its own keys
        return args.id_column  # type: ignore[no-any-return]
    if args.id_column and args.id_column not in columns:
        raise InputError(f"--id {args.id_column!r} is not a column; columns: {', '.join(columns)}")
    if not used & set(columns):
        raise InputError(
            f"no column is read by {reader}; columns: {listed(columns)};"
            f" accepted: {', '.join(sorted(used))}"
        )
    id_column: str | None = args.id_column or next((c for c in columns if c not in used), None)
    counts = Counter(columns)
    twice = [column for column, count in counts.items() if count > 1]  # in header order
    read = [c for c in twice if c in used or c == id_column]
    if read:
        raise InputError(
            f"the header names {', '.join(map(repr, read))} more than once, so there is no"
            " telling which copy to read; rename or remove the copies"
        )
    if twice:
        err.write(f"note: columns named more than once, not used: {listed(twice)}\n")
    ignored = [c for c in columns if c not in used and c != id_column]
    if ignored and args.other_columns == "error":
        raise InputError(
            f"columns not used by {reader}: {listed(ignored)} (--other-columns error);"
            f" accepted: {', '.join(sorted(used))}, and one id column"
        )
    if ignored:
        err.write(f"note: columns not used by {reader}: {listed(ignored)}\n")
    return id_column


def _mapping(value: str | None) -> FieldMap | None:
    if value is None:
        return None
    if Path(value).suffix.casefold() in (".toml", ".json") or Path(value).is_file():
        return load_field_map(value)
    return _registry.get_field_map(value)


def framework_names(args: argparse.Namespace) -> list[str]:
    """The ``-f`` values given (``bant`` when none)."""
    given = args.framework
    if given is None:
        return ["bant"]
    return [given] if isinstance(given, str) else list(given)


def framework_and_mapping(
    args: argparse.Namespace, err: TextIO
) -> tuple[Framework, FieldMap | None]:
    """The framework (a name or a file) and the mapping (a name, a file, or the framework file's)."""
    names = framework_names(args)
    if len(names) > 1:
        raise InputError(
            f"{args.command} takes one framework; -f was given {len(names)} times"
            " (qualify evaluate takes several)"
        )
    return load_framework_and_mapping(names[0], args.mapping, err)


def load_framework_and_mapping(
    name: str, mapping: str | None, err: TextIO
) -> tuple[Framework, FieldMap | None]:
    """A framework named or in a file, and the mapping named, or else the file's own."""
    if Path(name).suffix.casefold() not in (".toml", ".json"):
        return _registry.get_framework(name), _mapping(mapping)
    framework, own_mapping = load_file(name)
    if framework is None:
        raise InputError(f"{name} holds a mapping, not a framework; pass it to --mapping")
    if mapping is None and own_mapping is not None:
        err.write(f"note: reading rows through mapping {own_mapping.name} from {name}\n")
        return framework, own_mapping
    return framework, _mapping(mapping)


def delimiter_of(value: str | None) -> str | None:
    if value is None:
        return None
    delimiter = "\t" if value.casefold() in ("tab", "\\t") else value
    if len(delimiter) != 1 or delimiter in '\r\n"':
        raise InputError(f"--delimiter takes one character such as ';' or 'tab', got {value!r}")
    return delimiter


def _mapping_hint(columns: list[str], keys: frozenset[str]) -> str | None:
    """Name the registered mapping whose CRM fields the columns hold, if one fits them better
    than the framework's own keys do."""
    present = set(columns)
    best, matched = None, 0
    for name in _registry.list_field_maps():
        fields = {field.column.split(".")[0] for field in _registry.get_field_map(name).fields}
        found = len(fields & present)
        if found >= min(2, len(fields)) and found > matched:
            best, matched = name, found
    if best is None or matched <= len(keys & present):
        return None
    return f"the columns look like a {best} export: try --mapping {best}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _clock(args: argparse.Namespace) -> tuple[datetime | None, dict[str, str]]:
    """``--as-of`` as a datetime, and ``--observed-at`` as criterion key ("" for every key)
    to column."""
    as_of = getattr(args, "as_of", None)
    spec: list[str] = getattr(args, "observed_at", None) or []
    if as_of is None:
        if spec:
            raise InputError("--observed-at says when evidence was observed; it needs --as-of")
        return None, {}
    try:
        when = moment(as_of, "--as-of")
    except QualifyError as exc:
        raise InputError(str(exc)) from None
    if when is None:
        raise InputError("--as-of takes an ISO 8601 date or time, such as 2026-11-23")
    columns: dict[str, str] = {}
    for given in spec:
        key, _, column = given.rpartition("=")
        if not column or key in columns:
            raise InputError(
                f"--observed-at takes COLUMN or KEY=COLUMN, once per key; got {given!r}"
            )
        columns[key] = column
    return when, columns


def _times(row: object, columns: dict[str, str]) -> dict[str, datetime | None]:
    """When the row's evidence was observed, read from its time *columns*."""
    if not isinstance(row, dict):
        return {}
    found: dict[str, datetime | None] = {}
    for key, column in columns.items():
        if column not in row:
            raise InputError(f"the row has no column {column!r}, which --observed-at names")
        found[key] = moment(row[column], f"column {column!r}")
    return found


def evaluate_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Evaluate every lead of ``args.file``; 1 when rows were reported, else 0."""
    framework, mapping = framework_and_mapping(args, err)
    if mapping is None:
        used, reader = frozenset(framework.keys), framework.name
    else:
        used = frozenset(field.column.split(".")[0] for field in mapping.fields)
        reader = f"mapping {mapping.name}"
    as_of, time_columns = _clock(args)
    ask: Ask = getattr(args, "ask", "points")  # argparse's choices are ASK
    if ask != "points":  # a framework that cannot order so says it once, not per row
        evaluate({}, framework, ask=ask)
    form = input_format(args.file, args.input_format)
    delimiter = delimiter_of(args.delimiter)
    verdicts: Counter[str] = Counter()
    reported = 0
    with (
        reading(args.file, args.encoding) as stream,
        writing(args.output, out, args.file) as target,
    ):
        rows, columns, total = read_rows(stream, args.file, form=form, delimiter=delimiter)
        hint = _mapping_hint(columns, used) if mapping is None else None
        try:
            id_column = _id_column(
                args, columns, used | frozenset(time_columns.values()), reader, err
            )
        except InputError as exc:
            if hint is not None:
                raise InputError(f"{exc}; {hint}") from None
            raise
        if hint is not None:
            err.write(f"note: {hint}\n")
        style = style_for(target, getattr(args, "color", "auto"))
        writer = writer_for(args.format, target, framework, dated=as_of is not None, style=style)
        others = [c for c in dict.fromkeys(columns) if c not in used] if columns else None
        rows, say = _progress(rows, err, total)
        keys_seen: set[str] = set()  # for JSON input, where rows bring their own keys
        for place, row in rows:
            name = _lead_name(row, id_column, used, place)
            if not columns and isinstance(row, dict) and len(keys_seen) < 1000:
                keys_seen.update(map(str, row))
            try:
                if as_of is None:
                    evidence = _evidence(row, used, others)
                    result = evaluate(evidence, framework, mapping=mapping, ask=ask)
                else:
                    times = _times(row, time_columns)
                    result = evaluate(
                        _evidence(row, used, others),
                        framework,
                        mapping=mapping,
                        as_of=as_of,
                        observed_at=observed_times(times, framework),
                        ask=ask,
                    )
            except QualifyError as exc:
                reported += 1
                say(f"error: {place} ({printable(name)}): {printable(str(exc))}\n")
                if args.strict:
                    writer.finish()
                    say("stopped at the first bad row (--strict)\n")
                    return 1
                continue
            verdicts[result.verdict] += 1
            writer.write(name, result)
        writer.finish()
    if not columns and verdicts and not keys_seen & used:
        # every lead scored as if nothing were known: say so rather than exit quietly
        reported += 1
        err.write(
            f"error: no lead has a key {reader} reads, so none has any evidence; keys seen:"
            f" {printable(', '.join(sorted(keys_seen - {id_column or ''})) or 'none')};"
            f" accepted: {', '.join(sorted(used))}\n"
        )
    summary = ", ".join(f"{count} {verdict}" for verdict, count in sorted(verdicts.items()))
    err.write(
        f"{_plural(verdicts.total(), 'lead')} evaluated ({summary or 'none'});"
        f" {_plural(reported, 'row')} reported\n"
    )
    return 1 if reported else 0


@contextmanager
def writing(path: str | None, out: TextIO, source: str) -> Iterator[TextIO]:
    """Standard output, or the file ``-o`` names: written beside it, then moved into place.

    The file is replaced only once every result is written, so a failure leaves
    it as it was; the input file itself is never written over.
    """
    if path is None or path == "-":
        yield out
        return
    target = Path(path)
    if source != "-" and target.exists() and _same_file(target, Path(source)):
        raise InputError(f"-o {path} is the input file; write the results to another file")
    try:
        descriptor, part = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
    except OSError as exc:
        raise InputError(f"cannot write {path!r}: {exc.strerror}") from None
    try:
        with open(  # noqa: PTH123
            descriptor, "w", encoding="utf-8", errors="backslashreplace", newline=""
        ) as handle:
            yield handle
        os.replace(part, target)
    except OSError as exc:
        raise InputError(f"cannot write {path!r}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(part)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _progress(
    rows: Iterator[tuple[str, object]], err: TextIO, total: int | None
) -> tuple[Iterator[tuple[str, object]], Callable[[str], object]]:
    """The rows behind a progress bar on standard error when it is a terminal (and tqdm is
    installed), and how to write a line there without tearing the bar."""
    if not err.isatty():
        return rows, err.write
    try:
        tqdm = importlib.import_module("tqdm").tqdm
    except ImportError:
        return rows, err.write
    bar = tqdm(rows, total=total, unit="lead", file=err, leave=False)

    def say(line: str) -> None:
        bar.write(line.rstrip("\n"), file=err)

    return iter(bar), say
