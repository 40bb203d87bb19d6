"""BANT on leads like the ones the seeds describe (000, 002, 004 in ../shared/seeds)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import qualify
from qualify import Evidence, Status, Verdict


def test_keys_and_questions() -> None:
    bant = qualify.get_framework("bant")
    assert [c.key for c in bant.criteria] == ["budget", "authority", "need", "timeframe"]
    assert all(c.question.endswith("?") for c in bant.criteria)
    assert [c.key for c in bant.criteria if c.required] == ["need"]


def test_firmographics_alone_is_not_a_need() -> None:
    # 004: "over 200 employees" is not a need. Budget and authority are there,
    # yet a lead whose need is only assumed cannot be passed to sales.
    lead = {"budget": "allocated", "authority": "engaged", "need": "assumed", "timeframe": 3}
    result = qualify.evaluate(lead, "bant")
    assert result.result("need").status is Status.PARTIAL
    assert result.verdict is not Verdict.QUALIFIED
    assert result.gaps[0].key == "need"


def test_telemarketer_turns_assumed_need_into_a_qualified_lead() -> None:
    # 004: a skilled telemarketer uncovers the pain; the later call overrides the web form.
    web_form = datetime(2026, 10, 1, tzinfo=UTC)
    call = datetime(2026, 10, 20, tzinfo=UTC)
    evidence = [
        Evidence(
            key="need",
            value="over 200 employees" and "assumed",
            channel="web form",
            observed_at=web_form,
        ),
        Evidence(key="budget", value="access to budget", channel="web form", observed_at=web_form),
        Evidence(key="need", value="Pain Validated", channel="phone", observed_at=call),
        Evidence(key="budget", value="allocated", channel="phone", observed_at=call),
        Evidence(key="authority", value="engaged", channel="phone", observed_at=call),
        Evidence(key="timeframe", value=5, channel="phone", observed_at=call),
    ]
    result = qualify.evaluate(evidence, "bant")
    assert result.verdict is Verdict.QUALIFIED
    assert result.result("need").evidence is not None
    assert result.result("need").evidence.channel == "phone"


def test_web_form_lead_is_nurtured_with_the_next_questions() -> None:
    # 002: prospects rarely give BANT on a web form; digital data only starts the picture.
    result = qualify.evaluate({"timeframe": "9"}, "bant")
    assert result.verdict is Verdict.NURTURE
    assert [m.key for m in result.missing] == ["need", "budget", "authority"]
    assert result.completeness == pytest.approx(2 / 12)


@pytest.mark.parametrize(
    ("months", "satisfaction"), [(2, 1.0), (6, 1.0), (7, 0.5), (12, 0.5), (18, 0.15)]
)
def test_timeframe_bands(months: int, satisfaction: float) -> None:
    assert (
        qualify.evaluate({"timeframe": months}, "bant").result("timeframe").satisfaction
        == satisfaction
    )


def test_no_budget_and_a_distant_purchase_is_unqualified() -> None:
    lead = {
        "budget": "no budget",
        "authority": "unknown to us",
        "need": "identified",
        "timeframe": 24,
    }
    assert qualify.evaluate(lead, "bant").verdict is Verdict.UNQUALIFIED
