"""Does a calibrated framework rank new leads as well as what a data scientist would fit?

    python benchmarks/outcomes.py            # the full run (a few minutes)
    python benchmarks/outcomes.py --quick    # fewer draws, smaller tables, no EBM

Reads ``../shared/data/bank-marketing/bank-full.csv`` (45,211 telemarketing
calls and whether each client subscribed; see the README beside it) and skips
with a reason when it is absent. The framework is ``examples/bank-calls.toml``,
written from domain sense before any outcome was looked at; ``duration`` is
left out everywhere (it is known only after the call).

1. Split by date (the file is in date order): the older 70% of calls to learn
   from, the newer 30% to test on. ``calibrate`` is given the calls' order as
   ``time``, so every choice it makes is validated on its newest calls. On the
   newer 30%: ROC AUC and log loss of the declared score, of the calibrated
   chance, and of what a data scientist fits on the same fields instead:
   scikit-learn's ``LogisticRegression`` (one-hot, scaled),
   ``HistGradientBoostingClassifier`` and InterpretML's
   ``ExplainableBoostingClassifier`` (``interpret-core``; skipped with a note
   when it is not installed).
2. Small data: 40 won and 40 lost calls drawn from the older 70%, 20 times
   (seeded); the calibrated chance's AUC on the newer 30% against the
   declared score's.
3. Speed: ``calibrate`` on the 31,647 older calls and on 1,000,000 generated
   leads of a seven-criterion framework with number bands, against
   ``LogisticRegressionCV(Cs=7, cv=5)`` on their one-hot columns (building them
   included). Both sides run with BLAS held to one thread (threadpoolctl), as
   ``calibrate`` holds itself; wall time, the best of three runs each.
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


def _one_hot(frame: Any, numeric: list[str], columns: list[str] | None = None) -> Any:
    """The fields as a logistic regression gets them: numbers as they are, the rest one-hot."""
    import pandas as pd

    others = [f for f in frame.columns if f not in numeric]
    data = pd.get_dummies(frame[others].astype(str))
    for name in numeric:
        data[name] = frame[name]
    if columns is not None:
        data = data.reindex(columns=columns, fill_value=0)
    return data.astype(float)


def _categorical(frame: Any, numeric: list[str], like: Any = None) -> Any:
    """The fields as gradient boosting gets them: strings as pandas categories."""
    import pandas as pd

    data = frame.copy()
    for name in data.columns:
        if name not in numeric:
            categories = (like if like is not None else frame)[name].astype(str).unique()
            data[name] = pd.Categorical(data[name].astype(str), categories=sorted(categories))
    return data


def _metrics(outcome: Any, chance: Any) -> tuple[float, float | None]:
    from sklearn.metrics import log_loss, roc_auc_score

    auc = float(roc_auc_score(outcome, chance))
    is_chance = float(chance.min()) >= 0.0 and float(chance.max()) <= 1.0
    return auc, float(log_loss(outcome, chance)) if is_chance else None


def _peers(train: Any, test: Any, quick: bool) -> dict[str, Any]:
    """Each peer's chance on the newer calls (same fields, duration left out)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    won = train["y"] == "yes"
    found: dict[str, Any] = {}
    x_train = _one_hot(train[FIELDS], NUMERIC)
    logistic = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    logistic.fit(x_train, won)
    x_test = _one_hot(test[FIELDS], NUMERIC, list(x_train.columns))
    found["scikit-learn LogisticRegression, one-hot"] = logistic.predict_proba(x_test)[:, 1]
    boosted = HistGradientBoostingClassifier(categorical_features="from_dtype", random_state=0)
    boosted.fit(_categorical(train[FIELDS], NUMERIC), won)
    found["scikit-learn HistGradientBoosting"] = boosted.predict_proba(
        _categorical(test[FIELDS], NUMERIC, train[FIELDS])
    )[:, 1]
    if quick:
        print("note: --quick leaves out the Explainable Boosting Machine (about 30 s)")
        return found
    try:
        from interpret.glassbox import ExplainableBoostingClassifier
    except ImportError:
        print("note: interpret-core is not installed; the EBM row is skipped")
        return found
    ebm = ExplainableBoostingClassifier(random_state=0)
    ebm.fit(train[FIELDS], won)
    found["InterpretML ExplainableBoostingClassifier"] = ebm.predict_proba(test[FIELDS])[:, 1]
    return found


def _chance(framework: Any, mapping: Any, test: Any) -> Any:
    import qualify

    scored = qualify.evaluate_frame(test, framework, mapping=mapping)
    return scored["probability" if framework.probability is not None else "score"].to_numpy()


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


def _accuracy(
    framework: Any, mapping: Any, older: Any, newer: Any, quick: bool, charts: str | None
) -> float:
    import qualify

    outcome = (newer["y"] == "yes").to_numpy()
    start = time.perf_counter()
    calibration = qualify.calibrate(older, framework, "y", mapping=mapping, time="call")
    seconds = time.perf_counter() - start
    rows = {
        "declared framework (score)": _chance(framework, mapping, newer),
        "calibrated, validated on time (chance)": _chance(
            calibration.framework, mapping, newer
        ),
    }
    rows.update(_peers(older, newer, quick))
    print(f"{'the newer 30% of calls':<46} {'ROC AUC':>8} {'log loss':>9}")
    declared = 0.0
    for name, chance in rows.items():
        auc, loss = _metrics(outcome, chance)
        declared = declared or auc
        print(f"{name:<46} {auc:>8.3f} {'-' if loss is None else f'{loss:.4f}':>9}")
    print(f"calibrate took {seconds:.2f} s: {calibration.reason}")
    if charts:
        _charts(Path(charts), framework, calibration.framework, mapping, newer)
    for warning in calibration.warnings:
        print(f"  warning: {warning}")
    for turned in calibration.reversed:
        print(f"  reversed: {turned.criterion}: {turned.rung} now above {turned.above}")
    print()
    return declared


def _small(framework: Any, mapping: Any, older: Any, newer: Any, declared: float, draws: int) -> None:
    import pandas as pd

    import qualify

    outcome = (newer["y"] == "yes").to_numpy()
    aucs, kept, constant = [], 0, 0
    for seed in range(draws):
        won = older[older["y"] == "yes"].sample(40, random_state=seed)
        lost = older[older["y"] == "no"].sample(40, random_state=seed)
        small = pd.concat([won, lost]).sort_values("call").reset_index(drop=True)
        fit = qualify.calibrate(small, framework, "y", mapping=mapping, seed=seed, time="call")
        kept += fit.kept_declared
        chance = _chance(fit.framework, mapping, newer)
        constant += len(set(chance.tolist())) == 1
        aucs.append(_metrics(outcome, chance)[0])
    print(f"{'80 outcomes (40 won, 40 lost), ' + str(draws) + ' draws':<46} {'mean':>8} {'worst':>8}")
    print(f"{'declared framework (score)':<46} {declared:>8.3f} {declared:>8.3f}")
    print(f"{'calibrated (chance)':<46} {statistics.mean(aucs):>8.3f} {min(aucs):>8.3f}")
    print(
        f"mean - declared {statistics.mean(aucs) - declared:+.4f}, worst - declared"
        f" {min(aucs) - declared:+.4f}; declared weights kept in {kept} of {draws} draws;"
        f" a constant chance in {constant}\n"
    )


def generated(rows: int, seed: int = 7) -> tuple[Any, Any]:
    """A seven-criterion framework with number bands, and *rows* leads with outcomes
    drawn from a known logistic truth (a pandas table)."""
    import numpy as np
    import pandas as pd

    import qualify

    def bands(*cuts: float) -> qualify.Numbers:
        steps = [qualify.Threshold(at_least=c, satisfaction=(i + 1) / len(cuts)) for i, c in enumerate(cuts)]
        return qualify.Numbers(thresholds=steps, below=0.0)

    def levels(*names: str) -> qualify.Levels:
        return qualify.Levels(
            levels=[qualify.Level(name=n, satisfaction=i / (len(names) - 1)) for i, n in enumerate(names)]
        )

    scales = {
        "revenue": bands(1e5, 1e6, 1e7),
        "employees": bands(10, 100, 1000),
        "visits": bands(1, 3, 10),
        "days_idle": bands(7, 30, 90),
        "fit": levels("poor", "fair", "good", "great"),
        "channel": levels("cold", "event", "web", "referral"),
        "seniority": levels("staff", "manager", "director", "executive"),
    }
    framework = qualify.Framework(
        name="generated-seven",
        title="Seven criteria",
        version="1",
        criteria=[
            qualify.Criterion(key=k, label=k, question=f"{k}?", scale=s, weight=1 + i % 3)
            for i, (k, s) in enumerate(scales.items())
        ],
    )
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(
        {
            "revenue": 10 ** rng.uniform(3, 8, rows),
            "employees": np.floor(10 ** rng.uniform(0, 4, rows)),
            "visits": rng.poisson(3, rows).astype(float),
            "days_idle": rng.exponential(40, rows),
            "fit": rng.choice(["poor", "fair", "good", "great"], rows),
            "channel": rng.choice(["cold", "event", "web", "referral"], rows),
            "seniority": rng.choice(["staff", "manager", "director", "executive"], rows),
        }
    )
    for column in ("revenue", "visits", "channel"):  # a tenth unknown
        table.loc[rng.random(rows) < 0.1, column] = None
    log_odds = (
        -2.0
        + 0.4 * np.log10(table["revenue"].fillna(1e5))
        - 0.01 * table["days_idle"]
        + 0.2 * np.minimum(table["visits"].fillna(0), 10)
        + table["fit"].map({"poor": 0, "fair": 0.5, "good": 1.0, "great": 1.2})
        + table["channel"].map({"cold": 0, "event": 0.6, "web": 0.4, "referral": 1.0}).fillna(0.2)
    )
    table["won"] = rng.random(rows) < 1 / (1 + np.exp(-log_odds.to_numpy()))
    return framework, table


def _speed(framework: Any, mapping: Any, older: Any, rows: int) -> None:
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    import qualify

    def best(run: Any) -> float:  # best of three: the machine's own noise left out
        found = []
        for _ in range(3):
            start = time.perf_counter()
            run()
            found.append(time.perf_counter() - start)
        return min(found)

    def peer(fields: Any, won: Any, numeric: list[str]) -> Any:
        def run() -> None:
            with threadpool_limits(limits=1):
                x = _one_hot(fields, numeric)
                model = make_pipeline(
                    StandardScaler(), LogisticRegressionCV(Cs=7, cv=5, max_iter=1000)
                )
                model.fit(x, won)

        return run

    cases = [
        (
            "31,647 older bank calls",
            best(lambda: qualify.calibrate(older, framework, "y", mapping=mapping, time="call")),
            best(peer(older[FIELDS], older["y"] == "yes", NUMERIC)),
        )
    ]
    seven, table = generated(rows)
    numeric = ["revenue", "employees", "visits", "days_idle"]
    filled = table.drop(columns="won").fillna({c: 0.0 for c in numeric})
    cases.append(
        (
            f"{rows:,} generated leads, seven criteria",
            best(lambda: qualify.calibrate(table, seven, "won")),
            best(peer(filled, table["won"], numeric)),
        )
    )
    print(f"{'wall time, best of 3, one BLAS thread':<46} {'qualify s':>9} {'LRCV s':>9} {'ratio':>7}")
    for name, ours, theirs in cases:
        print(f"{name:<46} {ours:>9.2f} {theirs:>9.2f} {ours / theirs:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer draws, a smaller table, no EBM")
    parser.add_argument(
        "--charts", metavar="DIR", help="also write the docs' charts (PNG) of the newer 30% there"
    )
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (the project does not ship it; see its README)")
        return
    import pandas as pd

    from qualify._files.framework_files import load_file

    framework, mapping = load_file(FRAMEWORK)
    calls = pd.read_csv(DATA)
    calls.insert(0, "call", range(len(calls)))  # the file is in date order
    cut = int(len(calls) * 0.7)
    older, newer = calls.iloc[:cut].reset_index(drop=True), calls.iloc[cut:].reset_index(drop=True)
    print(f"qualify on Python {sys.version.split()[0]}; {len(calls):,} calls, {DATA.name}")
    print(f"split by date: {len(older):,} older calls to learn from, {len(newer):,} newer to test\n")
    declared = _accuracy(framework, mapping, older, newer, args.quick, args.charts)
    _small(framework, mapping, older, newer, declared, 5 if args.quick else 20)
    _speed(framework, mapping, older, 100_000 if args.quick else 1_000_000)


if __name__ == "__main__":
    main()
