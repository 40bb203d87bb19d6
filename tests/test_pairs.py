"""Pair criteria: a criterion that follows from the rungs two others reach (``Criterion.of``)."""

from __future__ import annotations

from typing import Any

import attrs
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualify
from qualify import Criterion, Framework, Level, Levels

from .small import NOT_KNOWN, paired, worth
from .test_completions import _completions
from .test_expected_columns import _evaluated, _gain, _leads, _native, _rows
from .test_frames import OUT, _natives, _polars, expected_rows

NEED = Criterion(
    key="need", label="Need", question="What problem are they trying to solve?",
    scale=Levels(levels=[Level(name="none", satisfaction=0), Level(name="some", satisfaction=0.5),
                         Level(name="urgent", satisfaction=1)]),
)  # fmt: skip
BUDGET = Criterion(key="budget", label="Budget", question="Is money set aside for it?")
CELLS = {
    "none & no": 0.0, "some & no": 0.2, "none & yes": 0.3,
    "some & yes": 0.5, "urgent & no": 0.6, "urgent & yes": 1.0,
}  # fmt: skip


def _pair(**changes: Any) -> Criterion:
    fields: dict[str, Any] = dict(
        key="need_and_budget", label="Need with budget", question="Follows from both.",
        of=("need", "budget"), weight=0.5, unknown_satisfaction=0.3,
        scale=Levels(levels=[Level(name=n, satisfaction=s) for n, s in CELLS.items()]),
    )  # fmt: skip
    return Criterion(**(fields | changes))


def _framework(*criteria: Criterion) -> Framework:
    return Framework(
        name="paired", title="Paired", criteria=criteria or (NEED, BUDGET, _pair()),
        qualified_at=60,
    )  # fmt: skip


def test_a_pair_follows_from_the_cell_its_two_criteria_meet_in() -> None:
    framework = _framework()
    result = qualify.evaluate({"need": "Some", "budget": True}, framework)
    pair = result.criteria[2]
    assert (pair.value, pair.satisfaction, pair.status) == ("some & yes", 0.5, qualify.Status.PARTIAL)
    assert result.score == pytest.approx(100 * (0.5 + 1 + 0.5 * 0.5) / 2.5)
    # while either is unknown, so is the pair: it earns its unknown_satisfaction, and is not asked
    half = qualify.evaluate({"need": "urgent"}, framework)
    assert half.criteria[2].status is qualify.Status.UNKNOWN
    assert half.score == pytest.approx(100 * (1 + 0.5 * 0.3) / 2.5)
    assert [m.key for m in half.missing] == ["budget"]
    assert [m.key for m in qualify.evaluate({}, framework).missing] == ["need", "budget"]


def test_what_each_answer_would_do_counts_the_pair_it_completes() -> None:
    framework = _framework()
    result = qualify.evaluate({"need": "urgent"}, framework)
    (budget,) = result.missing
    scores = {a.label: a.score for a in budget.answers}
    assert scores["yes"] == qualify.evaluate({"need": "urgent", "budget": True}, framework).score
    assert scores["no"] == qualify.evaluate({"need": "urgent", "budget": False}, framework).score
    assert scores["not known"] == result.score


def test_evidence_for_a_pair_is_refused_naming_the_two_it_follows_from() -> None:
    with pytest.raises(qualify.EvidenceError) as caught:
        qualify.evaluate({"need": "some", "need_and_budget": "urgent & yes"}, _framework())
    (problem,) = caught.value.errors()
    assert problem["type"] == "pair_evidence" and problem["loc"] == ["need_and_budget"]
    assert "Accepted: evidence for 'need' and 'budget'" in problem["msg"]


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ((_pair(), NEED, BUDGET), "not one of the criteria before it"),
        ((NEED, BUDGET, _pair(of=("need", "timeline"))), "'timeline', which is not one"),
        ((NEED, BUDGET, _pair(), _pair(key="again", of=("need", "need_and_budget"))),
         "which is a pair itself"),
        ((NEED, BUDGET, _pair(scale=Levels(levels=[Level(name="none & no", satisfaction=0)]))),
         "missing: 'none & yes', 'some & no'"),
        ((NEED, BUDGET, _pair(scale=Levels(levels=[Level(name="a & b", satisfaction=0)]))),
         "not a cell of 'need' and 'budget'"),
        ((Criterion(
            key="need", label="Need", question="?",
            scale=Levels(levels=[Level(name="a", satisfaction=0.5), Level(name="b", satisfaction=0.5)])),
          BUDGET, _pair()), "earn the same satisfaction"),
    ],
)  # fmt: skip
def test_a_pair_that_cannot_be_read_is_refused(
    criteria: tuple[Criterion, ...], message: str
) -> None:
    with pytest.raises(qualify.FrameworkError, match=message):
        _framework(*criteria)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"of": ("need",)}, "names the two other criteria"),
        ({"of": ("need", "need")}, "names the two other criteria"),
        ({"required": True}, "takes no required"),
        ({"concept": "fit"}, "takes no concept"),
    ],
)
def test_a_pair_takes_nothing_its_criteria_decide(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(qualify.FrameworkError, match=message):
        _pair(**changes)


def test_a_pair_round_trips_through_a_framework_file(tmp_path: Any) -> None:
    framework = _framework()
    path = tmp_path / "paired.toml"
    qualify.dump_framework(framework, path)
    text = path.read_text()
    assert 'of = ["need", "budget"]' in text and 'name = "urgent & yes"' in text
    assert qualify.load_framework(path) == framework


@settings(max_examples=300, deadline=None)
@given(paired())
def test_answers_and_settled_hold_with_pairs(case: tuple[Framework, dict[str, Any]]) -> None:
    framework, lead = case
    result = qualify.evaluate(lead, framework)
    assert all(framework.criterion(m.key).of is None for m in result.missing)
    for missing in result.missing:
        criterion = framework.criterion(missing.key)
        for answer in missing.answers:
            value = worth(criterion)[answer.label]
            answered = qualify.evaluate(
                {**lead, criterion.key: "unknown" if value is NOT_KNOWN else value}, framework
            )
            assert answer.score == answered.score  # bit for bit, the pair's cell included
            assert answer.verdict is answered.verdict
            assert answer.probability == answered.expected
    if result.settled is not None:  # sound: every completion ends in the settled verdict
        assert {r.verdict for r in _completions(framework, lead)} == {result.settled}
    assert qualify.from_dict(qualify.to_dict(result), qualify.Evaluation) == result


def _column(criterion: Criterion) -> list[Any]:
    """The answers a table column of one type can hold for *criterion*, blank included."""
    scale = criterion.scale
    if isinstance(scale, Levels):
        return [level.name for level in scale.levels] + [None]
    if isinstance(scale, qualify.Numbers):
        return [t.at_least for t in scale.thresholds] + [scale.thresholds[0].at_least - 1, None]
    return [True, False, None]


@settings(max_examples=40, deadline=None)
@given(paired(), st.sampled_from(["pandas", "polars-lazy", "duckdb"]), st.randoms())
def test_tables_score_pairs_as_evaluate_does(
    case: tuple[Framework, dict[str, Any]], backend: str, rng: Any
) -> None:
    framework, _ = case
    asked = [c for c in framework.criteria if c.of is None]
    data: dict[str, list[Any]] = {c.key: [rng.choice(_column(c)) for _ in range(25)] for c in asked}
    data["_row"] = list(range(25))
    native = _natives(data)[backend]
    result = _polars(qualify.evaluate_frame(native, framework, criteria=True)).sort("_row")
    satisfactions = [f"satisfaction_{c.key}" for c in framework.criteria]
    extra = ["probability"] if framework.probability is not None else []
    got = result.select(*OUT, *satisfactions, *extra).with_columns(
        pl.col("verdict").cast(pl.String), pl.col("settled").cast(pl.String)
    )
    columns = {key: ("", values) for key, values in data.items() if key != "_row"}
    expected = expected_rows(framework, columns)
    for i, (row, want) in enumerate(zip(got.rows(named=True), expected, strict=True)):
        probability = row.pop("probability", None)
        assert row == want
        if extra:
            lead = {key: values[i] for key, (_, values) in columns.items()}
            assert probability == pytest.approx(qualify.evaluate(lead, framework).probability)


def test_a_column_for_a_pair_is_refused() -> None:
    frame = pl.DataFrame({"need": ["some"], "need_and_budget": ["some & yes"]})
    with pytest.raises(qualify.EvidenceError, match="takes no evidence of its own"):
        qualify.evaluate_frame(frame, _framework())


def test_the_evidence_schema_has_no_key_for_a_pair() -> None:
    schema = qualify.json_schema("evidence", framework=_framework())
    assert set(schema["properties"]) == {"need", "budget"}
    assert schema["additionalProperties"] is False


def test_a_pair_is_no_gap_so_the_next_question_is_one_a_rep_can_ask() -> None:
    need = Criterion(
        key="need", label="Need", question="What problem are they trying to solve?",
        required=True, scale=NEED.scale,
    )  # fmt: skip
    framework = Framework(
        name="paired", title="Paired", qualified_at=50,
        criteria=(need, BUDGET, _pair(weight=5.0)),
    )  # fmt: skip
    lead = {"need": "some", "budget": True}  # the pair falls short most, need is required
    result = qualify.evaluate(lead, framework)
    assert result.verdict is qualify.Verdict.NURTURE and not result.missing
    assert [gap.key for gap in result.gaps] == ["need"]
    assert result.next_question == need.question
    for table in (pl.DataFrame([lead]), pl.DataFrame([lead]).lazy()):
        row = _polars(qualify.evaluate_frame(table, framework)).row(0, named=True)
        assert row["next_question"] == need.question


@settings(max_examples=25, deadline=None)
@given(paired(), st.integers(0, 1000), st.sampled_from(["pandas", "polars-lazy", "duckdb"]))
def test_expected_and_next_gain_columns_count_the_pair_as_evaluate_does(
    case: tuple[Framework, dict[str, Any]], seed: int, backend: str
) -> None:
    framework, _ = case
    if framework.probability is None or not all(c.seen for c in framework.criteria):
        return  # no counts: no such columns
    asked = attrs.evolve(framework, criteria=[c for c in framework.criteria if c.of is None])
    data = _leads(asked, 30, seed)  # columns for the criteria a rep answers, none for the pair
    rows = _rows(qualify.evaluate_frame(_native(data, backend), framework))
    for row, result in zip(rows, _evaluated(data, framework), strict=True):
        assert row["expected"] == result.expected
        gain = _gain(result)
        assert (row["next_gain"] is None) is (gain is None)
        if gain is not None:
            assert row["next_gain"] == pytest.approx(gain, rel=1e-9, abs=1e-12)
