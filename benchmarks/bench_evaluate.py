"""Time ``qualify.evaluate`` on BANT against a hand-written pure-Python floor.

Run: ``python benchmarks/bench_evaluate.py [--leads N] [--repeat R]``. Both
paths score the same generated leads (mixed levels, a quarter of the criteria
missing) in the same run; the table reports microseconds per lead and the
ratio to the floor. The results of both paths are compared first, so the
floor is known to compute the same score, verdict and missing list.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

import qualify

# The floor: BANT as a developer would hand-write it with plain dicts.
BUDGET = {"none": 0.0, "process": 0.35, "allocated": 0.75, "sufficient": 1.0}
AUTHORITY = {"unknown": 0.0, "identified": 0.5, "engaged": 1.0}
NEED = {"assumed": 0.1, "identified": 0.5, "validated": 1.0}
WEIGHTS = {"budget": 3.0, "authority": 3.0, "need": 4.0, "timeframe": 2.0}
ORDER = ("need", "budget", "authority", "timeframe")  # heaviest first, ties in framework order


def timeframe(months: float) -> float:
    return 1.0 if months <= 6 else 0.5 if months <= 12 else 0.15


def hand_written(lead: dict[str, Any]) -> tuple[float, str, list[str]]:
    earned = reachable = 0.0
    missing = []
    sat = {}
    for key, table in (("budget", BUDGET), ("authority", AUTHORITY), ("need", NEED)):
        value = lead.get(key)
        if value is None:
            sat[key] = None
        else:
            sat[key] = table[value]
    months = lead.get("timeframe")
    sat["timeframe"] = None if months is None else timeframe(months)
    for key in ("budget", "authority", "need", "timeframe"):
        s = sat[key]
        weight = WEIGHTS[key]
        if s is None:
            reachable += weight
        else:
            earned += weight * s
            reachable += weight * s
    score = 100.0 * earned / 12.0
    potential = 100.0 * reachable / 12.0
    missing = [key for key in ORDER if sat[key] is None]
    if score >= 70 and sat["need"] == 1.0:
        verdict = "qualified"
    elif potential >= 70:
        verdict = "nurture"
    else:
        verdict = "unqualified"
    return score, verdict, missing


def make_leads(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    leads = []
    for _ in range(count):
        lead: dict[str, Any] = {
            "budget": rng.choice(list(BUDGET)),
            "authority": rng.choice(list(AUTHORITY)),
            "need": rng.choice(list(NEED)),
            "timeframe": rng.choice([1, 3, 6, 9, 12, 18, 24]),
        }
        for key in list(lead):
            if rng.random() < 0.25:
                lead[key] = None
        leads.append(lead)
    return leads


def make_dynamics_rows(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    """Dynamics 365 lead rows with unrelated columns, a quarter of BANT columns empty."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        row: dict[str, Any] = {
            "leadid": f"lead-{number}",
            "fullname": "Dana Whitfield",
            "companyname": "Harbor Freight Logistics",
            "statecode": 0,
            "budgetstatus": rng.choice(
                ["No Committed Budget", "May Buy", "Can Buy", "Will Buy", 2]
            ),
            "decisionmaker": rng.choice([True, False]),
            "need": rng.choice(["Must have", "Should have", "Good to have", "No need"]),
            "purchasetimeframe": rng.choice(["Immediate", "This Quarter", "This Year", "Unknown"]),
        }
        for key in ("budgetstatus", "decisionmaker", "need", "purchasetimeframe"):
            if rng.random() < 0.25:
                row[key] = None
        rows.append(row)
    return rows


def per_lead_us(
    function: Callable[[dict[str, Any]], object], leads: list[dict[str, Any]], repeat: int
) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for lead in leads:
            function(lead)
        best = min(best, time.perf_counter() - start)
    return best / len(leads) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    leads = make_leads(args.leads)
    bant = qualify.get_framework("bant")
    for lead in leads:  # same answers before any timing
        result = qualify.evaluate(lead, bant)
        score, verdict, missing = hand_written(lead)
        assert abs(result.score - score) < 1e-9, (lead, result.score, score)
        assert result.verdict == verdict, (lead, result.verdict, verdict)
        assert [m.key for m in result.missing] == missing, lead

    dynamics_rows = make_dynamics_rows(args.leads)

    floor = per_lead_us(hand_written, leads, args.repeat)
    mapped = per_lead_us(
        lambda row: qualify.evaluate(row, bant, mapping="dynamics365"), dynamics_rows, args.repeat
    )
    by_object = per_lead_us(lambda lead: qualify.evaluate(lead, bant), leads, args.repeat)
    by_name = per_lead_us(lambda lead: qualify.evaluate(lead, "bant"), leads, args.repeat)
    rows = [
        ("hand-written floor", floor),
        ("qualify.evaluate(lead, framework)", by_object),
        ('qualify.evaluate(lead, "bant")', by_name),
        ('... Dynamics 365 row, mapping="dynamics365"', mapped),
    ]
    print(f"{args.leads} BANT leads, best of {args.repeat} runs")
    print(f"{'workload':<46} {'us/lead':>9} {'x floor':>8}")
    for name, micros in rows:
        print(f"{name:<46} {micros:>9.2f} {micros / floor:>8.1f}")


if __name__ == "__main__":
    main()
