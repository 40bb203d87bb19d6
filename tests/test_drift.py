"""backtest(test=..., time=...): a framework met with newer leads, and how the leads drifted."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

import qualify
from qualify.cli import main


def _leads(count: int, seed: int, won_share: float, unknown_need: float) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    leads = []
    for number in range(count):
        need = None if rng.random() < unknown_need else rng.choice(["assumed", "validated"])
        leads.append(
            {
                "need": need,
                "budget": rng.choice(["none", "allocated"]),
                "won": rng.random() < won_share,
                "order": number,
            }
        )
    return leads


def test_test_scores_the_newer_leads_and_shows_the_drift() -> None:
    older = _leads(1000, 1, 0.1, 0.1)
    newer = _leads(500, 2, 0.3, 0.6)
    result = qualify.backtest(older, "bant", "won", test=newer)
    assert result.n == 500  # the backtest is of the newer leads
    drift = result.drift
    assert drift is not None and (drift.older, drift.newer) == (1000, 500)
    assert drift.base_rate_older == pytest.approx(sum(x["won"] for x in older) / 1000)
    assert drift.base_rate_newer == pytest.approx(sum(x["won"] for x in newer) / 500)
    need = next(u for u in drift.unknown if u.key == "need")
    assert need.older == pytest.approx(sum(x["need"] is None for x in older) / 1000)
    assert need.newer == pytest.approx(sum(x["need"] is None for x in newer) / 500)
    timeframe = next(u for u in drift.unknown if u.key == "timeframe")
    assert timeframe.older == timeframe.newer == 1.0  # never asked in either
    plain = qualify.backtest(newer, "bant", "won")
    assert result.auc == plain.auc and result.verdicts == plain.verdicts
    assert plain.drift is None


def test_time_compares_the_newest_leads_with_the_rest_in_rows_and_tables() -> None:
    pl = pytest.importorskip("polars")
    leads = _leads(700, 3, 0.1, 0.1) + _leads(300, 4, 0.4, 0.7)
    for number, lead in enumerate(leads):
        lead["order"] = number
    result = qualify.backtest(leads, "bant", "won", time="order")
    drift = result.drift
    assert drift is not None and (drift.older, drift.newer) == (700, 300)
    assert drift.base_rate_newer is not None and drift.base_rate_older is not None
    assert drift.base_rate_newer > drift.base_rate_older
    assert result.n == 1000  # the backtest is of every lead
    frame = pl.DataFrame(leads)
    for table in (frame, frame.lazy(), frame.to_pandas()):
        assert qualify.backtest(table, "bant", "won", time="order") == result
    with pytest.raises(qualify.QualifyError, match="time= cannot be combined with by="):
        qualify.backtest(leads, "bant", "won", time="order", by="budget")
    with pytest.raises(qualify.OutcomeError, match="with test=, outcomes must be the name"):
        qualify.backtest(leads, "bant", [1] * len(leads), test=leads)


def test_the_command_line_backtests_newer_leads_and_prints_the_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def write(name: str, leads: list[dict[str, Any]]) -> Path:
        path = tmp_path / name
        lines = ["order,need,budget,won"]
        lines += [
            f"{x['order']},{x['need'] or ''},{x['budget']},{int(x['won'])}" for x in leads
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    older = write("older.csv", _leads(400, 5, 0.1, 0.1))
    newer = write("newer.csv", _leads(200, 6, 0.3, 0.5))
    assert main(["backtest", str(older), "--outcome", "won", "--test", str(newer)]) == 0
    out = capsys.readouterr()[0]
    assert "200 leads with an outcome" in out
    assert "Drift: 400 older leads against 200 newer" in out and "unknown: Need (need)" in out
    assert main(["backtest", str(older), "--outcome", "won", "--time", "order"]) == 0
    assert "Drift: 280 older leads against 120 newer" in capsys.readouterr()[0]
