"""Bad input, tried systematically: only QualifyError escapes, with a message.

What a CRM holds (empty strings, NaN from a spreadsheet, picklist values nobody
mapped, nested JSON, half-written framework files) must never crash the
library with anything but a :class:`qualify.QualifyError` that says what was
wrong. The example counts are bounded so the suite stays fast; raise them with
``--hypothesis-profile=fuzz`` (see conftest.py) for a longer hunt.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualify
from qualify.cli import main

FRAMEWORKS = sorted(qualify.list_frameworks())
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Values of every JSON type and then some: NaN and infinities, huge and odd strings.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["", " ", "\x00", "NaN", "inf", "-1", "1e309", "validated", "x" * 5000])
)
json_like = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def known_keys(name: str) -> list[str]:
    framework = qualify.get_framework(name)
    return [*framework.keys, *(d.key for d in framework.disqualifiers)]


@st.composite
def evidence(draw: st.DrawFn) -> tuple[str, object]:
    name = draw(st.sampled_from(FRAMEWORKS))
    keys = st.sampled_from(known_keys(name)) | st.text(max_size=12)
    shape = draw(st.sampled_from(["mapping", "mapping", "mapping", "other"]))
    if shape == "mapping":
        return name, draw(st.dictionaries(keys, json_like, max_size=8))
    return name, draw(json_like | st.lists(json_like, max_size=3) | st.binary(max_size=8))


def assert_only_qualify_errors(call: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except qualify.QualifyError as error:
        assert str(error).strip(), f"{type(error).__name__} without a message"
        return None


@SETTINGS
@given(evidence())
def test_evaluate_raises_only_qualify_errors_and_never_mutates(case: tuple[str, object]) -> None:
    name, given_evidence = case
    before = copy.deepcopy(given_evidence)
    result = assert_only_qualify_errors(qualify.evaluate, given_evidence, name)
    if result is not None:
        assert 0.0 <= result.score <= result.potential <= 100.0
        assert not any(math.isnan(x) for x in (result.score, result.completeness))
        json.dumps(qualify.to_dict(result), allow_nan=False)  # always storable as JSON
    assert repr(given_evidence) == repr(before)


@SETTINGS
@given(st.dictionaries(st.text(max_size=20), json_like, max_size=8), st.data())
def test_crm_rows_through_a_mapping_raise_only_qualify_errors(
    row: dict[str, Any], data: st.DataObject
) -> None:
    columns = ["budgetstatus", "budgetamount", "decisionmaker", "need", "purchasetimeframe"]
    for column in data.draw(st.lists(st.sampled_from(columns), max_size=5)):
        row[column] = data.draw(json_like)
    before = copy.deepcopy(row)
    assert_only_qualify_errors(qualify.evaluate, row, "bant", mapping="dynamics365")
    assert repr(row) == repr(before)


# Framework files -------------------------------------------------------------

toml_values = st.recursive(
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(min_size=1, max_size=10), inner, max_size=4)
    ),
    max_leaves=15,
)
documents = st.dictionaries(
    st.sampled_from(
        [
            "name",
            "title",
            "version",
            "criteria",
            "stages",
            "disqualifiers",
            "extends",
            "change",
            "drop",
            "add",
            "mapping",
            "qualified_at",
            "description",
        ]  # fmt: skip
    )
    | st.text(max_size=10),
    toml_values,
    max_size=6,
)


def load_only_qualify_errors(path: Path) -> None:
    for load in (qualify.load_framework, qualify.load_field_map):
        try:
            load(path)
        except qualify.FrameworkFileError as error:
            assert error.problems and all(p.strip() for p in error.problems)
            assert str(path) in str(error)
        except qualify.QualifyError as error:
            assert str(error).strip()


@SETTINGS
@given(documents)
def test_arbitrary_json_documents(tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    load_only_qualify_errors(path)


@SETTINGS
@given(st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_arbitrary_toml_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    load_only_qualify_errors(path)


def valid_documents() -> list[dict[str, Any]]:
    return [
        json.loads(qualify.dumps_framework(qualify.get_framework(n), format="json"))
        for n in FRAMEWORKS
    ]


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside a JSON document."""
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        yield (*prefix, key)
        yield from paths(value, (*prefix, key))


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A valid built-in framework file with a few values replaced, deleted or renamed."""
    document = copy.deepcopy(draw(st.sampled_from(valid_documents())))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        where = list(paths(document))
        if not where:
            break
        path = draw(st.sampled_from(where))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "delete", "rename"]))
        if action == "replace":
            parent[last] = draw(toml_values)
        elif isinstance(parent, list):
            del parent[last]
        elif action == "delete":
            del parent[last]
        else:
            parent[draw(st.text(min_size=1, max_size=8))] = parent.pop(last)
    return document


@SETTINGS
@given(mutated())
def test_mutated_valid_files(tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    load_only_qualify_errors(path)


@SETTINGS
@given(st.data())
def test_truncated_toml_files(tmp_path: Path, data: st.DataObject) -> None:
    """A half-written file, cut anywhere."""
    text = qualify.dumps_framework(qualify.get_framework(data.draw(st.sampled_from(FRAMEWORKS))))
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    path = tmp_path / "cut.toml"
    path.write_text(text[:cut], encoding="utf-8")
    load_only_qualify_errors(path)


HOSTILE = [
    'name = "x"\ntitle = "X"\nextends = "../../../etc/passwd"\n',
    'name = "x"\nextends = "os.system"\n',
    'name = "x"\ntitle = "X"\n[[criteria]]\nkey = "a"\nlabel = "A"\nquestion = "?"\n'
    '[criteria.scale]\ntype = "os:system"\n',
    'name = "x"\ntitle = "X"\n[[criteria]]\nkey = "a"\nlabel = "A"\nquestion = "?"\n'
    "[criteria.scale]\ntype = \"__import__('os').system('true')\"\n",
    '[mapping]\nname = "m"\n[[mapping.fields]]\ncolumn = "__class__.__init__.__globals__"\n'
    'criterion = "need"\n',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_file_cannot_import_open_or_run_anything(tmp_path: Path, text: str) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    load_only_qualify_errors(path)  # warm up: plugins and converters are loaded
    events: list[tuple[str, tuple[Any, ...]]] = []
    watching = True

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if watching and event in {"open", "import", "exec", "os.system", "subprocess.Popen"}:
            events.append((event, args))

    sys.addaudithook(audit)  # cannot be removed: it goes quiet when the test ends
    try:
        load_only_qualify_errors(path)
    finally:
        watching = False
    opened = [args[0] for event, args in events if event == "open"]
    assert all(Path(str(name)) == path for name in opened), opened
    assert [e for e in events if e[0] != "open"] == []


# The command line ------------------------------------------------------------

CELLS = st.sampled_from(
    [
        "",
        "allocated",
        "none",
        "validated",
        "assumed",
        "engaged",
        "3",
        "12",
        "-4",
        "NaN",
        "plenty",
        "a,b",
        'say "hi"',
        "two\nlines",
        " ",
        "Ünïcödé",
        "\t",
    ]  # fmt: skip
)


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, str, int]:
    """A CSV export: header, rows with extra/missing cells, blank lines, BOM, CRLF, encodings."""
    extra_columns = draw(st.lists(st.sampled_from(["notes", "owner", ""]), max_size=2))
    header = ["lead", *draw(st.permutations(["budget", "authority", "need", "timeframe"]))]
    header = header[: draw(st.integers(min_value=2, max_value=5))] + extra_columns
    rows = []
    for number in range(draw(st.integers(min_value=0, max_value=12))):
        cells = [f"L{number}", *(draw(CELLS) for _ in header[1:])]
        shape = draw(st.sampled_from(["same", "same", "same", "short", "long", "trailing"]))
        if shape == "short":
            cells = cells[: draw(st.integers(min_value=1, max_value=len(cells)))]
        elif shape == "long":
            cells += ["EXTRA"]
        elif shape == "trailing":
            cells += ["", ""]
        rows.append(cells)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    for cells in rows:
        if draw(st.booleans()) and draw(st.booleans()):
            text.write("\n")  # a blank line between records
        writer.writerow(cells)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.getvalue().encode(encoding), encoding, len(rows)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(csv_files())
def test_every_csv_row_is_evaluated_or_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: tuple[bytes, str, int]
) -> None:
    content, encoding, rows = case
    path = tmp_path / "leads.csv"
    path.write_bytes(content)
    code = main(["evaluate", str(path), "--format", "jsonl"])
    out, err = capsys.readouterr()
    if code == 2:  # the file as a whole cannot be used: said why, wrote nothing
        assert out == "" and "qualify: error: " in err
        return
    evaluated = [json.loads(line) for line in out.splitlines()]
    reported = [line for line in err.splitlines() if line.startswith("error: line ")]
    assert len(evaluated) + len(reported) == rows, err
    assert code == (1 if reported else 0)
    if encoding != "latin-1":  # latin-1 bytes of non-ASCII text are reported, not misread
        for row in evaluated:
            assert row["lead"].startswith("L")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(json_like | st.sampled_from(["not json", "{", "[1,", ""]), max_size=10))
def test_every_json_line_is_evaluated_or_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], items: list[Any]
) -> None:
    lines = [
        item if isinstance(item, str) and item in ("not json", "{", "[1,", "") else json.dumps(item)
        for item in items
    ]
    path = tmp_path / "leads.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["evaluate", str(path), "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    reported = [line for line in err.splitlines() if line.startswith("error: line ")]
    records = [line for line in lines if line.strip()]
    assert len(out.splitlines()) + len(reported) == len(records)


# -- the newer paths: several frameworks, stored evaluations, the call, the journey -------

hostile = json_like | st.binary(max_size=8) | st.sampled_from(
    [math.nan, float("inf"), -1, 10**400, object(), [1], {"a": 1}, (), frozenset({1})]
)


@SETTINGS
@given(st.dictionaries(st.text(max_size=14) | st.sampled_from(
    ["budget", "bant:budget", "champ:money", "timing", "need", "anum:urgency"]
), json_like, max_size=6), st.lists(st.sampled_from(FRAMEWORKS), min_size=1, max_size=3))
def test_several_frameworks_raise_only_qualify_errors(
    lead: dict[str, Any], names: list[str]
) -> None:
    assert_only_qualify_errors(qualify.compare, lead, names)


@SETTINGS
@given(st.data())
def test_a_stored_evaluation_tampered_with_is_refused_or_read(data: st.DataObject) -> None:
    stored = qualify.to_dict(qualify.evaluate({"budget": "allocated"}, "bant"))
    path = data.draw(st.sampled_from(
        ["score", "probability", "completeness", "verdict", "missing", "criteria", "checks",
         "settled", "expected", "as_of", "stale", "framework"]
    ))  # fmt: skip
    stored[path] = data.draw(hostile)
    found = assert_only_qualify_errors(qualify.from_dict, stored, qualify.Evaluation)
    if found is not None:
        for name in ("score", "potential"):
            assert 0.0 <= getattr(found, name) <= 100.0
        assert found.probability is None or 0.0 <= found.probability <= 1.0


@SETTINGS
@given(evidence(), hostile, hostile, hostile)
def test_the_call_and_the_journey_raise_only_qualify_errors(
    case: tuple[str, object], ask: Any, as_of: Any, observed: Any
) -> None:
    name, lead = case
    assert_only_qualify_errors(qualify.evaluate, lead, name, ask=ask)
    assert_only_qualify_errors(qualify.evaluate, lead, name, as_of=as_of)
    assert_only_qualify_errors(
        qualify.evaluate, lead, name, as_of=datetime(2026, 1, 1), observed_at=observed
    )
    result = assert_only_qualify_errors(qualify.evaluate, lead, name)
    if result is not None:
        for missing in (*result.missing, *result.checks):
            for answer in missing.answers:  # worked out on demand: never raises
                assert answer.label
            assert missing.chance_to_change(result.verdict) >= 0.0


@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(["budget", "need", "won", "team"]), json_like,
                                max_size=4), min_size=1, max_size=6), hostile)  # fmt: skip
def test_backtests_raise_only_qualify_errors(leads: list[dict[str, Any]], cost: Any) -> None:
    assert_only_qualify_errors(qualify.backtest, leads, "bant", "won", by="team", cost=cost)
    assert_only_qualify_errors(qualify.backtest, leads, "bant", "won", time="team")


@SETTINGS
@given(hostile, hostile, hostile)
def test_concepts_and_touches_raise_only_qualify_errors(name: Any, equivalents: Any, at: Any) -> None:
    assert_only_qualify_errors(
        qualify.from_dict, {"name": name, "label": "X", "equivalents": equivalents}, qualify.Concept
    )
    assert_only_qualify_errors(qualify.Concept, name=name, label="X", equivalents=equivalents)
    assert_only_qualify_errors(qualify.journey.Touch, at=at, channel="phone", outcome="voicemail left")
