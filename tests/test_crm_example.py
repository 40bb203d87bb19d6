"""examples/leads.csv, a 200-lead CRM export, and examples/acme-bant.toml, the framework
and field mapping ACME scores it with: the way a CRM batch job meets qualify."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

import qualify
from qualify.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
LEADS = EXAMPLES / "leads.csv"
ACME = EXAMPLES / "acme-bant.toml"
DISQUALIFYING_CONTACTS = {
    "Consultant": "consultant",
    "Competitor": "competitor",
    "Student": "student",
}
DEAD_PHONES = {"Wrong Number", "Disconnected"}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with LEADS.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_export_looks_like_a_crm_export(rows: list[dict[str, str]]) -> None:
    assert 100 <= len(rows) <= 300
    assert len({row["Lead ID"] for row in rows}) == len(rows)
    empty_bant = [row for row in rows if not (row["Budget Status"] or row["Need"])]
    assert empty_bant and len(empty_bant) < len(rows) // 2  # mixed completeness
    assert {row["Contact Type"] for row in rows} >= {"Buyer", *DISQUALIFYING_CONTACTS}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_row_is_evaluated_or_reported(
    rows: list[dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "evaluate", str(LEADS), "--framework", str(ACME), "--format", "jsonl"
    )
    assert code == 1  # some rows hold values nobody mapped
    evaluated = [json.loads(line)["lead"] for line in out.splitlines()]
    reported = re.findall(r"^error: line (\d+) \((\w+)\): (.+)$", err, flags=re.MULTILINE)
    assert len(evaluated) + len(reported) == len(rows)
    # the file's own order, nothing lost: line 2 is the first lead
    by_line = {int(line) - 2: lead for line, lead, _ in reported}
    ids = [row["Lead ID"] for row in rows]
    merged = iter(evaluated)
    assert [by_line.get(index) or next(merged) for index in range(len(rows))] == ids
    reasons = [reason for _, _, reason in reported]
    assert any("'Pending Approval', which the mapping does not translate" in r for r in reasons)
    assert any("'Budget Amount' should hold an amount, got '50k'" in r for r in reasons)
    assert any("does not accept 'ASAP'" in r for r in reasons)
    assert "note: reading rows through mapping acme-crm" in err
    assert f"{len(evaluated)} leads evaluated" in err and f"{len(reported)} rows reported" in err


def test_strict_stops_at_the_first_unmapped_value(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "evaluate", str(LEADS), "-f", str(ACME), "--strict", "--format", "jsonl"
    )
    assert code == 1
    first_bad = int(re.findall(r"error: line (\d+)", err)[0])
    assert len(out.splitlines()) == first_bad - 2
    assert err.count("error: line") == 1


def test_disqualifiers_come_from_contact_type_and_phone_status(rows: list[dict[str, str]]) -> None:
    framework = qualify.load_framework(ACME)
    mapping = qualify.load_field_map(ACME)
    assert mapping.name == "acme-crm" and mapping.framework == "acme-bant"
    disqualified = 0
    for row in rows:
        try:
            result = qualify.evaluate(row, framework, mapping=mapping)
        except qualify.EvidenceError:
            continue
        expected = set()
        if row["Contact Type"] in DISQUALIFYING_CONTACTS:
            expected.add(DISQUALIFYING_CONTACTS[row["Contact Type"]])
        if row["Phone Status"] in DEAD_PHONES:
            expected.add("bad_contact_data")
        assert set(result.disqualified_by) == expected, row["Lead ID"]
        assert (result.verdict is qualify.Verdict.DISQUALIFIED) is bool(expected)
        disqualified += bool(expected)
    assert 5 <= disqualified <= 30  # a few, not most


def test_a_dataframe_of_the_export_gives_the_same_verdicts(rows: list[dict[str, str]]) -> None:
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("narwhals")
    framework = qualify.load_framework(ACME)
    mapping = qualify.load_field_map(ACME)
    frame = pandas.read_csv(LEADS, dtype=str, keep_default_na=False)
    with pytest.raises(qualify.EvidenceError, match="5 rows cannot be scored") as raised:
        qualify.evaluate_frame(frame, framework, mapping=mapping)
    assert "does not accept 'ASAP'" in str(raised.value)
    scored = qualify.evaluate_frame(frame, framework, mapping=mapping, errors="report")
    assert len(scored) == len(rows)
    # the same rows as the command reports, with the same words
    for row, verdict, problems in zip(rows, scored["verdict"], scored["problems"], strict=True):
        try:
            expected = qualify.evaluate(row, framework, mapping=mapping).verdict.value
        except qualify.EvidenceError as exc:
            assert tuple(problems) == exc.problems, row["Lead ID"]
            continue
        assert verdict == expected and list(problems) == [], row["Lead ID"]


def test_a_separate_mapping_file_wins_over_the_frameworks_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    only_need = tmp_path / "need-only.toml"
    only_need.write_text(
        '[mapping]\nname = "need-only"\n[[mapping.fields]]\ncolumn = "Need"\ncriterion = "need"\n'
        'values = { "No need" = false, "Good to have" = "assumed", "Should have" = "identified",'
        ' "Must have" = "validated", "Must have!" = "validated" }\n',
        encoding="utf-8",
    )
    code, out, err = run(
        capsys,
        "evaluate",
        str(LEADS),
        "-f",
        str(ACME),
        "--mapping",
        str(only_need),
        "--format",
        "jsonl",
    )
    assert code == 0, err
    assert "reading rows through mapping acme-crm" not in err
    assert all(json.loads(line)["disqualified_by"] == [] for line in out.splitlines())


def test_a_mapping_file_given_as_the_framework_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    only_mapping = tmp_path / "crm.toml"
    only_mapping.write_text(
        '[mapping]\nname = "crm"\n[[mapping.fields]]\ncolumn = "Need"\ncriterion = "need"\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "evaluate", str(LEADS), "--framework", str(only_mapping))
    assert code == 2 and out == ""
    assert "holds a mapping, not a framework; pass it to --mapping" in err
    code, _, err = run(capsys, "evaluate", str(LEADS), "--framework", str(tmp_path / "no.toml"))
    assert code == 2 and "no.toml" in err


def test_the_cli_page_shows_what_the_example_prints(capsys: pytest.CaptureFixture[str]) -> None:
    page = (EXAMPLES.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    shown = next(line for line in page.splitlines() if "leads evaluated" in line)
    _, _, err = run(capsys, "evaluate", str(LEADS), "--framework", str(ACME))
    assert err.splitlines()[-1] == shown
