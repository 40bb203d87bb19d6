"""qualify.backtest: the numbers an analyst checks, the same from rows and from every table."""

from __future__ import annotations

import copy
import json
import math
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualify
from qualify.cli import main

VALUES = {
    "budget": ["none", "process", "allocated", "sufficient", None],
    "authority": ["identified", "engaged", None],
    "need": ["assumed", "identified", "validated", None],
    "timeframe": [1, 4, 9, 20, None],
}


def _leads(count: int, seed: int) -> list[dict[str, Any]]:
    """BANT leads whose chance of being won rises with their answers, and a source each."""
    rng = random.Random(seed)
    leads = []
    for _ in range(count):
        lead: dict[str, Any] = {key: rng.choice(values) for key, values in VALUES.items()}
        chance = 0.1 + 0.5 * (lead["need"] == "validated") + 0.2 * (lead["budget"] == "sufficient")
        lead["won"] = rng.choice([None] * 1 + ["yes" if rng.random() < chance else "no"] * 9)
        lead["source"] = rng.choice(["web", "event", "partner"])
        leads.append(lead)
    return leads


def _sklearn_auc(leads: list[dict[str, Any]]) -> float:
    metrics = pytest.importorskip("sklearn.metrics")
    known = [lead for lead in leads if lead["won"] is not None]
    scores = [qualify.evaluate({k: lead[k] for k in VALUES}, "bant").score for lead in known]
    return float(metrics.roc_auc_score([lead["won"] == "yes" for lead in known], scores))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=2, max_value=120), st.integers(min_value=0, max_value=10**6))
def test_auc_is_scikit_learns_roc_auc_score(count: int, seed: int) -> None:
    leads = _leads(count, seed)
    outcomes = {lead["won"] for lead in leads} - {None}
    result = qualify.backtest(leads, "bant", "won")
    if outcomes != {"yes", "no"}:
        assert result.auc is None
        return
    assert result.auc == pytest.approx(_sklearn_auc(leads), abs=1e-12)


def test_counts_add_up_and_nothing_is_mutated() -> None:
    leads = _leads(400, 7)
    snapshot = copy.deepcopy(leads)
    result = qualify.backtest(leads, "bant", "won", by="source")
    assert leads == snapshot
    known = [lead for lead in leads if lead["won"] is not None]
    assert result.n == len(known) and result.open == len(leads) - len(known)
    assert result.won == sum(lead["won"] == "yes" for lead in known)
    assert result.base_rate == pytest.approx(result.won / result.n)
    assert sum(rate.n for rate in result.verdicts) == result.n
    assert [rate.group for rate in result.verdicts] == [v.value for v in qualify.Verdict]
    assert sum(band.n for band in result.deciles) == result.n
    assert sum(band.won for band in result.deciles) == result.won
    assert result.deciles[-1].captured == pytest.approx(1.0)
    highs = [band.high for band in result.deciles]
    assert highs == sorted(highs, reverse=True) and len(result.deciles) <= 10
    assert all(b.low > a.high for a, b in zip(result.deciles[1:], result.deciles, strict=False))
    for criterion in result.criteria:
        assert sum(rung.n for rung in criterion.rungs) == result.n
        assert criterion.rungs[-1].rung == "unknown"
        assert criterion.information_value >= 0
    assert {g.group for g in result.groups} == {"web", "event", "partner"}
    assert sum(g.n for g in result.groups) == result.n


def test_rungs_are_named_by_the_scale_and_declared_ones_are_shown_empty() -> None:
    leads = [
        {"budget": "sufficient", "timeframe": 2, "won": True},
        {"budget": "no budget", "timeframe": 30, "won": False},
        {"budget": None, "won": False},
    ]
    result = qualify.backtest(leads, "bant", "won")
    budget = {rung.rung: rung for rung in result.criteria[0].rungs}
    assert list(budget) == ["none", "process", "allocated", "sufficient", "unknown"]
    assert (budget["none"].n, budget["process"].n, budget["sufficient"].won) == (1, 0, 1)
    assert budget["process"].rate is None and budget["process"].woe == 0.0
    timeframe = [rung.rung for rung in result.criteria[3].rungs]
    assert "over 12 months" in timeframe and timeframe[-1] == "unknown"


def test_wilson_interval_and_lift_by_hand() -> None:
    leads = [{"need": "validated", "won": w} for w in [1, 1, 1, 0]] + [
        {"need": "assumed", "won": w} for w in [1, 0, 0, 0, 0, 0]
    ]
    result = qualify.backtest(leads, "bant", "won")
    top, bottom = result.deciles
    assert (top.n, top.won, bottom.n, bottom.won) == (4, 3, 6, 1)
    assert top.lift == pytest.approx(0.75 / 0.4) and top.captured == pytest.approx(0.75)
    # each won lead: the lost leads below it, and half of those tied with it
    assert result.auc == pytest.approx((3 * (5 + 0.5 * 1) + 1 * (0 + 0.5 * 5)) / (4 * 6))
    nurture = result.verdict("nurture")
    # the Wilson interval of 4 won of 10: 16.8% to 68.7%
    assert nurture.n == 10 and nurture.low == pytest.approx(0.16818, abs=1e-4)
    assert nurture.high == pytest.approx(0.68732, abs=1e-4)


@pytest.mark.parametrize(
    ("outcomes", "won", "expected"),
    [
        (["Yes", " no ", "WON", "lost", 1, 0, True, False, 1.0, "Converted"], None, (10, 6, 0)),
        (["Closed Won", "Closed Lost", "Open", None, "", float("nan")], {"Closed Won"}, (3, 1, 3)),
        ([None, "", " "], None, (0, 0, 3)),
    ],
)
def test_outcomes_are_read_by_their_words_or_by_won(
    outcomes: list[Any], won: Any, expected: tuple[int, int, int]
) -> None:
    leads = [{"need": "validated"} for _ in outcomes]
    result = qualify.backtest(leads, "bant", outcomes, won=won)
    assert (result.n, result.won, result.open) == expected


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: qualify.backtest([{"need": "x"}], "bant", ["maybe"]), "'maybe' says neither"),
        (lambda: qualify.backtest([{}, {}], "bant", [True]), "more leads than outcomes"),
        (lambda: qualify.backtest([{}], "bant", [True, False]), "more outcomes than leads"),
        (lambda: qualify.backtest([{"need": "x"}], "bant", "won"), "lead 1 has no outcome column"),
        (lambda: qualify.backtest([[]], "bant", "won"), "needs leads that are mappings"),
        (lambda: qualify.backtest([{}], "bant", 3), "column name or an iterable"),
        (lambda: qualify.backtest([{}], "bant", [1], won="yes"), "collection of the values"),
        (lambda: qualify.backtest({"a": 1}, "bant", [1]), "iterable of rows"),
        (lambda: qualify.backtest([{}], "bant", [1], cost=5), "cost needs by="),
        (lambda: qualify.backtest([{}], "bant", [1], by=[1], cost=-1), "cost must be"),
        (lambda: qualify.backtest([{}], "bant", [1], errors="skip"), "errors must be one of"),
    ],
)
def test_bad_outcomes_and_arguments_say_what_is_accepted(call: Any, message: str) -> None:
    with pytest.raises(qualify.QualifyError, match=message):
        call()


def test_a_bad_lead_raises_or_is_counted_as_skipped() -> None:
    leads = [{"budget": "lots", "won": "yes"}, {"budget": "allocated", "won": "no"}]
    with pytest.raises(qualify.EvidenceError, match="'lots'"):
        qualify.backtest(leads, "bant", "won")
    result = qualify.backtest(leads, "bant", "won", errors="report")
    assert (result.n, result.skipped) == (1, 1)


def test_by_group_with_costs() -> None:
    leads = [
        {"need": "validated", "budget": "sufficient", "authority": "engaged", "timeframe": 2,
         "won": "yes", "source": "event"},
        {"need": "assumed", "won": "no", "source": "event"},
        {"need": "validated", "won": "no", "source": "web"},
    ]  # fmt: skip
    result = qualify.backtest(leads, "bant", "won", by="source", cost={"event": 900, "web": 50})
    event, web = result.groups
    assert (event.group, event.n, event.won, event.qualified) == ("event", 2, 1, 1)
    assert event.cost_per_qualified == 900 and event.cost_per_won == 900
    assert web.cost_per_won is None and web.qualified_share == 0
    per_lead = qualify.backtest(leads, "bant", "won", by="source", cost=10)
    assert per_lead.groups[0].cost == 20


def test_evidence_lists_with_aligned_outcomes_and_groups() -> None:
    leads = [
        [qualify.Evidence(key="need", value="validated")],
        [qualify.Evidence(key="need", value="assumed")],
    ]
    result = qualify.backtest(leads, "bant", [True, False], by=["a", "b"])
    assert result.auc == 1.0 and [g.group for g in result.groups] == ["a", "b"]
    assert result.by == "by"


def test_a_mapping_reads_crm_rows() -> None:
    rows = [
        {"budgetstatus": "2", "need": "Must have", "purchasetimeframe": "Immediate", "won": "yes"},
        {"budgetstatus": "0", "need": "No need", "purchasetimeframe": "Unknown", "won": "no"},
    ]
    result = qualify.backtest(rows, "bant", "won", mapping="dynamics365")
    assert (result.n, result.won, result.auc) == (2, 1, 1.0)


def test_round_trips_through_to_dict() -> None:
    result = qualify.backtest(_leads(80, 2), "bant", "won", by="source", cost=1.5)
    data = json.loads(json.dumps(qualify.to_dict(result)))
    assert qualify.from_dict(data, qualify.reports.Backtest) == result


# -- tables ------------------------------------------------------------------------


def _tables(leads: list[dict[str, Any]]) -> dict[str, Any]:
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    frame = pl.DataFrame(leads, schema_overrides={"timeframe": pl.Int64})
    return {
        "polars": frame,
        "polars-lazy": frame.lazy(),
        "pandas": frame.to_pandas(),
        "pyarrow": frame.to_arrow(),
        "duckdb": duckdb.from_arrow(frame.to_arrow()),
    }


@pytest.mark.parametrize("backend", ["polars", "polars-lazy", "pandas", "pyarrow", "duckdb"])
def test_a_table_gives_the_same_backtest_as_its_rows(backend: str) -> None:
    leads = _leads(300, 11)
    expected = qualify.backtest(leads, "bant", "won", by="source", cost=2.0)
    got = qualify.backtest(_tables(leads)[backend], "bant", "won", by="source", cost=2.0)
    assert got == expected


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=60), st.integers(min_value=0, max_value=10**6))
def test_generated_tables_equal_rows(count: int, seed: int) -> None:
    leads = _leads(count, seed)
    expected = qualify.backtest(leads, "bant", "won")
    for backend in ("polars", "pandas"):
        assert qualify.backtest(_tables(leads)[backend], "bant", "won") == expected


def test_table_outcomes_given_aside_and_errors() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"need": ["validated", "assumed"], "y": ["maybe", "no"]})
    with pytest.raises(qualify.OutcomeError, match="column 'y': the outcome 'maybe'"):
        qualify.backtest(frame, "bant", "y")
    with pytest.raises(qualify.OutcomeError, match="'z' is not in the table"):
        qualify.backtest(frame, "bant", "z")
    with pytest.raises(qualify.OutcomeError, match="2 rows but there are 1"):
        qualify.backtest(frame, "bant", [True])
    with pytest.raises(qualify.OutcomeError, match="lazy table"):
        qualify.backtest(frame.lazy(), "bant", [True, False])
    aside = qualify.backtest(frame, "bant", [True, False])
    assert (aside.n, aside.won, aside.auc) == (2, 1, 1.0)
    numeric = pl.DataFrame({"need": ["validated", "assumed", "x"], "y": [1.0, 0.0, float("nan")]})
    result = qualify.backtest(numeric, "bant", "y", errors="report")
    assert (result.n, result.open, result.skipped) == (2, 1, 0)


# -- views, command line and charts ------------------------------------------------


def test_the_notebook_view_escapes_and_shows_every_table() -> None:
    leads = _leads(60, 3)
    for lead in leads:
        lead["source"] = "<script>x</script>"
    html = qualify.backtest(leads, "bant", "won", by="source", cost=1)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    for text in ("ROC AUC", "Conversion by verdict", "Lift by score band", "Budget", "per won"):
        assert text in html


def _write(tmp_path: Path, leads: list[dict[str, Any]]) -> Path:
    path = tmp_path / "leads.csv"
    columns = ["lead", *VALUES, "won", "source"]
    lines = [",".join(columns)]
    for i, lead in enumerate(leads):
        cells = [f"L{i}", *("" if lead.get(c) is None else str(lead[c]) for c in columns[1:])]
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_command_line_report_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leads = _leads(120, 5)
    path = _write(tmp_path, leads)
    assert main(["backtest", str(path), "--outcome", "won", "--by", "source", "--cost", "3"]) == 0
    out, _ = capsys.readouterr()
    assert "ROC AUC of the score" in out and "per qualified" in out
    assert main(["backtest", str(path), "--outcome", "won", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr()[0])
    assert data == json.loads(json.dumps(qualify.to_dict(qualify.backtest(leads, "bant", "won"))))
    assert main(["backtest", str(path), "--outcome", "result"]) == 2
    assert "--outcome 'result' is not a column" in capsys.readouterr()[1]
    assert main(["backtest", str(path), "--outcome", "source"]) == 2
    assert "says neither won nor lost" in capsys.readouterr()[1]
    assert main(["backtest", str(path), "--outcome", "source", "--won", "web"]) == 0
    capsys.readouterr()


def test_the_command_line_counts_rows_it_cannot_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "leads.csv"
    path.write_text("need,won\nvalidated,yes\nlots,no\nassumed,no\n", encoding="utf-8")
    assert main(["backtest", str(path), "--outcome", "won"]) == 1
    out, err = capsys.readouterr()
    assert "2 leads with an outcome (1 not scored, left out)" in out
    assert "1 lead could not be scored" in err


def test_lift_and_calibration_charts() -> None:
    pytest.importorskip("matplotlib")
    from qualify.plot import calibration_chart, lift_chart

    result = qualify.backtest(_leads(200, 9), "bant", "won")
    for chart in (lift_chart, calibration_chart):
        figure = chart(result)
        assert figure.axes and figure.axes[0].get_title().startswith("bant:")
    with pytest.raises(qualify.QualifyError, match="draws a qualify.reports.Backtest"):
        lift_chart([])  # type: ignore[arg-type]
    empty = qualify.backtest([{"need": "validated"}], "bant", [None])
    with pytest.raises(qualify.QualifyError, match="no leads with an outcome"):
        calibration_chart(empty)
    assert math.isnan(float("nan"))


def test_an_outcome_column_that_is_also_evidence_is_refused() -> None:
    leads = [{"need": "validated", "budget": "allocated"}, {"need": "assumed", "budget": "none"}]
    with pytest.raises(qualify.OutcomeError, match="'need' is also evidence"):
        qualify.backtest(leads, "bant", "need", won={"validated"})
    rows = [{"need": "Must have", "won": "yes"}, {"need": "No need", "won": "no"}]
    with pytest.raises(qualify.OutcomeError, match="the mapping reads"):
        qualify.backtest(rows, "bant", "need", mapping="dynamics365", won={"Must have"})


def test_a_by_column_that_is_also_evidence_is_still_read_as_evidence() -> None:
    leads = [{"need": "validated", "won": "yes"}, {"need": "assumed", "won": "no"}]
    grouped = qualify.backtest(leads, "bant", "won", by="need")
    assert grouped.auc == qualify.backtest(leads, "bant", "won").auc == 1.0
    assert [g.group for g in grouped.groups] == ["assumed", "validated"]


def test_conversion_by_age_counts_only_leads_old_enough() -> None:
    from datetime import date, datetime, timezone

    leads = [
        {"need": "validated", "won": "yes", "in": "2025-01-01", "out": "2025-02-15"},  # 1.5 months
        {"need": "validated", "won": "yes", "in": date(2025, 1, 1), "out": date(2025, 5, 1)},
        {"need": "assumed", "won": "yes", "in": "2025-01-01", "out": "2025-11-20T09:00"},
        {"need": "assumed", "won": "no", "in": "2025-01-01", "out": "2025-03-01"},
        {"need": "assumed", "won": None, "in": datetime(2025, 1, 1, tzinfo=timezone.utc), "out": None},
        {"need": "assumed", "won": "no", "in": "2026-05-01", "out": "2026-05-20"},  # too new
        {"need": "assumed", "won": "yes", "in": None, "out": "2026-01-01"},  # no date: left out
    ]  # fmt: skip
    result = qualify.backtest(
        leads, "bant", "won", created="in", closed="out", as_of=date(2026, 6, 1)
    )
    ages = {a.months: (a.n, a.won) for a in result.ages}
    # the five leads of January 2025 are old enough for a year: 1 won within 3 months, 2
    # within 6, 3 within 12; the lead of May 2026 is too new even for 3 months
    assert ages == {3: (5, 1), 6: (5, 2), 12: (5, 3), 24: (0, 0)}
    assert result.open == 1  # the open lead counts in ages as not yet won, in no rate
    text_rows = qualify.backtest(leads, "bant", "won", created="in", closed="out")
    assert [a.months for a in text_rows.ages] == [3, 6, 12, 24]
    with pytest.raises(qualify.OutcomeError, match="the created date 'soon' is not a date"):
        qualify.backtest(
            [{"won": 1, "in": "soon", "out": None}], "bant", "won", created="in", closed="out"
        )
    with pytest.raises(qualify.QualifyError, match="created and closed go together"):
        qualify.backtest(leads, "bant", "won", created="in")


def test_conversion_by_age_from_a_table_equals_rows() -> None:
    pl = pytest.importorskip("polars")
    rng = random.Random(8)
    leads = []
    for lead in _leads(200, 12):
        start = rng.randrange(0, 700)
        lead["created"] = f"2024-{1 + start // 60 % 12:02d}-{1 + start % 28:02d}"
        lead["closed"] = None if lead["won"] is None else f"2025-{1 + rng.randrange(12):02d}-15"
        leads.append(lead)
    expected = qualify.backtest(leads, "bant", "won", created="created", closed="closed")
    frame = pl.DataFrame(leads, schema_overrides={"timeframe": pl.Int64})
    got = qualify.backtest(frame, "bant", "won", created="created", closed="closed")
    assert got.ages == expected.ages and got.ages


def test_a_group_that_cannot_name_one_is_refused_with_what_can() -> None:
    pd = pytest.importorskip("pandas")
    rows = [
        {"budget": "allocated", "won": True, "source": ["web"]},
        {"budget": "none", "won": False, "source": {"utm": "x"}},
    ] * 3
    for leads in (rows, pd.DataFrame(rows)):
        with pytest.raises(qualify.QualifyError, match="a group of by= must be text, a number"):
            qualify.backtest(leads, "bant", "won", by="source")


def test_groups_are_named_alike_in_rows_and_tables_and_never_twice() -> None:
    pandas = pytest.importorskip("pandas")
    table = pandas.DataFrame(
        {
            "budget": ["allocated", "none", "sufficient", "none"],
            "won": [True, False, True, False],
            # an integer column with a null: a table hands its values over as floats
            "region": pandas.array([1, None, 1, 2], dtype="Int64"),
        }
    )
    from_table = qualify.backtest(table, "bant", "won", by="region")
    rows = table.astype({"region": object}).to_dict("records")
    from_rows = qualify.backtest(rows, "bant", "won", by="region")
    assert [(g.group, g.n) for g in from_table.groups] == [("1", 2), ("2", 1), ("(none)", 1)]
    assert [(g.group, g.n) for g in from_rows.groups] == [(g.group, g.n) for g in from_table.groups]
    mixed = [{**rows[0], "region": 1}, {**rows[2], "region": "1"}]
    with pytest.raises(qualify.QualifyError, match="both 1 and '1', which would both be named"):
        qualify.backtest(mixed, "bant", "won", by="region")


def test_a_cost_for_a_group_no_lead_is_in_is_refused() -> None:
    leads = [{"budget": "allocated", "won": True, "team": "north"},
             {"budget": "none", "won": False, "team": "south"}]  # fmt: skip
    with pytest.raises(qualify.QualifyError, match="cost names 'east', which no lead's group is"):
        qualify.backtest(leads, "bant", "won", by="team", cost={"north": 10.0, "east": 5.0})
    found = qualify.backtest(leads, "bant", "won", by="team", cost={"north": 10.0})
    assert [(g.group, g.cost) for g in found.groups] == [("north", 10.0), ("south", None)]
