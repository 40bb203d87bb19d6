"""A SQLAlchemy column type for qualify evaluations, and a leads table that uses it.

``EvaluationType`` stores an :class:`qualify.Evaluation` as the JSON that
:func:`qualify.to_dict` writes and gives it back as an ``Evaluation``, so the
questions to ask next, the stage reached and the stale or unvetted answers all
survive the database. The score, the verdict and the sort key sit beside it in
plain columns: a database sorts and filters those, not the inside of a JSON
document.

Run it to score a few leads into a SQLite file and list them, best first::

    python examples/sqlalchemy_store/store.py --db leads.db
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Dialect, Float, String, create_engine, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

import qualify


class EvaluationType(TypeDecorator[qualify.Evaluation]):
    """An :class:`qualify.Evaluation` in a JSON column (``JSONB`` on PostgreSQL).

    Anything else bound to the column is refused with a ``TypeError`` rather
    than written as whatever JSON it happens to make.
    """

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":  # indexable, and compared by content
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value: Any, dialect: Dialect) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, qualify.Evaluation):
            raise TypeError(f"an evaluation column holds qualify.Evaluation, got {type(value).__name__}")
        return qualify.to_dict(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> qualify.Evaluation | None:
        if value is None:
            return None
        return qualify.from_dict(value, qualify.Evaluation)


class Base(DeclarativeBase):
    pass


class Lead(Base):
    """A lead: what is known about it, and how it was last judged."""

    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # MutableDict: a change inside the dict (lead.evidence["budget"] = ...) is saved, not
    # only a new dict; else a rescore would save the new score and drop the evidence
    evidence: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON()), default=dict)
    evaluation: Mapped[qualify.Evaluation | None] = mapped_column(EvaluationType, default=None)
    verdict: Mapped[str | None] = mapped_column(String(20), index=True, default=None)
    score: Mapped[float | None] = mapped_column(Float, default=None)
    priority: Mapped[float | None] = mapped_column(Float, index=True, default=None)

    def judge(self, framework: str | qualify.Framework, *, as_of: datetime | None = None) -> None:
        """Evaluate the lead's evidence and keep the result with its plain columns in step.

        An ``Evaluation`` is frozen: it is replaced, never changed in place, so
        SQLAlchemy always sees the new value.
        """
        evaluation = qualify.evaluate(self.evidence, framework, as_of=as_of)
        self.evaluation = evaluation
        self.verdict = evaluation.verdict.value
        self.score = evaluation.score
        self.priority = evaluation.priority


def best_first(session: Session, limit: int = 20) -> list[Lead]:
    """The leads that were judged, highest priority first (disqualified ones last)."""
    query = select(Lead).where(Lead.priority.is_not(None)).order_by(Lead.priority.desc()).limit(limit)
    return list(session.scalars(query))


SAMPLE = {
    "Acme Tools": {"budget": "allocated", "authority": "engaged", "need": "validated", "timeframe": 2},
    "Birch Dental": {"budget": "process", "need": "identified"},
    "Cobalt Freight": {"budget": "none", "authority": "identified", "need": "validated", "timeframe": 14},
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=":memory:", help="SQLite file (default: in memory)")
    parser.add_argument("--framework", default="bant", help="framework to judge by (default: bant)")
    args = parser.parse_args(argv)
    engine = create_engine(f"sqlite:///{args.db}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        for name, evidence in SAMPLE.items():
            lead = Lead(name=name, evidence=evidence)
            lead.judge(args.framework)
            session.add(lead)
        session.commit()
        for lead in best_first(session):
            assert lead.evaluation is not None
            print(f"{lead.name:16} {lead.verdict:12} {lead.score:5.1f}  {lead.evaluation.next_question or ''}")


if __name__ == "__main__":
    main()
