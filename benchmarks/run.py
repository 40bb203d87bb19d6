"""qualify's benchmarks, in one run on one machine, as ratios to hand-written floors.

    python benchmarks/run.py            # the full run (a few minutes on 2 cores)
    python benchmarks/run.py --quick    # the smoke test CI runs: smaller sizes

Workloads (BANT leads with mixed levels, a quarter of the criteria missing):

1. ``qualify.evaluate`` per call, against ``floors.score_one`` (plain Python);
2. ``evaluate_many`` over 100,000 leads, against the same floor;
3. ``evaluate_frame`` over 1,000,000 rows of a pandas, a polars and a pyarrow
   table, a polars LazyFrame and a DuckDB relation (collected), against
   ``floors.score_table`` (numpy over the pandas columns);
4. the same rules in the peer engines ``business-rules`` and ``rule-engine``
   (skipped with a note when not installed);
5. ``load_framework`` of each built-in framework written as a TOML file;
6. how much peak memory grows while ``evaluate_many`` reads a generator of
   10,000 and of 1,000,000 leads;
7. per lead, as a CRM request meets it (``per_lead.py``): ``evaluate`` of BANT, of a
   40-criterion framework and of every built-in framework against the same work by
   hand (shared as a stream of leads shares it, and with nothing shared), writing and
   reading a stored evaluation (against ``evaluate``, a hand-written reader, and
   msgspec as the peer), and ``compare`` against the single evaluations.

Every path is first checked to give the floor's answers; timings are the best
of ``--repeat`` runs. Ratios are printed, never asserted: a slow machine must
not fail CI. Needs ``pip install -e . --group test``; the peers need
``pip install business-rules rule-engine``.
"""

from __future__ import annotations

import argparse
import csv
import gc
import math
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import floors  # noqa: E402
import per_lead  # noqa: E402
import peers  # noqa: E402

import qualify  # noqa: E402

BANT = qualify.get_framework("bant")
floors.QUESTIONS.update({c.key: c.question for c in BANT.criteria})


def make_leads(count: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """Generated BANT leads: every level, months from 1 to 24, a quarter of values missing."""
    rng = random.Random(seed)
    choices = {key: list(levels) for key, levels in floors.LEVELS.items()}
    months = [1, 3, 6, 9, 12, 18, 24]
    for _ in range(count):
        lead: dict[str, Any] = {key: rng.choice(values) for key, values in choices.items()}
        lead["timeframe"] = rng.choice(months)
        for key in floors.KEYS:
            if rng.random() < 0.25:
                lead[key] = None
        yield lead


def best(function: Callable[[], object], repeat: int) -> float:
    """The fastest of *repeat* runs, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def same(result: qualify.Evaluation, expected: dict[str, Any]) -> None:
    assert math.isclose(result.score, expected["score"], abs_tol=1e-9)
    assert result.verdict.value == expected["verdict"]
    assert [m.key for m in result.missing] == expected["missing"]
    assert result.next_question == expected["next_question"]


class Table:
    """Rows of (workload, microseconds per lead, the floor it is compared with)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, str, float]] = []

    def add(self, name: str, seconds: float, leads: int, floor: str, floor_us: float) -> float:
        micros = seconds / leads * 1e6
        self.rows.append((name, micros, floor, floor_us))
        return micros

    def print(self) -> None:
        print(f"{'workload':<52} {'us/lead':>9} {'x floor':>8}  floor")
        for name, micros, floor, floor_us in self.rows:
            ratio = micros / floor_us if floor_us else float("nan")
            print(f"{name:<52} {micros:>9.3f} {ratio:>8.1f}  {floor}")
        times = {name.split(",")[0]: micros for name, micros, _, _ in self.rows}
        ours = {  # the slowest way each path ran
            path: max(t for n, t in times.items() if n.startswith(path))
            for path in ("qualify.evaluate", "evaluate_many", "evaluate_frame")
            if any(n.startswith(path) for n in times)
        }
        for peer, peer_us in times.items():
            if peer.startswith("peer: "):
                each = ", ".join(f"{path} {peer_us / t:.0f}x" for path, t in ours.items())
                print(f"{peer[6:]} per lead takes longer than {each}")


def per_call(table: Table, count: int, repeat: int) -> float:
    leads = list(make_leads(count))
    for lead in leads:
        same(qualify.evaluate(lead, BANT), floors.score_one(lead))
    floor_us = best(lambda: [floors.score_one(lead) for lead in leads], repeat) / count * 1e6
    table.add("floor: hand-written Python, one lead", floor_us * count / 1e6, count, "-", 0.0)
    table.add(
        "qualify.evaluate(lead, framework)",
        best(lambda: [qualify.evaluate(lead, BANT) for lead in leads], repeat),
        count, "python", floor_us,
    )  # fmt: skip
    table.add(
        'qualify.evaluate(lead, "bant")',
        best(lambda: [qualify.evaluate(lead, "bant") for lead in leads], repeat),
        count, "python", floor_us,
    )  # fmt: skip
    return floor_us


def batch(table: Table, count: int, repeat: int, floor_us: float) -> None:
    leads = list(make_leads(count))
    seconds = best(lambda: sum(1 for _ in qualify.evaluate_many(leads, BANT)), repeat)
    table.add(f"evaluate_many over {count:,} leads", seconds, count, "python", floor_us)


def frames(table: Table, count: int, repeat: int) -> None:
    try:
        import pandas as pd
        import polars as pl
    except ImportError:
        print("note: pandas or polars not installed; evaluate_frame skipped")
        return
    columns: dict[str, list[Any]] = {key: [] for key in floors.KEYS}
    for lead in make_leads(count):
        for key in floors.KEYS:
            columns[key].append(lead[key])
    pandas_frame = pd.DataFrame(columns).astype({"timeframe": "Float64"})
    polars_frame = pl.DataFrame(columns)
    arrow_table = polars_frame.to_arrow()
    expected = floors.score_table(pandas_frame)
    for frame in (pandas_frame, polars_frame, arrow_table):  # same answers first
        scored = qualify.evaluate_frame(frame, BANT)
        score = scored["score"].to_numpy()
        assert abs(score - expected["score"]).max() < 1e-9
        assert list(map(str, scored["verdict"])) == list(expected["verdict"])
        missing = scored["missing"][:1000]
        assert [list(map(str, m)) for m in missing] == list(expected["missing"][:1000])
    floor = best(lambda: floors.score_table(pandas_frame), repeat)
    floor_us = table.add(f"floor: numpy over pandas, {count:,} rows", floor, count, "-", 0.0)
    table.add(
        f"evaluate_frame, pandas, {count:,} rows",
        best(lambda: qualify.evaluate_frame(pandas_frame, BANT), repeat),
        count, "numpy", floor_us,
    )  # fmt: skip
    table.add(
        f"evaluate_frame, polars, {count:,} rows",
        best(lambda: qualify.evaluate_frame(polars_frame, BANT), repeat),
        count, "numpy", floor_us,
    )  # fmt: skip
    table.add(
        f"evaluate_frame, pyarrow, {count:,} rows",
        best(lambda: qualify.evaluate_frame(arrow_table, BANT), repeat),
        count, "numpy", floor_us,
    )  # fmt: skip
    table.add(
        f"evaluate_frame, polars, errors='report', {count:,} rows",
        best(lambda: qualify.evaluate_frame(polars_frame, BANT, errors="report"), repeat),
        count, "numpy", floor_us,
    )  # fmt: skip
    lazy = polars_frame.lazy()
    table.add(
        f"evaluate_frame, polars LazyFrame, {count:,} rows",
        best(lambda: qualify.evaluate_frame(lazy, BANT).collect(), repeat),
        count, "numpy", floor_us,
    )  # fmt: skip
    try:
        import duckdb
    except ImportError:
        print("note: duckdb not installed; evaluate_frame on a DuckDB relation skipped")
        return
    relation = duckdb.from_arrow(arrow_table)
    table.add(
        f"evaluate_frame, DuckDB relation, {count:,} rows",
        best(lambda: qualify.evaluate_frame(relation, BANT).arrow(), repeat),
        count, "numpy", floor_us,
    )  # fmt: skip


def peer_engines(table: Table, count: int, floor_us: float) -> None:
    leads = list(make_leads(count))
    for name, make in (
        ("business-rules", peers.business_rules_scorer),
        ("rule-engine", peers.rule_engine_scorer),
    ):
        try:
            score = make()
        except ImportError:
            print(f"note: {name} not installed (pip install {name}); skipped")
            continue
        for lead in leads[:200]:
            got, expected = score(lead), floors.score_one(lead)
            assert got["verdict"] == expected["verdict"] and got["missing"] == expected["missing"]
        seconds = best(lambda score=score: [score(lead) for lead in leads], 1)  # type: ignore[misc]
        table.add(f"peer: {name}, one lead", seconds, count, "python", floor_us)


def loading(table: Table, repeat: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="qualify-bench-"))
    for name in sorted(qualify.list_frameworks()):
        path = folder / f"{name}.toml"
        qualify.dump_framework(qualify.get_framework(name), path)
        assert qualify.load_framework(path) == qualify.get_framework(name)
        seconds = best(lambda path=path: qualify.load_framework(path), repeat)  # type: ignore[misc]
        table.add(f"load_framework({name}.toml), per file", seconds, 1, "-", 0.0)


def memory(sizes: list[int]) -> list[str]:
    """How much the process's peak memory grows while evaluate_many reads a generator.

    Measured as growth of the peak resident size (``ru_maxrss``), before any
    big table is built, so a flat evaluate_many shows about zero at every size.
    """
    import resource

    lines = []
    for size in sizes:
        gc.collect()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for _ in qualify.evaluate_many(make_leads(size), BANT):
            pass
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        lines.append(
            f"evaluate_many over a generator of {size:>9,} leads: peak memory grew {grown:,} KiB"
        )
    return lines


# Run in a fresh interpreter that prints its own peak memory last (VmHWM, KiB): unlike
# ru_maxrss, which Linux carries over from the forking parent, it starts afresh at exec.
_PEAK = """
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0
"""
_CLI_RUN = (
    _PEAK
    + """
import sys
from qualify.cli import main
code = main(sys.argv[1:])
print(peak(), file=sys.stderr)
"""
)
_MANY_RUN = (
    _PEAK
    + """
import csv, sys
import qualify
keys = {"budget", "authority", "need", "timeframe"}
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = ({k: v for k, v in row.items() if k in keys} for row in csv.DictReader(handle))
    for _ in qualify.evaluate_many(rows, "bant"):
        pass
print(peak(), file=sys.stderr)
"""
)


def _timed(script: str, *argv: str) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of *script* run in a fresh interpreter."""
    import subprocess

    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, text=True, check=True
    )
    return time.perf_counter() - start, int(done.stderr.strip().splitlines()[-1])


def command_line(count: int) -> list[str]:
    """``qualify evaluate`` over a CSV of *count* leads in every output format, next to
    reading the same CSV with ``csv.DictReader`` into ``evaluate_many``."""
    folder = Path(tempfile.mkdtemp(prefix="qualify-bench-cli-"))
    source = folder / "leads.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["lead", *floors.KEYS])
        for number, lead in enumerate(make_leads(count)):
            writer.writerow(
                [f"L-{number}", *("" if lead[k] is None else lead[k] for k in floors.KEYS)]
            )
    base, base_kib = _timed(_MANY_RUN, str(source))
    lines = [
        f"{'command line, ' + f'{count:,} leads':<52} {'us/lead':>9} {'x base':>8} {'peak MiB':>9}",
        f"{'base: csv.DictReader + evaluate_many':<52} {base / count * 1e6:>9.2f} {1:>8.1f}"
        f" {base_kib / 1024:>9.1f}",
    ]
    for form in ("table", "csv", "jsonl", "json"):
        seconds, kib = _timed(
            _CLI_RUN, "evaluate", str(source), "--format", form, "-o", str(folder / f"out.{form}")
        )
        lines.append(
            f"{'qualify evaluate --format ' + form:<52} {seconds / count * 1e6:>9.2f}"
            f" {seconds / base:>8.1f} {kib / 1024:>9.1f}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument("--repeat", type=int, default=None, help="runs per timing (best kept)")
    args = parser.parse_args()
    quick = args.quick
    repeat = args.repeat or (2 if quick else 5)
    calls, many, rows, peer_leads = (
        (2_000, 10_000, 50_000, 500) if quick else (20_000, 100_000, 1_000_000, 5_000)
    )
    print(f"qualify {qualify.__version__ if hasattr(qualify, '__version__') else ''}"
          f" on Python {sys.version.split()[0]}; best of {repeat}{' (quick)' if quick else ''}")  # fmt: skip
    table = Table()
    floor_us = per_call(table, calls, repeat)
    grown = memory([10_000, 100_000] if quick else [10_000, 1_000_000])
    batch(table, many, repeat, floor_us)
    peer_engines(table, peer_leads, floor_us)
    frames(table, rows, max(1, repeat - 2))
    loading(table, repeat)
    cli = command_line(20_000 if quick else 1_000_000)
    table.print()
    print()
    per_lead.print_rows(per_lead.rows(calls // 2 if quick else calls, repeat))
    print()
    print("\n".join(grown))
    print("\n".join(cli))


if __name__ == "__main__":
    main()
