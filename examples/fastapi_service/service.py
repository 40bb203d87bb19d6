"""A FastAPI service that evaluates a posted lead and documents what it returns.

``POST /frameworks/{name}/evaluate`` takes what is known about a lead and
answers with its :class:`qualify.Evaluation`; the OpenAPI document describes
that answer with qualify's own JSON Schema, so a client generator or the
interactive docs at ``/docs`` show every field. ``GET /frameworks/{name}``
returns the framework itself, and ``GET /frameworks/{name}/evidence`` the JSON
Schema of what a lead may hold for it (``qualify.json_schema("evidence", ...)``),
so a form can be built from its labels, questions and accepted values.

Run it with ``uvicorn service:app --app-dir examples/fastapi_service``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path
from pydantic import BaseModel, Field

import qualify

app = FastAPI(
    title="Lead qualification",
    summary="Score a lead against a qualification framework and learn what to ask next.",
)

FrameworkName = Annotated[str, Path(description="a registered framework, such as bant or meddpicc")]


class Lead(BaseModel):
    """What a rep knows about a lead: criterion key to answer."""

    evidence: dict[str, str | int | float | bool | None] = Field(
        description="criterion key to answer, e.g. {\"budget\": \"allocated\", \"timeframe\": 3}",
        examples=[{"budget": "allocated", "authority": "engaged", "need": "validated", "timeframe": 3}],
    )
    observed_at: datetime | None = Field(
        default=None, description="when these answers were recorded (ISO 8601)"
    )
    as_of: datetime | None = Field(
        default=None,
        description="judge the answers as they stand at this instant: too old, they are asked again",
    )


class Scored(BaseModel):
    """The answer: the evaluation, and the one question to ask next."""

    evaluation: qualify.Evaluation
    next_question: str | None = Field(description="what the rep should ask next, if anything")


class Problem(BaseModel):
    """Why a request could not be answered."""

    detail: str


class Refused(BaseModel):
    """One value the framework refused, in the shape of FastAPI's own validation errors."""

    loc: list[str | int] = Field(description='where: ["body", "evidence", <criterion key>]')
    msg: str = Field(description="what was wrong, and what is accepted")
    type: str = Field(description="value_not_accepted, unknown_key, value_type...")
    input: str | int | float | bool | None = Field(default=None, description="the value refused")


class Unprocessable(BaseModel):
    """A 422: every refused value, as FastAPI lists a malformed body's."""

    detail: list[Refused]


def _framework(name: str) -> qualify.Framework:
    try:
        return qualify.get_framework(name)
    except qualify.UnknownFrameworkError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None


@app.get("/frameworks", summary="The registered frameworks")
def frameworks() -> list[str]:
    return qualify.list_frameworks()


@app.get(
    "/frameworks/{name}",
    summary="One framework: its criteria, questions and stages",
    responses={404: {"model": Problem}},
)
def framework(name: FrameworkName) -> qualify.Framework:
    return _framework(name)


@app.get(
    "/frameworks/{name}/evidence",
    summary="What a lead may hold for one framework, as a JSON Schema",
    responses={404: {"model": Problem}},
)
def evidence_schema(name: FrameworkName) -> dict[str, Any]:
    return qualify.json_schema("evidence", framework=_framework(name))


@app.post(
    "/frameworks/{name}/evaluate",
    summary="Evaluate a lead",
    responses={404: {"model": Problem}, 422: {"model": Unprocessable}},
)
def evaluate(name: FrameworkName, lead: Lead) -> Scored:
    framework = _framework(name)
    try:
        evaluation = qualify.evaluate(
            lead.evidence, framework, as_of=lead.as_of, observed_at=lead.observed_at
        )
    except qualify.EvidenceError as exc:  # an unknown key or a value the scale refuses
        detail = [
            {"loc": ["body", "evidence", *error["loc"]], "msg": error["msg"],
             "type": error["type"], "input": error["input"]}
            for error in exc.errors()
        ]  # fmt: skip
        raise HTTPException(status_code=422, detail=detail) from None
    except qualify.QualifyError as exc:  # a time qualify cannot judge by, say
        refused = {"loc": ["body"], "msg": str(exc), "type": "value_error", "input": None}
        raise HTTPException(status_code=422, detail=[refused]) from None
    return Scored(evaluation=evaluation, next_question=evaluation.next_question)
