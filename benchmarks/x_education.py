"""A third real data set: enquiries about online courses, and whether each lead enrolled.

    QUALIFY_LEADS_CSV=path/to/Leads.csv python benchmarks/x_education.py

The data: the "X Education" leads export behind the "Lead Scoring" case study
published on Kaggle (9,240 leads of an online education company, with how
each came in, its last activity, time on the site, occupation and whether it
converted). Its licence is not stated in the copy this was tried on, so the
project does not ship it; point ``QUALIFY_LEADS_CSV`` at your own copy of
``Leads.csv``. Without it this prints why and stops.

The leads are ordered by ``Lead Number`` (an increasing id, given to
``calibrate`` as ``time``); the older 70% are learned from and the newer 30%
tested on. The framework is ``examples/course-enquiry.toml``, written before
any outcome was looked at, and reads the export's own columns through its
mapping. On the newer leads: ROC AUC and log loss of the declared score, of
the calibrated chance with and without pairs of criteria, and of
scikit-learn's ``LogisticRegression`` (one-hot, scaled),
``HistGradientBoostingClassifier`` and InterpretML's
``ExplainableBoostingClassifier`` on the same seven columns; then 80 outcomes
(40 won, 40 lost) drawn 20 times from the older leads, against the declared
score.
"""

from __future__ import annotations

import os
import statistics
import time
import warnings
from pathlib import Path
from typing import Any

import qualify
from held_out import shower, split
from qualify._files.framework_files import load_file

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = ROOT / "examples" / "course-enquiry.toml"
DEFAULT = ROOT.parent / "shared" / "data" / "x-education" / "Leads.csv"
FIELDS = ["Total Time Spent on Website", "TotalVisits", "Lead Origin", "Lead Source",
          "Last Activity", "What is your current occupation", "Do Not Email"]  # fmt: skip
NUMERIC = ["Total Time Spent on Website", "TotalVisits"]


def _one_hot(frame: Any, columns: Any = None) -> Any:
    import pandas as pd

    text = [c for c in FIELDS if c not in NUMERIC]
    found = pd.get_dummies(frame[FIELDS].astype({c: str for c in text}), columns=text, dtype=float)
    found[NUMERIC] = found[NUMERIC].fillna(0.0)
    return found if columns is None else found.reindex(columns=columns, fill_value=0.0)


def _categorical(frame: Any, like: Any) -> Any:
    import pandas as pd

    found = frame[FIELDS].copy()
    for column in FIELDS:
        if column not in NUMERIC:
            kinds = sorted(set(like[column].fillna("none").map(str)))
            found[column] = pd.Categorical(found[column].fillna("none").map(str), categories=kinds)
    return found


def main() -> None:
    path = Path(os.environ.get("QUALIFY_LEADS_CSV", DEFAULT))
    if not path.exists():
        print(f"skipped: {path} is absent; set QUALIFY_LEADS_CSV to a copy of the X Education Leads.csv")
        return
    warnings.filterwarnings("ignore")
    import numpy as np
    import pandas as pd
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    framework, mapping = load_file(FRAMEWORK)
    leads = pd.read_csv(path).sort_values("Lead Number", kind="stable").reset_index(drop=True)
    older, newer = split(leads, "Converted", f"leads, {path.name}", "lead number")
    outcome = newer["Converted"].to_numpy()
    show = shower(outcome, "the newer 30% of leads")

    def chance(fitted: Any) -> Any:
        return qualify.evaluate_frame(newer, fitted, mapping=mapping)["probability"].to_numpy()

    declared = qualify.evaluate_frame(newer, framework, mapping=mapping)["score"]
    show("declared framework (score)", declared, True)
    for pairs in (False, True):
        start = time.perf_counter()
        fit = qualify.calibrate(
            older, framework, "Converted", mapping=mapping, time="Lead Number", pairs=pairs
        )
        seconds = time.perf_counter() - start
        show(f"calibrated, pairs={pairs} ({seconds:.2f} s)", chance(fit.framework))
        for turned in fit.reversed:
            print(f"  reversed {turned.criterion}: {turned.rung} now above {turned.above}")
        for pair in fit.pairs:
            print(f"  pair {pair.key}: held-out log loss {pair.gain:.4f} lower per lead")
    won = older["Converted"]
    x_old = _one_hot(older)
    peers: list[tuple[str, Any, Any, Any]] = [
        ("scikit-learn LogisticRegression, one-hot",
         make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
         x_old, _one_hot(newer, x_old.columns)),
        ("scikit-learn HistGradientBoosting",
         HistGradientBoostingClassifier(random_state=0, categorical_features="from_dtype"),
         _categorical(older, older), _categorical(newer, older)),
    ]  # fmt: skip
    try:
        from interpret.glassbox import ExplainableBoostingClassifier

        peers.append(("InterpretML ExplainableBoostingClassifier",
                      ExplainableBoostingClassifier(random_state=0),
                      older[FIELDS], newer[FIELDS]))  # fmt: skip
    except ImportError:
        print("  (InterpretML is not installed: pip install interpret-core)")
    for name, model, learn, test in peers:
        model.fit(learn, won)
        show(name, model.predict_proba(test)[:, 1])

    declared_auc = roc_auc_score(outcome, declared)
    found, kept = [], 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        picked = np.sort(np.concatenate([
            rng.choice(older.index[won == 1].to_numpy(), 40, replace=False),
            rng.choice(older.index[won == 0].to_numpy(), 40, replace=False),
        ]))  # fmt: skip
        fit = qualify.calibrate(
            older.loc[picked], framework, "Converted", mapping=mapping, time="Lead Number"
        )
        kept += fit.kept_declared
        found.append(roc_auc_score(outcome, chance(fit.framework)))
    print(f"\n80 outcomes (40 won, 40 lost), 20 draws: calibrated mean {statistics.mean(found):.4f},"
          f" worst {min(found):.4f}, declared {declared_auc:.4f}; mean - declared"
          f" {statistics.mean(found) - declared_auc:+.4f}, worst - declared"
          f" {min(found) - declared_auc:+.4f}; declared weights kept in {kept} of 20 draws")  # fmt: skip


if __name__ == "__main__":
    main()
