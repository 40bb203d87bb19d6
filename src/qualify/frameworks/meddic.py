"""MEDDIC, MEDDICC and MEDDPICC: enterprise deal qualification, from PTC in the 1990s.

Sources: MEDDIC was written down at Parametric Technology Corporation (PTC) by
Dick Dunkel with Jack Napoli, under John McMahon; MEDDICC adds Competition and
MEDDPICC the Paper process, as taught by MEDDICC (Andy Whyte's meddicc.com).
"""

from __future__ import annotations

from qualify import Criterion, Framework, hookimpl
from qualify.frameworks._scales import AUTHORITY, CHAMPION, COMPETITION, EVIDENCE, IMPACT, NEED

_ORIGIN = (
    "Source: the method written down at Parametric Technology Corporation (PTC) in the"
    " 1990s by Dick Dunkel and Jack Napoli"
)

METRICS = Criterion(
    key="metrics",
    label="Metrics",
    question="What gain will the buyer measure, in their own numbers?",
    scale=IMPACT,
    weight=2.0,
    concept="value",
)
ECONOMIC_BUYER = Criterion(
    key="economic_buyer",
    label="Economic buyer",
    question="Who can spend the money without asking anyone, and have we met them?",
    scale=AUTHORITY,
    weight=3.0,
    required=True,
    concept="authority",
)
DECISION_CRITERIA = Criterion(
    key="decision_criteria",
    label="Decision criteria",
    question="On what will they judge the options, and who wrote those criteria?",
    scale=EVIDENCE,
    weight=2.0,
    concept="decision_criteria",
)
DECISION_PROCESS = Criterion(
    key="decision_process",
    label="Decision process",
    question="What steps, people and dates lead from here to a decision?",
    scale=EVIDENCE,
    weight=2.0,
    concept="decision_process",
)
PAPER_PROCESS = Criterion(
    key="paper_process",
    label="Paper process",
    question="What legal, security and purchasing steps does a signed order go through?",
    scale=EVIDENCE,
    weight=1.0,
    concept="paper_process",
)
IDENTIFY_PAIN = Criterion(
    key="identify_pain",
    label="Identified pain",
    question="What hurts enough that they must act, and does it match what we solve?",
    scale=NEED,
    weight=3.0,
    required=True,
    concept="need",
)
CHAMPION_ = Criterion(
    key="champion",
    label="Champion",
    question="Who inside argues for us, and have we seen them do it?",
    scale=CHAMPION,
    weight=3.0,
    concept="champion",
)
COMPETITION_ = Criterion(
    key="competition",
    label="Competition",
    question="What else could they choose, doing nothing included, and where do we stand?",
    scale=COMPETITION,
    weight=2.0,
    concept="competition",
)

MEDDIC = Framework(
    name="meddic",
    title="MEDDIC",
    version="1",
    description=(
        "Metrics, Economic buyer, Decision criteria, Decision process, Identify pain,"
        " Champion: six things that explained, deal after deal, why a sale was won,"
        " lost or slipped. The economic buyer, the pain and the champion weigh 3, as"
        " a deal with no one who can pay, no reason to act or no one inside selling"
        " for us rarely closes; the buyer and the pain are required. Metrics and the"
        " two decision criteria weigh 2. Qualified at 75 points. " + _ORIGIN + "."
    ),
    qualified_at=75.0,
    criteria=(
        METRICS,
        ECONOMIC_BUYER,
        DECISION_CRITERIA,
        DECISION_PROCESS,
        IDENTIFY_PAIN,
        CHAMPION_,
    ),
)

MEDDICC = Framework(
    name="meddicc",
    title="MEDDICC",
    version="1",
    description=(
        "MEDDIC with Competition (weight 2): where we stand against every other option,"
        " doing nothing included. Qualified at 75 points. "
        + _ORIGIN
        + "; Competition as taught by MEDDICC (Andy Whyte)."
    ),
    qualified_at=75.0,
    criteria=(*MEDDIC.criteria, COMPETITION_),
)

MEDDPICC = Framework(
    name="meddpicc",
    title="MEDDPICC",
    version="1",
    description=(
        "MEDDICC with the Paper process (weight 1): the legal, security and purchasing"
        " steps a signed order goes through, which delay deals that were otherwise won."
        " Qualified at 75 points. " + _ORIGIN + "; Competition and the Paper process as"
        " taught by MEDDICC (Andy Whyte)."
    ),
    qualified_at=75.0,
    criteria=(
        METRICS,
        ECONOMIC_BUYER,
        DECISION_CRITERIA,
        DECISION_PROCESS,
        PAPER_PROCESS,
        IDENTIFY_PAIN,
        CHAMPION_,
        COMPETITION_,
    ),
)


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide MEDDIC, MEDDICC and MEDDPICC."""
    return [MEDDIC, MEDDICC, MEDDPICC]
