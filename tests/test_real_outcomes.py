"""Backtest and calibrate on real outcomes: 45,211 bank telemarketing calls.

The data set is not part of the project (see ``../shared/data/bank-marketing/README.md``
in the workspace); without it these tests are skipped, so a fresh clone passes.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import qualify
from qualify._files.framework_files import load_file

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "bank-marketing" / "bank-full.csv"

pytestmark = pytest.mark.skipif(
    not DATA.exists(),
    reason=f"the Bank Marketing calls are not here ({DATA}); the project does not ship them",
)


@pytest.fixture(scope="module")
def calls() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def declared() -> tuple[qualify.Framework, qualify.FieldMap]:
    framework, mapping = load_file(ROOT / "examples" / "bank-calls.toml")
    assert framework is not None and mapping is not None
    return framework, mapping


def test_the_export_is_the_one_the_readme_describes(calls: list[dict[str, str]]) -> None:
    assert len(calls) == 45_211
    assert sum(call["y"] == "yes" for call in calls) == 5_289
    assert {call["y"] for call in calls} == {"yes", "no"}


def test_the_declared_framework_ranks_the_calls(
    calls: list[dict[str, str]], declared: tuple[qualify.Framework, qualify.FieldMap]
) -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    framework, mapping = declared
    result = qualify.backtest(calls, framework, "y", mapping=mapping)
    assert (result.n, result.won, result.open, result.skipped) == (45_211, 5_289, 0, 0)
    scores = [e.score for e in qualify.evaluate_many(calls, framework, mapping=mapping)]
    outcomes = [call["y"] == "yes" for call in calls]
    assert result.auc == pytest.approx(metrics.roc_auc_score(outcomes, scores), abs=1e-12)
    assert 0.70 < result.auc < 0.80
    rates = {rate.group: rate.rate for rate in result.verdicts}
    assert rates["qualified"] > rates["nurture"] > rates["unqualified"]
    past = {rung.rung: rung for rung in result.criteria[0].rungs}
    assert past["success"].rate > 0.5 and past["success"].woe > 2  # the best predictor


def test_a_table_of_the_calls_gives_the_same_backtest(
    calls: list[dict[str, str]], declared: tuple[qualify.Framework, qualify.FieldMap]
) -> None:
    pd = pytest.importorskip("pandas")
    framework, mapping = declared
    table = pd.read_csv(DATA)
    expected = qualify.backtest(table, framework, "y", mapping=mapping, by="contact")
    rows = qualify.backtest(calls, framework, "y", mapping=mapping, by="contact")
    assert [g.group for g in rows.groups] == [g.group for g in expected.groups]
    assert (rows.n, rows.won, rows.auc) == (expected.n, expected.won, expected.auc)
    assert rows.verdicts == expected.verdicts


def test_calibrating_on_the_older_calls(
    declared: tuple[qualify.Framework, qualify.FieldMap], tmp_path: Path
) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("scipy")
    framework, mapping = declared
    table = pd.read_csv(DATA)
    older = table.iloc[: int(len(table) * 0.7)]
    calibration = qualify.calibrate(older, framework, "y", mapping=mapping)
    fitted = calibration.framework
    assert calibration.n == len(older) and fitted.probability is not None
    assert [c.key for c in fitted.criteria] == [c.key for c in framework.criteria]
    weights = {c.key: c.weight for c in fitted.criteria}
    assert max(weights, key=lambda key: weights[key]) == "past_answer"
    scored = qualify.evaluate_frame(older.head(2000), fitted, mapping=mapping)
    assert scored["probability"].between(0, 1).all()
    path = tmp_path / "calibrated.toml"
    qualify.dump_framework(fitted, path)
    assert qualify.load_framework(path) == fitted
    again = json.loads(json.dumps(qualify.to_dict(calibration)))
    assert qualify.from_dict(again, qualify.reports.Calibration) == calibration


def test_validated_on_time_the_chance_ranks_newer_calls_as_well_as_the_declared_score(
    declared: tuple[qualify.Framework, qualify.FieldMap],
) -> None:
    pd = pytest.importorskip("pandas")
    metrics = pytest.importorskip("sklearn.metrics")
    framework, mapping = declared
    table = pd.read_csv(DATA)
    table.insert(0, "call", range(len(table)))  # the file is in date order
    cut = int(len(table) * 0.7)
    older, newer = table.iloc[:cut], table.iloc[cut:]
    calibration = qualify.calibrate(older, framework, "y", mapping=mapping, time="call")
    outcome = newer["y"] == "yes"
    score = qualify.evaluate_frame(newer, framework, mapping=mapping)["score"]
    chance = qualify.evaluate_frame(newer, calibration.framework, mapping=mapping)["probability"]
    declared_auc = metrics.roc_auc_score(outcome, score)
    assert metrics.roc_auc_score(outcome, chance) >= declared_auc - 0.001  # float-noise ties
    assert metrics.log_loss(outcome, chance) < 0.65  # the logistic regression's is 0.651
    assert calibration.random is not None and calibration.warnings  # random folds disagree
    drift = qualify.backtest(older, framework, "y", mapping=mapping, test=newer).drift
    assert drift is not None and drift.base_rate_newer > 3 * drift.base_rate_older  # type: ignore[operator]
