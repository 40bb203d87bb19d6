"""A stored evaluation as msgspec structs: the peer ``per_lead.py`` reads back against.

The same fields as ``qualify.to_dict`` writes for the usual evaluation, typed as msgspec
checks them (unknown fields refused at the top, enums by value). Its annotations are
evaluated at class creation, so this module does not postpone them.
"""

import msgspec

import qualify


class Result(msgspec.Struct, frozen=True):
    key: str
    label: str
    question: str
    status: qualify.Status
    satisfaction: float
    weight: float
    points: float
    value: str | float | bool | None = None
    evidence: None = None


class Missing(msgspec.Struct, frozen=True):
    key: str
    label: str
    question: str
    weight: float
    points: float


class Evaluation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    framework: str
    framework_version: str
    score: float
    completeness: float
    potential: float
    qualified_at: float
    verdict: qualify.Verdict
    criteria: tuple[Result, ...]
    missing: tuple[Missing, ...]
    gaps: tuple[Result, ...]
    stage: str | None = None
    next_stage: str | None = None
    disqualified_by: tuple[str, ...] = ()
    probability: float | None = None
    as_of: None = None
    stale: tuple[()] = ()
    unvetted: tuple[()] = ()
    touches: None = None
    settled: qualify.Verdict | None = None
    lowest_probability: float | None = None
    highest_probability: float | None = None
    expected: float | None = None
    checks: tuple[Missing, ...] = ()


def decoder() -> "msgspec.json.Decoder[Evaluation]":
    """A decoder of a stored evaluation's JSON text into :class:`Evaluation`."""
    return msgspec.json.Decoder(Evaluation)
