"""Score every lead in a CRM's SQLite database and write the results back.

    python examples/crm_sqlite/score_leads.py [--db FILE] [--framework FILE] [--top N]

The database holds a ``leads`` table shaped like the CRM export in
``examples/leads.csv``; on the first run, when the file does not exist yet, it
is created from that export. Results go to a ``lead_scores`` table, one row per
lead: score, verdict, stage, completeness, the questions still open (JSON), the
whole evaluation (JSON, readable with ``qualify.from_dict``), and which
framework, version and content produced it.

A lead is scored again only when it has never been scored, when it changed
since (its ``Updated`` column), or when the framework file changed. A framework
whose content changed but whose ``version`` did not is scored again too, with a
warning: bump the version, so every stored result says which rules made it.

A row the mapping cannot read is kept with its reason in ``lead_scores.error``;
nothing is dropped. The script ends by printing the leads to call first and the
question to ask each.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sqlite3
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import qualify

HERE = Path(__file__).resolve().parent
EXPORT = HERE.parent / "leads.csv"
FRAMEWORK = HERE.parent / "acme-bant.toml"

SCORES = """
CREATE TABLE IF NOT EXISTS lead_scores (
    lead_id TEXT PRIMARY KEY REFERENCES leads ("Lead ID"),
    framework TEXT NOT NULL,
    framework_version TEXT NOT NULL,
    framework_digest TEXT NOT NULL,
    scored_at TEXT NOT NULL,
    score REAL,
    verdict TEXT,
    stage TEXT,
    completeness REAL,
    next_question TEXT,
    follow_up TEXT,
    missing_questions TEXT,
    evaluation TEXT,
    error TEXT
)
"""


def create_from_export(db: sqlite3.Connection, export: Path) -> int:
    """Create the ``leads`` table from a CSV export; every column is kept as text."""
    with export.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    columns = [*rows[0], "Updated"]
    names = ", ".join(f'"{column}" TEXT' for column in columns)
    db.execute(f'CREATE TABLE leads ({names}, PRIMARY KEY ("Lead ID"))')
    marks = ", ".join("?" for _ in columns)
    db.executemany(
        f"INSERT INTO leads VALUES ({marks})",
        ([*row.values(), row["Created"]] for row in rows),
    )
    return len(rows)


def digest(framework: qualify.Framework) -> str:
    """A fingerprint of the framework's content: it changes whenever any rule does."""
    canonical = json.dumps(qualify.to_dict(framework), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def stale_leads(
    db: sqlite3.Connection, framework: qualify.Framework, fingerprint: str
) -> list[Any]:
    """The leads never scored, changed since, or scored by other rules."""
    return db.execute(
        """
        SELECT leads.* FROM leads LEFT JOIN lead_scores s ON s.lead_id = leads."Lead ID"
        WHERE s.lead_id IS NULL
           OR leads."Updated" >= s.scored_at
           OR s.framework != ? OR s.framework_version != ? OR s.framework_digest != ?
        ORDER BY leads."Lead ID"
        """,
        (framework.name, framework.version, fingerprint),
    ).fetchall()


def score_columns(outcome: qualify.Evaluation | qualify.RowProblems) -> dict[str, Any]:
    """The ``lead_scores`` columns for one lead; an unreadable row keeps its problems."""
    if isinstance(outcome, qualify.RowProblems):
        return {"error": "; ".join(outcome.problems)}
    return {
        "score": round(outcome.score, 2),
        "verdict": outcome.verdict.value,
        "stage": outcome.stage,
        "completeness": round(outcome.completeness, 4),
        "next_question": outcome.next_question,
        # nothing left to ask: press on the criterion that falls furthest short
        "follow_up": outcome.gaps[0].question if outcome.gaps else None,
        "missing_questions": json.dumps([missing.question for missing in outcome.missing]),
        "evaluation": json.dumps(qualify.to_dict(outcome)),
        "error": None,
    }


def warn_if_version_kept(
    db: sqlite3.Connection, framework: qualify.Framework, fingerprint: str
) -> None:
    changed = db.execute(
        "SELECT COUNT(*) FROM lead_scores WHERE framework = ? AND framework_version = ?"
        " AND framework_digest != ?",
        (framework.name, framework.version, fingerprint),
    ).fetchone()[0]
    if changed:
        print(
            f"warning: {framework.name} changed but is still version {framework.version};"
            " bump its version so stored results say which rules made them",
            file=sys.stderr,
        )


def rescore(db: sqlite3.Connection, framework: qualify.Framework, mapping: qualify.FieldMap) -> int:
    """Score every stale lead and store the results; returns how many were scored."""
    fingerprint = digest(framework)
    db.execute(SCORES)
    warn_if_version_kept(db, framework, fingerprint)
    # taken before reading, so a lead edited while this runs is scored again next time
    now = datetime.now(UTC).isoformat()
    leads = stale_leads(db, framework, fingerprint)
    columns = [
        "lead_id", "framework", "framework_version", "framework_digest", "scored_at",
        "score", "verdict", "stage", "completeness", "next_question", "follow_up",
        "missing_questions",
        "evaluation", "error",
    ]  # fmt: skip
    stored = []
    rows = [dict(lead) for lead in leads]
    outcomes = qualify.evaluate_many(
        rows, framework, mapping=mapping, errors="report", id="Lead ID"
    )
    for row, outcome in zip(rows, outcomes, strict=True):
        values = {
            "lead_id": row["Lead ID"],
            "framework": framework.name,
            "framework_version": framework.version,
            "framework_digest": fingerprint,
            "scored_at": now,
            **score_columns(outcome),
        }
        stored.append([values.get(column) for column in columns])
    db.executemany(
        f"INSERT OR REPLACE INTO lead_scores ({', '.join(columns)})"
        f" VALUES ({', '.join('?' for _ in columns)})",
        stored,
    )
    return len(stored)


def report(db: sqlite3.Connection, top: int) -> None:
    """Print the counts, the rows that could not be scored, and the leads to call first."""
    counts = db.execute(
        "SELECT COALESCE(verdict, 'not scored'), COUNT(*) FROM lead_scores GROUP BY 1 ORDER BY 1"
    ).fetchall()
    print("verdicts: " + ", ".join(f"{verdict} {count}" for verdict, count in counts))
    for lead_id, error in db.execute(
        "SELECT lead_id, error FROM lead_scores WHERE error IS NOT NULL ORDER BY lead_id"
    ):
        print(f"not scored: {lead_id}: {error}")
    print(f"\ncall first (nurture leads closest to qualifying, top {top}):")
    rows = db.execute(
        """
        SELECT s.lead_id, l."Company", l."Contact", l."Phone", s.score,
               COALESCE('ask: ' || s.next_question, 'follow up: ' || s.follow_up)
        FROM lead_scores s JOIN leads l ON l."Lead ID" = s.lead_id
        WHERE s.verdict = 'nurture'
        ORDER BY s.score DESC, s.completeness ASC, s.lead_id
        LIMIT ?
        """,
        (top,),
    ).fetchall()
    for lead_id, company, contact, phone, score, question in rows:
        print(f"  {lead_id}  {score:5.1f}  {company}, {contact} ({phone})")
        print(f"            {question}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=HERE / "crm.db", help="the SQLite database")
    parser.add_argument("--framework", type=Path, default=FRAMEWORK, help="a framework file")
    parser.add_argument("--top", type=int, default=10, help="how many leads to list")
    args = parser.parse_args(argv)

    framework = qualify.load_framework(args.framework)
    mapping = qualify.load_field_map(args.framework)
    fresh = not args.db.exists()
    with sqlite3.connect(args.db) as db:
        db.row_factory = sqlite3.Row
        if fresh:
            count = create_from_export(db, EXPORT)
            print(f"created {args.db.name} with {count} leads from {EXPORT.name}")
        scored = rescore(db, framework, mapping)
        total = db.execute("SELECT COUNT(*) FROM leads").fetchone()[0]
        print(
            f"{framework.name} version {framework.version}: scored {scored} leads,"
            f" {total - scored} up to date"
        )
        db.row_factory = None
        report(db, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
