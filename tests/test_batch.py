"""Many leads at once: evaluate_many streams, in order, with flat memory."""

from __future__ import annotations

import itertools
import sys
import tracemalloc
from collections.abc import Iterator

import pytest

import qualify
from qualify import Verdict

LEADS = [
    {"budget": "sufficient", "authority": "engaged", "need": "validated", "timeframe": 2},
    {"need": "identified"},
    {"budget": "none", "authority": "unknown", "need": "assumed", "timeframe": 36},
]


def test_results_equal_evaluate_one_by_one() -> None:
    results = list(qualify.evaluate_many(LEADS, "bant"))
    assert results == [qualify.evaluate(lead, "bant") for lead in LEADS]
    assert [r.verdict for r in results] == [Verdict.QUALIFIED, Verdict.NURTURE, Verdict.UNQUALIFIED]


def test_a_generator_is_consumed_lazily() -> None:
    pulled = 0

    def leads() -> Iterator[dict[str, object]]:
        nonlocal pulled
        for lead in itertools.cycle(LEADS):
            pulled += 1
            yield lead

    results = qualify.evaluate_many(leads(), "bant")  # an endless generator
    assert pulled == 0
    first = list(itertools.islice(results, 5))
    assert len(first) == 5 and pulled == 5


def test_memory_stays_flat() -> None:
    def leads(count: int) -> Iterator[dict[str, object]]:
        for number in range(count):
            yield {"need": "validated", "timeframe": number % 24}

    def peak(count: int) -> int:
        tracemalloc.start()
        for _ in qualify.evaluate_many(leads(count), "bant"):
            pass
        _, high = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return high

    small, large = peak(1_000), peak(20_000)
    assert large < small * 1.5 + 50_000


def test_through_a_mapping() -> None:
    rows = [{"leadid": "a", "budgetstatus": "Will Buy", "need": "Must have"}]
    (result,) = qualify.evaluate_many(rows, "bant", mapping="dynamics365")
    assert result.result("budget").value == "sufficient"


def test_bad_record_is_named_by_position() -> None:
    results = qualify.evaluate_many([LEADS[0], {"budget": "lots"}], "bant")
    assert next(results).verdict is Verdict.QUALIFIED
    with pytest.raises(qualify.EvidenceError, match="^record 2: criterion 'budget'"):
        next(results)


def test_framework_and_mapping_are_checked_before_any_record() -> None:
    with pytest.raises(qualify.UnknownFrameworkError):
        qualify.evaluate_many(LEADS, "bnat")
    with pytest.raises(qualify.UnknownFrameworkError):
        qualify.evaluate_many(LEADS, "bant", mapping="nope")
    with pytest.raises(qualify.UnknownCriterionError, match="mapping 'dynamics365' feeds"):
        qualify.evaluate_many(LEADS, "icare", mapping="dynamics365")


def test_an_unmapped_value_is_named_by_its_record() -> None:
    rows = [{"budgetstatus": "Will Buy"}, {"budgetstatus": "Maybe Later"}]
    results = qualify.evaluate_many(rows, "bant", mapping="dynamics365")
    next(results)
    with pytest.raises(qualify.EvidenceError, match="^record 2: CRM field 'budgetstatus'"):
        next(results)


def test_an_error_from_the_records_themselves_is_not_blamed_on_a_record() -> None:
    def records() -> Iterator[dict[str, str]]:
        yield LEADS[0]
        raise qualify.EvidenceError("the export ended early")

    results = qualify.evaluate_many(records(), "bant")
    next(results)
    with pytest.raises(qualify.EvidenceError, match="^the export ended early$"):
        next(results)


def test_progress_needs_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(qualify.QualifyError, match=r'pip install "qualify\[progress\]"'):
        list(qualify.evaluate_many(LEADS, "bant", progress=True))


def test_progress_bar_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    results = list(qualify.evaluate_many(LEADS, "bant", progress=True))
    assert len(results) == 3
    assert "3/3" in capsys.readouterr().err


def test_report_yields_each_bad_record_in_its_place_and_goes_on() -> None:
    leads = [
        {"lead": "L-1", "need": "validated"},
        {"lead": "L-2", "budget": "lots", "need": "urgent"},
        {"lead": "L-3", "timeframe": 4},
    ]
    outcomes = list(qualify.evaluate_many(leads, "bant", errors="report", id="lead"))
    assert isinstance(outcomes[0], qualify.Evaluation) and isinstance(
        outcomes[2], qualify.Evaluation
    )
    bad = outcomes[1]
    assert isinstance(bad, qualify.RowProblems)
    assert (bad.position, bad.id, len(bad.problems)) == (2, "L-2", 2)
    with pytest.raises(qualify.EvidenceError) as raised:
        qualify.evaluate({"budget": "lots", "need": "urgent"}, "bant")
    assert bad.problems == raised.value.problems


def test_the_id_names_the_record_that_raises() -> None:
    leads = [{"lead": "L-1", "need": "validated"}, {"lead": "L-2", "need": "urgent"}]
    with pytest.raises(qualify.EvidenceError, match=r"^record 'L-2': criterion 'need'"):
        list(qualify.evaluate_many(leads, "bant", id="lead"))
    with pytest.raises(qualify.QualifyError, match="errors must be one of 'raise', 'report'"):
        qualify.evaluate_many(leads, "bant", errors="skip")  # type: ignore[call-overload]


def test_report_through_a_mapping() -> None:
    rows = [
        {"leadid": "a", "budgetstatus": "Will Buy"},
        {"leadid": "b", "budgetstatus": "Perhaps", "need": "Yes"},
    ]
    outcomes = list(
        qualify.evaluate_many(rows, "bant", mapping="dynamics365", errors="report", id="leadid")
    )
    assert isinstance(outcomes[1], qualify.RowProblems) and outcomes[1].id == "b"
    assert len(outcomes[1].problems) == 2
