"""How long ``import qualify`` takes: ``python -X importtime``, best of several runs.

    python benchmarks/import_time.py                   # this checkout
    python benchmarks/import_time.py --against REV     # and a git revision, in the same run

Each run is a fresh interpreter; the figure is ``-X importtime``'s cumulative time of
the ``qualify`` package (what a program pays at its ``import qualify`` line), the best
of ``--runs``. With ``--against``, that revision's ``src/`` is taken out with ``git
archive`` into a temporary folder and imported by the same interpreter, turn about with
this checkout, so both sides meet the same machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


#: What a program pays up to its first result: the import, then one evaluation (which
#: loads the core and the plugins, wherever the import left them).
FIRST_USE = (
    "import time\nstart = time.perf_counter()\nimport qualify\n"
    "qualify.evaluate({'need': 'validated'}, 'bant')\nprint(time.perf_counter() - start)"
)


def _once(source: Path) -> tuple[float, int, float]:
    """Microseconds to import qualify from *source*, how many modules it loaded, and
    microseconds to the first evaluation."""
    environment = {**os.environ, "PYTHONPATH": str(source)}
    found = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import qualify, sys; print(len(sys.modules))"],
        capture_output=True, text=True, check=True, env=environment, cwd=source,
    )  # fmt: skip
    line = next(row for row in reversed(found.stderr.splitlines()) if row.endswith("| qualify"))
    first = subprocess.run(
        [sys.executable, "-c", FIRST_USE],
        capture_output=True, text=True, check=True, env=environment, cwd=source,
    )  # fmt: skip
    return float(line.split("|")[1]), int(found.stdout.strip()), float(first.stdout) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh interpreters per side")
    parser.add_argument("--against", metavar="REV", help="a git revision to measure beside")
    parser.add_argument("--quick", action="store_true", help="five runs a side")
    args = parser.parse_args()
    runs = 5 if args.quick else args.runs
    sides = {"this checkout": ROOT / "src"}
    with tempfile.TemporaryDirectory() as folder:
        if args.against:
            archive = Path(folder) / "src.tar"
            subprocess.run(
                ["git", "archive", "-o", str(archive), args.against, "src"], cwd=ROOT, check=True
            )
            with tarfile.open(archive) as tar:
                tar.extractall(folder, filter="data")
            sides[args.against] = Path(folder) / "src"
        found: dict[str, list[tuple[float, int, float]]] = {name: [] for name in sides}
        for _ in range(runs):  # turn about, so both sides meet the same moments of the machine
            for name, source in sides.items():
                found[name].append(_once(source))
    print(f"import qualify, best of {runs} fresh interpreters (python -X importtime), and the"
          " time to the first evaluate (import included)")  # fmt: skip
    best = {name: min(times) for name, times in found.items()}
    firsts = {name: min(t[2] for t in times) for name, times in found.items()}
    for name, (micro, modules, _) in best.items():
        ratio = "" if not args.against else f"  {micro / best[args.against][0]:.2f}x {args.against}"
        first = firsts[name]
        then = "" if not args.against else f"  {first / firsts[args.against]:.2f}x"
        print(f"  {name:<16} {micro / 1000:7.1f} ms  {modules:4d} modules loaded{ratio};"
              f"  first evaluate {first / 1000:7.1f} ms{then}")  # fmt: skip


if __name__ == "__main__":
    main()
