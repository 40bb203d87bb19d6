"""What the real-data benchmarks share: leads in time order cut into older and newer, and
the table of how each model ranks the newer ones (ROC AUC, and log loss of a chance)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def split(table: Any, won: str, what: str, order: str) -> tuple[Any, Any]:
    """*table* (in time order) cut into its older 70% and newer 30%, each said in a line."""
    cut = int(len(table) * 0.7)
    older, newer = table.iloc[:cut].reset_index(drop=True), table.iloc[cut:].reset_index(drop=True)
    print(f"qualify on Python {sys.version.split()[0]}; {len(table):,} {what}")
    print(f"by {order}: {len(older):,} older (conversion {older[won].mean():.1%}),"
          f" {len(newer):,} newer ({newer[won].mean():.1%})\n")  # fmt: skip
    return older, newer


def shower(outcome: Any, title: str) -> Callable[..., None]:
    """Print the table's head; return what prints one model's line on the newer *outcome*
    (``scored``: a score, which has no log loss)."""
    from sklearn.metrics import log_loss, roc_auc_score

    print(f"{title:<46} {'ROC AUC':>8} {'log loss':>9}")

    def show(name: str, chance: Any, scored: bool = False) -> None:
        loss = "-" if scored else f"{log_loss(outcome, chance):.4f}"
        print(f"{name:<46} {roc_auc_score(outcome, chance):>8.4f} {loss:>9}")

    return show
