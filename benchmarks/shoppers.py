"""A second real data set: online shopping sessions, and whether each ended in a purchase.

    QUALIFY_SHOPPERS_CSV=path/to/online_shoppers_intention.csv python benchmarks/shoppers.py

The data: the UCI Machine Learning Repository's "Online Shoppers Purchasing
Intention" data set (C. Okan Sakar and Yomi Kastro, 2018; licence CC BY 4.0):
12,330 sessions of one online shop over a year, with their page counts, time on
pages, Google Analytics page values, month, visitor type, weekend, and whether
the session brought revenue. The project does not ship it; download it from
the UCI repository (or any copy of ``online_shoppers_intention.csv``; both the
original text columns and copies that coded them as numbers are read) and
point ``QUALIFY_SHOPPERS_CSV`` at it. Without it this prints why and stops.

Sessions are ordered by month (ties in file order); the older 70% are learned
from and the newer 30% tested on, as ``benchmarks/outcomes.py`` does with the
bank calls. The framework below was written from what a shop would count as
buying intent before any outcome was looked at. On the newer sessions: ROC AUC
and log loss of the declared score, of the calibrated chance with and without
pairs of criteria, and of scikit-learn's ``LogisticRegression`` and
``HistGradientBoostingClassifier`` and InterpretML's
``ExplainableBoostingClassifier`` on the same six raw columns.
"""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path
from typing import Any

import qualify
from held_out import shower, split
from qualify import Criterion, Framework, Numbers, Threshold

DEFAULT = Path(__file__).parent.parent.parent / "shared" / "data" / "online-shoppers"
MONTHS = ["jan", "feb", "mar", "apr", "may", "june", "jul", "aug", "sep", "oct", "nov", "dec"]
RAW = ["PageValues", "ProductRelated", "ProductRelated_Duration", "Administrative", "returning",
       "weekend"]  # fmt: skip


def _bands(*steps: tuple[float, float]) -> Numbers:
    return Numbers(
        thresholds=[Threshold(at_least=at, satisfaction=s) for at, s in steps], below=0.0
    )


FRAMEWORK = Framework(
    name="shop-sessions",
    title="Shop sessions",
    criteria=[
        Criterion(key="page_value", label="Page value", weight=4,
                  question="Did the session reach pages that lead to purchases?",
                  scale=_bands((1, 0.5), (20, 1.0))),
        Criterion(key="product_pages", label="Product pages", weight=2,
                  question="How many product pages did they look at?",
                  scale=_bands((5, 0.3), (20, 0.7), (50, 1.0))),
        Criterion(key="product_time", label="Time on products", weight=2,
                  question="How many seconds on product pages?",
                  scale=_bands((60, 0.3), (600, 0.7), (1800, 1.0))),
        Criterion(key="admin_pages", label="Account pages", weight=1,
                  question="Did they open their account pages?",
                  scale=_bands((1, 0.5), (5, 1.0))),
        Criterion(key="returning", label="Returning visitor", weight=1,
                  question="Have they visited before?"),
        Criterion(key="weekend", label="Weekend", weight=0.5, question="Is it a weekend?"),
    ],
    qualified_at=50,
)  # fmt: skip


def _read(path: Path) -> Any:
    """The sessions in month order, with the columns coded alike whatever the copy."""
    import numpy as np
    import pandas as pd

    table = pd.read_csv(path)
    month = table["Month"]
    if month.dtype == object:
        month = month.str.lower().map({name: i + 1 for i, name in enumerate(MONTHS)})
    if "VisitorType" in table:
        returning = table["VisitorType"] == "Returning_Visitor"
    else:
        returning = table["returning_ visitor"] == 1
    table = table.assign(
        returning=returning.astype(bool),
        weekend=table["Weekend" if "Weekend" in table else "weekend"].astype(bool),
        won=table["Revenue"].astype(bool),
        order=month * 100_000 + np.arange(len(table)),
    )
    return table.sort_values("order", kind="stable").reset_index(drop=True)


def _leads(table: Any) -> Any:
    import pandas as pd

    return pd.DataFrame({
        "page_value": table["PageValues"], "product_pages": table["ProductRelated"],
        "product_time": table["ProductRelated_Duration"], "admin_pages": table["Administrative"],
        "returning": table["returning"], "weekend": table["weekend"],
    })  # fmt: skip


def main() -> None:
    path = Path(os.environ.get("QUALIFY_SHOPPERS_CSV", DEFAULT / "online_shoppers_intention.csv"))
    if not path.exists():
        print(f"skipped: {path} is absent; set QUALIFY_SHOPPERS_CSV to a copy of the UCI data set")
        return
    warnings.filterwarnings("ignore")
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    table = _read(path)
    older, newer = split(table, "won", f"sessions, {path.name}", "month")
    learn = _leads(older).assign(won=older["won"], order=older["order"])
    test, outcome = _leads(newer), newer["won"].to_numpy()
    show = shower(outcome, "the newer 30% of sessions")

    show("declared framework (score)", qualify.evaluate_frame(test, FRAMEWORK)["score"], True)
    for pairs in (False, True):
        start = time.perf_counter()
        fit = qualify.calibrate(learn, FRAMEWORK, "won", time="order", pairs=pairs)
        seconds = time.perf_counter() - start
        chance = qualify.evaluate_frame(test, fit.framework)["probability"].to_numpy()
        show(f"calibrated, pairs={pairs} ({seconds:.2f} s)", chance)
        for pair in fit.pairs:
            print(f"  pair {pair.key}: held-out log loss {pair.gain:.4f} lower per lead")
    raw_old = np.nan_to_num(older[RAW].to_numpy(float))
    raw_new = np.nan_to_num(newer[RAW].to_numpy(float))
    peers: list[tuple[str, Any]] = [
        ("scikit-learn LogisticRegression, scaled",
         make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))),
        ("scikit-learn HistGradientBoosting", HistGradientBoostingClassifier(random_state=0)),
    ]  # fmt: skip
    try:
        from interpret.glassbox import ExplainableBoostingClassifier

        peers.append(("InterpretML ExplainableBoostingClassifier",
                      ExplainableBoostingClassifier(random_state=0)))  # fmt: skip
    except ImportError:
        print("  (InterpretML is not installed: pip install interpret-core)")
    for name, model in peers:
        model.fit(raw_old, older["won"])
        show(name, model.predict_proba(raw_new)[:, 1])


if __name__ == "__main__":
    main()
