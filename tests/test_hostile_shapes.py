"""Hostile shapes, generated: text of any kind, nesting of any depth, folders of anything.

The concrete cases live in test_hostile.py and test_cli.py; these properties
draw the shapes instead, so a case nobody thought of is tried on every run:

- any text in a lead's id and values reaches every output format of
  ``qualify evaluate`` safely (no control character on the terminal, no
  spreadsheet formula in a CSV cell, the id read back exactly from JSON);
- JSON and TOML nested to any depth, as a framework file or as command-line
  input, loads or is refused with a message that says so, never a
  ``RecursionError``;
- a frameworks folder holding any mix of good files, broken files, clashes,
  chains, empty files, folders, pipes and dangling links loads every good
  framework and names every bad file in a warning.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualify
from qualify._files.folders import FRAMEWORKS_PATH_ENV, frameworks_from_environment
from qualify.cli import main

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# What a terminal must never receive: C0 and C1 controls but the newline ending
# a line, and the bidirectional overrides that make text read otherwise.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

hostile_text = st.lists(
    st.characters()  # any code point, lone surrogates and controls included
    | st.sampled_from(["\x1b[31m", "\x1b]0;x\x07", "\u202e", "\r", "\n", "=", "+", "-", "@", "\t"]),
    max_size=8,
).map("".join)
values = hostile_text | st.sampled_from(["validated", "allocated", "decision maker", "3", ""])


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@SETTINGS
@given(st.lists(st.tuples(hostile_text, values, values), min_size=1, max_size=6))
def test_any_text_in_ids_and_values_is_written_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], leads: list[tuple[str, str, str]]
) -> None:
    path = tmp_path / "leads.jsonl"
    records = [{"lead": lead, "need": need, "budget": budget} for lead, need, budget in leads]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    for form in ("text", "csv", "jsonl", "json"):
        code, out, err = _run(capsys, "evaluate", str(path), "--id", "lead", "--format", form)
        assert code in (0, 1), err
        assert not UNSAFE.search(err), err
        reported = [line for line in err.splitlines() if line.startswith("error: ")]
        if form == "text":
            assert not UNSAFE.search(out)
        elif form == "csv":
            rows = list(csv.reader(io.StringIO(out, newline="")))
            assert len(rows) - 1 + len(reported) == len(records)
            for row in rows[1:]:
                assert not any(cell.startswith(FORMULA_START) for cell in row), row
        else:
            found = (
                [json.loads(line) for line in out.splitlines()]
                if form == "jsonl"
                else json.loads(out)
            )
            assert len(found) + len(reported) == len(records)
            ids = [record["lead"] for record in records]
            for item in found:  # an empty id is named by its line
                assert item["lead"] in ids or ("" in ids and item["lead"].startswith("line "))


def _nested(depth: int, leaf: str, kind: str) -> str:
    """JSON text nesting *leaf* *depth* levels deep (json.dumps itself recurses)."""
    opening, closing = ("[", "]") if kind == "array" else ('{"x": ', "}")
    return opening * depth + json.dumps(leaf) + closing * depth


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=5000), st.sampled_from(["array", "object"]))
def test_a_framework_file_nested_to_any_depth_is_read_or_refused_clearly(
    depth: int, kind: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deep.json"
        nested = _nested(depth, "x", kind)
        path.write_text(f'{{"name": "deep", "extends": "bant", "description": {nested}}}')
        with pytest.raises(qualify.FrameworkFileError) as raised:
            qualify.load_framework(path)
        message = str(raised.value)
        assert "deep.json" in message
        assert ("nest too deeply" in message) == (depth >= 32), message
        toml = Path(folder) / "deep.toml"
        toml.write_text(
            'name = "deep"\nextends = "bant"\ndescription = ' + "[" * depth + "]" * depth
        )
        with pytest.raises(qualify.FrameworkFileError, match="deep.toml"):
            qualify.load_framework(toml)


@SETTINGS
@given(st.integers(min_value=1, max_value=5000), st.sampled_from(["jsonl", "json"]))
def test_command_line_input_nested_to_any_depth_is_read_or_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int, form: str
) -> None:
    lead = f'{{"lead": "L1", "need": {_nested(depth, "validated", "array")}}}'
    path = tmp_path / f"leads.{form}"
    text = lead if form == "jsonl" else f"[{lead}]"
    path.write_text(text + "\n", encoding="utf-8")
    code, out, err = _run(capsys, "evaluate", str(path), "--format", "jsonl")
    assert code in (1, 2) and out == "", err
    assert "Traceback" not in err and err.strip()


# -- frameworks folders -------------------------------------------------------------

KINDS = ["good", "good", "clash", "child", "orphan", "broken", "empty", "folder", "dangling"]
if hasattr(os, "mkfifo"):
    KINDS.append("pipe")


def _make(folder: Path, kinds: list[str]) -> tuple[set[str], list[str]]:
    """Write one entry per kind; return the framework names that must load and the bad files."""
    loads: set[str] = set()
    bad: list[str] = []
    goods: list[int] = []
    for index, kind in enumerate(kinds):
        path = folder / f"f{index:02d}-{kind}.toml"
        if kind == "good" or (kind in ("clash", "child") and not goods):
            path.write_text(f'name = "team-{index}"\nextends = "bant"\nqualified_at = 70\n')
            loads.add(f"team-{index}")
            goods.append(index)
        elif kind == "clash":
            path.write_text(f'name = "team-{goods[0]}"\nextends = "bant"\n')
            bad.append(path.name)
        elif kind == "child":
            path.write_text(f'name = "child-{index}"\nextends = "team-{goods[-1]}"\n')
            loads.add(f"child-{index}")
        elif kind == "orphan":
            path.write_text(f'name = "orphan-{index}"\nextends = "nobody-{index}"\n')
            bad.append(path.name)
        elif kind == "broken":
            path.write_text(f'name = "broken-{index}"\nqualified_at = "high"\n[[criteria\n')
            bad.append(path.name)
        elif kind == "empty":
            path.write_text("")
            bad.append(path.name)
        elif kind == "folder":
            path.mkdir()
            bad.append(path.name)
        elif kind == "dangling":
            path.symlink_to(folder / "nowhere.toml")
            bad.append(path.name)
        elif kind == "pipe":
            os.mkfifo(path)
            bad.append(path.name)
    (folder / "README.txt").write_text("not a framework file, and not read")
    return loads, bad


@contextlib.contextmanager
def _frameworks_path(value: str) -> Iterator[None]:
    before = os.environ.get(FRAMEWORKS_PATH_ENV)
    os.environ[FRAMEWORKS_PATH_ENV] = value
    try:
        yield
    finally:
        if before is None:
            del os.environ[FRAMEWORKS_PATH_ENV]
        else:
            os.environ[FRAMEWORKS_PATH_ENV] = before


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=8), st.booleans())
def test_a_frameworks_folder_of_anything_loads_the_good_and_names_the_bad(
    kinds: list[str], second_folder: bool
) -> None:
    with tempfile.TemporaryDirectory() as root:
        first = Path(root) / "team"
        first.mkdir()
        loads, bad = _make(first, kinds)
        folders = [str(first)]
        if second_folder:  # a second folder on the path still loads whatever the first holds
            other = Path(root) / "other"
            other.mkdir()
            (other / "mine.toml").write_text('name = "other-team"\nextends = "icare"\n')
            loads.add("other-team")
            folders.append(str(other))
        with (
            _frameworks_path(os.pathsep.join(folders)),
            warnings.catch_warnings(record=True) as got,
        ):
            warnings.simplefilter("always")
            frameworks = frameworks_from_environment()
    assert {framework.name for framework in frameworks} == loads
    messages = [str(warning.message) for warning in got]
    assert all(isinstance(w.message, qualify.PluginLoadWarning) for w in got)
    for name in bad:
        assert any(name in message for message in messages), (name, messages)
    assert all(FRAMEWORKS_PATH_ENV in message for message in messages)


def test_a_value_nested_past_python_s_depth_is_reported_not_crashed_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # found by the property above at depth 1,982: read, then refused, the error's input
    # was the value's repr, which Python cannot make for lists nested that deep
    lead = f'{{"lead": "L1", "need": {_nested(1982, "validated", "array")}}}'
    path = tmp_path / "leads.jsonl"
    path.write_text(lead + "\n", encoding="utf-8")
    code, out, err = _run(capsys, "evaluate", str(path), "--format", "jsonl")
    assert code in (1, 2) and out == "", err
    assert "Traceback" not in err and err.strip()
    value: list[object] = []
    for _ in range(100_000):  # past any recursion limit
        value = [value]
    assert qualify.errors.given(value) == "<a list nested too deeply to show>"
    from qualify._core.checks import shown  # what every error message shows a value by

    assert shown(value) == "<a list nested too deeply to show>"
    with pytest.raises(qualify.EvidenceError, match="nested too deeply to show|must be a string"):
        qualify.evaluate({"need": value}, "bant")
