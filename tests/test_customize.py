"""Your company's version of a framework, built in Python."""

from __future__ import annotations

import pytest

import qualify
from qualify import Criterion, Stage, Verdict


@pytest.fixture
def bant() -> qualify.Framework:
    return qualify.get_framework("bant")


def test_customize_returns_a_new_validated_framework(bant: qualify.Framework) -> None:
    before = qualify.to_dict(bant)
    acme = bant.customize(
        name="acme-bant",
        title="ACME BANT",
        version="2026.1",
        qualified_at=80,
        change={
            "budget": {"label": "Funding", "question": "Is the funding approved?", "weight": 2},
            "need": {"required": False},
        },
        drop=["timeframe"],
        add=[Criterion(key="champion", label="Champion", question="Who pushes for us inside?")],
    )
    assert qualify.to_dict(bant) == before  # the original is untouched
    assert qualify.get_framework("bant") is bant
    assert acme.extends == "bant"
    assert (acme.name, acme.title, acme.version, acme.qualified_at) == (
        "acme-bant",
        "ACME BANT",
        "2026.1",
        80,
    )
    assert [c.key for c in acme.criteria] == ["budget", "authority", "need", "champion"]
    assert acme.criterion("budget").label == "Funding"
    assert acme.criterion("budget").weight == 2
    assert acme.criterion("budget").scale == bant.criterion("budget").scale
    assert not acme.criterion("need").required


def test_everything_not_named_is_inherited(bant: qualify.Framework) -> None:
    copy = bant.customize(name="bant-copy")
    assert copy.criteria == bant.criteria
    assert (copy.title, copy.version, copy.description, copy.qualified_at) == (
        bant.title,
        bant.version,
        bant.description,
        bant.qualified_at,
    )


def test_the_customized_framework_evaluates_differently(bant: qualify.Framework) -> None:
    strict = bant.customize(name="strict-bant", qualified_at=95)
    lead = {"budget": "allocated", "authority": "engaged", "need": "validated", "timeframe": 4}
    assert qualify.evaluate(lead, bant).verdict is Verdict.QUALIFIED
    assert qualify.evaluate(lead, strict).verdict is Verdict.UNQUALIFIED
    assert qualify.evaluate(lead, strict).framework == "strict-bant"


def test_stages_follow_a_renamed_key() -> None:
    tele = qualify.get_framework("teleprospecting")
    renamed = tele.customize(name="acme-tele", change={"group_meeting": {"key": "demo_meeting"}})
    assert renamed.stages[-1].requires == ("demo_meeting",)
    assert tele.stages[-1].requires == ("group_meeting",)


def test_stages_can_be_replaced() -> None:
    tele = qualify.get_framework("teleprospecting")
    short = tele.customize(
        name="short-tele",
        stages=[Stage(key="talking", label="Talking", requires=["initial_conversation"])],
    )
    assert [s.key for s in short.stages] == ["talking"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "bant"}, "a name of its own"),
        (
            {"name": "x", "drop": ["timeframes"]},
            "cannot drop 'timeframes'.*Did you mean 'timeframe'",
        ),
        ({"name": "x", "change": {"budgett": {"weight": 1}}}, "cannot change 'budgett'"),
        ({"name": "x", "change": {"budget": {"wieght": 1}}}, "unknown fields 'wieght'.*weight"),
        ({"name": "x", "change": {"budget": {"weight": -1}}}, "positive number"),
        ({"name": "x", "change": {"budget": "heavy"}}, "mapping of field to new value"),
        (
            {"name": "x", "drop": ["budget"], "change": {"budget": {"weight": 1}}},
            "both dropped and changed",
        ),
        ({"name": "x", "add": [Criterion(key="need", label="N", question="?")]}, "'need' twice"),
        (
            {"name": "x", "drop": ["budget", "authority", "need", "timeframe"]},
            "at least one criterion",
        ),
        ({"name": "Bad Name"}, "framework name must be"),
    ],
)
def test_bad_customizations_say_what_is_wrong(
    bant: qualify.Framework, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(qualify.FrameworkError, match=message):
        bant.customize(**changes)  # type: ignore[arg-type]


def test_dropping_a_criterion_a_stage_needs() -> None:
    tele = qualify.get_framework("teleprospecting")
    with pytest.raises(qualify.FrameworkError, match="requires 'group_meeting'"):
        tele.customize(name="broken", drop=["group_meeting"])
