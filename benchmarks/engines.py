"""Scoring where the leads live: every engine at 1,000,000 and 10,000,000 rows, next to numpy.

    python benchmarks/engines.py            # 1M and 10M rows (several minutes)
    python benchmarks/engines.py --quick    # 100,000 and 300,000 rows
    python benchmarks/engines.py --free-text  # only: thousands of distinct free-text values

The leads (generated BANT leads, a quarter of the values missing) are written
once to Parquet, the form a leads table has in a lake. Each engine reads that
file and scores it with ``evaluate_frame``, and the result is made to exist
(collected, fetched as Arrow, computed, or written to Spark's no-op sink):

- floor: pandas reads the file, then the hand-written numpy scoring of
  ``benchmarks/floors.py`` (no checks, no problem rows, no next question text);
- pandas (in memory, numpy), polars LazyFrame, DuckDB relation, Dask, Spark
  in local mode (2 cores, the machine's).

Each engine's own read (the file read and counted, nothing scored) is shown
too, so what scoring adds can be told from what the engine costs anyway.
Then ``backtest`` on the same table next to ``evaluate_frame`` on it. Per-row
costs at both sizes show whether the cost per row stays flat as rows grow.
Engines not installed (or Spark without Java) are skipped with the reason.

``--free-text`` measures what a column of many distinct free-text values costs:
a mapping reads a notes column ("must have" is a validated need, any other
text an assumed one) over a million rows, with 4 and with 20,000 distinct
values, on polars lazy and DuckDB.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floors  # noqa: E402
from run import make_leads  # noqa: E402

import qualify  # noqa: E402

warnings.filterwarnings("ignore", "Dask support is moving out of Narwhals")


def _write(path: Path, count: int) -> None:
    import polars as pl

    chunk = 1_000_000
    parts = []
    for start in range(0, count, chunk):
        leads = list(make_leads(min(chunk, count - start), seed=start))
        frame = pl.DataFrame(
            {key: [lead[key] for lead in leads] for key in floors.KEYS},
            schema={**{k: pl.String for k in floors.KEYS[:3]}, "timeframe": pl.Float64},
        )
        frame = frame.with_columns(
            won=pl.Series([i % 7 == 0 for i in range(len(leads))]),
            source=pl.Series([("web", "event", "partner")[i % 3] for i in range(len(leads))]),
        )
        parts.append(frame)
    pl.concat(parts).write_parquet(path)


def _timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _spark() -> Any:
    if shutil.which("java") is None:
        raise RuntimeError("Spark needs Java, and java is not on the PATH")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("qualify-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "6g")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def _engines(path: Path) -> dict[str, tuple[Callable[[], Any], Callable[[Any], Any]]]:
    """Per engine: how it reads the file, and how it makes a (scored) frame exist."""
    found: dict[str, tuple[Callable[[], Any], Callable[[Any], Any]]] = {}
    pd = importlib.import_module("pandas")
    found["pandas (numpy)"] = (lambda: pd.read_parquet(path), lambda frame: frame)
    try:
        pl = importlib.import_module("polars")
        found["polars LazyFrame"] = (lambda: pl.scan_parquet(path), lambda lazy: lazy.collect())
    except ImportError:
        print("skipped polars: not installed")
    try:
        duckdb = importlib.import_module("duckdb")
        connection = duckdb.connect()
        found["DuckDB relation"] = (
            lambda: connection.read_parquet(str(path)),
            lambda relation: getattr(relation, "to_arrow_table", relation.fetch_arrow_table)(),
        )
    except ImportError:
        print("skipped DuckDB: not installed")
    try:
        dd = importlib.import_module("dask.dataframe")
        found["Dask"] = (lambda: dd.read_parquet(path), lambda frame: frame.compute())
    except ImportError:
        print("skipped Dask: not installed (pip install 'qualify[engines]')")
    try:
        spark = _spark()
        found["Spark, local[2]"] = (
            lambda: spark.read.parquet(str(path)),
            lambda frame: frame.write.format("noop").mode("overwrite").save(),
        )
    except (ImportError, RuntimeError) as exc:
        print(f"skipped Spark: {exc}")
    return found


def free_text(count: int = 1_000_000) -> None:
    """Per row, a mapped free-text column with few and with many distinct values."""
    import duckdb
    import polars as pl

    notes = qualify.FieldMap(
        name="notes",
        fields=[
            qualify.Field(
                column="notes", criterion="need", values={"must have": "validated", "*": "assumed"}
            )
        ],
    )
    framework = qualify.get_framework("bant")
    folder = Path(tempfile.mkdtemp(prefix="qualify-free-text-"))
    print(f"{'distinct values':>15} {'polars LazyFrame µs/row':>24} {'DuckDB µs/row':>14}")
    for distinct in (4, 20_000):
        path = folder / f"notes-{distinct}.parquet"
        texts = ["must have", *(f"note number {i}" for i in range(distinct - 1))]
        pl.DataFrame({"notes": [texts[i % distinct] for i in range(count)]}).write_parquet(path)
        lazy = _timed(
            lambda: qualify.evaluate_frame(pl.scan_parquet(path), framework, mapping=notes).collect()
        )
        connection = duckdb.connect()
        relation = _timed(
            lambda: qualify.evaluate_frame(
                connection.read_parquet(str(path)), framework, mapping=notes
            ).to_arrow_table()
        )
        print(f"{distinct:>15,} {lazy / count * 1e6:>24.2f} {relation / count * 1e6:>14.2f}")
        path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 and 300,000 rows")
    parser.add_argument(
        "--free-text", action="store_true", help="only: many distinct free-text values"
    )
    args = parser.parse_args()
    if args.free_text:
        free_text(100_000 if args.quick else 1_000_000)
        return
    sizes = (100_000, 300_000) if args.quick else (1_000_000, 10_000_000)
    framework = qualify.get_framework("bant")
    folder = Path(tempfile.mkdtemp(prefix="qualify-engines-"))
    results: dict[int, dict[str, tuple[float, float]]] = {}
    backtests: dict[int, dict[str, tuple[float, float]]] = {}
    for count in sizes:
        path = folder / f"leads-{count}.parquet"
        _write(path, count)
        engines = _engines(path)
        pd = importlib.import_module("pandas")
        floor = _timed(lambda: floors.score_table(pd.read_parquet(path, columns=list(floors.KEYS))))
        results[count] = {"floor: pandas read + numpy": (floor, floor)}
        backtests[count] = {}
        for name, (read, realise) in engines.items():
            read_only = _timed(lambda: realise(read()))
            scored = _timed(lambda: realise(qualify.evaluate_frame(read(), framework)))
            results[count][name] = (read_only, scored)
            if name.startswith(("pandas", "Spark", "polars", "DuckDB")):
                frame_s = scored
                backtest_s = _timed(lambda: qualify.backtest(read(), framework, "won", by="source"))
                backtests[count][name] = (frame_s, backtest_s)
        path.unlink()
    print(f"qualify on Python {sys.version.split()[0]}; BANT; per row, each engine's best of one run")
    first, last = sizes
    head = f"{'engine':<30} {'read µs':>8}"
    for count in sizes:
        head += f" {f'{count:,} µs/row':>17} {'x floor':>8}"
    head += f" {'growth':>7}"
    print(head)
    for name in results[first]:
        read_only = results[first][name][0] / first * 1e6
        line = f"{name:<30} {read_only:>8.2f}"
        for count in sizes:
            per_row = results[count][name][1] / count * 1e6
            floor = results[count]["floor: pandas read + numpy"][1] / count * 1e6
            line += f" {per_row:>17.2f} {per_row / floor:>8.2f}"
        growth = (results[last][name][1] / last) / (results[first][name][1] / first)
        print(line + f" {growth:>7.2f}")
    print(f"\n{'backtest next to evaluate_frame':<30} {'rows':>12} {'frame s':>9} {'backtest s':>11} {'x':>6}")
    for count in sizes:
        for name, (frame_s, backtest_s) in backtests[count].items():
            print(f"{name:<30} {count:>12,} {frame_s:>9.2f} {backtest_s:>11.2f} {backtest_s / frame_s:>6.2f}")


if __name__ == "__main__":
    main()
