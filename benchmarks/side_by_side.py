"""What evaluating one lead under several frameworks costs, against evaluating it under
each on its own.

    python benchmarks/side_by_side.py [--quick]

The baseline is what a user would write instead: one ``qualify.evaluate`` per
framework, with the evidence already split by hand into each framework's own
keys. ``compare`` also resolves concepts, carries answers through their
equivalents and ranks the shared questions. Ratios are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from run import best  # noqa: E402

import qualify  # noqa: E402

FRAMEWORKS = ["bant", "champ", "meddpicc", "spiced", "neat"]


def _leads(count: int) -> list[dict[str, Any]]:
    rng = random.Random(5)
    choices = {
        "budget": ["none", "process", "allocated", "sufficient"],
        "need": ["assumed", "identified", "validated"],
        "economic_buyer": ["identified", "engaged"],
        "prioritization": ["low", "planned", "top"],
        "competition": ["behind", "known", "ahead"],
        "metrics": ["none", "described", "quantified"],
    }
    return [
        {key: rng.choice(values) for key, values in choices.items() if rng.random() < 0.7}
        for _ in range(count)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    leads = _leads(2_000 if args.quick else 20_000)
    repeat = 1 if args.quick else 3
    # the hand-split baseline: each framework's own keys, carried by hand as compare does
    split = []
    for lead in leads:
        found = qualify.compare(lead, FRAMEWORKS)
        split.append(
            [
                {r.key: r.value for r in e.criteria if r.value is not None}
                for e in found.evaluations
            ]
        )
    for lead, parts in zip(leads[:200], split[:200], strict=True):  # the same answers
        found = qualify.compare(lead, FRAMEWORKS)
        assert list(found.evaluations) == [
            qualify.evaluate(part, name) for part, name in zip(parts, FRAMEWORKS, strict=True)
        ]
    baseline = best(
        lambda: [
            [qualify.evaluate(part, name) for part, name in zip(parts, FRAMEWORKS, strict=True)]
            for parts in split
        ],
        repeat,
    )
    together = best(lambda: [qualify.compare(lead, FRAMEWORKS) for lead in leads], repeat)
    per = 1e6 / len(leads)
    print(f"{len(leads):,} leads under {', '.join(FRAMEWORKS)}")
    print(f"  evaluate per framework, evidence split by hand  {baseline * per:7.1f} µs/lead  1.00×")
    print(
        f"  compare                                     {together * per:7.1f} µs/lead"
        f"  {together / baseline:4.2f}×"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
