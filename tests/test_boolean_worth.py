"""A yes-or-no criterion whose answers earn what the data say: ``Boolean(yes=..., no=...)``.

A team declares "a returning visitor is a better lead"; the outcomes may say
returning visitors convert worse. A calibration then writes ``yes = 0, no = 1``
(and names the reversal), and every path that rates a flag (evaluate, tables,
files, what each answer would do) reads the scale's own yes and no.
"""

from __future__ import annotations

import io
import math
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualify
from qualify import Boolean, Criterion, Framework, FrameworkError
from qualify.cli import main

TURNED = Boolean(yes=0.0, no=1.0)


def _framework(scale: Boolean = TURNED) -> Framework:
    return Framework(
        name="visits",
        title="Visits",
        criteria=[
            Criterion(key="returning", label="Returning visitor", weight=1, scale=scale,
                      question="Have they visited before?"),
            Criterion(key="cart", label="Cart", weight=2, question="Did they fill a cart?"),
        ],
        qualified_at=50,
    )  # fmt: skip


def test_yes_and_no_default_to_met_and_not_met() -> None:
    scale = Boolean()
    assert (scale.yes, scale.no) == (1.0, 0.0)
    assert [scale.assess(v) for v in (True, False, "yes", "N", 1, 0)] == [1, 0, 1, 0, 1, 0]


def test_a_turned_scale_rates_every_spelling_of_yes_and_no_alike() -> None:
    assert [TURNED.assess(v) for v in (True, "yes", " Y ", 1, 1.0)] == [0.0] * 5
    assert [TURNED.assess(v) for v in (False, "no", "false", 0)] == [1.0] * 4
    assert TURNED.assess("maybe") is None
    assert TURNED.assess(2) is None


@pytest.mark.parametrize("field", ["yes", "no"])
@pytest.mark.parametrize("value", [-0.1, 1.5, math.nan, "1"])
def test_yes_and_no_must_be_fractions(field: str, value: Any) -> None:
    with pytest.raises(FrameworkError, match=f"{field} of a boolean scale must be a number from 0 to 1"):
        Boolean(**{field: value})


@pytest.mark.parametrize(("yes", "no"), [(0.5, 0.0), (1.0, 1.0), (0.0, 0.0), (0.7, 0.3)])
def test_one_answer_earns_1_and_the_other_0(yes: float, no: float) -> None:
    # so the best and worst a lead can still reach are what they are on every scale
    with pytest.raises(FrameworkError, match="yes and no must be 1 and 0 .* or 0 and 1") as raised:
        Boolean(yes=yes, no=no)
    assert "use a levels scale" in str(raised.value)


def test_evaluate_scores_a_turned_flag() -> None:
    framework = _framework()
    returning = qualify.evaluate({"returning": True, "cart": True}, framework)
    new = qualify.evaluate({"returning": False, "cart": True}, framework)
    assert returning.result("returning").satisfaction == 0.0
    assert new.result("returning").satisfaction == 1.0
    assert new.score == 100.0
    assert returning.score == pytest.approx(200 / 3)


def test_what_each_answer_would_do_reads_yes_and_no() -> None:
    result = qualify.evaluate({"cart": True}, _framework())
    missing = next(m for m in result.missing if m.key == "returning")
    worth = {answer.label: answer.score for answer in missing.answers}
    assert worth["no"] == 100.0
    assert worth["yes"] == pytest.approx(200 / 3)


def test_files_write_yes_and_no_only_when_they_are_not_the_default() -> None:
    plain = qualify.to_dict(_framework(Boolean()))
    assert plain["criteria"][0]["scale"] == {"type": "boolean"}
    turned = qualify.to_dict(_framework())
    assert turned["criteria"][0]["scale"] == {"type": "boolean", "yes": 0.0, "no": 1.0}
    assert qualify.from_dict(turned, Framework) == _framework()
    text = qualify.dumps_framework(_framework())
    assert "yes = 0.0" in text and "no = 1.0" in text
    assert qualify.load_framework(io.BytesIO(text.encode()), format="toml") == _framework()


def test_a_file_with_a_bad_yes_says_where_and_what_is_accepted() -> None:
    data = qualify.to_dict(_framework())
    data["criteria"][0]["scale"]["yes"] = 2
    with pytest.raises(qualify.QualifyError, match="yes of a boolean scale must be a number from 0 to 1"):
        qualify.from_dict(data, Framework)
    data["criteria"][0]["scale"]["yes"] = 1.0  # yes and no both 1
    with pytest.raises(qualify.QualifyError, match="yes and no must be 1 and 0"):
        qualify.from_dict(data, Framework)


def test_show_names_what_yes_and_no_earn(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "visits.toml"
    path.write_text(qualify.dumps_framework(_framework()), encoding="utf-8")
    assert main(["show", str(path)]) == 0
    assert "yes 0, no 1" in capsys.readouterr().out


pd = pytest.importorskip("pandas", reason="the table checks need pandas")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    turned=st.booleans(),
    flags=st.lists(st.sampled_from([True, False, None]), min_size=1, max_size=12),
)
def test_tables_rate_flags_words_and_numbers_as_evaluate_does(
    turned: bool, flags: list[bool | None]
) -> None:
    framework = _framework(TURNED if turned else Boolean())
    spelled = {True: "yes", False: "no", None: None}
    numbered = {True: 1, False: 0, None: None}
    rows = [{"returning": flag, "cart": True} for flag in flags]
    expected = [
        qualify.evaluate({k: v for k, v in row.items() if v is not None}, framework).score
        for row in rows
    ]
    for column in (
        pd.array(flags, dtype="boolean"),
        [spelled[f] for f in flags],
        pd.array([numbered[f] for f in flags], dtype="Int64"),
    ):
        table = pd.DataFrame({"returning": column, "cart": [True] * len(flags)})
        scored = qualify.evaluate_frame(table, framework)["score"].tolist()
        assert scored == pytest.approx(expected)


def _visits(count: int, seed: int) -> list[dict[str, Any]]:
    """Sessions where returning visitors convert worse, whatever the team declared."""
    rng = random.Random(seed)
    leads = []
    for number in range(count):
        lead: dict[str, Any] = {
            "returning": rng.random() < 0.7,
            "cart": rng.random() < 0.3,
            "order": number,
        }
        log_odds = -1.5 + 1.5 * lead["cart"] - 1.2 * lead["returning"]
        lead["won"] = rng.random() < 1 / (1 + math.exp(-log_odds))
        leads.append(lead)
    return leads


def test_calibrate_turns_a_flag_the_data_reverse_and_names_it() -> None:
    pytest.importorskip("numpy", reason="calibrate needs the learn extra (numpy)")
    declared = _framework(Boolean())  # declared: returning is better
    leads = _visits(6000, 1)
    result = qualify.calibrate(leads, declared, "won", time="order")
    assert qualify.reports.Reversal("returning", "no", "yes") in result.reversed
    scale = result.framework.criteria[0].scale
    assert isinstance(scale, Boolean)
    assert scale.no > scale.yes
    newer = _visits(3000, 2)
    asked = [{"returning": lead["returning"], "cart": lead["cart"]} for lead in newer]
    chance = [qualify.evaluate(lead, result.framework).probability for lead in asked]
    won = [lead["won"] for lead in newer]
    declared_score = [qualify.evaluate(lead, declared).score for lead in asked]
    assert _auc(chance, won) > _auc(declared_score, won) + 0.05
    again = qualify.loads_framework(qualify.dumps_framework(result.framework))
    assert again == result.framework


def _auc(scores: list[Any], won: list[bool]) -> float:
    pairs = [(s, w) for s, w in zip(scores, won, strict=True)]
    positives = [s for s, w in pairs if w]
    negatives = [s for s, w in pairs if not w]
    above = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return above / (len(positives) * len(negatives))


def test_tables_and_lazy_engines_turn_the_flag_as_rows_do() -> None:
    pl = pytest.importorskip("polars", reason="the engine check needs polars")
    leads = _visits(3000, 3)
    declared = _framework(Boolean())
    expected = qualify.calibrate(leads, declared, "won", time="order")
    assert qualify.reports.Reversal("returning", "no", "yes") in expected.reversed
    frame = pl.DataFrame(leads)
    for table in (frame, frame.lazy(), frame.to_pandas()):
        assert qualify.calibrate(table, declared, "won", time="order") == expected
    duckdb = pytest.importorskip("duckdb", reason="the DuckDB check needs duckdb")
    relation = duckdb.from_arrow(frame.to_arrow())
    assert qualify.calibrate(relation, declared, "won", time="order") == expected
