"""Instructions per lead, counted rather than timed: what a change saves, on a noisy machine.

    python benchmarks/instructions.py [--src DIR ...] [--workload NAME ...]
    python benchmarks/instructions.py --check      # each workload once, uncounted (CI)

Timings on a shared two-core machine swing 10 to 50% within minutes, more than
most changes save. valgrind's cachegrind counts the machine instructions a
process runs, the same each time for the same work (with ``PYTHONHASHSEED``
fixed): each workload runs its calls once and three times in two processes
under it, and the difference is divided by the calls. Instructions are not
time (a cache miss costs more than an instruction), so a saving counted here
is confirmed with ``per_lead.py`` before it is claimed.

Workloads, per lead, with the generated 40-criterion framework of ``per_lead.py``
beside BANT: ``evaluate`` with nothing shared, ``to_dict``, the JSON text,
``from_dict`` of what ``to_dict`` wrote and of its JSON parsed. Each is printed
with its ratio to ``evaluate``, for each ``--src`` (a ``src`` folder of another
revision, say a ``git worktree`` of ``main``, to compare; by default this one).
Needs valgrind (``apt-get install valgrind``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORKLOADS = ("evaluate", "to_dict", "json_text", "from_dict", "from_json")
FRAMEWORKS = {"BANT": 400, "40 criteria": 200}  # leads per run


def calls(framework_name: str, workload: str) -> tuple[Callable[[Any], object], list[Any]]:
    """The function a workload calls per lead, and the items it calls it with."""
    sys.path.insert(0, str(HERE))
    import qualify
    from per_lead import leads_for, wide_framework
    from qualify._core.jsontext import EvaluationText
    from qualify._core.plan import plan_of
    from run import make_leads

    if framework_name == "BANT":
        framework = qualify.get_framework("bant")
        leads = list(make_leads(FRAMEWORKS[framework_name], seed=1))
    else:
        framework = wide_framework()
        leads = leads_for(framework, FRAMEWORKS[framework_name], seed=3)
    results = [qualify.evaluate(lead, framework) for lead in leads]
    stored = [qualify.to_dict(result) for result in results]
    if workload == "evaluate":
        plan_of(framework).concluded.keeping = False  # every lead worked out afresh
        return (lambda lead: qualify.evaluate(lead, framework)), leads
    if workload == "to_dict":
        return qualify.to_dict, results
    if workload == "json_text":
        return EvaluationText(), results
    if workload == "from_json":
        stored = [json.loads(json.dumps(data)) for data in stored]
    return (lambda data: qualify.from_dict(data, qualify.Evaluation)), stored


def run_inside(framework_name: str, workload: str, rounds: int) -> None:
    """Under valgrind: each lead once (to warm), then *rounds* more times."""
    function, items = calls(framework_name, workload)
    for _ in range(1 + rounds):
        for item in items:
            function(item)


def counted(src: Path, framework_name: str, workload: str, rounds: int) -> int:
    """Instructions a run of *rounds* takes, the whole process."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(src)}
    command = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
        sys.executable, __file__, "--inside", framework_name, workload, str(rounds),
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"valgrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_lead(src: Path, framework_name: str, workload: str) -> float:
    """Instructions per lead: three rounds less one, over the leads of two rounds."""
    once, thrice = (counted(src, framework_name, workload, rounds) for rounds in (1, 3))
    return (thrice - once) / (2 * FRAMEWORKS[framework_name])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, action="append", help="a src folder to count")
    parser.add_argument("--workload", action="append", choices=WORKLOADS)
    parser.add_argument("--check", action="store_true", help="run each workload once, uncounted")
    parser.add_argument("--inside", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check:  # (CI's smoke run: the workloads still run, without valgrind's minutes)
        for framework_name in FRAMEWORKS:
            for workload in WORKLOADS:
                run_inside(framework_name, workload, 0)
        print(f"instructions.py: {len(FRAMEWORKS) * len(WORKLOADS)} workloads ran")
        return
    if args.inside:
        framework_name, workload, rounds = args.inside
        run_inside(framework_name, workload, int(rounds))
        return
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py counts with valgrind, which is not installed here")
    sources = args.src or [HERE.parent / "src"]
    workloads = args.workload or list(WORKLOADS)
    print(f"{'instructions per lead':<44}{'count':>12}  {'x evaluate':>10}")
    for src in sources:
        print(f"# {src}")
        for framework_name in FRAMEWORKS:
            evaluated = per_lead(src, framework_name, "evaluate")
            for workload in workloads:
                count = evaluated if workload == "evaluate" else per_lead(src, framework_name, workload)
                print(f"{workload + ', ' + framework_name:<44}{count:>12,.0f}  {count / evaluated:>9.2f}x")


if __name__ == "__main__":
    main()
