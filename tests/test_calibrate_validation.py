"""calibrate, as a data scientist tries it: validated on time, bending where the data say so.

Synthetic outcomes with a known truth: a reversed rung, an informative unknown,
a framework whose declared weights are the truth; leads with a time, in rows
and in tables; outcomes as numpy, pandas, polars and pyarrow hold them.
"""

from __future__ import annotations

import math
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualify
from qualify.cli import main

np = pytest.importorskip("numpy", reason="calibrate needs the learn extra (numpy)")

NEED = ["assumed", "identified", "validated"]
BUDGET = ["none", "process", "allocated", "sufficient"]


def _draw(
    count: int,
    seed: int,
    need: dict[str | None, float],
    budget: dict[str | None, float],
    *,
    base: float = -1.5,
) -> list[dict[str, Any]]:
    """Leads whose log-odds of winning are *base* plus what each answer is truly worth."""
    rng = random.Random(seed)
    leads = []
    start = date(2024, 1, 1)
    for number in range(count):
        lead: dict[str, Any] = {
            "need": rng.choice([*NEED, None]),
            "budget": rng.choice([*BUDGET, None]),
        }
        log_odds = base + need[lead["need"]] + budget[lead["budget"]]
        lead["won"] = rng.random() < 1 / (1 + math.exp(-log_odds))
        lead["created"] = start + timedelta(days=number // 10)
        leads.append(lead)
    return leads


def _evidence(lead: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in lead.items() if key in ("need", "budget")}


def test_a_reversed_rung_is_recovered_and_named() -> None:
    # identified needs convert worse than assumed ones: the declared order is wrong there
    need = {"assumed": 1.0, "identified": 0.0, "validated": 2.0, None: 0.5}
    budget = {"none": 0.0, "process": 0.3, "allocated": 0.6, "sufficient": 0.9, None: 0.3}
    result = qualify.calibrate(_draw(8000, 1, need, budget), "bant", "won", time="created")
    assert not result.validation.ordered
    assert qualify.reports.Reversal("need", "assumed", "identified") in result.reversed
    levels = next(c for c in result.framework.criteria if c.key == "need").scale.levels
    assert [level.name for level in levels] == ["identified", "assumed", "validated"]
    shown = "\n".join(f"{label} {value}" for label, value in _report(result))
    assert "reversed need: assumed now above identified" in shown


def test_an_informative_unknown_earns_a_place_inside_the_score() -> None:
    # leads whose budget nobody asked about convert like allocated ones
    need = {"assumed": 0.0, "identified": 0.8, "validated": 1.6, None: 0.0}
    budget = {"none": 0.0, "process": 0.5, "allocated": 1.5, "sufficient": 2.0, None: 1.5}
    result = qualify.calibrate(_draw(8000, 2, need, budget), "bant", "won")
    budget_criterion = next(c for c in result.framework.criteria if c.key == "budget")
    allocated = next(lv for lv in budget_criterion.scale.levels if lv.name == "allocated")
    assert budget_criterion.unknown_satisfaction == pytest.approx(allocated.satisfaction, abs=0.15)
    assert budget_criterion.unknown_satisfaction > 0.5
    assert result.framework.probability is not None
    assert result.framework.probability.unknown == ()


def test_declared_weights_that_are_the_truth_are_kept() -> None:
    declared = qualify.get_framework("bant")
    rng = random.Random(3)
    leads = []
    for _ in range(3000):
        lead = {
            "need": rng.choice(NEED),
            "budget": rng.choice(BUDGET),
            "authority": rng.choice(["identified", "engaged"]),
            "timeframe": rng.choice([1, 5, 11]),
        }
        score = qualify.evaluate(lead, declared).score
        lead["won"] = rng.random() < 1 / (1 + math.exp(-(-3 + 0.05 * score)))
        leads.append(lead)
    result = qualify.calibrate(leads, declared, "won")
    if not result.kept_declared:  # a strong pull at most, and the weights barely move
        assert result.strength is not None and result.strength >= 100
    for old, new in zip(declared.criteria, result.framework.criteria, strict=True):
        assert new.weight == pytest.approx(old.weight, rel=0.35)


def test_time_validates_on_the_newest_leads_and_reports_random_folds_beside() -> None:
    need = {"assumed": 0.0, "identified": 0.8, "validated": 1.6, None: 0.0}
    budget = {"none": 0.0, "process": 0.5, "allocated": 1.0, "sufficient": 1.5, None: 0.0}
    leads = _draw(3000, 4, need, budget)
    result = qualify.calibrate(leads, "bant", "won", time="created")
    assert result.validation.method == "time" and result.random is not None
    assert result.random.method == "random"
    # folds + 1 blocks by time; the oldest is only learned from, the others each tested
    assert 3000 * 4 / 6 < result.validation.leads < 3000
    assert result.random.leads == 3000
    assert "newest leads" in result.reason or result.kept_declared


def test_a_drifting_relationship_is_seen_on_time_and_not_on_random_folds() -> None:
    # the old leads say need matters; the newest leads say only budget does
    old = _draw(
        3000, 5,
        {"assumed": 0.0, "identified": 1.5, "validated": 3.0, None: 0.0},
        {"none": 0.0, "process": 0.0, "allocated": 0.0, "sufficient": 0.0, None: 0.0},
    )
    new = _draw(
        3000, 6,
        {"assumed": 0.0, "identified": 0.0, "validated": 0.0, None: 0.0},
        {"none": 0.0, "process": 1.0, "allocated": 2.0, "sufficient": 3.0, None: 0.0},
    )
    for position, lead in enumerate(old + new):
        lead["order"] = position
    result = qualify.calibrate(old + new, "bant", "won", time="order")
    assert result.random is not None
    # on time, older leads count less, and the choice differs from random folds' ...
    assert result.validation.half_life is not None
    assert (result.random.strength, result.random.ordered) != (
        result.validation.strength,
        result.validation.ordered,
    )
    assert any("validate on time" in warning for warning in result.warnings)  # ... and says so
    weights = {c.key: c.weight for c in result.framework.criteria}
    assert weights["budget"] > weights["need"]  # what the newest leads say


def test_rows_and_tables_give_the_same_time_validated_calibration() -> None:
    pl = pytest.importorskip("polars")
    need = {"assumed": 0.0, "identified": 0.8, "validated": 1.6, None: 0.0}
    budget = {"none": 0.0, "process": 0.5, "allocated": 1.0, "sufficient": 1.5, None: 0.3}
    leads = _draw(1500, 7, need, budget)
    expected = qualify.calibrate(leads, "bant", "won", time="created")
    frame = pl.DataFrame(leads)
    for table in (frame, frame.lazy(), frame.to_pandas()):
        assert qualify.calibrate(table, "bant", "won", time="created") == expected
    text = [{**lead, "created": lead["created"].isoformat()} for lead in leads]
    assert qualify.calibrate(text, "bant", "won", time="created") == expected
    aligned = [lead["created"] for lead in leads]
    assert qualify.calibrate(leads, "bant", "won", time=aligned) == expected


@pytest.mark.parametrize(
    ("times", "message"),
    [
        ([None, date(2024, 1, 2)] * 10, "has no time"),
        ([1, date(2024, 1, 2)] * 10, "mix dates and numbers"),
        (["yesterday"] * 20, "is not a time"),
        ([[1]] * 20, "is not a time"),
        ([date(2024, 1, 1)] * 20, "cannot be told apart"),
    ],
)
def test_times_that_cannot_order_the_leads_say_what_is_accepted(
    times: list[Any], message: str
) -> None:
    leads = [{"need": NEED[i % 3], "won": i % 2} for i in range(20)]
    with pytest.raises(qualify.QualifyError, match=message):
        qualify.calibrate(leads, "bant", "won", time=times)


def test_a_table_s_time_column_is_checked() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"need": [NEED[i % 3] for i in range(20)], "won": [i % 2 for i in range(20)]})
    with pytest.raises(qualify.OutcomeError, match="time column 'when' is not in the table"):
        qualify.calibrate(frame, "bant", "won", time="when")
    # 05:00 UTC written after 06:00 UTC as text: the text order is not the time order
    mixed = frame.assign(when=["2024-01-02T10:00+05:00", "2024-01-02T06:00+00:00"] * 10)
    with pytest.raises(qualify.OutcomeError, match="more than one way"):
        qualify.calibrate(mixed, "bant", "won", time="when")
    unreadable = frame.assign(when=["2024-01-02", "02/01/2024"] * 10)
    with pytest.raises(qualify.OutcomeError, match="'02/01/2024' is not a time"):
        qualify.calibrate(unreadable, "bant", "won", time="when")
    gaps = frame.assign(when=[pd.Timestamp("2024-01-01"), pd.NaT] * 10)
    with pytest.raises(qualify.OutcomeError, match="10 rows have no time"):
        qualify.calibrate(gaps, "bant", "won", time="when")
    with pytest.raises(qualify.QualifyError, match="time must be the name of a column"):
        qualify.calibrate(frame, "bant", "won", time=list(range(20)))


def _outcome_columns() -> dict[str, Any]:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    values = [True, False] * 6 + [None]
    return {
        "numpy bool": np.array(values[:-1] + [False]),
        "numpy int": np.array([int(bool(v)) for v in values]),
        "numpy float": np.array([1.0, 0.0] * 6 + [np.nan]),
        "pandas Int64": pd.array([None if v is None else int(v) for v in values], dtype="Int64"),
        "pandas boolean": pd.array(values, dtype="boolean"),
        "polars bool": pl.Series(values),
        "pyarrow bool": pa.array(values),
    }


@pytest.mark.parametrize("kind", list(_outcome_columns()))
def test_outcomes_as_users_hold_them(kind: str) -> None:
    pd = pytest.importorskip("pandas")
    outcomes = _outcome_columns()[kind]
    needs = [NEED[2] if i % 2 == 0 else NEED[0] for i in range(12)] + [None]
    leads = [{"need": need} for need in needs]
    result = qualify.backtest(leads, "bant", outcomes)
    assert result.won == 6 and result.auc == 1.0
    assert result.n + result.open == 13
    frame = pd.DataFrame({"need": needs, "won": pd.Series(list(outcomes), dtype=object)})
    assert qualify.backtest(frame, "bant", "won").won == 6
    calibration = qualify.calibrate(leads, "bant", outcomes)
    assert calibration.won == 6


def test_leads_the_framework_reads_nothing_of_are_refused() -> None:
    pd = pytest.importorskip("pandas")
    rows = [{"Budget__c": "yes", "won": i % 2} for i in range(10)]
    for call in (qualify.backtest, qualify.calibrate):
        with pytest.raises(qualify.EvidenceError, match="accepted keys: authority, budget"):
            call(rows, "bant", "won")
        with pytest.raises(qualify.EvidenceError, match="columns: Budget__c, won; accepted"):
            call(pd.DataFrame(rows), "bant", "won")


def test_the_command_line_keeps_the_file_s_mapping_and_validates_on_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    framework = tmp_path / "calls.toml"
    framework.write_text(
        """name = "calls"
title = "Calls"
version = "1"
description = "Is the lead worth a call?"
qualified_at = 50

[[criteria]]
key = "need"
label = "Need"
question = "Is the need validated?"
description = "What the lead told us they need."
[criteria.scale]
type = "levels"
[[criteria.scale.levels]]
name = "assumed"
satisfaction = 0.0
[[criteria.scale.levels]]
name = "validated"
satisfaction = 1.0

[mapping]
name = "crm"
[[mapping.fields]]
column = "Need__c"
criterion = "need"
[mapping.fields.values]
A = "assumed"
V = "validated"
""",
        encoding="utf-8",
    )
    rng = random.Random(8)
    lines = ["Lead_Id,Need__c,Won"]
    for number in range(600):
        need = rng.choice(["A", "V", ""])
        chance = {"A": 0.2, "V": 0.6, "": 0.4}[need]
        lines.append(f"{number},{need},{int(rng.random() < chance)}")
    leads = tmp_path / "leads.csv"
    leads.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "calibrated.toml"
    arguments = ["calibrate", str(leads), "-f", str(framework), "--outcome", "Won"]
    assert main([*arguments, "--time", "Lead_Id", "-o", str(target)]) == 0
    out = capsys.readouterr()[0]
    assert "validated on" in out and "the newest leads" in out
    calibrated, mapping = qualify._files.framework_files.load_file(target)
    assert mapping is not None and mapping.name == "crm"
    assert calibrated is not None and calibrated.description.startswith("Is the lead worth a call?")
    assert calibrated.criteria[0].description == "What the lead told us they need."
    assert main(["backtest", str(leads), "-f", str(target), "--outcome", "Won"]) == 0
    assert "ROC AUC of the score" in capsys.readouterr()[0]
    assert main([*arguments, "--time", "Missing"]) == 2
    assert "--time 'Missing' is not a column" in capsys.readouterr()[1]


def test_unknown_satisfaction_is_what_not_knowing_earns(tmp_path: Path) -> None:
    declared = qualify.get_framework("bant")
    framework = declared.customize(name="credited", change={"need": {"unknown_satisfaction": 0.5}})
    need = next(c for c in framework.criteria if c.key == "need")
    total = sum(c.weight for c in framework.criteria)
    result = qualify.evaluate({}, framework)
    assert result.score == pytest.approx(100 * need.weight * 0.5 / total)
    assert result.completeness == 0.0 and "need" in [m.key for m in result.missing]
    assert qualify.evaluate({"need": "validated"}, framework).score > result.score
    qualify.dump_framework(framework, tmp_path / "credited.toml")
    assert "unknown_satisfaction = 0.5" in (tmp_path / "credited.toml").read_text("utf-8")
    assert qualify.load_framework(tmp_path / "credited.toml") == framework
    assert "unknown_satisfaction" not in qualify.dumps_framework(declared)
    with pytest.raises(qualify.FrameworkError, match="unknown_satisfaction of criterion 'need'"):
        declared.customize(name="bad", change={"need": {"unknown_satisfaction": 1.5}})


def _report(result: qualify.reports.Calibration) -> list[tuple[str, str]]:
    from qualify._views.learn import _calibration_lines

    return _calibration_lines(result)


_LEADS = st.lists(
    st.fixed_dictionaries(
        {
            "need": st.sampled_from([*NEED, None]),
            "budget": st.sampled_from([*BUDGET, None]),
            "authority": st.sampled_from(["identified", "engaged", None]),
            "won": st.booleans(),
        }
    ),
    min_size=12,
    max_size=60,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LEADS, st.integers(0, 3))
def test_score_and_chance_rank_every_pair_alike_and_the_chance_is_never_constant(
    leads: list[dict[str, Any]], seed: int
) -> None:
    won = sum(lead["won"] for lead in leads)
    if won < 2 or len(leads) - won < 2:
        with pytest.raises(qualify.OutcomeError, match="at least 2 won and 2 lost"):
            qualify.calibrate(leads, "bant", "won", seed=seed)
        return
    result = qualify.calibrate(leads, "bant", "won", seed=seed)
    assert qualify.calibrate(leads, "bant", "won", seed=seed) == result  # same seed, same result
    model = result.framework.probability
    assert model is not None and model.per_point > 0  # never constant
    pool = [_evidence(lead) | {"authority": lead["authority"]} for lead in leads]
    pool += [{}, {"need": "validated", "budget": "sufficient", "authority": "engaged"}]
    rated = [qualify.evaluate(lead, result.framework) for lead in pool]
    for first in rated:
        assert first.probability is not None and 0.0 <= first.probability <= 1.0
        for second in rated:
            assert second.probability is not None
            if first.score < second.score:
                assert first.probability <= second.probability
    with tempfile.TemporaryDirectory() as folder:  # every new part survives a file
        path = Path(folder) / "calibrated.toml"
        qualify.dump_framework(result.framework, path)
        assert qualify.load_framework(path) == result.framework
    assert qualify.from_dict(qualify.to_dict(result), qualify.reports.Calibration) == result


def _seconds_framework() -> qualify.Framework:
    return qualify.Framework(
        name="web-visits",
        title="Web visits",
        version="1",
        criteria=[
            qualify.Criterion(
                key="seconds",
                label="Time on site",
                question="How long did they spend on the site?",
                scale=qualify.Numbers(
                    thresholds=[
                        qualify.Threshold(at_least=300, satisfaction=0.5, label="5 minutes"),
                        qualify.Threshold(at_least=1200, satisfaction=1.0, label="20 minutes"),
                    ],
                    below=0.0,
                ),
            ),
            qualify.Criterion(
                key="fit", label="Fit", question="Do they fit?", scale=qualify.Levels(
                    levels=[qualify.Level(name="poor", satisfaction=0.0),
                            qualify.Level(name="good", satisfaction=1.0)]
                ),
            ),
        ],
    )


def test_a_band_hiding_two_kinds_of_lead_is_cut_where_the_data_say() -> None:
    # leads with zero seconds (imported, filled a form) convert far better than a short visit
    rng = random.Random(11)
    leads = []
    for number in range(6000):
        seconds = rng.choice([0, 0, rng.uniform(1, 299), rng.uniform(300, 1199), rng.uniform(1200, 3000)])
        fit = rng.choice(["poor", "good"])
        log_odds = -1.5 + (1.6 if seconds == 0 else 0.0) + (seconds >= 300) * 0.8
        log_odds += (seconds >= 1200) * 0.8 + (fit == "good") * 0.7
        leads.append({"seconds": seconds, "fit": fit, "order": number,
                      "won": rng.random() < 1 / (1 + math.exp(-log_odds))})
    framework = _seconds_framework()
    result = qualify.calibrate(leads, framework, "won", time="order")
    scale = result.framework.criteria[0].scale
    assert isinstance(scale, qualify.Numbers)
    cuts = [t.at_least for t in scale.thresholds]
    assert 1 in cuts and 300 in cuts and 1200 in cuts  # a cut at 1 second; declared cuts kept
    learned = [t for t in scale.thresholds if t.label.endswith("(learned)")]
    assert [t.at_least for t in learned] == [1]
    assert scale.below > scale.rate(100)  # zero seconds is worth more than a short visit
    # no lead's time on site was unknown: not knowing it still earns what was declared
    assert result.framework.criteria[0].unknown_satisfaction == 0.0
    assert qualify.reports.Reversal("seconds", "under 1", "1 or more (learned)") in result.reversed
    zero = qualify.evaluate({"seconds": 0, "fit": "good"}, result.framework).probability
    short = qualify.evaluate({"seconds": 100, "fit": "good"}, result.framework).probability
    assert zero is not None and short is not None and zero > short
    without = qualify.calibrate(leads, framework, "won", time="order", bands=False)
    thresholds = without.framework.criteria[0].scale.thresholds  # type: ignore[attr-defined]
    assert [t.at_least for t in thresholds] == [300, 1200]
    with pytest.raises(qualify.QualifyError, match="bands must be true or false"):
        qualify.calibrate(leads, framework, "won", bands="yes")  # type: ignore[arg-type]


def test_bands_that_convert_alike_get_no_cut() -> None:
    rng = random.Random(12)
    leads = []
    for _ in range(3000):
        seconds = rng.uniform(0, 3000)
        log_odds = -1.0 + (seconds >= 300) * 0.5 + (seconds >= 1200) * 0.5
        leads.append({"seconds": seconds, "fit": rng.choice(["poor", "good"]),
                      "won": rng.random() < 1 / (1 + math.exp(-log_odds))})
    result = qualify.calibrate(leads, _seconds_framework(), "won")
    scale = result.framework.criteria[0].scale
    assert isinstance(scale, qualify.Numbers)
    assert [t.at_least for t in scale.thresholds] == [300, 1200]


def test_a_backtest_says_whether_the_chance_can_be_trusted() -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    pd = pytest.importorskip("pandas")
    need = {"assumed": 0.0, "identified": 0.8, "validated": 1.6, None: 0.3}
    budget = {"none": 0.0, "process": 0.5, "allocated": 1.0, "sufficient": 1.5, None: 0.3}
    learned = qualify.calibrate(_draw(4000, 13, need, budget), "bant", "won")
    fresh = _draw(3000, 14, need, budget)
    report = qualify.backtest(fresh, learned.framework, "won")
    chance = report.chance
    assert chance is not None and chance.n == 3000
    outcomes = [lead["won"] for lead in fresh]
    given = [qualify.evaluate(_evidence(lead), learned.framework).probability for lead in fresh]
    assert chance.auc == pytest.approx(metrics.roc_auc_score(outcomes, given))
    assert chance.log_loss == pytest.approx(metrics.log_loss(outcomes, given))
    assert chance.brier == pytest.approx(metrics.brier_score_loss(outcomes, given))
    assert chance.calibration_error < 0.05  # learned and tested on leads alike
    assert sum(b.n for b in chance.bins) == 3000
    for b in chance.bins:
        assert b.low <= b.mean_chance <= b.high and b.rate_low <= b.rate <= b.rate_high
    table = qualify.backtest(pd.DataFrame(fresh), learned.framework, "won")
    assert table.chance == chance  # a table counts the same
    assert qualify.backtest(fresh, "bant", "won").chance is None  # a score has no chance
    assert learned.after.chance is not None  # held-out leads, as calibrate saw them
    from qualify._views.learn import backtest_text

    assert "Can the chance be trusted? ROC AUC" in backtest_text(report)


def test_a_level_gathering_values_that_convert_differently_is_split() -> None:
    framework = qualify.Framework(
        name="sources",
        title="Sources",
        version="1",
        criteria=[
            qualify.Criterion(
                key="source",
                label="Source",
                question="Where did the lead come from?",
                scale=qualify.Levels(
                    levels=[
                        qualify.Level(name="cold", satisfaction=0.0),
                        # referrals and direct traffic declared alike; they are not
                        qualify.Level(name="warm", satisfaction=1.0, aliases=["referral", "direct"]),
                    ]
                ),
            ),
            qualify.Criterion(key="fit", label="Fit", question="Fit?"),
        ],
    )
    rng = random.Random(21)
    leads = []
    for _ in range(6000):
        source = rng.choice(["cold", "referral", "direct"])
        fit = rng.random() < 0.5
        log_odds = -2.0 + {"cold": 0.0, "referral": 1.6, "direct": 0.4}[source] + 0.5 * fit
        leads.append({"source": source, "fit": fit,
                      "won": rng.random() < 1 / (1 + math.exp(-log_odds))})
    result = qualify.calibrate(leads, framework, "won")
    levels = result.framework.criteria[0].scale.levels  # type: ignore[attr-defined]
    names = {level.name: level for level in levels}
    split_off = [level for level in levels if level.description == "split from warm (learned)"]
    assert len(split_off) == 1
    assert {split_off[0].name, *split_off[0].aliases} == {"referral"}
    assert names["warm"].aliases == ("direct",)
    referral = qualify.evaluate({"source": "referral", "fit": True}, result.framework)
    direct = qualify.evaluate({"source": "direct", "fit": True}, result.framework)
    assert referral.probability is not None and direct.probability is not None
    assert referral.probability > direct.probability
    kept = qualify.calibrate(leads, framework, "won", splits=False)
    assert [lv.name for lv in kept.framework.criteria[0].scale.levels] == ["cold", "warm"]  # type: ignore[attr-defined]


def test_true_and_false_answers_on_number_and_level_criteria_are_read_as_declared() -> None:
    # a CRM checkbox in a number or picklist column: True is fully met, False not at all
    rng = random.Random(31)
    leads = []
    for _ in range(600):
        seconds = rng.choice([True, False, 0, 100, 500, 2000, None])
        source = rng.choice([True, False, "cold", "referral", "direct", None])
        leads.append({"seconds": seconds, "fit": rng.random() < 0.5, "won": rng.random() < 0.3})
        leads[-1]["source"] = source
    framework = _seconds_framework().customize(
        name="checkboxes",
        add=[
            qualify.Criterion(
                key="source", label="Source", question="Where from?",
                scale=qualify.Levels(levels=[
                    qualify.Level(name="cold", satisfaction=0.0),
                    qualify.Level(name="warm", satisfaction=1.0, aliases=["referral", "direct"]),
                ]),
            )
        ],
    )
    result = qualify.calibrate(leads, framework, "won")
    assert result.n == 600
    counts = result.before.criteria
    seconds = next(c for c in counts if c.key == "seconds")
    assert sum(r.n for r in seconds.rungs) == 600
    pd = pytest.importorskip("pandas")
    table = pd.DataFrame(leads).astype(object)
    assert qualify.calibrate(table, framework, "won") == result
