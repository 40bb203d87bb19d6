"""In the middle of the call: how good the chance a CRM shows is, answer by answer.

    python benchmarks/mid_call.py
    python benchmarks/mid_call.py --chart docs/images/mid-call.png   # and draw one call

Reads ``../shared/data/bank-marketing/bank-full.csv`` (see its README) and skips
with a reason when it is absent. ``examples/bank-calls.toml`` is calibrated on
the older 70% of the calls (by date, validated on its newest calls); each newer
call is then replayed as a rep meets it: from nothing known, one answer at a
time, in the order ``missing`` gives (a question whose answer the export does
not hold is asked and answered "unknown": asked, nobody knew; disqualifier
checks, which ``next_question`` asks only once no criterion is missing, are
answered from the start as the export holds them, so every order below asks
the same criteria questions).

Shown, for every number of answers given:

- the log loss against the outcome of ``probability`` (unasked questions read
  as "asked, nobody knew"), of ``expected`` (averaged over the answers still to
  come) and of the base rate of the calls learned from;
- the mean ``open_chance`` (the chance the answers to come change the verdict)
  against the share of calls whose verdict did change by the last answer;
- the share of calls whose verdict is ``settled`` (nothing left can change it),
  and the questions asked until it is, in each order ``evaluate(..., ask=...)``
  gives (``points``, ``decision``, ``gain``) against a random order of the same
  questions;
- what ``expected`` costs: ``evaluate`` per call, half the answers known, with the
  answer counts (``expected`` computed) against the same framework without them
  (``expected`` is ``None``), best of five runs each, in the same run; and
  ``evaluate(..., ask="decision")`` and ``ask="gain"``, which read every missing
  question's answers, against ``evaluate`` alone.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "bank-marketing" / "bank-full.csv"
FRAMEWORK = ROOT / "examples" / "bank-calls.toml"


def _loss(chance: float, won: bool) -> float:
    chance = min(max(chance, 1e-12), 1 - 1e-12)
    return -math.log(chance if won else 1 - chance)


def _replay(
    framework: Any, evidence: dict[str, Any], order: str, rng: random.Random
) -> tuple[list[Any], list[str]]:
    """The evaluations a rep sees (nothing known, then after each answer), and the keys
    asked, in order."""
    import qualify

    # disqualifier checks (asked once no criterion is missing): their answers, as the
    # export holds them, are known from the start
    known = {d.key: evidence[d.key] for d in framework.disqualifiers if d.key in evidence}
    asked: list[str] = []
    keys = [c.key for c in framework.criteria]
    rng.shuffle(keys)
    seen = [qualify.evaluate(known, framework)]
    while len(asked) < len(framework.criteria):
        if order != "random":
            ordered = qualify.evaluate(known, framework, ask=order).missing
            key = next(m.key for m in ordered if m.key not in asked)
        else:
            key = next(k for k in keys if k not in asked)
        asked.append(key)
        # the export's answer, or "unknown": asked, and nobody knew
        known[key] = evidence[key] if evidence.get(key) is not None else "unknown"
        seen.append(qualify.evaluate(known, framework))
    return seen, asked


def _chart(path: Path, framework: Any, evidence: dict[str, Any], won: bool) -> None:
    """One call replayed: the chance, the expected chance and what can still be reached."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    replayed, asked = _replay(framework, evidence, "points", random.Random(0))
    steps = range(len(replayed))
    labels = ["nothing\nknown", *(framework.criterion(key).label for key in asked)]
    figure, axes = plt.subplots(figsize=(8, 3.6), dpi=120)
    low = [r.lowest_probability for r in replayed]
    high = [r.highest_probability for r in replayed]
    axes.fill_between(steps, low, high, color="#d0d7de", label="still reachable")
    axes.plot(steps, [r.probability for r in replayed], "o-", color="#cf222e", label="probability")
    axes.plot(steps, [r.expected for r in replayed], "o-", color="#0969da", label="expected")
    top = min(1.0, max(high) + 0.1)
    settled = next((k for k, r in enumerate(replayed) if r.settled is not None), None)
    if settled is not None:
        axes.axvline(settled, color="#1a7f37", linestyle="--")
        axes.annotate(
            f"settled: {replayed[settled].settled.value}", (settled, top * 0.95),
            xytext=(-4, 0), textcoords="offset points", color="#1a7f37", va="top", ha="right",
        )  # fmt: skip
    axes.set_xticks(list(steps), labels, fontsize=8)
    axes.set_ylim(0, top)
    axes.set_ylabel("chance of winning")
    axes.set_title(f"One newer call, answer by answer ({'won' if won else 'lost'})", fontsize=10)
    axes.legend(loc="upper left", fontsize=8, frameon=False)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def _speed(framework: Any, leads: list[dict[str, Any]], rng: random.Random) -> None:
    import attrs

    import qualify

    plain = framework.customize(
        name="uncounted",
        criteria=[attrs.evolve(c, seen=()) for c in framework.criteria],
        probability=framework.probability,
    )
    halves = [{k: v for k, v in lead.items() if rng.random() < 0.5} for lead in leads]

    def best(chosen: Any) -> float:
        found = []
        for _ in range(5):
            start = time.perf_counter()
            for lead in halves:
                qualify.evaluate(lead, chosen)
            found.append((time.perf_counter() - start) / len(halves))
        return min(found)

    counted, uncounted = best(framework), best(plain)
    print(
        f"evaluate, half the answers known: {counted * 1e6:.1f} us with the counts,"
        f" {uncounted * 1e6:.1f} us without ({counted / uncounted:.2f}x)"
    )
    for ask in ("decision", "gain"):
        found = []
        for _ in range(5):
            start = time.perf_counter()
            for lead in halves:
                qualify.evaluate(lead, framework, ask=ask)
            found.append((time.perf_counter() - start) / len(halves))
        print(
            f"evaluate(ask={ask!r}), the same leads: {min(found) * 1e6:.1f} us"
            f" ({min(found) / counted:.2f}x evaluate)"
        )


def _table_speed(framework: Any, mapping: Any, newer: Any) -> None:
    """evaluate_frame over the newer calls with the counts (adding expected and next_gain)
    against the same framework without them, in pandas and in a lazy polars frame."""
    import attrs
    import polars as pl

    import qualify

    plain = framework.customize(
        name="uncounted", criteria=[attrs.evolve(c, seen=()) for c in framework.criteria],
        probability=framework.probability,
    )  # fmt: skip
    tables = {"pandas": newer, "polars lazy": pl.from_pandas(newer).lazy()}
    for name, table in tables.items():

        def best(chosen: Any, table: Any = table) -> float:
            found = []
            for _ in range(3):
                start = time.perf_counter()
                result = qualify.evaluate_frame(table, chosen, mapping=mapping)
                if isinstance(result, pl.LazyFrame):
                    result.collect()
                found.append(time.perf_counter() - start)
            return min(found)

        counted, uncounted = best(framework), best(plain)
        print(
            f"evaluate_frame, {len(newer):,} calls, {name}: {counted * 1e3:.0f} ms with expected"
            f" and next_gain, {uncounted * 1e3:.0f} ms without ({counted / uncounted:.2f}x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chart", metavar="PNG", help="also draw one newer call, answer by answer")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (the project does not ship it; see its README)")
        return
    import pandas as pd

    import qualify
    from qualify._files.framework_files import load_file

    declared, mapping = load_file(FRAMEWORK)
    assert declared is not None and mapping is not None
    calls = pd.read_csv(DATA)
    calls.insert(0, "call", range(len(calls)))
    cut = int(len(calls) * 0.7)
    older, newer = calls.iloc[:cut], calls.iloc[cut:]
    framework = qualify.calibrate(older, declared, "y", mapping=mapping, time="call").framework
    base = float((older["y"] == "yes").mean())
    rng = random.Random(7)
    width = len(framework.criteria) + 1
    losses = {name: [0.0] * width for name in ("probability", "expected", "base rate")}
    settled_at = [0] * width
    predicted, changed = [0.0] * width, [0] * width  # open_chance, and whether it did
    orders = ("points", "decision", "gain", "random")
    until = dict.fromkeys(orders, 0.0)
    rows = newer.to_dict("records")
    for row in rows:
        won = row["y"] == "yes"
        evidence = mapping.evidence(row)
        for order in orders:
            replayed, _ = _replay(framework, evidence, order, rng)
            first = next((k for k, e in enumerate(replayed) if e.settled is not None), width - 1)
            until[order] += first
            if order != "points":
                continue
            final = replayed[-1].verdict
            for k, result in enumerate(replayed):
                predicted[k] += result.open_chance or 0.0
                changed[k] += result.verdict is not final
                losses["probability"][k] += _loss(result.probability, won)
                losses["expected"][k] += _loss(result.expected, won)
                losses["base rate"][k] += _loss(base, won)
                settled_at[k] += result.settled is not None
    count = len(rows)
    print(f"{count:,} newer calls replayed; calibrated on {len(older):,} older calls\n")
    print(
        f"{'answers':>7} {'probability':>12} {'expected':>9} {'base rate':>10} {'settled':>8}"
        f" {'open_chance':>12} {'changed':>8}"
    )
    for k in range(width):
        print(
            f"{k:>7} {losses['probability'][k] / count:>12.4f}"
            f" {losses['expected'][k] / count:>9.4f} {losses['base rate'][k] / count:>10.4f}"
            f" {settled_at[k] / count:>8.1%} {predicted[k] / count:>12.1%}"
            f" {changed[k] / count:>8.1%}"
        )
    mean = {name: sum(values) / (width * count) for name, values in losses.items()}
    print(
        f"\nmean log loss over every step: probability {mean['probability']:.4f},"
        f" expected {mean['expected']:.4f} ({mean['expected'] / mean['probability']:.2f}x),"
        f" base rate {mean['base rate']:.4f}"
    )
    _speed(framework, [mapping.evidence(row) for row in rows], rng)
    _table_speed(framework, mapping, newer.reset_index(drop=True))
    if args.chart:
        chosen = next(
            row for row in rows
            if row["y"] == "yes" and all(v is not None for v in mapping.evidence(row).values())
            and row["poutcome"] == "success"
        )  # fmt: skip
        _chart(Path(args.chart), framework, mapping.evidence(chosen), True)
        print(f"drew {args.chart}")
    print("questions until settled:")
    for order in orders:
        print(
            f"  {order:>8}: {until[order] / count:.2f}"
            f" ({until[order] / until['random']:.2f}x a random order)"
        )


if __name__ == "__main__":
    main()
