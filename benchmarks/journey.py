"""What the lead's journey costs: ageing evidence, vetting, touches and hand-offs.

    python benchmarks/journey.py            # 1,000,000 table rows
    python benchmarks/journey.py --quick    # 100,000

Each timing is a ratio, in the same run, to the same call without the
journey, and to the numpy floor of ``floors.score_table`` for tables:

1. ``qualify.evaluate`` per lead, mapping evidence: plain; ``as_of`` with one
   ``observed_at``; a framework that requires a vetted budget; seven touches;
2. ``evaluate_frame`` over a pandas table and a polars LazyFrame: plain;
   ``as_of`` with an ``updated`` column; ``vetted=`` a column; with a hand-off
   ``agreement``; all three at once.

Every journey path is first checked against ``evaluate`` on a sample of rows.
Timings are the best of ``--repeat`` runs; ratios are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import floors  # noqa: E402
from run import best, make_leads  # noqa: E402

import qualify  # noqa: E402

AS_OF = datetime(2026, 11, 23)
BANT = qualify.get_framework("bant").customize(name="bant-fresh", fresh_for=timedelta(days=120))
VETTED = BANT.customize(name="bant-vetted", change={"budget": {"requires_vetting": True}})
AGREEMENT = qualify.journey.Agreement(
    name="bench", framework="bant-fresh", qualified_at=60, require=["need"], reasons=["no budget"]
)


def _touches(rng: random.Random) -> list[qualify.journey.Touch]:
    start = AS_OF - timedelta(days=rng.randint(30, 200))
    return [
        qualify.journey.Touch(at=start + timedelta(days=9 * i), channel="phone", outcome="voicemail left")
        for i in range(7)
    ]


def per_lead(repeat: int) -> None:
    leads = list(make_leads(20_000))
    rng = random.Random(7)
    seen = [AS_OF - timedelta(days=rng.randint(0, 300)) for _ in leads]
    touches = [_touches(rng) for _ in range(50)]
    runs = {
        "plain": lambda: [qualify.evaluate(lead, BANT) for lead in leads],
        "as_of + observed_at": lambda: [
            qualify.evaluate(lead, BANT, as_of=AS_OF, observed_at=when)
            for lead, when in zip(leads, seen, strict=True)
        ],
        "requires_vetting": lambda: [qualify.evaluate(lead, VETTED) for lead in leads],
        "7 touches": lambda: [
            qualify.evaluate(lead, BANT, touches=touches[i % 50]) for i, lead in enumerate(leads)
        ],
    }
    base = best(runs["plain"], repeat)
    print(f"\nevaluate, per lead ({len(leads):,} leads; plain {base / len(leads) * 1e6:.1f} µs)")
    for name, run in runs.items():
        took = best(run, repeat)
        print(f"  {name:<22} {took / len(leads) * 1e6:7.1f} µs   {took / base:5.2f}× plain")


def tables(rows: int, repeat: int) -> None:
    import pandas as pd
    import polars as pl

    rng = random.Random(11)
    frame = pd.DataFrame(list(make_leads(rows)))
    frame["updated"] = pd.to_datetime(
        [AS_OF - timedelta(days=rng.randint(-5, 300)) for _ in range(rows)]
    )
    frame["budget_vetted_by"] = [rng.choice([None, "CFO memo"]) for _ in range(rows)]
    lazy = pl.from_pandas(frame).lazy()
    journeys: dict[str, dict[str, Any]] = {
        "plain": {},
        "as_of": {"as_of": AS_OF, "observed_at": "updated"},
        "vetted": {"vetted": {"budget": "budget_vetted_by"}},
        "agreement": {"agreement": AGREEMENT},
        "all three": {
            "as_of": AS_OF,
            "observed_at": "updated",
            "agreement": AGREEMENT,
        },
    }
    _check(frame.head(300))
    floor = best(lambda: floors.score_table(frame), repeat)
    print(f"\nevaluate_frame, {rows:,} rows (numpy floor {floor:.2f} s)")
    for engine, table in (("pandas", frame), ("polars lazy", lazy)):
        base = None
        for name, options in journeys.items():
            framework = VETTED if "vetted" in options else BANT

            def run(table: Any = table, framework: Any = framework, options: Any = options) -> Any:
                result = qualify.evaluate_frame(table, framework, **options)
                return result.collect() if engine == "polars lazy" else result

            took = best(run, repeat)
            base = base or took
            print(
                f"  {engine:<12} {name:<10} {took:6.2f} s   {took / base:5.2f}× plain"
                f"   {took / floor:5.2f}× floor"
            )


def _check(sample: Any) -> None:
    """Every journey path equals evaluate on *sample*'s rows."""
    keys = list(floors.KEYS)
    got = qualify.evaluate_frame(
        sample, VETTED, as_of=AS_OF, observed_at_column="updated",
        vetted_column={"budget": "budget_vetted_by"},
    )  # fmt: skip
    for i, row in enumerate(sample.to_dict(orient="records")):
        lead = {key: None if row[key] != row[key] else row[key] for key in keys}
        found = qualify.evaluate(
            lead, VETTED, as_of=AS_OF, observed_at=row["updated"].to_pydatetime(),
            vetted={"budget"} if isinstance(row["budget_vetted_by"], str) else set(),
        )  # fmt: skip
        assert abs(got["score"].iloc[i] - found.score) < 1e-12, (i, row)
        assert list(got["stale"].iloc[i]) == [s.key for s in found.stale]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one repeat")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    per_lead(repeat)
    tables(100_000 if args.quick else 1_000_000, repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
