"""qualify.calibrate: recovers what generated the outcomes, stays explainable, round-trips."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualify
from qualify.cli import main

from .history import LEVELS, bant_leads

pytest.importorskip("numpy", reason="calibrate needs the learn extra (numpy)")

def _evidence(lead: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in lead.items() if key != "won"}


@pytest.fixture(scope="module")
def fitted() -> qualify.reports.Calibration:
    return qualify.calibrate(bant_leads(4000, 1), "bant", "won")


def test_recovers_the_order_of_the_generating_weights(fitted: qualify.reports.Calibration) -> None:
    weights = {c.key: c.weight for c in fitted.framework.criteria}
    assert weights["need"] > weights["budget"] > weights["authority"]
    assert not fitted.kept_declared and fitted.strength is not None
    assert fitted.auc_after is not None and fitted.auc_before is not None
    assert fitted.auc_after > fitted.auc_before
    assert fitted.log_loss_after < fitted.log_loss_before


def test_beats_the_declared_framework_on_new_leads(fitted: qualify.reports.Calibration) -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    fresh = bant_leads(4000, 2)
    outcomes = [lead["won"] for lead in fresh]
    declared = [qualify.evaluate(_evidence(lead), "bant").score for lead in fresh]
    chances = [qualify.evaluate(_evidence(lead), fitted.framework).probability for lead in fresh]
    before = metrics.roc_auc_score(outcomes, declared)
    after = metrics.roc_auc_score(outcomes, chances)
    assert after > before + 0.02
    # and the chance means what it says: mean predicted near the share won
    assert sum(chances) / len(chances) == pytest.approx(sum(outcomes) / len(outcomes), abs=0.03)


def test_keeps_what_a_reviewer_knows(fitted: qualify.reports.Calibration) -> None:
    declared, calibrated = qualify.get_framework("bant"), fitted.framework
    assert calibrated.extends == "bant" and calibrated.name == "bant-calibrated"
    assert [c.key for c in calibrated.criteria] == [c.key for c in declared.criteria]
    for old, new in zip(declared.criteria, calibrated.criteria, strict=True):
        assert (old.label, old.question, old.required) == (new.label, new.question, new.required)
        assert type(old.scale) is type(new.scale) and new.weight > 0
        if isinstance(new.scale, qualify.Levels):
            # the same levels, worst first; the worst of them and of unknown is worth 0,
            # the best 1 (a level below unknown is worth less than not knowing)
            assert {lv.name for lv in new.scale.levels} == {lv.name for lv in old.scale.levels}
            values = [lv.satisfaction for lv in new.scale.levels]
            assert values == sorted(values)
            assert min(values[0], new.unknown_satisfaction) == 0.0
            assert max(values[-1], new.unknown_satisfaction) == 1.0
    assert calibrated.stages == declared.stages
    assert calibrated.disqualifiers == declared.disqualifiers
    assert "4,000 outcomes" in calibrated.description
    # nothing known earns what not knowing is worth, criterion by criterion
    credit = sum(c.weight * c.unknown_satisfaction for c in calibrated.criteria)
    total = sum(c.weight for c in calibrated.criteria)
    assert qualify.evaluate({}, calibrated).score == pytest.approx(100 * credit / total)
    assert calibrated.probability is not None and calibrated.probability.outcomes == 4000
    assert calibrated.probability.unknown == ()  # unknown is inside the score now


@settings(max_examples=30, deadline=None)
@given(
    st.fixed_dictionaries(
        {key: st.none() | st.sampled_from(levels) for key, levels in LEVELS.items()}
        | {"timeframe": st.none() | st.integers(min_value=0, max_value=40)}
    )
)
def test_the_chance_is_a_probability_and_rises_with_every_level(
    fitted: qualify.reports.Calibration, lead: dict[str, Any]
) -> None:
    framework = fitted.framework
    chance = qualify.evaluate(lead, framework).probability
    assert chance is not None and 0.0 <= chance <= 1.0
    for key, levels in LEVELS.items():
        if lead[key] is None:
            continue
        position = levels.index(lead[key])
        turned = {(r.rung, r.above) for r in fitted.reversed if r.criterion == key}
        for higher in levels[position + 1 :]:
            raised = qualify.evaluate({**lead, key: higher}, framework).probability
            # a higher level never lowers the chance, unless the calibration says the
            # data turned the order around there
            assert raised is not None and (raised >= chance or turned)


def test_the_same_data_and_seed_give_the_same_calibration() -> None:
    leads = bant_leads(600, 3)
    snapshot = copy.deepcopy(leads)
    first = qualify.calibrate(leads, "bant", "won", seed=7)
    assert leads == snapshot
    assert qualify.calibrate(leads, "bant", "won", seed=7) == first


def test_round_trips_through_files_and_to_dict(
    fitted: qualify.reports.Calibration, tmp_path: Path
) -> None:
    for name in ("calibrated.toml", "calibrated.json"):
        qualify.dump_framework(fitted.framework, tmp_path / name)
        assert qualify.load_framework(tmp_path / name) == fitted.framework
    text = qualify.dumps_framework(fitted.framework)
    original = qualify.dumps_framework(qualify.get_framework("bant"))
    assert text.count("[[criteria]]") == original.count("[[criteria]]")
    assert "[probability]" in text and "unknown_satisfaction" in text
    data = json.loads(json.dumps(qualify.to_dict(fitted)))
    assert qualify.from_dict(data, qualify.reports.Calibration) == fitted


def test_with_few_outcomes_it_does_not_rank_new_leads_worse() -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    fresh = bant_leads(3000, 9)
    outcomes = [lead["won"] for lead in fresh]
    declared = metrics.roc_auc_score(
        outcomes, [qualify.evaluate(_evidence(lead), "bant").score for lead in fresh]
    )
    gains = []
    for seed in range(5):
        pool = bant_leads(400, 100 + seed)
        won = [lead for lead in pool if lead["won"]][:40]
        lost = [lead for lead in pool if not lead["won"]][:40]
        small = qualify.calibrate(won + lost, "bant", "won")
        chances = [qualify.evaluate(_evidence(lead), small.framework).probability for lead in fresh]
        gains.append(metrics.roc_auc_score(outcomes, chances) - declared)
    assert sum(gains) / len(gains) > -0.01


def test_declared_weights_are_kept_when_the_data_say_nothing() -> None:
    rng = random.Random(4)
    leads = [
        {**{k: rng.choice(v) for k, v in LEVELS.items()}, "won": rng.random() < 0.3}
        for _ in range(300)
    ]
    result = qualify.calibrate(leads, "bant", "won")
    if result.kept_declared:
        declared = qualify.get_framework("bant")
        assert [c.weight for c in result.framework.criteria] == [c.weight for c in declared.criteria]
        assert "declared weights are kept" in result.framework.description
        assert result.strength is None and result.reason


def test_tables_give_the_same_calibration_as_rows() -> None:
    pl = pytest.importorskip("polars")
    leads = bant_leads(800, 5)
    expected = qualify.calibrate(leads, "bant", "won")
    frame = pl.DataFrame(leads, schema_overrides={"timeframe": pl.Int64})
    for table in (frame, frame.lazy(), frame.to_pandas()):
        assert qualify.calibrate(table, "bant", "won") == expected


def test_a_calibrated_framework_reads_crm_rows_through_the_same_mapping(
    fitted: qualify.reports.Calibration,
) -> None:
    row = {"budgetstatus": "2", "need": "Must have", "purchasetimeframe": "Immediate"}
    declared = qualify.evaluate(row, "bant", mapping="dynamics365")
    calibrated = qualify.evaluate(row, fitted.framework, mapping="dynamics365")
    assert declared.probability is None and calibrated.probability is not None
    assert [r.value for r in calibrated.criteria] == [r.value for r in declared.criteria]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: qualify.calibrate([{"need": "validated"}] * 3, "bant", [1, 1, 0]), "at least 2"),
        (lambda: qualify.calibrate([], "bant", [], folds=1), "folds must be"),
        (lambda: qualify.calibrate([], "bant", [], seed="x"), "seed must be"),
        (lambda: qualify.calibrate("leads.csv", "bant", "won"), "iterable of rows"),
    ],
)
def test_bad_calls_say_what_is_accepted(call: Any, message: str) -> None:
    with pytest.raises(qualify.QualifyError, match=message):
        call()


def test_without_numpy_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def missing(name: str, *args: Any) -> Any:
        if name.startswith("numpy"):
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", missing)
    with pytest.raises(qualify.QualifyError, match=r'pip install "qualify\[learn\]"'):
        qualify.calibrate(bant_leads(50, 1), "bant", "won")


def test_the_command_line_writes_a_framework_file_that_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "leads.csv"
    lines = ["budget,authority,need,timeframe,won"]
    for lead in bant_leads(1500, 6):
        cells = [lead[k] for k in ("budget", "authority", "need", "timeframe")]
        lines.append(",".join("" if c is None else str(c) for c in cells) + f",{lead['won']}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "calibrated.toml"
    assert main(["calibrate", str(path), "--outcome", "won", "-o", str(target)]) == 0
    out, _ = capsys.readouterr()
    assert "held-out ROC AUC" in out and "calibrated weight" in out
    framework = qualify.load_framework(target)
    assert framework.probability is not None
    assert main(["evaluate", str(path), "-f", str(target), "--format", "csv"]) == 0
    header = capsys.readouterr()[0].splitlines()[0]
    assert header.endswith(",probability")
    assert main(["calibrate", str(path), "--outcome", "won", "-o", str(tmp_path / "x.txt")]) == 2
    assert "name it .toml or .json" in capsys.readouterr()[1]


def test_the_notebook_view(fitted: qualify.reports.Calibration) -> None:
    html = fitted._repr_html_()
    for text in ("held-out ROC AUC", "calibrated weight", "Backtest of the declared framework"):
        assert text in html


def test_qualify_show_says_how_the_chance_is_worked_out(
    fitted: qualify.reports.Calibration, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "calibrated.toml"
    qualify.dump_framework(fitted.framework, path)
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr()[0]
    assert "Chance of winning: logistic in the score" in out and "4,000 outcomes" in out


@pytest.mark.parametrize("name", ["short-term-lead", "teleprospecting", "icare", "rant"])
def test_every_built_in_framework_calibrates(name: str) -> None:
    framework = qualify.get_framework(name)
    rng = random.Random(2)
    leads = []
    for _ in range(400):
        lead: dict[str, Any] = {}
        for criterion in framework.criteria:
            scale = criterion.scale
            if rng.random() < 0.3:
                continue
            if isinstance(scale, qualify.Levels):
                lead[criterion.key] = rng.choice(scale.levels).name
            elif isinstance(scale, qualify.Months):
                lead[criterion.key] = rng.choice([1, 5, 11, 20])
            else:
                lead[criterion.key] = rng.choice([True, False])
        for disqualifier in framework.disqualifiers:
            if rng.random() < 0.05:
                lead[disqualifier.key] = True
        score = qualify.evaluate(lead, framework).score
        lead["won"] = rng.random() < 0.1 + 0.6 * score / 100
        leads.append(lead)
    result = qualify.calibrate(leads, framework, "won")
    assert result.framework.stages == framework.stages
    assert result.framework.disqualifiers == framework.disqualifiers
    if result.kept_declared:  # the chance then ranks leads exactly as the score does
        assert result.auc_after == result.auc_before
    for lead in leads[:50]:
        chance = qualify.evaluate(_evidence(lead), result.framework).probability
        assert chance is not None and 0 <= chance <= 1


def test_records_how_often_each_answer_was_seen(fitted: qualify.reports.Calibration) -> None:
    leads = bant_leads(4000, 1)
    base = sum(lead["won"] for lead in leads) / len(leads)
    for criterion in fitted.framework.criteria:
        seen = dict(criterion.seen)
        assert sum(seen.values()) == 4000
        if criterion.key in LEVELS:  # a fifth of the leads had no answer, the rest any level
            assert seen["not known"] == sum(lead[criterion.key] is None for lead in leads)
            for name in LEVELS[criterion.key]:
                assert seen[name] == sum(lead[criterion.key] == name for lead in leads)
    # a lead nobody asked anything yet: the chance over the answers still to come is near
    # the base rate, where "asked, and nobody knew" everywhere is far below it
    nothing = qualify.evaluate({}, fitted.framework)
    assert nothing.expected is not None and nothing.probability is not None
    assert nothing.expected == pytest.approx(base, abs=0.03)
    assert nothing.probability < nothing.expected - 0.05
    complete = qualify.evaluate(
        {"budget": "allocated", "authority": "engaged", "need": "validated", "timeframe": 2},
        fitted.framework,
    )
    assert complete.expected == complete.probability
