"""An answer that says nobody knows is no evidence: the criterion stays missing, its question asked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import qualify


@pytest.mark.parametrize(
    "answer",
    [
        "unknown",
        "Unknown",
        " UNKNOWN ",
        "N/A",
        "tbd",
        "Not sure",
        "-- Select --",
        "-",
        "?",
        "unknown to us",
    ],
)
def test_bant_treats_not_known_answers_as_no_evidence(answer: str) -> None:
    result = qualify.evaluate({"authority": answer, "need": "validated"}, "bant")
    assert result.result("authority").status is qualify.Status.UNKNOWN
    assert [m.key for m in result.missing] == ["budget", "authority", "timeframe"]
    assert result == qualify.evaluate({"need": "validated"}, "bant")


def test_the_authority_question_is_still_asked() -> None:
    result = qualify.evaluate(
        {"authority": "unknown", "budget": "sufficient", "need": "validated"}, "bant"
    )
    assert result.next_question == qualify.get_framework("bant").criterion("authority").question


def test_evidence_items_that_say_unknown_do_not_replace_an_answer() -> None:
    from datetime import UTC, datetime

    items = [
        qualify.Evidence(
            key="authority", value="engaged", observed_at=datetime(2026, 1, 1, tzinfo=UTC)
        ),
        qualify.Evidence(
            key="authority", value="unknown", observed_at=datetime(2026, 2, 1, tzinfo=UTC)
        ),
    ]
    assert qualify.evaluate(items, "bant").result("authority").value == "engaged"


def test_a_disqualifier_answered_unknown_is_not_evidence() -> None:
    result = qualify.evaluate({"competitor": "Unknown", "urgency": True}, "short-term-lead")
    assert result.verdict is not qualify.Verdict.DISQUALIFIED
    assert result.disqualified_by == ()


def _levels(*names: str) -> qualify.Levels:
    return qualify.Levels(
        levels=[qualify.Level(name=n, satisfaction=i / 2) for i, n in enumerate(names)]
    )


def test_a_framework_says_its_own_words() -> None:
    fit = qualify.Criterion(
        key="fit", label="Fit", question="Do they fit?", scale=_levels("poor", "fair", "good")
    )
    framework = qualify.Framework(
        name="acme-fit", title="Fit", criteria=[fit], no_evidence=["pending"]
    )
    assert framework.not_known("fit") == frozenset({"pending"})
    assert qualify.evaluate({"fit": "Pending"}, framework).missing[0].key == "fit"
    with pytest.raises(qualify.EvidenceError, match="does not accept 'unknown'"):
        qualify.evaluate({"fit": "unknown"}, framework)
    wider = framework.customize(name="acme-fit-2", no_evidence=[*qualify.NOT_KNOWN, "pending"])
    assert qualify.evaluate({"fit": "unknown"}, wider).completeness == 0


def test_a_level_named_like_a_default_word_keeps_its_meaning_in_its_criterion() -> None:
    metrics = qualify.Criterion(
        key="metrics",
        label="Metrics",
        question="What gain is measured?",
        scale=_levels("unknown", "estimated", "agreed"),
    )
    other = qualify.Criterion(
        key="pain", label="Pain", question="What hurts?", scale=_levels("none", "felt")
    )
    framework = qualify.Framework(name="acme-meddic", title="M", criteria=[metrics, other])
    assert (
        qualify.evaluate({"metrics": "unknown"}, framework).result("metrics").status
        is qualify.Status.UNMET
    )
    assert (
        qualify.evaluate({"pain": "unknown"}, framework).result("pain").status
        is qualify.Status.UNKNOWN
    )
    assert "unknown" not in framework.not_known("metrics") and "unknown" in framework.not_known(
        "pain"
    )


def test_words_given_explicitly_may_not_name_a_level() -> None:
    metrics = qualify.Criterion(
        key="metrics", label="Metrics", question="?", scale=_levels("unknown", "agreed")
    )
    with pytest.raises(
        qualify.FrameworkError, match="criterion 'metrics' .* has the level 'unknown'"
    ):
        qualify.Framework(name="x", title="X", criteria=[metrics], no_evidence=["unknown", "tbd"])
    with pytest.raises(qualify.FrameworkError, match="no_evidence value of framework 'x'"):
        qualify.Framework(name="x", title="X", criteria=[metrics], no_evidence=[""])


def test_not_known_names_the_keys_it_knows() -> None:
    with pytest.raises(qualify.UnknownCriterionError, match="Did you mean 'budget'"):
        qualify.get_framework("bant").not_known("budgte")


def test_framework_files_say_their_words_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text('name = "acme"\nextends = "bant"\nno_evidence = ["unknown", "pending"]\n')
    acme = qualify.load_framework(path)
    assert acme.no_evidence == ("unknown", "pending")
    assert qualify.evaluate({"budget": "pending"}, acme).completeness == 0
    with pytest.raises(qualify.EvidenceError, match="does not accept 'N/A'"):
        qualify.evaluate({"budget": "N/A"}, acme)
    for suffix in (".toml", ".json"):
        again = tmp_path / f"again{suffix}"
        qualify.dump_framework(acme, again)
        assert qualify.load_framework(again) == acme
    assert "no_evidence" not in qualify.dumps_framework(qualify.get_framework("icare"))
    assert qualify.from_dict(qualify.to_dict(acme), qualify.Framework) == acme


@pytest.mark.parametrize("backend", ["pandas", "polars", "polars-lazy"])
def test_tables_read_not_known_answers_as_evaluate_does(backend: str) -> None:
    data = {
        "authority": ["unknown", "N/A", "engaged", None, "-- select --"],
        "need": ["validated", "tbd", "assumed", "identified", "Not sure"],
    }
    frame = pd.DataFrame(data) if backend == "pandas" else pl.DataFrame(data)
    if backend == "polars-lazy":
        frame = frame.lazy()
    result = qualify.evaluate_frame(frame, "bant")
    if isinstance(result, pl.LazyFrame):
        result = result.collect()
    got = pl.from_pandas(result) if isinstance(result, pd.DataFrame) else result
    rows = [{key: values[i] for key, values in data.items()} for i in range(5)]
    expected = [qualify.evaluate(row, "bant") for row in rows]
    assert got["completeness"].to_list() == [e.completeness for e in expected]
    assert got["missing"].to_list() == [[m.key for m in e.missing] for e in expected]


def test_a_mapping_that_translates_to_unknown_is_no_evidence_in_tables_too() -> None:
    crm = qualify.FieldMap(
        name="crm",
        fields=[
            qualify.Field(
                column="Decision Maker",
                criterion="authority",
                values={"No": "unknown", "Yes": "identified"},
            )
        ],
    )
    frame = pl.DataFrame({"Decision Maker": ["No", "Yes"]})
    result = qualify.evaluate_frame(frame, "bant", mapping=crm)
    assert result["completeness"].to_list() == [
        qualify.evaluate({"Decision Maker": answer}, "bant", mapping=crm).completeness
        for answer in ("No", "Yes")
    ]
