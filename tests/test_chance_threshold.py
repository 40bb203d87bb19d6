"""Qualified at a chance: ``qualified_at = { chance = 0.3 }``, ``qualify.Chance``, and
calibrate picking the chance for a target."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualify
from qualify import Chance
from qualify.cli import main

from .history import bant_leads

BANT = qualify.get_framework("bant")
MODEL = qualify.Probability(intercept=-3.0, per_point=0.04)


def _at(chance: float, model: qualify.Probability = MODEL) -> qualify.Framework:
    return BANT.customize(name="acme-bant", probability=model, qualified_at=Chance(chance))


def test_the_score_needed_is_where_the_chance_reaches_the_threshold() -> None:
    framework = _at(0.3)
    needed = (math.log(0.3 / 0.7) + 3.0) / 0.04
    assert framework.qualifying_score == pytest.approx(needed)
    assert framework.qualified_at == Chance(0.3)
    # a lead with every required criterion met is qualified exactly when its chance is
    lead = {"budget": "allocated", "authority": "engaged", "need": "validated"}
    result = qualify.evaluate(lead, framework)
    assert result.verdict == "qualified" and result.probability is not None
    assert result.probability >= 0.3 and result.qualified_at == pytest.approx(needed)
    weaker = qualify.evaluate({"need": "validated", "budget": "process"}, framework)
    assert weaker.probability is not None and weaker.probability < 0.3
    assert weaker.verdict == "nurture"
    # a score framework's qualifying score is its qualified_at
    assert BANT.qualifying_score == 70.0


@settings(max_examples=60, deadline=None)
@given(
    intercept=st.floats(-6, 1),
    per_point=st.floats(0.005, 0.2),
    wanted=st.floats(0.01, 0.99),
    lead=st.fixed_dictionaries(
        {
            "budget": st.sampled_from([None, "none", "process", "access", "allocated"]),
            "authority": st.sampled_from([None, "identified", "engaged"]),
            "need": st.sampled_from([None, "assumed", "identified", "validated"]),
            "timeframe": st.none() | st.integers(0, 30),
        }
    ),
)
def test_qualified_means_at_least_the_chance(
    intercept: float, per_point: float, wanted: float, lead: dict[str, Any]
) -> None:
    model = qualify.Probability(intercept=intercept, per_point=per_point)
    try:
        framework = _at(wanted, model)
    except qualify.FrameworkError as exc:  # no score from 0 to 100 gives that chance
        assert "which no lead reaches" in str(exc) or "which every lead reaches" in str(exc)
        return
    evidence = {key: value for key, value in lead.items() if value is not None}
    result = qualify.evaluate(evidence, framework)
    assert result.probability is not None
    needs_met = next(c for c in result.criteria if c.key == "need").status == "met"
    if result.verdict == "qualified":
        assert result.probability >= wanted * (1 - 1e-9) and needs_met
    elif needs_met:
        assert result.probability < wanted * (1 + 1e-9)


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1, float("nan"), True, "0.3", None])
def test_a_chance_is_between_0_and_1(bad: Any) -> None:
    with pytest.raises(qualify.FrameworkError, match="above 0 and below 1"):
        Chance(bad)


def test_a_chance_needs_a_model_that_can_reach_it() -> None:
    with pytest.raises(qualify.FrameworkError, match="needs a probability model"):
        BANT.customize(name="acme-bant", qualified_at=Chance(0.3))
    with pytest.raises(qualify.FrameworkError, match=r"no lead reaches: a score of 100 gives 0\.731"):
        _at(0.9)
    with pytest.raises(qualify.FrameworkError, match=r"every lead reaches: a score of 0 already"):
        _at(0.01)
    older = qualify.Probability(intercept=-3, per_point=0.04, unknown={"need": -1.0})
    with pytest.raises(qualify.FrameworkError, match="unknown offsets"):
        _at(0.3, older)
    flat = qualify.Probability(intercept=-1, per_point=0.0)
    with pytest.raises(qualify.FrameworkError, match="per_point 0"):
        _at(0.3, flat)
    with pytest.raises(qualify.FrameworkError, match="or a qualify.Chance"):
        BANT.customize(name="acme-bant", qualified_at=True)  # type: ignore[arg-type]


def test_customizing_keeps_the_chance_with_a_model_and_the_score_without() -> None:
    framework = _at(0.3)
    other = qualify.Probability(intercept=-2.0, per_point=0.03)
    kept = framework.customize(name="again", probability=other)
    assert kept.qualified_at == Chance(0.3)
    assert kept.qualifying_score == pytest.approx((math.log(0.3 / 0.7) + 2.0) / 0.03)
    plain = framework.customize(name="plain")
    assert plain.probability is None and plain.qualified_at == framework.qualifying_score


def test_files_write_and_read_the_chance(tmp_path: Path) -> None:
    framework = _at(0.3)
    text = qualify.dumps_framework(framework)
    assert "qualified_at = { chance = 0.3 }" in text.splitlines()
    path = tmp_path / "acme.toml"
    path.write_text(text, encoding="utf-8")
    assert qualify.load_framework(path) == framework
    qualify.dump_framework(framework, tmp_path / "acme.json")
    assert json.loads((tmp_path / "acme.json").read_text())["qualified_at"] == {"chance": 0.3}
    assert qualify.load_framework(tmp_path / "acme.json") == framework
    assert qualify.from_dict(qualify.to_dict(framework), qualify.Framework) == framework
    # the shipped file schema says qualified_at may be a score or a chance
    schema = qualify.json_schema("framework-file")
    options = schema["properties"]["qualified_at"]["anyOf"]
    assert {"type": "number"} in options and {"$ref": "#/$defs/Chance"} in options


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("qualified_at = { chance = 0.3 }", "needs a probability model"),
        ('qualified_at = { chance = "0.3" }', "qualified_at.chance: expected a number"),
        ("qualified_at = { odds = 3 }", "unknown key 'odds'; accepted keys: chance"),
        ("qualified_at = { chance = 1.3 }", "above 0 and below 1"),
        ('qualified_at = "high"', r"expected a score \(a number\) or a chance"),
    ],
)
def test_a_bad_chance_in_a_file_says_what_is_accepted(
    tmp_path: Path, written: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f'name = "acme"\nextends = "bant"\n{written}\n', encoding="utf-8")
    with pytest.raises(qualify.FrameworkFileError, match=message):
        qualify.load_framework(path)


def test_views_say_what_qualified_means(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    framework = _at(0.3)
    assert "qualified at a chance of 30% (53.8 points)" in framework._repr_html_()
    qualify.dump_framework(framework, tmp_path / "acme.toml")
    assert main(["show", str(tmp_path / "acme.toml")]) == 0
    assert "Qualified at a chance of 30% (53.8 points), with need met." in capsys.readouterr().out


def test_tables_give_the_rows_verdicts() -> None:
    pd = pytest.importorskip("pandas")
    framework = _at(0.3)
    rows = bant_leads(300, 5)
    evidence = [{k: v for k, v in row.items() if k != "won"} for row in rows]
    table = qualify.evaluate_frame(pd.DataFrame(evidence), framework)
    expected = [qualify.evaluate(e, framework).verdict.value for e in evidence]
    assert table["verdict"].tolist() == expected
    assert "qualified" in expected and "nurture" in expected


# -- calibrate ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def leads() -> list[dict[str, Any]]:
    pytest.importorskip("numpy", reason="calibrate needs the learn extra (numpy)")
    return bant_leads(3000, 11)


def _share(framework: qualify.Framework, leads: list[dict[str, Any]]) -> float:
    verdicts = [
        qualify.evaluate({k: v for k, v in lead.items() if k != "won"}, framework).verdict
        for lead in leads
    ]
    return sum(v == "qualified" for v in verdicts) / len(verdicts)


def test_calibrate_qualifies_at_the_chance_asked(leads: list[dict[str, Any]]) -> None:
    result = qualify.calibrate(leads, "bant", "won", qualified_at=Chance(0.4))
    framework = result.framework
    assert framework.qualified_at == Chance(0.4)
    assert result.qualified_share == pytest.approx(_share(framework, leads))
    for lead in leads[:200]:
        evaluation = qualify.evaluate({k: v for k, v in lead.items() if k != "won"}, framework)
        assert evaluation.probability is not None
        if evaluation.verdict == "qualified":
            assert evaluation.probability >= 0.4 * (1 - 1e-9)
    # calibrated again, the chance stays and the score it takes follows the new model
    again = qualify.calibrate(leads[:2000], framework, "won")
    assert again.framework.qualified_at == Chance(0.4)


def test_calibrate_picks_the_chance_that_qualifies_a_share(leads: list[dict[str, Any]]) -> None:
    result = qualify.calibrate(leads, "bant", "won", qualified_share=0.2)
    chance = result.framework.qualified_at
    assert isinstance(chance, Chance) and chance.chance == round(chance.chance, 3)
    # at least the share asked, and no more than the leads sharing the last chance add
    assert 0.2 <= result.qualified_share == pytest.approx(_share(result.framework, leads))
    assert result.qualified_share < 0.3
    # a score keeps its meaning
    scored = qualify.calibrate(leads, "bant", "won", qualified_at=55)
    assert scored.framework.qualified_at == 55
    assert scored.qualified_share == pytest.approx(_share(scored.framework, leads))


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"qualified_at": Chance(0.3), "qualified_share": 0.2}, qualify.QualifyError, "not both"),
        ({"qualified_share": 1.0}, qualify.QualifyError, "above 0 and below 1"),
        ({"qualified_share": "0.2"}, qualify.QualifyError, "above 0 and below 1"),
        ({"qualified_at": "70"}, qualify.QualifyError, "a qualify.Chance such as"),
        ({"qualified_at": 0}, qualify.QualifyError, "above 0 and at most 100"),
        ({"qualified_at": Chance(0.999)}, qualify.OutcomeError, "which no lead reaches"),
        ({"qualified_share": 0.99}, qualify.OutcomeError, "no chance qualifies 99%"),
    ],
)
def test_calibrate_says_when_it_cannot_qualify_as_asked(
    leads: list[dict[str, Any]], arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        qualify.calibrate(leads[:800], "bant", "won", **arguments)


def test_the_cli_calibrates_to_a_chance_or_a_share(
    leads: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "leads.jsonl"
    source.write_text("\n".join(json.dumps(lead) for lead in leads), encoding="utf-8")
    target = tmp_path / "calibrated.toml"
    main(["calibrate", str(source), "-f", "bant", "--outcome", "won",
          "--qualified-at", "chance=0.35", "-o", str(target)])  # fmt: skip
    out = capsys.readouterr().out
    assert "qualified at" in out and "a chance of 35% (" in out
    assert "qualified_at = { chance = 0.35 }" in target.read_text(encoding="utf-8").splitlines()
    main(["calibrate", str(source), "-f", "bant", "--outcome", "won", "--qualified-share", "0.25"])
    assert "of the leads learned from" in capsys.readouterr().out
    for option, value in (("--qualified-at", "chance=x"), ("--qualified-share", "2")):
        with pytest.raises(SystemExit) as stopped:
            main(["calibrate", str(source), "-f", "bant", "--outcome", "won", option, value])
        assert stopped.value.code == 2
        assert "expected a" in capsys.readouterr().err
