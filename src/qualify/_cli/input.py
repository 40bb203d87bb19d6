"""Reading leads for ``qualify evaluate``: CSV, JSON Lines or a JSON array, as rows.

Every record of the input comes out as one ``(place, row)`` pair, where
*place* says where it stands in the file (``line 7``, ``item 3``): a row that
cannot be read is an :class:`Unreadable` with the reason, so the command can
report it and go on. Nothing is dropped silently; only blank lines are skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from ..errors import QualifyError

if TYPE_CHECKING:
    from _csv import Reader

__all__ = [
    "DELIMITERS",
    "FORMATS",
    "InputError",
    "Unreadable",
    "input_format",
    "read_rows",
    "reading",
]


class InputError(QualifyError):
    """The input cannot be read as leads (or a row of it cannot)."""


@dataclass(frozen=True)
class Unreadable:
    """A record that could not be read, and why."""

    reason: str


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _encoding(binary: BinaryIO, encoding: str) -> str:
    """The encoding to read with: a byte order mark wins over *encoding*."""
    peek = getattr(binary, "peek", None)
    start = peek(4)[:4] if peek is not None else b""
    for bom, name in _BOMS:
        if start.startswith(bom):
            return name
    return "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding


# Bytes that are not valid in the encoding are kept as lone surrogates, so one bad
# row is reported with its number instead of ending the whole file.
_KEEP = "qualify-keep"


def _keep(error: UnicodeError) -> tuple[str, int]:
    """Keep bytes the encoding cannot read as lone surrogates, so the row holding them is
    reported, never the whole read: ``surrogateescape`` does this for bytes of 128 and
    over only, and a UTF-16 file cut mid-character ends in a low byte."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(chr(0xDC00 + byte) for byte in bad), error.end


codecs.register_error(_KEEP, _keep)


def _undecodable(text: str) -> bool:
    """Whether *text* holds bytes that were not valid in the file's encoding."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_NOT_TEXT = "holds bytes that are not valid {} text; pass --encoding (such as cp1252)"


def _not_text(what: str, encoding: str) -> str:
    name = "UTF-8" if encoding == "utf-8-sig" else encoding
    return f"{what} {_NOT_TEXT.format(name)}"


@contextmanager
def reading(path: str, encoding: str = "utf-8") -> Iterator[TextIO]:
    """Open *path* (``-``: standard input) as text in *encoding*.

    A UTF-8 or UTF-16 byte order mark is honoured whatever *encoding* says.
    Bytes the encoding cannot read do not stop the reading: the rows holding
    them are reported.
    """
    try:
        text_encoding = codecs.lookup(encoding)._is_text_encoding
        if text_encoding:
            # a charset reads bytes it cannot decode leniently (the rows are reported);
            # one that cannot (idna, for host names) is no encoding files are written in
            codecs.getincrementaldecoder(encoding)(errors=_KEEP).decode(b"a", final=True)
    except (LookupError, TypeError, ValueError):  # UnicodeError is a ValueError
        text_encoding = False
    if not text_encoding:  # unknown, or a codec such as rot13 or base64 that is no charset
        raise InputError(
            f"unknown text encoding {encoding!r}; try utf-8, utf-16, cp1252 or latin-1"
        )
    if path == "-":
        binary: BinaryIO = sys.stdin.buffer
        stream = io.TextIOWrapper(
            binary, encoding=_encoding(binary, encoding), errors=_KEEP, newline=""
        )
        try:
            yield stream
        finally:
            stream.detach()  # leave the process's stdin open
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot open {path!r}: {exc.strerror}") from None
    with handle:
        text = io.TextIOWrapper(
            handle, encoding=_encoding(handle, encoding), errors=_KEEP, newline=""
        )
        try:
            yield text
        finally:
            text.detach()


#: The input formats, and the file name endings that mean each.
FORMATS = {"csv": (".csv", ".txt", ".tsv"), "jsonl": (".jsonl", ".ndjson"), "json": (".json",)}

#: The separators a CSV header is searched for when none is given.
DELIMITERS = (",", ";", "\t", "|")


def input_format(path: str, given: str | None) -> str:
    """The format to read *path* in: *given*, else by its ending; standard input is CSV."""
    if given is not None:
        return given
    suffix = Path(path).suffix.casefold() if path != "-" else ".csv"
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name
    return "csv"


def read_rows(
    stream: TextIO, path: str, *, form: str = "csv", delimiter: str | None = None
) -> tuple[Iterator[tuple[str, object]], list[str], int | None]:
    """Return (place, row) pairs, the column names and, when known, how many records.

    *form* is ``csv``, ``jsonl`` or ``json``; a CSV *delimiter* that is not given
    is the one of :data:`DELIMITERS` found most often in the header line.
    """
    if form == "jsonl":
        return _jsonl_rows(stream), [], None
    if form == "json":
        text = stream.read()
        if _undecodable(text):
            raise InputError(_not_text(path, stream.encoding))
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: not valid JSON: {exc}") from None
        except RecursionError:
            raise InputError(f"{path}: arrays or objects nest too deeply to read") from None
        if not isinstance(items, list):
            raise InputError(f"{path}: a JSON file must hold an array of lead objects")
        return ((f"item {n}", item) for n, item in enumerate(items, start=1)), [], len(items)
    rows, header = _csv_rows(stream, path, delimiter)
    return rows, header, None


def _csv_rows(
    stream: TextIO, path: str, delimiter: str | None
) -> tuple[Iterator[tuple[str, object]], list[str]]:
    first = stream.readline()
    if delimiter is None:
        counts = [(first.count(candidate), -rank) for rank, candidate in enumerate(DELIMITERS)]
        delimiter = DELIMITERS[-max(counts)[1]] if max(counts)[0] else ","
    reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter, strict=True)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise InputError(f"{path}: the CSV header cannot be read: {exc}") from None
    if not any(name.strip() for name in header):
        raise InputError(f"{path}: the CSV file has no header row")
    if _undecodable("".join(header)):
        raise InputError(_not_text(f"{path}: the header", stream.encoding))
    return _csv_records(reader, header, stream.encoding), header


def _csv_records(reader: Reader, header: list[str], encoding: str) -> Iterator[tuple[str, object]]:
    width = len(header)
    while True:
        place = f"line {reader.line_num + 1}"  # where the next record starts
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield place, Unreadable(f"not readable CSV: {exc}")
            continue
        if not values:
            continue  # a blank line
        if _undecodable("".join(values)):
            yield place, Unreadable(_not_text("the row", encoding))
            continue
        if len(values) > width and any(value.strip() for value in values[width:]):
            yield (
                place,
                Unreadable(
                    f"the row has {len(values)} values but the header names {width} columns"
                ),
            )
            continue
        yield place, dict(zip(header, values, strict=False))


def _jsonl_rows(stream: TextIO) -> Iterator[tuple[str, object]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        if _undecodable(line):
            yield f"line {number}", Unreadable(_not_text("the line", stream.encoding))
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"line {number}", Unreadable(f"not valid JSON: {exc.msg}")
            continue
        except RecursionError:
            yield f"line {number}", Unreadable("arrays or objects nest too deeply to read")
            continue
        yield f"line {number}", item
