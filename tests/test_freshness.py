"""Evidence that ages: judged as_of an instant, old evidence is stale and re-asked."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualify
from qualify import Evidence
from qualify._core.freshness import duration, duration_text
from qualify._core.jsontext import EvaluationText
from qualify.cli import main

NOW = datetime(2026, 11, 23, 9, 0)
HALF_YEAR = timedelta(days=182)
BANT = qualify.get_framework("bant").customize(name="bant-fresh", fresh_for=HALF_YEAR)


def test_bant_evidence_from_a_year_ago_is_asked_again() -> None:
    """Inquiries keep buying over 3, 6 and 12 months: what the team heard about the
    budget a year ago is not what it knows now, so the rep asks again."""
    lead = [
        Evidence(key="budget", value="allocated", observed_at=datetime(2025, 11, 20)),
        Evidence(key="need", value="validated", observed_at=datetime(2026, 10, 2)),
        Evidence(key="authority", value="engaged", observed_at=datetime(2026, 9, 14)),
    ]
    then = qualify.evaluate(lead, BANT)  # no as_of: age is ignored
    now = qualify.evaluate(lead, BANT, as_of=NOW)
    assert then.stale == () and then.as_of is None
    assert [s.key for s in now.stale] == ["budget"]
    assert now.stale[0].age == NOW - datetime(2025, 11, 20)
    assert now.stale[0].fresh_for == HALF_YEAR and now.stale[0].value == "allocated"
    assert now.result("budget").status is qualify.Status.UNKNOWN
    assert now.score < then.score
    assert now.next_question is not None
    assert now.next_question.startswith(BANT.criterion("budget").question)
    assert now.next_question.endswith(
        "(Re-confirm: the answer on record is more than 182 days old.)"
    )
    assert now.missing[0].points == then.criteria[0].weight * 100 / 12


def test_evidence_observed_after_as_of_was_not_known_yet() -> None:
    lead = [
        Evidence(key="need", value="identified", observed_at=datetime(2026, 1, 5)),
        Evidence(key="need", value="validated", observed_at=datetime(2026, 6, 1)),
    ]
    assert qualify.evaluate(lead, BANT, as_of=datetime(2026, 3, 1)).result("need").value == (
        "identified"
    )
    assert qualify.evaluate(lead, BANT, as_of=NOW).result("need").value == "validated"
    early = qualify.evaluate(lead, BANT, as_of=datetime(2025, 12, 1))
    assert early.result("need").status is qualify.Status.UNKNOWN and early.stale == ()


def test_a_criterion_s_own_fresh_for_beats_the_framework_s() -> None:
    framework = BANT.customize(
        name="bant-fast-budget", change={"budget": {"fresh_for": timedelta(days=30)}}
    )
    lead = {"budget": "allocated", "need": "validated"}
    seen = datetime(2026, 9, 1)
    result = qualify.evaluate(lead, framework, as_of=NOW, observed_at=seen)
    assert [s.key for s in result.stale] == ["budget"]  # 83 days: past 30, within 182
    per_key = qualify.evaluate(
        lead, framework, as_of=NOW, observed_at={"need": datetime(2024, 1, 1)}
    )
    assert [s.key for s in per_key.stale] == ["need"]  # budget has no time: it has no age


def test_stale_results_round_trip_and_write_the_same_json() -> None:
    lead = [Evidence(key="budget", value="process", observed_at=datetime(2024, 2, 29, tzinfo=UTC))]
    result = qualify.evaluate(lead, BANT, as_of=NOW.replace(tzinfo=UTC))
    data = qualify.to_dict(result)
    assert data["stale"][0]["fresh_for"] == "P182D" and data["as_of"] == "2026-11-23T09:00:00+00:00"
    assert qualify.from_dict(data, qualify.Evaluation) == result
    assert EvaluationText()(result) == json.dumps(data)


def test_freshness_in_a_framework_file_round_trips(tmp_path: object) -> None:
    framework = BANT.customize(
        name="bant-file", change={"need": {"fresh_for": timedelta(days=90, hours=12)}}
    )
    text = qualify.dumps_framework(framework)
    assert 'fresh_for = "P182D"' in text and 'fresh_for = "P90DT12H"' in text
    assert "fresh_for" not in qualify.dumps_framework(qualify.get_framework("bant"))
    data = qualify.to_dict(framework)
    assert qualify.from_dict(data, qualify.Framework) == framework


@pytest.mark.parametrize(
    ("as_of", "observed_at", "message"),
    [
        ("2026-11-23", None, "as_of must be a datetime"),
        (NOW, "yesterday", "observed_at must be a datetime"),
        (NOW.replace(tzinfo=UTC), datetime(2026, 1, 1), "one has a timezone and the other not"),
        (NOW, {"budgett": NOW}, "Did you mean 'budget'?"),
    ],
)
def test_bad_times_say_what_is_accepted(as_of: object, observed_at: object, message: str) -> None:
    with pytest.raises(qualify.QualifyError, match=message):
        qualify.evaluate({"budget": "allocated"}, BANT, as_of=as_of, observed_at=observed_at)  # type: ignore[arg-type]


@pytest.mark.parametrize("fresh_for", [timedelta(0), timedelta(days=-1), 90, "P90D"])
def test_fresh_for_must_be_a_positive_timedelta(fresh_for: object) -> None:
    with pytest.raises(qualify.FrameworkError, match="positive datetime.timedelta"):
        BANT.customize(name="bad", fresh_for=fresh_for)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["P1Y", "P3M", "P", "PT", "P1DT", "90 days", "-P1D"])
def test_durations_with_no_fixed_length_or_no_form_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="ISO 8601 duration"):
        duration(text)


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10**6)))
def test_durations_round_trip(span: timedelta) -> None:
    assert duration(duration_text(span)) == span


# -- properties ------------------------------------------------------------------

_moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1))
_items = st.lists(
    st.builds(
        Evidence,
        key=st.sampled_from(["budget", "authority", "need", "timeframe"]),
        value=st.sampled_from(["none", "process", "allocated", "identified"]),
        observed_at=_moments,
    ).filter(lambda e: BANT.criterion(e.key).scale.assess(e.value) is not None),
    max_size=8,
)


def _stale_keys(items: list[Evidence], as_of: datetime) -> set[str]:
    return {s.key for s in qualify.evaluate(items, BANT, as_of=as_of).stale}


@settings(max_examples=200)
@given(_items, st.sampled_from(["budget", "authority", "need"]), _moments)
def test_adding_fresh_evidence_never_makes_a_lead_staler(
    items: list[Evidence], key: str, as_of: datetime
) -> None:
    value = {"budget": "allocated", "authority": "identified", "need": "identified"}[key]
    fresh = Evidence(key=key, value=value, observed_at=as_of)
    assert _stale_keys([*items, fresh], as_of) <= _stale_keys(items, as_of)


@settings(max_examples=200)
@given(_items, _moments, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=2000)))
def test_moving_as_of_forward_never_makes_evidence_fresher(
    items: list[Evidence], as_of: datetime, later: timedelta
) -> None:
    before = qualify.evaluate(items, BANT, as_of=as_of)
    after = qualify.evaluate(items, BANT, as_of=as_of + later)
    ages = {s.key: s.observed_at for s in after.stale}
    for stale in before.stale:  # stale then: stale later, unless newer evidence arrived
        assert stale.key in ages or any(
            i.key == stale.key
            and i.observed_at is not None
            and as_of < i.observed_at <= as_of + later
            for i in items
        )


def test_evaluate_many_judges_every_lead_as_of_one_instant() -> None:
    leads = [
        [Evidence(key="budget", value="allocated", observed_at=datetime(2025, 1, 1))],
        [Evidence(key="budget", value="allocated", observed_at=datetime(2026, 11, 1))],
    ]
    results = list(qualify.evaluate_many(leads, BANT, as_of=NOW))
    assert [[s.key for s in r.stale] for r in results] == [["budget"], []]
    assert results == [qualify.evaluate(lead, BANT, as_of=NOW) for lead in leads]
    assert all(r.stale == () for r in qualify.evaluate_many(leads, BANT))
    with pytest.raises(qualify.EvidenceError, match="as_of must be a datetime"):
        qualify.evaluate_many(leads, BANT, as_of="today")  # type: ignore[call-overload]


def test_evaluate_many_reads_when_each_row_was_observed_from_its_own_keys() -> None:
    """A leads table keeps one "updated" time per row, or one per answer."""
    rows = [
        {"id": "L-1", "budget": "allocated", "need": "validated", "seen": datetime(2025, 1, 1)},
        {"id": "L-2", "budget": "allocated", "need": "validated", "seen": "2026-11-01"},
        {"id": "L-3", "budget": "allocated", "need": "validated", "seen": None},
    ]
    by_row = list(qualify.evaluate_many(rows, BANT, id="id", as_of=NOW, observed_at_column="seen"))
    assert [[s.key for s in r.stale] for r in by_row] == [["budget", "need"], [], []]
    assert by_row[1] == qualify.evaluate(
        {"budget": "allocated", "need": "validated"},
        BANT,
        as_of=NOW,
        observed_at=datetime(2026, 11, 1),
    )
    per_key = [{"budget": "allocated", "budget_at": datetime(2025, 1, 1), "need": "validated"}]
    found = next(qualify.evaluate_many(per_key, BANT, as_of=NOW, observed_at_column={"budget": "budget_at"}))
    assert [s.key for s in found.stale] == ["budget"]


@pytest.mark.parametrize(
    ("rows", "observed_at", "message"),
    [
        ([{"budget": "allocated"}], "seen", "the record has no 'seen'"),
        ([{"budget": "allocated", "seen": "last week"}], "seen", "ISO 8601 text"),
        ([{"budget": "allocated"}], {"budgett": "seen"}, "not a criterion of framework"),
        ([[Evidence(key="budget", value="allocated")]], "seen", "carry their own observed_at"),
    ],
)
def test_evaluate_many_says_what_is_wrong_with_row_times(
    rows: list[object], observed_at: object, message: str
) -> None:
    with pytest.raises(qualify.QualifyError, match=message):
        list(qualify.evaluate_many(rows, BANT, as_of=NOW, observed_at_column=observed_at))  # type: ignore[call-overload]


def test_observed_at_without_as_of_is_refused_not_ignored() -> None:
    with pytest.raises(qualify.QualifyError, match="give as_of= too"):
        qualify.evaluate({"budget": "allocated"}, BANT, observed_at=NOW)
    with pytest.raises(qualify.QualifyError, match="give as_of= too"):
        qualify.evaluate_many([], BANT, observed_at_column="seen")


def test_the_command_line_judges_a_file_as_of_a_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    framework = tmp_path / "bant-fresh.toml"
    framework.write_text(qualify.dumps_framework(BANT), encoding="utf-8")
    leads = tmp_path / "leads.csv"
    leads.write_text(
        "lead,budget,need,updated,budget_checked\n"
        "L-1,allocated,validated,2026-11-01,2025-01-10\n"
        "L-2,allocated,validated,2025-02-01T09:30:00,\n",
        encoding="utf-8",
    )
    argv = ["evaluate", str(leads), "-f", str(framework), "--format", "csv", "--as-of", "2026-11-23"]
    code = main([*argv, "--observed-at", "updated", "--observed-at", "budget=budget_checked"])
    out, err = capsys.readouterr()
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    # a key's own column wins; where it is empty, the row's time counts
    assert [row["stale"] for row in rows] == ["budget", "budget need"]
    assert rows[1]["next_question"].startswith(BANT.criterion("need").question)  # the heavier
    assert "Re-confirm" in rows[0]["next_question"]
    assert "not used" not in err  # the time columns are read, not ignored
    assert main(["evaluate", str(leads), "-f", str(framework), "--observed-at", "updated"]) == 2
    assert "needs --as-of" in capsys.readouterr().err
    assert main([*argv[:-1], "last tuesday"]) == 2
    assert "--as-of must be a datetime" in capsys.readouterr().err


_OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@settings(max_examples=200, deadline=None)
@given(
    observed=st.datetimes(timezones=_OFFSETS),
    as_of=st.datetimes(timezones=_OFFSETS),
)
def test_aware_times_anywhere_in_datetime_s_range_are_judged_as_instants(
    observed: datetime, as_of: datetime
) -> None:
    # near year 1 or 9999, a time east or west of UTC has no UTC equivalent in range;
    # its age is still the instants' difference (Python's subtraction across zones)
    result = qualify.evaluate(
        {"budget": "allocated"}, BANT, as_of=as_of, observed_at=observed
    )
    age = as_of - observed.replace(tzinfo=timezone(observed.utcoffset() or timedelta(0), "x"))
    budget = result.result("budget")
    if age < timedelta(0):  # observed after as_of: nobody knew it yet
        assert budget.status == "unknown" and not result.stale
    elif age > HALF_YEAR:
        assert budget.status == "unknown" and [s.key for s in result.stale] == ["budget"]
    else:
        assert budget.status != "unknown" and not result.stale


@pytest.mark.parametrize(
    ("observed", "as_of"),
    [
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))), datetime(2025, 1, 1, tzinfo=UTC)),
        (datetime(2025, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-2)))),
    ],
)
def test_the_ends_of_datetime_s_range_are_no_crash(observed: datetime, as_of: datetime) -> None:
    older = Evidence(key="budget", value="none", observed_at=observed)
    newer = Evidence(key="budget", value="allocated", observed_at=as_of)
    assert qualify.evaluate([older, newer], "bant").result("budget").value == "allocated"
    assert qualify.evaluate([older], BANT, as_of=as_of).stale[0].key == "budget"
