"""The lead's journey in a CRM's SQLite database: touches, ageing answers, hand-offs.

    python examples/crm_sqlite/journey.py [--db FILE] [--as-of DATE]

Run ``score_leads.py`` first (or let this script create ``crm.db`` the same
way). This script keeps three more tables next to ``leads``:

- ``touches``: every call, voicemail, email and letter to a lead (on the first
  run, a contact history is made up for each lead, the same one every time);
- ``reviews``: what sales did with a lead handed to it (made up on the first
  run too: accepted, or rejected with one of the agreement's reasons; one rep
  turns down leads that met the agreement), and whether an accepted one was
  won or lost;
- ``handoffs``: for each lead, as of ``--as-of``, the decision of ACME's
  hand-off agreement (``acme-handoff.toml``), what is unmet, how its touches
  stand, which answers went stale, and where sales' review sent it.

It then prints the hand-off report per lead source and per rep. Run it with
a later ``--as-of`` to see answers go stale and leads drop back to nurturing:
nothing but the date changes, and the same date always gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import attrs

import qualify

HERE = Path(__file__).resolve().parent
FRAMEWORK = HERE.parent / "acme-bant.toml"
AGREEMENT = HERE / "acme-handoff.toml"

TABLES = """
CREATE TABLE IF NOT EXISTS touches (
    lead_id TEXT NOT NULL REFERENCES leads ("Lead ID"),
    at TEXT NOT NULL,
    channel TEXT NOT NULL,
    direction TEXT NOT NULL,
    outcome TEXT NOT NULL,
    by TEXT
);
CREATE TABLE IF NOT EXISTS reviews (
    lead_id TEXT PRIMARY KEY REFERENCES leads ("Lead ID"),
    accepted INTEGER NOT NULL,
    reason TEXT,
    rep TEXT NOT NULL,
    outcome TEXT,
    reviewed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS handoffs (
    lead_id TEXT NOT NULL REFERENCES leads ("Lead ID"),
    as_of TEXT NOT NULL,
    source TEXT,
    decision TEXT,
    unmet TEXT,
    score REAL,
    stale TEXT,
    touches INTEGER,
    pursuit TEXT,
    routing TEXT,
    reason TEXT,
    rep TEXT,
    error TEXT,
    PRIMARY KEY (lead_id, as_of)
);
"""

# A made-up but plausible contact history: mostly voicemails and emails, a letter
# now and then, and an answer for some leads after a few tries.
_SILENT = [("phone", "voicemail left"), ("email", "sent"), ("phone", "no answer"),
           ("letter", "sent"), ("direct mail", "sent")]  # fmt: skip
_ANSWERS = [("phone", "conversation held"), ("email", "replied"), ("phone", "meeting booked")]


def make_touches(db: sqlite3.Connection) -> int:
    """Give every lead a contact history, the same one on every run; return how many."""
    made = []
    for lead_id, created, owner in db.execute(
        'SELECT "Lead ID", "Created", "Lead Owner" FROM leads ORDER BY "Lead ID"'
    ):
        dice = random.Random(lead_id)
        when = datetime.fromisoformat(created) + timedelta(days=1, hours=9)
        tries = dice.randint(1, 9)
        answers_after = dice.choice([None, None, 2, 4, 5, 6])
        for number in range(1, tries + 1):
            channel, outcome = dice.choice(_SILENT)
            if answers_after is not None and number == answers_after:
                channel, outcome = dice.choice(_ANSWERS)
            made.append((lead_id, when.isoformat(), channel, "outbound", outcome, owner))
            if outcome in ("conversation held", "replied", "meeting booked"):
                break
            when += timedelta(days=dice.randint(6, 21))
    db.executemany("INSERT INTO touches VALUES (?, ?, ?, ?, ?, ?)", made)
    return len(made)


def make_reviews(
    db: sqlite3.Connection,
    handoffs: list[qualify.journey.Handoff],
    owners: dict[str, str],
    as_of: datetime,
) -> int:
    """Sales' answers to the leads of a first hand-off, as of *as_of*: made up once, kept."""
    reviews = []
    when = as_of.isoformat()
    for handoff in handoffs:
        dice = random.Random(f"review {handoff.lead}")
        rep = owners[handoff.lead]
        if handoff.meets:
            if rep == "J. Ortiz" and dice.random() < 0.5:  # a rep with criteria of their own
                reviews.append((handoff.lead, 0, "timescale too long", rep, None, when))
            else:  # accepted, and by now some are won or lost
                outcome = dice.choice(["won", "lost", "lost", None])
                reviews.append((handoff.lead, 1, None, rep, outcome, when))
        elif handoff.score >= 50 and dice.random() < 0.3:  # passed on though below the bar
            reason = dice.choice(["no budget", "need not established", "no decision maker"])
            reviews.append((handoff.lead, 0, reason, rep, None, when))
    db.executemany("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?)", reviews)
    return len(reviews)


def touches_of(db: sqlite3.Connection) -> dict[str, list[qualify.journey.Touch]]:
    found: dict[str, list[qualify.journey.Touch]] = {}
    for lead_id, at, channel, direction, outcome, by in db.execute(
        "SELECT * FROM touches ORDER BY lead_id, at"
    ):
        touch = qualify.journey.Touch(
            at=datetime.fromisoformat(at),
            channel=channel,
            direction=direction,
            outcome=outcome,
            by=by,
        )
        found.setdefault(lead_id, []).append(touch)
    return found


def evaluated(db: sqlite3.Connection, as_of: datetime) -> dict[str, Any]:
    """Every lead in by *as_of*: its evaluation (or its problems) then, by lead id."""
    leads = [
        dict(row)
        for row in db.execute(
            'SELECT * FROM leads WHERE "Created" <= ? ORDER BY "Lead ID"', (as_of.isoformat(),)
        )
    ]
    results = qualify.evaluate_many(
        leads,
        qualify.load_framework(FRAMEWORK),
        mapping=qualify.load_field_map(FRAMEWORK),
        errors="report",
        id="Lead ID",
        as_of=as_of,
        observed_at_column="Updated",
        touches=touches_of(db),
    )
    return {lead["Lead ID"]: (lead, result) for lead, result in zip(leads, results, strict=True)}


def judge(
    db: sqlite3.Connection, as_of: datetime
) -> tuple[list[qualify.journey.Handoff], list[dict[str, Any]]]:
    """Every lead as of *as_of*: its hand-off and the row stored for it. A review made by
    then routes the lead as it stood when it was reviewed; a later one is not known yet."""
    agreement = qualify.load_agreement(AGREEMENT)
    now = evaluated(db, as_of)
    reviews: dict[str, Any] = {}
    for row in db.execute("SELECT * FROM reviews ORDER BY lead_id"):
        if datetime.fromisoformat(row["reviewed_at"]) <= as_of:
            reviews[row["lead_id"]] = row
    then = {when: evaluated(db, datetime.fromisoformat(when))
            for when in sorted({review["reviewed_at"] for review in reviews.values()})}  # fmt: skip
    handoffs, stored = [], []
    for lead_id, (lead, result) in now.items():
        row: dict[str, Any] = {"lead_id": lead_id, "as_of": as_of.isoformat(),
                               "source": lead["Lead Source"]}  # fmt: skip
        if isinstance(result, qualify.RowProblems):
            stored.append({**row, "error": "; ".join(result.problems)})
            continue
        handoff = agreement.hand_off(result, lead=lead_id, source=lead["Lead Source"])
        review = reviews.get(lead_id)
        if review is not None:
            _, back_then = then[review["reviewed_at"]][lead_id]
            reviewed = agreement.review(
                agreement.hand_off(back_then, lead=lead_id, source=lead["Lead Source"]),
                accepted=bool(review["accepted"]),
                reason=review["reason"],
                rep=review["rep"],
                at=datetime.fromisoformat(review["reviewed_at"]),
            )
            handoff = attrs.evolve(
                handoff,
                **{name: getattr(reviewed, name)
                   for name in ("accepted", "reason", "rep", "reviewed_at", "routing")},
            )  # fmt: skip
        handoffs.append(handoff)
        history = result.touches
        assert history is not None
        stored.append({
            **row,
            "decision": handoff.decision.value,
            "unmet": json.dumps(handoff.unmet),
            "score": round(result.score, 2),
            "stale": json.dumps([stale.key for stale in result.stale]),
            "touches": history.count,
            "pursuit": history.pursuit.value,
            "routing": None if handoff.routing is None else handoff.routing.value,
            "reason": handoff.reason,
            "rep": handoff.rep,
        })  # fmt: skip
    return handoffs, stored


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=HERE / "crm.db", help="the SQLite database")
    parser.add_argument(
        "--as-of",
        type=datetime.fromisoformat,
        default=datetime(2026, 11, 23),
        help="judge every lead as of this date (default: 2026-11-23)",
    )
    args = parser.parse_args(argv)
    if not args.db.exists():
        import score_leads  # the same folder: create crm.db the way it does

        score_leads.main(["--db", str(args.db), "--top", "0"])
    db = sqlite3.connect(args.db)
    with db:
        db.executescript(TABLES)
        db.row_factory = sqlite3.Row
        if not db.execute("SELECT COUNT(*) FROM touches").fetchone()[0]:
            print(f"made up {make_touches(db)} touches, the same on every run")
        handoffs, stored = judge(db, args.as_of)
        if not db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]:
            owners = dict(db.execute('SELECT "Lead ID", "Lead Owner" FROM leads').fetchall())
            made = make_reviews(db, handoffs, owners, args.as_of)
            print(f"made up {made} reviews by sales, as of {args.as_of.date()}")
            handoffs, stored = judge(db, args.as_of)
        columns = [
            "lead_id", "as_of", "source", "decision", "unmet", "score", "stale", "touches",
            "pursuit", "routing", "reason", "rep", "error",
        ]  # fmt: skip
        db.executemany(
            f"INSERT OR REPLACE INTO handoffs ({', '.join(columns)})"
            f" VALUES ({', '.join('?' for _ in columns)})",
            [[row.get(column) for column in columns] for row in stored],
        )
    stale = sum(1 for row in stored if row.get("stale") not in (None, "[]"))
    pursuits: dict[str, int] = {}
    for row in stored:
        if row.get("pursuit"):
            pursuits[row["pursuit"]] = pursuits.get(row["pursuit"], 0) + 1
    print(f"as of {args.as_of.date()}: {len(stored)} leads in, {stale} with answers gone stale")
    print("touches: " + ", ".join(f"{count} {name}" for name, count in sorted(pursuits.items())))
    not_scored = sum(1 for row in stored if row.get("error"))
    print(f"not scored: {not_scored} (see handoffs.error)\n")
    outcomes = {lead: outcome for lead, outcome, when in db.execute(
        "SELECT lead_id, outcome, reviewed_at FROM reviews WHERE outcome IS NOT NULL")
        if datetime.fromisoformat(when) <= args.as_of}  # fmt: skip
    print(qualify.journey.handoff_report(handoffs, outcomes=outcomes).text(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
