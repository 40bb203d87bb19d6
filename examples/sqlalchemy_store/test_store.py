"""The SQLAlchemy recipe against a real SQLite database."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

import qualify
from store import SAMPLE, Base, Lead, best_first, main


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = create_engine(f"sqlite:///{tmp_path / 'leads.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session


def test_an_evaluation_comes_back_from_the_database_equal(session: Session) -> None:
    aged = qualify.get_framework("bant").customize(name="bant-aged", fresh_for=timedelta(days=120))
    lead = Lead(name="Acme Tools", evidence={"budget": "allocated", "need": "validated"})
    lead.judge(aged, as_of=datetime(2026, 11, 23))
    session.add(lead)
    session.commit()
    written = lead.evaluation
    session.expunge_all()  # read it back from the database, not from the session

    again = session.scalars(select(Lead)).one()
    assert isinstance(again.evaluation, qualify.Evaluation)
    assert again.evaluation == written
    assert again.evaluation.next_question == "Who signs off on this purchase, and are we already talking to them?"
    assert again.verdict == written.verdict.value and again.score == written.score


def test_the_column_holds_to_dict_s_json(session: Session) -> None:
    lead = Lead(name="Birch Dental", evidence={"budget": "process"})
    lead.judge("bant")
    session.add(lead)
    session.commit()
    raw = session.execute(text("SELECT evaluation FROM leads")).scalar_one()
    assert json.loads(raw) == qualify.to_dict(lead.evaluation)


def test_leads_sort_by_priority_with_disqualified_ones_last(session: Session) -> None:
    for name, evidence in SAMPLE.items():
        lead = Lead(name=name, evidence=evidence)
        lead.judge("bant")
        session.add(lead)
    out = Lead(name="Dune Retail", evidence={"competitor": True, "pain_validated": True})
    out.judge("short-term-lead")  # a competitor fishing for prices: disqualified, so last
    session.add(out)
    unjudged = Lead(name="Elm Partners", evidence={})
    session.add(unjudged)
    session.commit()
    ranked = best_first(session)
    assert [lead.name for lead in ranked][0] == "Acme Tools"
    assert "Elm Partners" not in [lead.name for lead in ranked]
    assert ranked[-1].name == "Dune Retail" and ranked[-1].verdict == "disqualified"
    priorities = [lead.priority for lead in ranked]
    assert priorities == sorted(priorities, reverse=True)


def test_a_lead_never_judged_keeps_a_null_evaluation(session: Session) -> None:
    session.add(Lead(name="Elm Partners"))
    session.commit()
    session.expunge_all()
    assert session.scalars(select(Lead)).one().evaluation is None


def test_something_else_in_the_column_is_refused_not_written(session: Session) -> None:
    lead = Lead(name="Fir Labs", evidence={})
    lead.evaluation = {"score": 90}  # type: ignore[assignment]
    session.add(lead)
    with pytest.raises(StatementError, match="holds qualify.Evaluation, got dict"):
        session.commit()


def test_judging_again_replaces_the_evaluation(session: Session) -> None:
    lead = Lead(name="Birch Dental", evidence={"budget": "process"})
    lead.judge("bant")
    session.add(lead)
    session.commit()
    lead.evidence = {**lead.evidence, "authority": "engaged", "need": "validated"}
    lead.judge("bant")
    session.commit()
    session.expunge_all()
    again = session.scalars(select(Lead)).one()
    assert again.evaluation is not None and again.evaluation.result("authority").value == "engaged"


def test_the_script_lists_the_leads_best_first(capsys: pytest.CaptureFixture[str]) -> None:
    main([])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[0].strip() for line in lines] == ["Acme Tools", "Cobalt Freight", "Birch Dental"]


def test_the_column_is_jsonb_on_postgresql_and_json_elsewhere() -> None:
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateTable

    table = Lead.__table__
    assert "evaluation JSONB" in str(CreateTable(table).compile(dialect=postgresql.dialect()))
    assert "evaluation JSON" in str(CreateTable(table).compile(dialect=sqlite.dialect()))


def test_a_change_inside_the_evidence_is_saved_with_the_new_score(session: Session) -> None:
    lead = Lead(name="Fir Labs", evidence={"budget": "process"})
    lead.judge("bant")
    session.add(lead)
    session.commit()
    lead.evidence["need"] = "validated"  # changed in place, as a view does
    lead.judge("bant")
    session.commit()
    session.expire_all()
    stored = session.scalars(select(Lead).where(Lead.name == "Fir Labs")).one()
    assert stored.evidence == {"budget": "process", "need": "validated"}
    assert stored.score == qualify.evaluate(stored.evidence, "bant").score
