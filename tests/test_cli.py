"""The qualify command, run the way a newcomer runs it."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import qualify
from qualify.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_quick_start_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "evaluate", str(EXAMPLES / "bant-leads.csv"), "--framework", "bant"
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["lead", "verdict", "score", "complete"]
    assert len(lines) == 21
    assert lines[1].split()[:3] == ["L-1001", "qualified", "100.0"]
    assert "20 leads evaluated" in err and "0 rows reported" in err
    assert "columns not used by bant: company, contact, lead_source" in err


def test_installed_console_script() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "qualify",
            "evaluate",
            str(EXAMPLES / "bant-leads.csv"),
            "--format",
            "jsonl",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 20
    assert rows[0]["lead"] == "L-1001" and rows[0]["verdict"] == "qualified"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


BAD_CSV = "\ufefflead,budget,need\nA,allocated,validated\nB,plenty,validated\nC,,assumed\n"


def test_bad_rows_are_reported_and_the_rest_evaluated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "leads.csv", BAD_CSV)
    code, out, err = run(capsys, "evaluate", path, "--format", "json")
    assert code == 1
    evaluated = json.loads(out)
    assert [row["lead"] for row in evaluated] == ["A", "C"]
    assert (
        "error: line 3 (B): criterion 'budget' of framework 'bant' does not accept 'plenty'" in err
    )
    assert "2 leads evaluated" in err and "1 row reported" in err


def test_strict_stops_at_the_first_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "leads.csv", BAD_CSV)
    code, out, err = run(capsys, "evaluate", path, "--strict", "--format", "jsonl")
    assert code == 1
    assert len(out.splitlines()) == 1
    assert "--strict" in err


def test_json_lines_and_arrays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = '{"id": "x", "need": "validated"}\n\n{"id": "y", "timeframe": 30}\nnot json\n'
    code, out, err = run(capsys, "evaluate", write(tmp_path, "l.jsonl", lines), "--format", "jsonl")
    assert code == 1
    assert [json.loads(row)["lead"] for row in out.splitlines()] == ["x", "y"]
    assert "line 4" in err and "not valid JSON" in err

    array = json.dumps([{"id": "x", "need": "validated"}, ["not", "a", "lead"]])
    code, out, err = run(capsys, "evaluate", write(tmp_path, "l.json", array), "--id", "id")
    assert code == 1
    assert "item 2" in err and "got list" in err


def test_stage_column_for_staged_frameworks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "t.csv", "lead,contacts_identified,initial_conversation\nA,yes,yes\n")
    code, out, _ = run(capsys, "evaluate", path, "-f", "teleprospecting")
    assert code == 0
    assert "stage" in out.splitlines()[0] and "initial_conversation" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["evaluate", "missing.csv"], "cannot open 'missing.csv'"),
        (["evaluate", "EXAMPLE", "-f", "bnat"], "Did you mean 'bant'"),
        (["evaluate", "EXAMPLE", "-f", "icare"], "no column is read by icare"),
        (["evaluate", "EXAMPLE", "--id", "nope"], "--id 'nope' is not a column"),
    ],
)
def test_unusable_input_exits_2_with_a_reason(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(EXAMPLES / "bant-leads.csv") if a == "EXAMPLE" else a for a in argv]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err


def test_frameworks_lists_name_title_version_and_origin(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "frameworks")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Frameworks:"
    assert lines[1].split() == ["name", "title", "from", "plugin"]  # a header on every table
    assert lines[3].split() == ["bant", "BANT,", "version", "1", "qualify.frameworks.bant"]
    assert "  champ            challenges (need), authority, money (budget), prioritization" in out
    assert "  teleprospecting  Teleprospecting lead maturation, version 1  qualify.frameworks.teleprospecting" in lines
    assert "CRM field mappings:" in out and "dynamics365 (for bant)" in out


def test_csv_from_stdin() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "qualify", "evaluate", "-"],
        input="lead,need,timeframe\nA,validated,3\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].split()[:2] == ["A", "nurture"]


def test_a_file_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("lead,need\nSão Paulo Têxtil,validated\nRio Norte,assumed\n".encode("latin-1"))
    code, out, err = run(capsys, "evaluate", str(path), "--format", "jsonl")
    assert code == 1
    assert "error: line 2 (line 2): the row holds bytes that are not valid UTF-8 text" in err
    assert "pass --encoding" in err
    assert [json.loads(line)["lead"] for line in out.splitlines()] == ["Rio Norte"]
    code, out, err = run(
        capsys, "evaluate", str(path), "--encoding", "latin-1", "--format", "jsonl"
    )
    assert code == 0, err
    assert json.loads(out.splitlines()[0])["lead"] == "São Paulo Têxtil"


def test_utf16_with_a_byte_order_mark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("lead\tneed\r\nA,validated\r\n".replace("\t", ",").encode("utf-16"))
    code, out, err = run(capsys, "evaluate", str(path), "--format", "jsonl")
    assert code == 0, err
    assert json.loads(out)["lead"] == "A"


@pytest.mark.parametrize("ending", [".jsonl", ".csv"])
def test_a_utf16_file_cut_mid_character_is_reported_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ending: str
) -> None:
    """Found by the atheris fuzzer: a UTF-16 byte order mark, then an odd number of bytes
    ending below 128, which surrogateescape cannot keep."""
    path = tmp_path / f"cut{ending}"
    path.write_bytes(b"\xfe\xff\x00{\x11" if ending == ".jsonl" else b"\xfe\xff\x00n\x11")
    code, _, err = run(capsys, "evaluate", str(path))
    assert code in (1, 2)
    assert "not valid utf-16" in err and "Traceback" not in err


def test_unknown_encoding(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evaluate", str(EXAMPLES / "bant-leads.csv"), "--encoding", "nope")
    assert code == 2 and "unknown text encoding 'nope'" in err


def test_show_prints_criteria_questions_weights_scales_and_stages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "show", "teleprospecting")
    assert code == 0
    assert "Teleprospecting lead maturation (teleprospecting, version 1)" in out
    assert "Qualified at 100 points." in out
    assert "group_meeting: Group meeting held (weight 1, 12 points)" in out
    assert "8. group_meeting" in out
    code, out, _ = run(capsys, "show", "bant")
    assert "need: Need (weight 4, 33 points, required)" in out
    assert "scale: none 0 < process 0.35 < allocated 0.75 < sufficient 1" in out
    assert "scale: <= 6 months 1, <= 12 months 0.5, later 0.15" in out
    code, out, _ = run(capsys, "show", "short-term-lead")
    assert "Disqualifiers" in out and "competitor: Competitor" in out


def test_show_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "acme.toml", 'name = "acme"\nextends = "bant"\ntitle = "ACME"\n')
    code, out, _ = run(capsys, "show", path)
    assert code == 0 and out.startswith("ACME (acme, version 1)") and "Extends: bant" in out


def test_show_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "meddik")
    assert code == 2 and "no framework, mapping or concept is registered as 'meddik'" in err


def test_validate_prints_ok_or_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "good.toml", 'name = "good"\nextends = "bant"\n')
    crm = write(
        tmp_path,
        "crm.toml",
        '[mapping]\nname = "crm"\n[[mapping.fields]]\ncolumn = "a"\ncriterion = "need"\n',
    )
    bad = write(
        tmp_path,
        "bad.toml",
        'name = "bad"\ntitle = "Bad"\n[[criteria]]\nkey = "x"\nlabel = "X"\nquestion = "?"\nwieght = 1\nweight = "1"\n',
    )
    code, out, _ = run(capsys, "validate", good, crm)
    assert code == 0
    assert out.splitlines() == [
        f"OK   {good}: framework good (4 criteria)",
        f"OK   {crm}: mapping crm (1 fields)",
    ]
    code, out, _ = run(capsys, "validate", good, bad, str(tmp_path / "missing.toml"))
    assert code == 1
    assert "unknown key 'wieght'" in out and "criteria[0].weight: expected a number" in out
    assert "missing.toml: cannot read the file" in out
    assert out.splitlines()[-1] == "2 of 3 failed"


def test_evaluate_through_a_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path,
        "dynamics.csv",
        "leadid,fullname,budgetstatus,decisionmaker,need,purchasetimeframe\n"
        "a1,Mei Chen,Will Buy,completed,Must have,This Quarter\n"
        "a2,Sam Okafor,No Committed Budget,mark complete,Good to have,Unknown\n"
        "a3,Ana Souza,Perhaps,mark complete,No need,This Year\n"
        "a4,Raj Patel,Can Buy,Yes,Must have,This Year\n",
    )
    code, out, err = run(capsys, "evaluate", path, "--mapping", "dynamics365", "--format", "jsonl")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["lead"], r["verdict"]) for r in rows] == [("a1", "qualified"), ("a2", "unqualified")]
    # "mark complete" is a step not yet done: the authority question is still to ask
    assert [m["key"] for m in rows[1]["missing"]] == ["authority", "timeframe"]
    assert "columns not used by mapping dynamics365: fullname" in err
    assert "line 4 (a3): CRM field 'budgetstatus' has the value 'Perhaps'" in err
    assert "line 5 (a4): CRM field 'decisionmaker' has the value 'Yes'" in err
    assert "Accepted: 'completed', 'true', '1'; no evidence: 'mark complete'" in err


def test_csv_output_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "scored.csv"
    code, out, err = run(
        capsys, "evaluate", str(EXAMPLES / "bant-leads.csv"), "--format", "csv", "-o", str(target)
    )
    assert code == 0 and out == ""
    import csv

    with target.open(encoding="utf-8") as scored:
        rows = list(csv.DictReader(scored))
    assert len(rows) == 20
    assert list(rows[0]) == [
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
    ]
    first_partial = next(row for row in rows if row["lead"] == "L-1003")
    assert first_partial["missing"] == "budget authority timeframe"
    assert "20 leads evaluated" in err


def test_output_file_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "evaluate", str(EXAMPLES / "bant-leads.csv"), "-o", str(tmp_path / "no" / "x.csv")
    )
    assert code == 2 and "cannot write" in err


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, expect_bar in ((Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stream)
        monkeypatch.setattr(sys, "stdout", io.StringIO())
        assert main(["evaluate", str(EXAMPLES / "bant-leads.csv")]) == 0
        assert ("lead/s" in stream.getvalue() or "20lead" in stream.getvalue()) is expect_bar


def test_a_column_named_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    read_twice = write(tmp_path, "a.csv", "lead,budget,budget,need\nA,allocated,none,validated\n")
    code, out, err = run(capsys, "evaluate", read_twice)
    assert code == 2 and out == ""
    assert "the header names 'budget' more than once" in err
    unused_twice = write(tmp_path, "b.csv", "lead,notes,notes,need\nA,x,y,validated\n")
    code, out, err = run(capsys, "evaluate", unused_twice)
    assert code == 0, err
    assert "columns named more than once, not used: notes" in err


def test_ragged_rows_and_broken_quotes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path,
        "ragged.csv",
        "lead,budget,need\nA,allocated,validated,EXTRA\n\nB,none\nC,allocated,validated,,\n"
        'D,"allocated"x,validated\nE,none,"identified\n',
    )
    code, out, err = run(capsys, "evaluate", path, "--format", "jsonl")
    assert code == 1
    assert [json.loads(line)["lead"] for line in out.splitlines()] == ["B", "C"]
    assert "error: line 2 (line 2): the row has 4 values but the header names 3 columns" in err
    assert "error: line 6 (line 6): not readable CSV:" in err
    assert "error: line 7 (line 7): not readable CSV: unexpected end of data" in err
    assert "2 leads evaluated (2 nurture); 3 rows reported" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.metadata

    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"qualify {importlib.metadata.version('qualify')}"


def test_one_lead_and_one_row_are_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "one.csv", "lead,need\na,validated\nb,lots\n")
    code, _, err = run(capsys, "evaluate", path)
    assert code == 1 and "1 lead evaluated (1 nurture); 1 row reported" in err


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("lead;need;timeframe\na;validated;6,5\n", None),
        ("lead\tneed\ttimeframe\na\tvalidated\t6,5\n", None),
        ("lead|need|timeframe\na|validated|6,5\n", "|"),
        ("lead\tneed\ttimeframe\na\tvalidated\t6,5\n", "tab"),
    ],
)
def test_semicolon_tab_and_pipe_separated_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, given: str | None
) -> None:
    path = write(tmp_path, "export.csv", text)
    extra = ["--delimiter", given] if given else []
    code, out, err = run(capsys, "evaluate", path, "--format", "jsonl", *extra)
    # "6,5" is one value of the timeframe column, and not a number where "." is decimal
    assert code == 1 and "does not accept '6,5'" in err
    assert "line 2 (a)" in err


def test_a_bad_delimiter_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "x.csv", "lead,need\na,validated\n")
    code, _, err = run(capsys, "evaluate", path, "--delimiter", ";;")
    assert code == 2 and "--delimiter takes one character such as ';' or 'tab'" in err


def test_standard_input_in_any_format(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    for form, text in (("jsonl", '{"need": "validated"}\n'), ("json", '[{"need": "validated"}]')):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        code, out, err = run(capsys, "evaluate", "-", "--input-format", form, "--format", "jsonl")
        assert code == 0, err
        assert json.loads(out)["verdict"] == "nurture"


def test_a_file_with_another_ending_is_read_as_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "leads.export", '{"need": "validated"}\n')
    code, out, _ = run(capsys, "evaluate", path, "--input-format", "jsonl", "--format", "jsonl")
    assert code == 0 and json.loads(out)["verdict"] == "nurture"


def test_columns_of_a_known_crm_suggest_its_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "d.csv", "leadid,budgetstatus,decisionmaker\na,Will Buy,completed\n")
    code, _, err = run(capsys, "evaluate", path)
    assert (
        code == 2 and "the columns look like a dynamics365 export: try --mapping dynamics365" in err
    )
    path = write(
        tmp_path, "e.csv", "leadid,budgetstatus,need,purchasetimeframe\na,Will Buy,Must have,1\n"
    )
    code, _, err = run(capsys, "evaluate", path)
    assert "note: the columns look like a dynamics365 export" in err
    code, _, err = run(capsys, "evaluate", str(EXAMPLES / "bant-leads.csv"))
    assert "look like" not in err


def test_show_a_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "dynamics365")
    assert code == 0
    assert out.startswith("CRM field mapping dynamics365 for bant\n")
    assert "decisionmaker -> authority" in out and "no evidence: mark complete, false, 0" in out
    assert "at least 0.01 = 'allocated'" in out
    code, _, err = run(capsys, "show", "dynamics")
    assert code == 2 and "Frameworks: anum, bant" in err and "mappings: dynamics365" in err
    assert "concepts: authority, budget" in err


def test_show_a_file_with_a_framework_and_its_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", str(EXAMPLES / "acme-bant.toml"))
    assert code == 0 and "Criteria\n--------" in out and "CRM field mapping acme-crm" in out


def test_a_closed_pipe_ends_quietly() -> None:
    script = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'qualify', 'show', 'short-term-lead'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "p.stdout.readline(); p.stdout.close()\n"
        "err = p.stderr.read().decode(); p.wait()\n"
        "print(repr(err))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "Traceback" not in done.stdout


def test_error_lines_go_around_the_progress_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tqdm")
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    path = write(
        tmp_path, "l.json", '[{"need": "validated"}, {"need": "lots"}, {"need": "assumed"}]'
    )
    code = main(["evaluate", path, "--format", "jsonl"])
    shown = terminal.getvalue()
    assert code == 1
    assert "error: item 2 (item 2): criterion 'need'" in shown
    assert "/3" in shown  # the bar knows the total
    assert "2 leads evaluated" in shown


def test_other_columns_can_be_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "x.csv", "lead,need,region\na,validated,EMEA\n")
    code, _, err = run(capsys, "evaluate", path, "--other-columns", "error")
    assert code == 2 and "columns not used by bant: region (--other-columns error)" in err
    code, _, err = run(capsys, "evaluate", path)
    assert code == 0 and "note: columns not used by bant: region" in err
    path = write(tmp_path, "y.csv", "lead,need\na,validated\n")
    code, _, _ = run(capsys, "evaluate", path, "--other-columns", "error")
    assert code == 0


def test_the_input_is_never_written_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "leads.csv", "lead,need\na,validated\nb,assumed\n")
    before = Path(path).read_bytes()
    code, _, err = run(capsys, "evaluate", path, "--format", "csv", "-o", path)
    assert code == 2 and "is the input file" in err
    assert Path(path).read_bytes() == before
    link = tmp_path / "link.csv"
    link.symlink_to(path)
    code, _, err = run(capsys, "evaluate", path, "-o", str(link))
    assert code == 2 and Path(path).read_bytes() == before


def test_a_failed_run_leaves_an_existing_output_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("kept\n")
    bad = write(tmp_path, "bad.csv", "company\nacme\n")  # no column bant reads
    code, _, _ = run(capsys, "evaluate", bad, "-o", str(target))
    assert code == 2 and target.read_text() == "kept\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_csv_output_neutralises_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "x.csv",
        'lead,need\n=HYPERLINK("http://x"),validated\n+1,assumed\n-2,assumed\n@SUM(A1),assumed\nok,assumed\n',
    )
    code, out, _ = run(capsys, "evaluate", path, "--format", "csv")
    leads = [line.split(",")[0] for line in out.splitlines()[1:]]
    assert code == 0
    assert leads == ['"\'=HYPERLINK(""http://x"")"', "'+1", "'-2", "'@SUM(A1)", "ok"]


def test_control_characters_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "x.jsonl",
        '{"lead": "\\u001b[31mred\\u202e", "need": "validated"}\n'
        '{"lead": "\\u001b]0;owned\\u0007", "need": "lots"}\n',
    )
    code, out, err = run(capsys, "evaluate", path, "--id", "lead")
    assert "\x1b" not in out + err and "\u202e" not in out and "\x07" not in err
    assert "\\x1b[31mred\\u202e" in out and "\\x1b]0;owned\\x07" in err


def test_a_lone_surrogate_in_an_id_is_written_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "x.jsonl", '{"lead": "a\\ud800b", "need": "validated"}\n')
    target = tmp_path / "out.jsonl"
    code, _, err = run(
        capsys, "evaluate", path, "--id", "lead", "--format", "csv", "-o", str(target)
    )
    assert code == 0, err
    assert "a\\ud800b" in target.read_text(encoding="utf-8")


def test_json_output_streams_and_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "evaluate", str(EXAMPLES / "bant-leads.csv"), "--format", "json")
    assert code == 0 and len(json.loads(out)) == 20
    empty = write(tmp_path, "e.csv", "lead,need\n")
    code, out, _ = run(capsys, "evaluate", empty, "--format", "json")
    assert json.loads(out) == []


def test_ctrl_c_exits_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import qualify._cli.main as command

    def interrupted(*_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "_run", interrupted)
    assert main(["frameworks"]) == 130
    assert capsys.readouterr().err == "qualify: interrupted\n"


def test_json_leads_whose_keys_are_all_misspelled_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "x.jsonl", '{"id": 1, "budjet": "none", "nede": "validated"}\n')
    code, _, err = run(capsys, "evaluate", path, "--id", "id")
    assert code == 1
    assert "no lead has a key bant reads" in err and "keys seen: budjet, nede" in err


@pytest.mark.parametrize("encoding", ["rot13", "base64", "no-such-codec", "hex", "idna", "punycode"])
def test_odd_encodings_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    path = write(tmp_path, "x.csv", "lead,need\na,validated\n")
    code, _, err = run(capsys, "evaluate", path, "--encoding", encoding)
    assert code == 2 and f"unknown text encoding {encoding!r}" in err


def test_input_nesting_too_deeply_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    lines = write(tmp_path, "x.jsonl", '{"need": "validated"}\n' + deep + "\n")
    code, out, err = run(capsys, "evaluate", lines, "--format", "jsonl")
    assert code == 1 and "line 2" in err and "nest too deeply" in err and len(out.splitlines()) == 1
    array = write(tmp_path, "x.json", deep)
    code, _, err = run(capsys, "evaluate", array)
    assert code == 2 and "nest too deeply" in err


def test_a_hostile_file_or_header_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = tmp_path / "evil.toml"
    evil.write_text(
        'name = "evil"\nextends = "bant"\ntitle = "Evil \\u001b]0;pwned\\u0007 \\u001b[2J"\n'
        'description = "right \\u202e to left"\n'
        '[change.budget]\nlabel = "Bud\\u001b[31mget"\nquestion = "Money\\u001b[2J?"\n',
        encoding="utf-8",
    )
    assert main(["show", str(evil)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Evil \\x1b]0;pwned\\x07 \\x1b[2J" in out and "Bud\\x1b[31mget" in out
    leads = tmp_path / "leads.csv"
    leads.write_text("id,need,\u202eevil,zz\x1b[2J\nacme,validated,1,2\n", encoding="utf-8")
    assert main(["evaluate", str(leads), "-f", str(evil)]) == 0
    captured = capsys.readouterr()
    assert "Money\\x1b[2J?" in captured.out and "\x1b" not in captured.out
    assert "\\u202eevil, zz\\x1b[2J" in captured.err and "\x1b" not in captured.err


def test_a_note_about_unused_columns_stays_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wide = tmp_path / "wide.csv"
    names = [f"extra{i}" for i in range(5000)]
    wide.write_text(
        "id,budget," + ",".join(names) + "\nacme,allocated," + ",".join("1" * len(names)) + "\n",
        encoding="utf-8",
    )
    assert main(["evaluate", str(wide), "-f", "bant"]) == 0
    err = capsys.readouterr().err
    assert "extra19 and 4,980 more" in err and "extra20" not in err
    assert len(err) < 1000


def test_a_bad_outcome_is_named_by_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text(
        'budget,won\nallocated,yes\n"none\nat all",no\nsufficient,maybe\n', encoding="utf-8"
    )
    for command in ("backtest", "calibrate"):
        code = main([command, str(leads), "-f", "bant", "--outcome", "won"])
        err = capsys.readouterr().err
        assert code == 2, (command, err)
        assert "error: line 5: the outcome 'maybe' says neither won nor lost" in err, command


def test_an_error_quoting_the_file_is_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text('\x1b]0;pwned\x07x,y\n1,2\n', encoding="utf-8")
    assert main(["evaluate", str(leads), "-f", "bant"]) == 2
    err = capsys.readouterr().err
    assert "no column is read by bant" in err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b]0;pwned\\x07x" in err


def test_qualify_alone_shows_what_it_can_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: qualify") and "evaluate" in out and "calibrate" in out


def test_only_evaluate_says_it_takes_several_frameworks(capsys: pytest.CaptureFixture[str]) -> None:
    for command, several in (("evaluate", True), ("backtest", False), ("calibrate", False)):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = " ".join(capsys.readouterr().out.split())
        assert ("more than once to judge every lead" in out) is several, command


def test_frameworks_show_and_calibrate_speak_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["frameworks", "--format", "json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    names = [f["name"] for f in listing["frameworks"]]
    assert "bant" in names and "budget" in listing["concepts"]
    assert main(["show", "bant", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert qualify.from_dict(shown["framework"], qualify.Framework) == qualify.get_framework("bant")
    assert main(["show", str(EXAMPLES / "bank-calls.toml"), "--format", "json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"framework", "mapping"}
    leads = tmp_path / "leads.csv"
    rows = ["budget,need,won"] + [
        f"{b},{n},{'yes' if b == 'sufficient' or i % 7 == 0 else 'no'}"
        for i, (b, n) in enumerate(
            [("sufficient", "validated"), ("none", "assumed"), ("allocated", "identified")] * 40
        )
    ]
    leads.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["calibrate", str(leads), "-f", "bant", "--outcome", "won", "--format", "json"]) == 0
    calibration = json.loads(capsys.readouterr().out)
    assert calibration["declared"]["name"] == "bant" and calibration["n"] == 120


def test_a_closed_pipe_is_its_own_exit_status(tmp_path: Path) -> None:
    """``qualify evaluate ... | head``: stopped quietly with 141, not 1 ("rows reported")."""
    import subprocess
    import sys

    from qualify.cli import PIPE_CLOSED

    leads = tmp_path / "many.csv"
    rows = "\n".join(f"L{i},allocated,engaged,validated,3" for i in range(20000))
    leads.write_text("lead,budget,authority,need,timeframe\n" + rows + "\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "qualify", "evaluate", str(leads), "-f", "bant", "--format", "csv"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # the reader goes away, as head does
    error = process.stderr.read()
    process.stderr.close()
    assert process.wait() == PIPE_CLOSED == 141
    assert b"Traceback" not in error


class _Terminal(io.StringIO):
    """Standard output as a terminal would be."""

    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_table_fits_its_width_and_verdicts_are_coloured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from qualify._cli.style import style_for

    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = _Terminal()
    style = style_for(out)
    assert style.width == 60 and style.colour
    from qualify._cli.output import writer_for

    writer = writer_for("text", out, qualify.get_framework("bant"), style=style)
    writer.write("a lead whose name is far too long for any terminal", qualify.evaluate({}, "bant"))
    writer.write("L2", qualify.evaluate({"need": "validated", "budget": "sufficient",
                                         "authority": "engaged", "timeframe": 2}, "bant"))  # fmt: skip
    writer.finish()
    lines = out.getvalue().splitlines()
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in lines]
    assert all(len(line) <= 60 for line in plain), plain
    assert plain[1].endswith("…") and plain[1].startswith("a lead") and "… " in plain[1]
    assert "\x1b[32mqualified\x1b[0m" in lines[2]  # the word, not its padding
    assert plain[0].split()[:3] == ["lead", "verdict", "score"]  # a header, plain


def test_no_color_pipes_and_never_write_plain_whole_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    from qualify._cli.style import style_for

    monkeypatch.setenv("NO_COLOR", "1")
    assert not style_for(_Terminal()).colour
    assert style_for(_Terminal(), "always").colour
    monkeypatch.delenv("NO_COLOR")
    assert not style_for(_Terminal(), "never").colour
    piped = style_for(io.StringIO())
    assert piped.width is None and not piped.colour  # a file or a pipe: whole and plain


def test_color_always_paints_the_command_s_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", str(EXAMPLES / "bant-leads.csv"), "-f", "bant",
                       "--color", "always")  # fmt: skip
    assert code == 0 and "\x1b[32mqualified\x1b[0m" in out
    code, out, _ = run(capsys, "evaluate", str(EXAMPLES / "bant-leads.csv"), "-f", "bant")
    assert "\x1b[" not in out  # captured, not a terminal: plain


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_scripts_complete_commands_options_values_and_frameworks(
    shell: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import shutil

    code, script, _ = run(capsys, "completion", shell)
    assert code == 0 and "complete -o default -F _qualify qualify" in script
    if shell == "zsh":
        assert script.startswith("autoload -U +X bashcompinit && bashcompinit")
        return
    if shutil.which("bash") is None:  # pragma: no cover
        pytest.skip("no bash on this machine")
    (tmp_path / "q.bash").write_text(script, encoding="utf-8")

    def completes(*words: str) -> list[str]:
        line = " ".join(f'"{word}"' for word in words)
        found = subprocess.run(
            ["bash", "-c", f'source q.bash; COMP_WORDS=(qualify {line}); '
                           f'COMP_CWORD={len(words)}; _qualify; printf "%s\\n" "${{COMPREPLY[@]}}"'],
            capture_output=True, text=True, check=True, cwd=tmp_path,
        )  # fmt: skip
        return found.stdout.split()

    assert completes("cal") == ["calibrate"]
    assert completes("evaluate", "leads.csv", "--form") == ["--format"]
    assert completes("evaluate", "leads.csv", "--format", "") == ["text", "json", "jsonl", "csv"]
    assert "bant" in completes("backtest", "leads.csv", "-f", "")
    assert completes("evaluate", "leads.csv", "--ask", "d") == ["decision"]
    assert "evidence" in completes("schema", "")
    assert completes("evaluate", "q.") == ["q.bash"]  # files elsewhere


def test_format_table_still_reads_as_text_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before 1.0 the table was ``--format table``; every command now calls it ``text``."""
    leads = tmp_path / "leads.csv"
    leads.write_text("lead,need\nL-1,validated\n", encoding="utf-8")
    assert main(["evaluate", str(leads), "-f", "bant", "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert main(["evaluate", str(leads), "-f", "bant", "--format", "table"]) == 0
    out, err = capsys.readouterr()
    assert out == text and text.startswith("lead ")
    assert "--format table is now --format text" in err


def test_validate_reports_each_file_as_json_with_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = Path(__file__).parent.parent / "examples" / "acme-bant.toml"
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nextends = "bant"\n[[criteria]]\nkey = "x"\nweight = "heavy"\n', encoding="utf-8")
    assert main(["validate", str(good), str(bad), "--format", "json"]) == 1
    first, second = json.loads(capsys.readouterr().out)
    assert first == {"file": str(good), "ok": True, "errors": [],
                     "holds": "framework acme-bant (4 criteria), mapping acme-crm (9 fields)"}  # fmt: skip
    assert second["ok"] is False and second["holds"] is None
    assert any(error["loc"][:2] == ["criteria", 0] for error in second["errors"]), second
    assert all(error["file"] == str(bad) for error in second["errors"])
