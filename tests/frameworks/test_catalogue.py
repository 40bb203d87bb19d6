"""The catalogue of built-in frameworks: each with a lead written from its own published
description (in our words), and its keys and concepts as docs/side-by-side.md lists them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import qualify
from qualify import Verdict

DOCS = Path(__file__).parent.parent.parent / "docs" / "side-by-side.md"

CATALOGUE = ["meddic", "meddicc", "meddpicc", "champ", "anum", "faint", "gpctba-ci",
             "spiced", "scotsman", "neat"]  # fmt: skip


def _documented() -> dict[str, list[tuple[str, str | None]]]:
    """The crosswalk table of docs/side-by-side.md: framework to (criterion, concept) pairs."""
    table: dict[str, list[tuple[str, str | None]]] = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        found = re.fullmatch(r"\| `([a-z0-9-]+)` \| ([^|]+) \|", line)
        if not found:
            continue
        pairs = []
        for cell in found.group(2).split(", "):
            key, _, concept = cell.partition(" → ")
            pairs.append((key.strip("`"), concept.strip("`") or None))
        table[found.group(1)] = pairs
    return table


@pytest.mark.parametrize("name", CATALOGUE)
def test_keys_and_concepts_are_what_the_docs_say(name: str) -> None:
    framework = qualify.get_framework(name)
    assert _documented()[name] == [(c.key, c.concept) for c in framework.criteria]
    assert framework.stages == ()
    assert "Source:" in framework.description
    assert qualify.framework_origin(name).startswith("qualify.frameworks.")


def test_every_registered_framework_is_in_the_docs_table() -> None:
    assert sorted(_documented()) == qualify.list_frameworks()


def _ask(result: qualify.Evaluation) -> str | None:
    return result.missing[0].key if result.missing else None


def test_meddic_an_enterprise_deal_with_a_coach_but_no_champion_yet() -> None:
    """A manufacturer wants to cut scrap by two points (metrics quantified); the VP of
    operations who owns the budget has met us; the steps to a decision are written down;
    the pain is confirmed; but nobody inside argues for us yet."""
    lead = {"metrics": "quantified", "economic_buyer": "engaged", "decision_criteria": "partial",
            "decision_process": "confirmed", "identify_pain": "validated", "champion": "none"}  # fmt: skip
    result = qualify.evaluate(lead, "meddic")
    assert result.verdict is Verdict.UNQUALIFIED and round(result.score, 1) == 73.3
    assert [g.key for g in result.gaps] == ["champion", "decision_criteria"]
    coached = qualify.evaluate({**lead, "champion": "coach"}, "meddic")  # a coach: 81.3
    assert coached.verdict is Verdict.QUALIFIED and coached.gaps[0].key == "champion"
    tested = qualify.evaluate({**lead, "champion": "champion", "decision_criteria": "confirmed"}, "meddic")
    assert tested.verdict is Verdict.QUALIFIED


def test_meddicc_and_meddpicc_the_same_deal_behind_a_rival_and_before_legal() -> None:
    lead = {"metrics": "quantified", "economic_buyer": "engaged", "decision_criteria": "confirmed",
            "decision_process": "confirmed", "identify_pain": "validated", "champion": "champion"}  # fmt: skip
    assert qualify.evaluate(lead, "meddic").score == 100.0
    behind = qualify.evaluate({**lead, "competition": "behind"}, "meddicc")
    assert behind.verdict is Verdict.QUALIFIED and behind.score < 100
    paper = qualify.evaluate({**lead, "competition": "ahead"}, "meddpicc")
    assert _ask(paper) == "paper_process" and paper.verdict is Verdict.QUALIFIED


def test_champ_an_inbound_lead_whose_money_is_not_discussed_yet() -> None:
    """Challenges first, money late: a validated problem, a named decision maker, top of
    the list, and nobody has asked about money."""
    lead = {"challenges": "validated", "authority": "identified", "prioritization": "top"}
    result = qualify.evaluate(lead, "champ")
    assert result.verdict is Verdict.NURTURE and _ask(result) == "money"
    assert qualify.evaluate({**lead, "money": "process"}, "champ").verdict is Verdict.QUALIFIED


def test_anum_a_caller_talking_to_someone_who_cannot_buy() -> None:
    """Authority first: an enthusiastic contact with a real need is not a lead until the
    decision maker is found, whatever else is known."""
    lead = {"need": "validated", "urgency": "top", "money": "allocated"}
    result = qualify.evaluate(lead, "anum")
    assert result.verdict is Verdict.NURTURE and _ask(result) == "authority"
    assert qualify.evaluate({**lead, "authority": "engaged"}, "anum").verdict is Verdict.QUALIFIED


def test_faint_a_buyer_with_money_but_no_budget_line() -> None:
    """FAINT asks about funds, not a budget line: money that can be found counts."""
    lead = {"funds": "process", "authority": "engaged", "interest": "engaged",
            "need": "validated", "timing": 4}  # fmt: skip
    result = qualify.evaluate(lead, "faint")
    assert result.verdict is Verdict.QUALIFIED
    assert qualify.evaluate({**lead, "interest": "none"}, "faint").score < result.score


def test_gpctba_ci_a_consultative_lead_without_consequences_yet() -> None:
    lead = {"goals": "quantified", "plans": "partial", "challenges": "validated", "timeline": 5,
            "budget": "allocated", "authority": "engaged"}  # fmt: skip
    result = qualify.evaluate(lead, "gpctba-ci")
    assert result.verdict is Verdict.NURTURE
    assert {m.key for m in result.missing} == {"negative_consequences", "positive_implications"}
    full = qualify.evaluate(
        {**lead, "negative_consequences": "quantified", "positive_implications": "described"},
        "gpctba-ci",
    )
    assert full.verdict is Verdict.QUALIFIED


def test_spiced_a_renewal_date_is_the_critical_event() -> None:
    lead = {"situation": "confirmed", "pain": "validated", "impact": "quantified",
            "critical_event": "dated", "decision": "partial"}  # fmt: skip
    assert qualify.evaluate(lead, "spiced").verdict is Verdict.QUALIFIED
    undated = qualify.evaluate({**lead, "critical_event": "possible"}, "spiced")
    assert [g.key for g in undated.gaps] == ["critical_event", "decision"]


def test_scotsman_a_bid_too_big_for_us_to_deliver() -> None:
    lead = {"solution": "confirmed", "competition": "known", "originality": "partial",
            "timescales": 9, "size": "wrong size", "money": "sufficient",
            "authority": "engaged", "need": "validated"}  # fmt: skip
    result = qualify.evaluate(lead, "scotsman")  # 10.5 of 13 points' weight: 80.8
    assert result.verdict is Verdict.QUALIFIED and round(result.score, 1) == 80.8
    assert result.gaps[0].key == "size"  # the largest shortfall: a bid to walk away from
    assert qualify.evaluate({**lead, "need": "assumed"}, "scotsman").verdict is not Verdict.QUALIFIED


def test_neat_the_economic_impact_decides_it() -> None:
    lead = {"need": "validated", "access_to_authority": "engaged", "timeline": 3}
    result = qualify.evaluate(lead, "neat")
    assert _ask(result) == "economic_impact" and result.verdict is Verdict.NURTURE
    assert qualify.evaluate({**lead, "economic_impact": "quantified"}, "neat").score == 100.0
    weak = qualify.evaluate({**lead, "economic_impact": "none"}, "neat")
    assert weak.verdict is Verdict.UNQUALIFIED


@pytest.mark.parametrize("name", CATALOGUE)
def test_nothing_known_is_nurture_and_everything_best_is_qualified(name: str) -> None:
    framework = qualify.get_framework(name)
    assert qualify.evaluate({}, framework).verdict is Verdict.NURTURE
    best: dict[str, Any] = {}
    for criterion in framework.criteria:
        scale = criterion.scale
        best[criterion.key] = (
            max(scale.levels, key=lambda level: level.satisfaction).name  # type: ignore[attr-defined]
            if hasattr(scale, "levels")
            else 1
        )
    assert qualify.evaluate(best, framework).score == 100.0
