"""Does a framework predict who buys? Backtest and calibrate on real calls, against scikit-learn.

    python benchmarks/outcomes.py            # the full run (a few minutes)
    python benchmarks/outcomes.py --quick    # fewer draws and 200,000 rows for the speed lines

Reads ``../shared/data/bank-marketing/bank-full.csv`` (45,211 telemarketing
calls and whether each client subscribed; see the README beside it) and skips
with a reason when it is absent. The framework is ``examples/bank-calls.toml``,
written from domain sense before any outcome was looked at; ``duration`` is
left out everywhere (it is known only after the call).

1. Split by date (the file is in date order): the older 70% of calls to learn
   from, the newer 30% to test on. Held-out ROC AUC of the declared score, of
   the calibrated probability, and of scikit-learn's ``LogisticRegression`` on
   one-hot columns of the same fields.
2. Small data: 40 won and 40 lost calls drawn from the older 70%, several
   times; the same three AUCs on the newer 30%, averaged.
3. Speed: ``calibrate`` and ``backtest`` on a table of 1,000,000 calls (the
   calls resampled), next to ``LogisticRegression`` on their one-hot columns
   and ``evaluate_frame`` on the same table, in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "bank-marketing" / "bank-full.csv"
FRAMEWORK = ROOT / "examples" / "bank-calls.toml"
FIELDS = ["poutcome", "balance", "housing", "loan", "contact", "campaign", "job", "default"]
NUMERIC = ["balance", "campaign"]


def _one_hot(frame: Any, columns: list[str] | None = None) -> Any:
    """The fields as a logistic regression gets them: numbers scaled, the rest one-hot."""
    import pandas as pd

    data = pd.get_dummies(frame[[f for f in FIELDS if f not in NUMERIC]].astype(str))
    for name in NUMERIC:
        data[name] = frame[name]
    if columns is not None:
        data = data.reindex(columns=columns, fill_value=0)
    return data.astype(float)


def _sklearn_auc(train: Any, test: Any) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x_train = _one_hot(train)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    start = time.perf_counter()
    model.fit(x_train, train["y"] == "yes")
    seconds = time.perf_counter() - start
    chance = model.predict_proba(_one_hot(test, list(x_train.columns)))[:, 1]
    return float(roc_auc_score(test["y"] == "yes", chance)), seconds


def _framework_auc(framework: Any, mapping: Any, test: Any) -> float:
    import qualify
    from sklearn.metrics import roc_auc_score

    scored = qualify.evaluate_frame(test, framework, mapping=mapping)
    column = "probability" if framework.probability is not None else "score"
    return float(roc_auc_score(test["y"] == "yes", scored[column]))


def _charts(folder: Path, framework: Any, calibrated: Any, mapping: Any, newer: Any) -> None:
    """The lift and calibration charts of the newer calls, declared and calibrated."""
    import qualify
    from qualify.plot import calibration_chart, lift_chart

    folder.mkdir(parents=True, exist_ok=True)
    declared = qualify.backtest(newer, framework, "y", mapping=mapping)
    fitted = qualify.backtest(newer, calibrated, "y", mapping=mapping)
    charts = {
        "outcomes-lift.png": lift_chart(declared),
        "outcomes-calibration-declared.png": calibration_chart(declared),
        "outcomes-calibration-calibrated.png": calibration_chart(fitted),
    }
    for name, figure in charts.items():
        figure.savefig(folder / name, dpi=110)
        print(f"wrote {folder / name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer draws, a smaller table")
    parser.add_argument(
        "--charts", metavar="DIR", help="also write the docs' charts (PNG) of the newer 30% there"
    )
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (the project does not ship it; see its README)")
        return
    import pandas as pd

    import qualify
    from qualify._files.framework_files import load_file

    framework, mapping = load_file(FRAMEWORK)
    calls = pd.read_csv(DATA)
    cut = int(len(calls) * 0.7)
    older, newer = calls.iloc[:cut].reset_index(drop=True), calls.iloc[cut:].reset_index(drop=True)
    print(f"qualify on Python {sys.version.split()[0]}; {len(calls):,} calls, {DATA.name}")
    print(f"split by date: {len(older):,} older calls to learn from, {len(newer):,} newer to test\n")

    start = time.perf_counter()
    calibration = qualify.calibrate(older, framework, "y", mapping=mapping)
    fitted = time.perf_counter() - start
    declared = _framework_auc(framework, mapping, newer)
    calibrated = _framework_auc(calibration.framework, mapping, newer)
    learned, _ = _sklearn_auc(older, newer)
    print(f"{'held-out ROC AUC, newer 30%':<46} {'AUC':>7}")
    print(f"{'declared framework (score)':<46} {declared:>7.3f}")
    print(f"{'calibrated on the older 70% (probability)':<46} {calibrated:>7.3f}")
    print(f"{'scikit-learn LogisticRegression, one-hot':<46} {learned:>7.3f}")
    print(f"calibrate: {fitted:.1f} s; {calibration.reason}\n")
    if args.charts:
        _charts(Path(args.charts), framework, calibration.framework, mapping, newer)

    draws = 5 if args.quick else 20
    results: dict[str, list[float]] = {"declared": [], "calibrated": [], "logistic": []}
    kept = 0
    for seed in range(draws):
        won = older[older["y"] == "yes"].sample(40, random_state=seed)
        lost = older[older["y"] == "no"].sample(40, random_state=seed)
        small = pd.concat([won, lost]).reset_index(drop=True)
        fit = qualify.calibrate(small, framework, "y", mapping=mapping, seed=seed)
        kept += fit.kept_declared
        results["declared"].append(declared)
        results["calibrated"].append(_framework_auc(fit.framework, mapping, newer))
        results["logistic"].append(_sklearn_auc(small, newer)[0])
    print(f"{'80 outcomes (40 won, 40 lost), ' + str(draws) + ' draws':<46} {'mean':>7} {'sd':>7} {'min':>7}")
    for name, values in results.items():
        print(
            f"{name:<46} {statistics.mean(values):>7.3f} {statistics.pstdev(values):>7.3f}"
            f" {min(values):>7.3f}"
        )
    print(f"declared weights kept in {kept} of {draws} draws\n")

    rows = 200_000 if args.quick else 1_000_000
    table = calls.sample(rows, replace=True, random_state=1).reset_index(drop=True)
    timings = {}
    start = time.perf_counter()
    qualify.evaluate_frame(table, framework, mapping=mapping)
    timings["evaluate_frame"] = time.perf_counter() - start
    start = time.perf_counter()
    qualify.backtest(table, framework, "y", mapping=mapping)
    timings["backtest"] = time.perf_counter() - start
    start = time.perf_counter()
    qualify.calibrate(table, framework, "y", mapping=mapping)
    timings["calibrate"] = time.perf_counter() - start
    _, timings["LogisticRegression (fit only)"] = _sklearn_auc(table, calls)
    print(f"{f'{rows:,} calls in a pandas table':<46} {'s':>7} {'x':>7}")
    for name, base in (("backtest", "evaluate_frame"), ("calibrate", "LogisticRegression (fit only)")):
        print(f"{base:<46} {timings[base]:>7.2f} {1:>7.1f}")
        print(f"{name:<46} {timings[name]:>7.2f} {timings[name] / timings[base]:>7.2f}")


if __name__ == "__main__":
    main()
