"""A nightly scoring job on Spark: read the leads table, score it, write it back, backtest it.

    python examples/spark_job/job.py [--leads PATH] [--out FOLDER]

1. Builds the leads table the job reads, once: ACME's CRM export
   (``examples/leads.csv``) joined to each lead's stage (``outcomes.csv``),
   written as Parquet. A real job would find this table in its lake.
2. Reads the Parquet table with Spark and scores it with ``acme-bant.toml`` (the
   framework and the mapping of ACME's CRM fields) where the data lives:
   ``qualify.evaluate_frame`` gives back a lazy Spark DataFrame.
3. Writes the scored leads back as Parquet, partitioned by verdict; a lead with
   a value the mapping cannot read is written with its problems, not dropped.
4. Prints a backtest by lead source, counted by Spark: how each source's leads
   converted and what share qualified.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import qualify

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent


def _spark():  # type: ignore[no-untyped-def]
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("qualify-nightly-scoring")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def build_leads_table(spark, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The CRM export and each lead's stage, as the Parquet table the job reads."""
    export = spark.read.csv(str(EXAMPLES / "leads.csv"), header=True)  # every column as text
    stages = spark.read.csv(str(HERE / "outcomes.csv"), header=True)
    export.join(stages, on="Lead ID", how="left").write.mode("overwrite").parquet(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=Path, help="a Parquet leads table (default: built)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where to write")
    args = parser.parse_args()
    if shutil.which("java") is None:
        raise SystemExit("Spark needs Java 17: install a JDK (Debian: openjdk-17-jre-headless)")
    spark = _spark()
    leads_path = args.leads or args.out / "leads.parquet"
    if args.leads is None:
        build_leads_table(spark, leads_path)

    framework = qualify.load_framework(EXAMPLES / "acme-bant.toml")
    mapping = qualify.load_field_map(EXAMPLES / "acme-bant.toml")
    leads = spark.read.parquet(str(leads_path))

    scored = qualify.evaluate_frame(
        leads, framework, mapping=mapping, errors="report", id="Lead ID", criteria=True
    )
    target = args.out / "scored"
    scored.write.mode("overwrite").partitionBy("verdict").parquet(str(target))
    written = spark.read.parquet(str(target))
    print(f"scored {written.count():,} leads into {target}, partitioned by verdict:")
    for row in written.groupBy("verdict").count().orderBy("verdict").collect():
        print(f"  {row['verdict'] or 'not scored (see problems)'}: {row['count']}")

    backtest = qualify.backtest(
        leads,
        framework,
        "Opportunity Stage",
        mapping=mapping,
        won={"Closed Won"},
        by="Lead Source",
        errors="report",
        id="Lead ID",
    )
    auc = "-" if backtest.auc is None else f"{backtest.auc:.3f}"
    print(
        f"\nbacktest: {backtest.n} leads closed ({backtest.open} still open,"
        f" {backtest.skipped} not scored), {backtest.won} won; ROC AUC of the score {auc}"
    )
    print(f"{'lead source':<16} {'closed':>7} {'won':>5} {'rate':>7} {'qualified':>10}")
    for group in backtest.groups:
        rate = "-" if group.rate is None else f"{group.rate:.0%}"
        share = "-" if group.qualified_share is None else f"{group.qualified_share:.0%}"
        print(f"{group.group:<16} {group.n:>7} {group.won:>5} {rate:>7} {share:>10}")
    spark.stop()


if __name__ == "__main__":
    main()
