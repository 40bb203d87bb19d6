"""Hand-offs: an agreement sales and marketing signed, sales' reviews, and the report."""

from __future__ import annotations

import json
from typing import Any

import pytest

import qualify
from qualify.journey import Agreement, Decision, Routing

AGREEMENT = Agreement(
    name="acme-handoff",
    framework="bant",
    qualified_at=60,
    require=["need"],
    min_completeness=0.5,
    reasons=["no budget", "no authority", "need not established", "timescale too long"],
    description="Signed by the heads of marketing and sales in March.",
)

READY = {"budget": "allocated", "authority": "engaged", "need": "validated", "timeframe": 2}
THIN = {"budget": "allocated", "need": "assumed", "timeframe": 12}


def _handed(lead: str, evidence: dict[str, Any], source: str) -> qualify.journey.Handoff:
    return AGREEMENT.hand_off(qualify.evaluate(evidence, "bant"), lead=lead, source=source)


def test_a_lead_that_meets_the_agreement_is_handed_over() -> None:
    handoff = _handed("L-1", READY, "webinar")
    assert handoff.decision is Decision.HAND_OVER and handoff.meets and handoff.unmet == ()
    assert handoff.accepted is None and handoff.routing is None


def test_a_lead_below_the_agreement_is_kept_and_says_why() -> None:
    handoff = _handed("L-2", THIN, "trade show")
    assert handoff.decision is Decision.KEEP_NURTURING
    assert handoff.unmet == (
        "score 30.4 is below the agreed 60",
        "need is partial, and the agreement requires it met",
    )


def test_a_rejected_lead_below_the_agreement_goes_back_to_its_source_with_the_reason() -> None:
    """Sales may reject a lead below the agreed, objective criteria; the rejection goes back
    to the lead's source, so the next leads match the agreed profile better."""
    rejected = AGREEMENT.review(
        _handed("L-2", THIN, "trade show"), accepted=False, reason="need not established",
        rep="sam",
    )
    assert rejected.routing is Routing.SENT_BACK
    assert (rejected.source, rejected.reason) == ("trade show", "need not established")


def test_a_rep_who_rejects_leads_that_meet_the_agreement_is_flagged() -> None:
    """Reps applying their own criteria make a team hard to manage and to measure."""
    handoffs = [_handed(f"L-{i}", READY, "webinar") for i in range(3)]
    reviews = [
        AGREEMENT.review(handoffs[0], accepted=True, rep="dana"),
        AGREEMENT.review(handoffs[1], accepted=False, reason="timescale too long", rep="max"),
        AGREEMENT.review(handoffs[2], accepted=False, reason="no budget", rep="max"),
    ]
    assert [r.routing for r in reviews] == [Routing.ACCEPTED, Routing.FLAGGED, Routing.FLAGGED]
    report = qualify.journey.handoff_report(reviews)
    reps = {group.name: group for group in report.by_rep}
    assert (reps["max"].flagged, reps["dana"].flagged) == (2, 0)
    assert reps["max"].rejected_by_reason == (("no budget", 1), ("timescale too long", 1))


def test_the_report_per_source_and_rep_with_conversion_of_accepted_leads() -> None:
    given = [
        ("W-1", READY, "webinar", True, None, "dana"),
        ("W-2", READY, "webinar", True, None, "dana"),
        ("W-3", THIN, "webinar", False, "need not established", "sam"),
        ("T-1", THIN, "trade show", False, "need not established", "sam"),
        ("T-2", THIN, "trade show", None, None, None),
        ("P-1", READY, "partner", True, None, "sam"),
    ]
    handoffs = []
    for lead, evidence, source, accepted, reason, rep in given:
        handoff = _handed(lead, evidence, source)
        if accepted is not None:
            handoff = AGREEMENT.review(handoff, accepted=accepted, reason=reason, rep=rep)
        handoffs.append(handoff)
    report = qualify.journey.handoff_report(handoffs, outcomes={"W-1": "won", "W-2": "lost", "P-1": ""})
    total = report.total
    assert (total.leads, total.handed_over, total.kept_nurturing) == (6, 3, 3)
    assert (total.accepted, total.rejected, total.sent_back, total.flagged) == (3, 2, 2, 0)
    assert (total.won, total.lost, total.conversion) == (1, 1, 0.5)
    assert [g.name for g in report.by_source] == ["partner", "trade show", "webinar"]
    assert [g.name for g in report.by_rep] == ["dana", "sam"]  # T-2 is not reviewed yet
    webinar = report.by_source[2]
    assert (webinar.handed_over, webinar.accepted, webinar.sent_back) == (2, 2, 1)
    assert webinar.rejected_by_reason == (("need not established", 1),)
    data = qualify.to_dict(report)
    assert json.loads(json.dumps(data))["total"]["conversion"] == 0.5
    assert qualify.from_dict(data, qualify.journey.HandoffReport) == report


def test_the_same_hand_offs_give_the_same_bytes() -> None:
    first = [AGREEMENT.review(_handed("L-1", THIN, "web"), accepted=False, reason="no budget")]
    second = [AGREEMENT.review(_handed("L-1", THIN, "web"), accepted=False, reason="no budget")]
    as_text = [json.dumps(qualify.to_dict(h)) for h in (*first, *second)]
    assert as_text[0] == as_text[1]
    assert json.dumps(qualify.to_dict(qualify.journey.handoff_report(first))) == json.dumps(
        qualify.to_dict(qualify.journey.handoff_report(second))
    )


def test_an_agreement_round_trips_through_its_file(tmp_path: Any) -> None:
    for name in ("acme.toml", "acme.json"):
        path = tmp_path / name
        qualify.dump_agreement(AGREEMENT, path)
        assert qualify.load_agreement(path) == AGREEMENT
    text = qualify.dumps_agreement(Agreement(name="a", framework="bant", reasons=["no budget"]))
    assert text == '[agreement]\nname = "a"\nframework = "bant"\nreasons = ["no budget"]\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[agreement]\nname = "a"\nframework = "bant"\n', "reasons"),
        ('[agreement]\nname = "a"\nframework = "bant"\nreasons = ["x"]\nqualified_at = 140\n',
         "above 0 and up to 100"),
        ('[agreement]\nname = "a"\nframework = "bant"\nreasons = ["x", "x"]\n', "'x' twice"),
        ('[agreement]\nname = "a"\nframwork = "bant"\nreasons = ["x"]\n', "did you mean 'framework'"),
        ('name = "a"\n', "no \\[agreement\\] table"),
    ],
)
def test_bad_agreement_files_say_what_is_wrong(tmp_path: Any, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(qualify.FrameworkFileError, match=message):
        qualify.load_agreement(path)


def test_bad_reviews_say_what_is_accepted_and_nothing_is_overwritten() -> None:
    handoff = _handed("L-1", READY, "webinar")
    with pytest.raises(qualify.EvidenceError, match="needs one of agreement 'acme-handoff'"):
        AGREEMENT.review(handoff, accepted=False, reason="does not like them")
    with pytest.raises(qualify.EvidenceError, match="reasons are for rejections"):
        AGREEMENT.review(handoff, accepted=True, reason="no budget")
    reviewed = AGREEMENT.review(handoff, accepted=True, rep="dana")
    with pytest.raises(qualify.EvidenceError, match="reviewed already"):
        AGREEMENT.review(reviewed, accepted=False, reason="no budget")
    other = Agreement(name="other", framework="bant", reasons=["no budget"])
    with pytest.raises(qualify.EvidenceError, match="under agreement 'acme-handoff'"):
        other.review(handoff, accepted=True)
    with pytest.raises(qualify.EvidenceError, match="evaluated by 'icare'"):
        AGREEMENT.hand_off(qualify.evaluate({}, "icare"), lead="L-9")
    with pytest.raises(qualify.QualifyError, match="one agreement"):
        qualify.journey.handoff_report([])


def test_the_framework_s_own_verdict_when_the_agreement_sets_no_score() -> None:
    plain = Agreement(name="plain", framework="bant", reasons=["no budget"])
    assert plain.unmet(qualify.evaluate(READY, "bant")) == ()
    assert plain.unmet(qualify.evaluate(THIN, "bant")) == ("the framework's verdict is unqualified",)
    gate = Agreement(name="gate", framework="meeting-gate", reasons=["not vetted"])
    joined = qualify.evaluate({"unknown_participants": True}, "meeting-gate")
    assert gate.unmet(joined) == ("disqualified: unknown_participants",)


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb"])
def test_a_table_gets_a_handoff_column_equal_to_the_agreement_lead_by_lead(backend: str) -> None:
    from .test_frames import _bant_rows, _natives, _polars

    data = _bant_rows(200, 4)
    native = _natives(data)[backend]
    result = qualify.evaluate_frame(native, "bant", agreement=AGREEMENT)
    got = _polars(result)
    assert got.columns[-1] == "handoff" and "satisfaction_need" not in got.columns
    if backend == "duckdb":  # a relation has no order; compare by lead
        got = got.sort("lead")
        order = sorted(range(len(data["lead"])), key=lambda i: data["lead"][i])
    else:
        order = list(range(len(data["lead"])))
    keys = ["budget", "authority", "need", "timeframe"]
    expected = [
        _handed(data["lead"][i], {k: data[k][i] for k in keys}, "any").decision.value
        for i in order
    ]
    assert got["handoff"].to_list() == expected
    assert set(expected) == {"hand over", "keep nurturing"}
    with_criteria = _polars(qualify.evaluate_frame(native, "bant", agreement=AGREEMENT, criteria=True))
    assert "satisfaction_need" in with_criteria.columns


def test_a_table_with_another_framework_s_agreement_is_refused() -> None:
    pd = pytest.importorskip("pandas")
    with pytest.raises(qualify.QualifyError, match="is about framework 'bant'"):
        qualify.evaluate_frame(pd.DataFrame({"imperative": ["latent"]}), "icare", agreement=AGREEMENT)
    with pytest.raises(qualify.QualifyError, match="already has a column 'handoff'"):
        qualify.evaluate_frame(pd.DataFrame({"need": ["validated"], "handoff": [1]}), "bant",
                               agreement=AGREEMENT)


LEADS_CSV = """lead,source,budget,authority,need,timeframe,review,reason,rep,outcome
W-1,webinar,allocated,engaged,validated,2,accepted,,dana,won
W-2,webinar,allocated,engaged,validated,3,rejected,timescale too long,max,
T-1,trade show,allocated,,assumed,12,rejected,need not established,sam,
T-2,trade show,,,assumed,,,,,
P-1,partner,allocated,engaged,validated,1,Accepted,,sam,lost
"""


def test_the_command_line_reports_a_file_per_source_and_rep(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from qualify.cli import main

    agreement = tmp_path / "acme.toml"
    qualify.dump_agreement(AGREEMENT, agreement)
    leads = tmp_path / "leads.csv"
    leads.write_text(LEADS_CSV, encoding="utf-8")
    argv = ["handoffs", str(leads), "--agreement", str(agreement), "--id", "lead"]
    assert main([*argv, "--outcome", "outcome"]) == 0
    text = capsys.readouterr().out
    assert "Flagged: max rejected leads that met the agreement." in text
    assert "webinar         2            2" in text
    lines = tmp_path / "handoffs.jsonl"
    assert main([*argv, "--format", "json", "--leads", str(lines)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total"]["sent_back"] == 1 and report["total"]["flagged"] == 1
    written = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert [(h["lead"], h["routing"]) for h in written] == [
        ("W-1", "accepted"),
        ("W-2", "flagged"),
        ("T-1", "sent back"),
        ("T-2", None),
        ("P-1", "accepted"),
    ]


def test_the_command_line_names_bad_rows_and_goes_on(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from qualify.cli import main

    agreement = tmp_path / "acme.toml"
    qualify.dump_agreement(AGREEMENT, agreement)
    leads = tmp_path / "leads.csv"
    leads.write_text(
        "lead,need,review,reason\nA,validated,maybe,\nB,assumed,rejected,too small\n"
        "C,validated,accepted,\n",
        encoding="utf-8",
    )
    argv = ["handoffs", str(leads), "--agreement", str(agreement), "--id", "lead"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "error: row 1: the review says 'maybe'" in err
    assert "error: row 2: rejecting lead 'B' needs one of agreement 'acme-handoff'" in err
    assert main([*argv, "--rep", "owner"]) == 2
    assert "--rep 'owner' is not a column" in capsys.readouterr().err


def test_the_report_shows_in_a_notebook_and_in_words() -> None:
    handoffs = [
        AGREEMENT.review(_handed("W-1", READY, "web <form>"), accepted=False,
                         reason="no budget", rep="max"),
    ]
    report = qualify.journey.handoff_report(handoffs)
    html = report._repr_html_()
    assert "Hand-offs under acme-handoff" in html and "web &lt;form&gt;" in html
    assert 'style="color:#cf222e">1</span>' in html  # the flagged rejection stands out
    text = report.text()
    assert text.startswith("Hand-offs under agreement acme-handoff\n")
    assert "Flagged: max rejected leads that met the agreement." in text


def test_an_agreement_requires_each_criterion_once() -> None:
    with pytest.raises(qualify.FrameworkError, match="lists 'need' twice in require"):
        qualify.journey.Agreement(name="a", framework="bant", require=["need", "need"], reasons=["x"])


@pytest.mark.parametrize("outcomes", [[1], "won", 1, ("W-1", "won")])
def test_outcomes_must_map_each_lead_to_its_outcome(outcomes: object) -> None:
    handoffs = [_handed("W-1", READY, "webinar")]
    with pytest.raises(qualify.QualifyError, match="outcomes= maps each lead"):
        qualify.journey.handoff_report(handoffs, outcomes=outcomes)  # type: ignore[arg-type]
