"""What an evaluation costs in a web API through pydantic, against writing it by hand.

    python benchmarks/web.py [--quick]

The baseline is what a service would write without pydantic:
``json.dumps(qualify.to_dict(evaluation))`` to answer, and
``qualify.from_dict(json.loads(text), qualify.Evaluation)`` to read one back.
Measured: the same through a pydantic model holding the evaluation (what
FastAPI does with a response model), and the cost of evaluating the lead
itself, for scale. Ratios are printed, never asserted. Needs pydantic
(``--group recipes``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import best  # noqa: E402

import qualify  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    try:
        import pydantic
    except ImportError:
        print("web benchmark skipped: pydantic is not installed (pip install -e . --group recipes)")
        return 0

    class Scored(pydantic.BaseModel):
        lead: str
        evaluation: qualify.Evaluation

    rng = random.Random(7)
    levels = {
        "budget": ["none", "process", "allocated", "sufficient"],
        "authority": ["identified", "engaged"],
        "need": ["assumed", "identified", "validated"],
    }
    leads = [
        {key: rng.choice(values) for key, values in levels.items() if rng.random() < 0.7}
        for _ in range(1_000 if args.quick else 10_000)
    ]
    repeat = 1 if args.quick else 3
    evaluations = [qualify.evaluate(lead, "bant") for lead in leads]
    models = [Scored(lead=f"L-{i}", evaluation=e) for i, e in enumerate(evaluations)]
    texts = [m.model_dump_json() for m in models]
    assert all(Scored.model_validate_json(t) == m for t, m in zip(texts[:100], models, strict=False))

    evaluate = best(lambda: [qualify.evaluate(lead, "bant") for lead in leads], repeat)
    by_hand_out = best(
        lambda: [json.dumps({"lead": m.lead, "evaluation": qualify.to_dict(m.evaluation)}) for m in models],
        repeat,
    )
    pydantic_out = best(lambda: [m.model_dump_json() for m in models], repeat)
    by_hand_in = best(
        lambda: [qualify.from_dict(json.loads(t)["evaluation"], qualify.Evaluation) for t in texts],
        repeat,
    )
    pydantic_in = best(lambda: [Scored.model_validate_json(t) for t in texts], repeat)
    per = 1e6 / len(leads)
    print(f"{len(leads):,} BANT evaluations (evaluate itself: {evaluate * per:.1f} µs each)")
    print(f"  answer, by hand: json.dumps(to_dict(...))        {by_hand_out * per:7.1f} µs  1.00×")
    print(f"  answer, pydantic model_dump_json                  {pydantic_out * per:7.1f} µs"
          f"  {pydantic_out / by_hand_out:4.2f}×")  # fmt: skip
    print(f"  read back, by hand: from_dict(json.loads(...))    {by_hand_in * per:7.1f} µs  1.00×")
    print(f"  read back, pydantic model_validate_json           {pydantic_in * per:7.1f} µs"
          f"  {pydantic_in / by_hand_in:4.2f}×")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
