"""What the docs' pictures show: each chart and each notebook view, from real-shaped leads.

The leads are the repository's CRM export (``examples/leads.csv``), scored with
ACME's BANT and mapping (``examples/acme-bant.toml``), and the outcomes of
those leads (``examples/spark_job/outcomes.csv``); single leads come from the
source stories.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

import qualify
from qualify import plot

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def _rows() -> list[dict[str, Any]]:
    with (EXAMPLES / "spark_job" / "outcomes.csv").open(encoding="utf-8", newline="") as handle:
        stages = {row["Lead ID"]: row["Opportunity Stage"] for row in csv.DictReader(handle)}
    with (EXAMPLES / "leads.csv").open(encoding="utf-8", newline="") as handle:
        return [{**row, "Opportunity Stage": stages.get(row["Lead ID"], "")} for row in csv.DictReader(handle)]


def _acme() -> tuple[qualify.Framework, qualify.FieldMap]:
    path = EXAMPLES / "acme-bant.toml"
    return qualify.load_framework(path), qualify.load_field_map(path)


def _one_lead() -> qualify.Evaluation:
    """The BANT story's lead: money set aside, the buyer engaged, no date yet."""
    return qualify.evaluate({"budget": "allocated", "authority": "engaged", "need": "identified"}, "bant")


def _backtest() -> qualify.reports.Backtest:
    framework, mapping = _acme()
    return qualify.backtest(
        _rows(), framework, "Opportunity Stage", mapping=mapping, won={"Closed Won"},
        by="Lead Source", errors="report", id="Lead ID",
    )  # fmt: skip


def _scored() -> list[qualify.Evaluation]:
    framework, mapping = _acme()
    found = qualify.evaluate_many(_rows(), framework, mapping=mapping, errors="report", id="Lead ID")
    return [result for result in found if isinstance(result, qualify.Evaluation)]


def _staged() -> list[qualify.Evaluation]:
    """Leads thinning out along the teleprospecting maturation: fewer reach each stage."""
    keys = [criterion.key for criterion in qualify.get_framework("teleprospecting").criteria]
    reached = [60, 44, 31, 22, 15, 9, 5, 2]  # leads that got at least this far
    leads = []
    for depth, count in enumerate(reached):
        further = reached[depth + 1] if depth + 1 < len(reached) else 0
        leads += [{key: True for key in keys[: depth + 1]}] * (count - further)
    return [qualify.evaluate(lead, "teleprospecting") for lead in leads]


def charts() -> dict[str, Any]:
    """Every chart of :mod:`qualify.plot`, by file name."""
    scored = _scored()
    backtest = _backtest()
    return {
        "criteria_chart": plot.criteria_chart(_one_lead()),
        "verdict_chart": plot.verdict_chart(scored),
        "funnel_chart": plot.funnel_chart(_staged()),
        "missing_chart": plot.missing_chart(scored, framework=_acme()[0]),
        "score_chart": plot.score_chart(scored),
        "lift_chart": plot.lift_chart(backtest),
        "calibration_chart": plot.calibration_chart(backtest),
    }


def views() -> dict[str, str]:
    """Every notebook view, by file name: the HTML a notebook shows."""
    lead = _one_lead()
    agreement = qualify.journey.Agreement(
        name="acme-sla", framework="bant", min_completeness=0.75,
        reasons=("no budget", "not the buyer", "bad contact data"),
    )  # fmt: skip
    handed = [
        agreement.review(
            agreement.hand_off(
                qualify.evaluate(
                    {"budget": "allocated", "authority": "engaged", "need": "validated", "timeframe": 3}, "bant"
                ),
                lead="L-1", source="web",
            ),
            accepted=True, rep="M. Adebayo",
        ),
        agreement.review(
            agreement.hand_off(
                qualify.evaluate({"budget": "none", "need": "validated"}, "bant"), lead="L-2", source="event"
            ),
            accepted=False, reason="no budget", rep="K. Brennan", at=datetime(2026, 11, 2),
        ),
    ]  # fmt: skip
    framework, mapping = _acme()
    backtest = _backtest()
    rows = _rows()
    calibration = qualify.calibrate(
        rows, framework, "Opportunity Stage", mapping=mapping, won={"Closed Won"}, errors="report", id="Lead ID"
    )
    return {
        "evaluation": lead._repr_html_(),
        "framework": qualify.get_framework("bant")._repr_html_(),
        "summary": qualify.summarize(_scored())._repr_html_(),
        "comparison": qualify.compare(
            {"budget": "allocated", "need": "validated", "timeframe": 3}, ["bant", "champ", "meddpicc"]
        )._repr_html_(),
        "handoffs": qualify.journey.handoff_report(handed)._repr_html_(),
        "backtest": backtest._repr_html_(),
        "calibration": calibration._repr_html_(),
    }
