"""calibrate learns a pair of criteria where two answers together do what neither does alone.

Synthetic outcomes with a known truth: an interaction of need and budget is
found, written as a pair criterion and ranks newer leads better; an additive
truth gets no pair; rows and tables agree; the file round-trips.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import qualify
from qualify._views.learn import calibration_text
from qualify.cli import main

np = pytest.importorskip("numpy", reason="calibrate needs the learn extra (numpy)")

NEED = ["assumed", "identified", "validated"]
BUDGET = ["none", "process", "allocated", "sufficient"]


def _draw(count: int, seed: int, together: float) -> list[dict[str, Any]]:
    """Leads whose log-odds add what need and budget are each worth, and *together* more
    when the need is validated and there is no budget (a real need nobody can pay for)."""
    rng = random.Random(seed)
    leads = []
    for number in range(count):
        need, budget = rng.choice([*NEED, None]), rng.choice([*BUDGET, None])
        log_odds = -1.5 + (NEED.index(need) * 0.7 if need else 0.3)
        log_odds += BUDGET.index(budget) * 0.4 if budget else 0.3
        if need == "validated" and budget == "none":
            log_odds += together
        leads.append({
            "need": need, "budget": budget,
            "won": rng.random() < 1 / (1 + math.exp(-log_odds)),
            "created": date(2024, 1, 1) + timedelta(days=number // 20),
        })  # fmt: skip
    return leads


@pytest.fixture(scope="module")
def interacting() -> list[dict[str, Any]]:
    return _draw(12000, 11, together=-2.5)


def _auc(framework: qualify.Framework, leads: list[dict[str, Any]]) -> float:
    chances = [qualify.evaluate({"need": d["need"], "budget": d["budget"]}, framework).probability
               for d in leads]  # fmt: skip
    won = [c for c, d in zip(chances, leads, strict=True) if d["won"]]
    lost = [c for c, d in zip(chances, leads, strict=True) if not d["won"]]
    pairs = sum((w > lo) + 0.5 * (w == lo) for w in won for lo in lost)  # type: ignore[operator]
    return pairs / (len(won) * len(lost))


def test_a_true_pair_is_found_written_and_ranks_newer_leads_better(
    interacting: list[dict[str, Any]],
) -> None:
    older, newer = interacting[:9000], interacting[9000:]
    result = qualify.calibrate(older, "bant", "won", time="created")
    (learned,) = result.pairs
    assert learned.of == ("budget", "need") and learned.gain > 0 and learned.leads > 4000
    pair = result.framework.criterion(learned.key)
    assert pair.of == ("budget", "need")
    worst = pair.scale.levels[0]  # type: ignore[attr-defined]
    assert worst.name == "none & validated"  # the cell the truth marks down
    without = qualify.calibrate(older, "bant", "won", time="created", pairs=False)
    assert without.pairs == () and all(c.of is None for c in without.framework.criteria)
    assert _auc(result.framework, newer) > _auc(without.framework, newer) + 0.005
    # the held-out figures count the pair
    assert result.validation.log_loss_after < without.validation.log_loss_after
    assert "Pairs learned: budget with need" in result.framework.description
    shown = " ".join(calibration_text(result).split())
    assert "pair learned budget_and_need: budget with need, held-out log loss" in shown
    assert "budget_and_need" in result._repr_html_()


def test_an_additive_truth_gets_no_pair() -> None:
    result = qualify.calibrate(_draw(12000, 12, together=0.0), "bant", "won", time="created")
    assert result.pairs == ()


def test_rows_and_tables_learn_the_same_pair(interacting: list[dict[str, Any]]) -> None:
    pl = pytest.importorskip("polars")
    leads = interacting[:6000]
    expected = qualify.calibrate(leads, "bant", "won", time="created")
    assert expected.pairs
    frame = pl.DataFrame(leads)
    assert qualify.calibrate(frame.lazy(), "bant", "won", time="created") == expected
    backtests = [qualify.backtest(t, expected.framework, "won") for t in (leads, frame)]
    assert backtests[0] == backtests[1]


def test_a_calibrated_file_with_a_pair_loads_shows_and_calibrates_again(
    interacting: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = qualify.calibrate(interacting[:6000], "bant", "won", time="created")
    path = tmp_path / "calibrated.toml"
    qualify.dump_framework(result.framework, path)
    assert qualify.load_framework(path) == result.framework
    assert qualify.from_dict(qualify.to_dict(result), qualify.reports.Calibration) == result
    assert main(["show", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "pairs budget and need" in shown and "none & validated" in shown
    again = qualify.calibrate(interacting[6000:], result.framework, "won", time="created")
    assert [c.key for c in again.framework.criteria if c.of is not None] == [
        p.key for p in again.pairs
    ]


def test_pairs_must_be_true_or_false() -> None:
    with pytest.raises(qualify.QualifyError, match="pairs must be true or false"):
        qualify.calibrate([{"need": "assumed"}] * 4, "bant", [True, False] * 2, pairs="yes")  # type: ignore[arg-type]
