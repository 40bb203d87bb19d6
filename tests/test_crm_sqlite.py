"""examples/crm_sqlite: the nightly batch job of a CRM that keeps its leads in SQLite."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import qualify

EXAMPLES = Path(__file__).parent.parent / "examples"
SCRIPT = EXAMPLES / "crm_sqlite" / "score_leads.py"
ACME = EXAMPLES / "acme-bant.toml"


def score(db: Path, *options: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--db", str(db), *options],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


def stored(db: Path) -> dict[str, sqlite3.Row]:
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        return {row["lead_id"]: row for row in connection.execute("SELECT * FROM lead_scores")}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "crm.db"


def test_first_run_creates_the_database_and_scores_every_lead(db: Path) -> None:
    out = score(db).stdout
    assert "created crm.db with 200 leads from leads.csv" in out
    assert "acme-bant version 2026.11: scored 200 leads, 0 up to date" in out
    rows = stored(db)
    assert len(rows) == 200
    # the five rows nobody can read are kept, with their reason, and listed
    errors = {lead: row["error"] for lead, row in rows.items() if row["error"]}
    assert len(errors) == 5 and out.count("not scored: ") == 5
    assert any("'Pending Approval'" in reason for reason in errors.values())
    # what is stored is what qualify says, and reads back as an Evaluation
    framework = qualify.load_framework(ACME)
    mapping = qualify.load_field_map(ACME)
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        leads = {row["Lead ID"]: dict(row) for row in connection.execute("SELECT * FROM leads")}
    for lead_id, row in rows.items():
        if row["error"]:
            continue
        expected = qualify.evaluate(leads[lead_id], framework, mapping=mapping)
        again = qualify.from_dict(json.loads(row["evaluation"]), qualify.Evaluation)
        assert again == expected
        assert row["verdict"] == expected.verdict.value
        assert json.loads(row["missing_questions"]) == [m.question for m in expected.missing]
        assert row["framework_version"] == "2026.11"


def test_the_call_list_names_a_question_for_every_lead(db: Path) -> None:
    out = score(db, "--top", "5").stdout
    listed = out.split("call first", 1)[1].splitlines()[1:]
    leads, questions = listed[0::2], listed[1::2]
    assert len(leads) == len(questions) == 5
    scores = [float(re.split(r"\s+", line.strip())[1]) for line in leads]
    assert scores == sorted(scores, reverse=True)
    assert all(q.strip().startswith(("ask: ", "follow up: ")) for q in questions)
    assert "None" not in out


def test_only_what_changed_is_scored_again(db: Path, tmp_path: Path) -> None:
    score(db)
    assert "scored 0 leads, 200 up to date" in score(db).stdout
    with sqlite3.connect(db) as connection:
        lead_id, scored_at = connection.execute(
            "SELECT lead_id, scored_at FROM lead_scores WHERE error IS NOT NULL"
            " AND error LIKE '%Pending Approval%'"
        ).fetchone()
        connection.execute(
            """UPDATE leads SET "Budget Status" = 'Can Buy', "Updated" = ?"""
            ' WHERE "Lead ID" = ?',
            (datetime.now(UTC).isoformat(), lead_id),
        )
    assert "scored 1 leads, 199 up to date" in score(db).stdout
    fixed = stored(db)[lead_id]
    assert fixed["error"] is None and fixed["verdict"] is not None
    assert fixed["scored_at"] >= scored_at


def test_a_new_framework_version_rescores_every_lead(db: Path, tmp_path: Path) -> None:
    score(db)
    stricter = tmp_path / "acme-bant.toml"
    text = ACME.read_text(encoding="utf-8")
    stricter.write_text(
        text.replace('version = "2026.11"', 'version = "2026.12"\nqualified_at = 85'),
        encoding="utf-8",
    )
    result = score(db, "--framework", str(stricter))
    assert "acme-bant version 2026.12: scored 200 leads" in result.stdout
    assert "warning" not in result.stderr
    assert {row["framework_version"] for row in stored(db).values()} == {"2026.12"}


def test_a_changed_framework_with_the_same_version_is_rescored_with_a_warning(
    db: Path, tmp_path: Path
) -> None:
    score(db)
    edited = tmp_path / "acme-bant.toml"
    text = ACME.read_text(encoding="utf-8")
    edited.write_text(text.replace('extends = "bant"', 'extends = "bant"\nqualified_at = 60'))
    result = score(db, "--framework", str(edited))
    assert "scored 200 leads" in result.stdout
    assert "acme-bant changed but is still version 2026.11" in result.stderr


JOURNEY = EXAMPLES / "crm_sqlite" / "journey.py"


def journey(db: Path, *options: str) -> str:
    result = subprocess.run(
        [sys.executable, str(JOURNEY), "--db", str(db), *options],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_journey_keeps_touches_and_hand_offs_and_reports_per_source(db: Path) -> None:
    first = journey(db)
    assert "made up" in first and "reviews by sales, as of 2026-11-23" in first
    assert "Flagged: J. Ortiz rejected leads that met the agreement." in first
    # the same date gives the same bytes, from the stored touches and reviews
    again = journey(db)
    assert again == first[first.index("as of 2026-11-23: "):]
    assert journey(db) == again
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        stored = {
            row["lead_id"]: row
            for row in connection.execute("SELECT * FROM handoffs WHERE as_of LIKE '2026-11-23%'")
        }
        leads = {row["Lead ID"]: dict(row) for row in connection.execute("SELECT * FROM leads")}
        touches = connection.execute("SELECT COUNT(*) FROM touches").fetchone()[0]
    assert len(stored) == 200 and touches > 200
    # what is stored is what qualify says for that lead and date
    framework = qualify.load_framework(ACME)
    mapping = qualify.load_field_map(ACME)
    agreement = qualify.load_agreement(EXAMPLES / "crm_sqlite" / "acme-handoff.toml")
    as_of = datetime(2026, 11, 23)
    for lead_id in ("00Q41202", "00Q41204"):
        lead = leads[lead_id]
        result = qualify.evaluate(
            lead, framework, mapping=mapping, as_of=as_of,
            observed_at=datetime.fromisoformat(lead["Updated"]),
        )  # fmt: skip
        assert stored[lead_id]["decision"] == agreement.hand_off(result, lead=lead_id).decision
        assert json.loads(stored[lead_id]["stale"]) == [s.key for s in result.stale]


def test_as_time_passes_answers_go_stale_and_fewer_leads_are_handed_over(db: Path) -> None:
    journey(db)
    now = journey(db, "--as-of", "2026-11-23")
    later = journey(db, "--as-of", "2027-03-01")

    def handed(text: str) -> tuple[int, int]:
        stale = int(re.search(r"(\d+) with answers gone stale", text).group(1))  # type: ignore[union-attr]
        total = re.search(r"\nall\s+(\d+)\s+(\d+)", text)
        assert total is not None
        return stale, int(total.group(2))

    (stale_now, handed_now), (stale_later, handed_later) = handed(now), handed(later)
    assert stale_later > stale_now and handed_later < handed_now
