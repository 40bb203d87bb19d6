"""Validation: which pull toward the declared framework, order and half-life to trust.

Folds are cut on time (each fold learns on older leads and is tested on the
block after them) or at random. Every candidate (the declared weights, then
ever weaker pulls, with the declared order kept and let go) is fitted in
every fold; the simplest whose held-out loss is within one standard error of
the best's is chosen, so the data must earn every step away from what the
team declared.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from .fit import Design, Fit, fit_model, fit_score, loss, numpy, score_groups, start_from, target
from .shape import scores

__all__ = ["DECLARED", "HALF_LIVES", "STRENGTHS", "Candidate", "Split", "Validation", "describe_choice", "disagreements", "pooled_auc", "validate"]

#: The strengths tried, in leads: how many leads' worth of belief the declared
#: framework gets. The declared weights themselves are always a candidate too.
STRENGTHS = (1000.0, 300.0, 100.0, 30.0, 10.0)

#: With a time: how fast older leads count less, in blocks of time (a block is one
#: more than ``folds`` parts of the leads): ``None`` counts every lead alike.
HALF_LIVES: tuple[float | None, ...] = (None, 2.0, 1.0, 0.5)

DECLARED: tuple[str, float | None] = ("declared", None)


@attrs.frozen(kw_only=True)
class Validation:
    """What one way of validating chose, and how it did on leads it did not learn from.

    ``method`` is ``"time"`` (each fold learns on older leads and is tested on the
    block of leads after them) or ``"random"`` (leads dealt into folds at
    random). ``strength`` is the chosen pull toward the declared framework (in
    leads; ``None``: the declared weights), ``ordered`` whether the declared
    order of rungs was kept, ``half_life`` how many leads of age halve a lead's
    say (``None``: every lead alike). The ROC AUCs and log losses per lead are
    pooled over the held-out leads: the declared score's (``before``) and the
    chosen model's (``after``).
    """

    method: str
    folds: int
    leads: int
    strength: float | None
    ordered: bool
    half_life: float | None
    auc_before: float | None
    auc_after: float | None
    log_loss_before: float
    log_loss_after: float


class Split:
    """One fold: the counts learned from (weighted by age) and the counts tested on."""

    def __init__(self, won: Any, lost: Any, test_won: Any, test_lost: Any, newest: int) -> None:
        self.won, self.lost = won, lost
        self.test_won, self.test_lost = test_won, test_lost
        self.newest = newest


def _random_splits(design: Design, folds: int, seed: int) -> list[Split]:
    """Each pattern's won and lost leads dealt at random into *folds* folds (seeded)."""
    np = numpy()
    rng = np.random.default_rng(seed)
    share = [1.0 / folds] * folds
    won_in = rng.multinomial(design.won.astype(np.int64), share).astype(float)
    lost_in = rng.multinomial(design.lost.astype(np.int64), share).astype(float)
    return [
        Split(
            design.won - won_in[:, f], design.lost - lost_in[:, f], won_in[:, f], lost_in[:, f], 0
        )
        for f in range(folds)
    ]


def _time_splits(design: Design, folds: int, half_life: float | None) -> list[Split]:
    """Fold k learns on blocks before k and is tested on block k, for k = 1..folds."""
    splits = []
    for k in range(1, folds + 1):
        learn = (design.block < k) * design.weights(half_life, k - 1)
        test = design.block == k
        splits.append(
            Split(design.won * learn, design.lost * learn, design.won * test, design.lost * test, k - 1)
        )
    return splits


class Candidate:
    """One model tried in every fold: its held-out log-odds per fold, and its fits."""

    def __init__(self, key: tuple[str, float | None]) -> None:
        self.key = key
        self.held: list[Any] = []
        self.fits: list[Fit | None] = []


def _try(design: Design, splits: list[Split], declared_only: bool = False) -> list[Candidate]:
    """Every candidate, simplest first (the declared weights, then ever weaker pulls, the
    declared order kept before it is let go), fitted on every split."""
    order: list[tuple[str, float | None]] = [DECLARED]
    if not declared_only:
        for strength in STRENGTHS:
            order += [("ordered", strength), ("free", strength)]
    found = {key: Candidate(key) for key in order}
    score = scores(design.framework, design, None)
    groups = score_groups(design, score, False)  # the same score in every split
    for split in splits:
        a, b, _ = fit_score(design, score, split.won, split.lost, offset=False, groups=groups)
        found[DECLARED].held.append(a + b * score)
        found[DECLARED].fits.append(None)
        if declared_only:
            continue
        wanted = target(design, b, 0.0)  # the declared framework: no disqualified offset
        starts = dict.fromkeys(("ordered", "free"), start_from(design, a, wanted))
        for strength in STRENGTHS:  # strongest first, each from the one before
            fits: dict[str, Fit] = {}
            for kind in ("ordered", "free"):
                if kind == "free" and not fits["ordered"].bound:
                    # the order held nothing: the free fit is the same optimum (the loss is
                    # convex), so it is not fitted again
                    fits[kind] = fits["ordered"]
                else:
                    fits[kind] = fit_model(
                        design, split.won, split.lost, wanted, strength,
                        ordered=kind == "ordered", start=starts[kind],
                    )
                starts[kind] = fits[kind].x
                found[(kind, strength)].held.append(fits[kind].log_odds(design))
                found[(kind, strength)].fits.append(fits[kind])
    return [found[key] for key in order]


def _pointwise(candidate: Candidate) -> tuple[Any, Any]:
    """Per held-out pattern (all folds joined): the loss of one won and of one lost lead."""
    np = numpy()
    eta = np.concatenate(candidate.held)
    return np.logaddexp(0.0, -eta), np.logaddexp(0.0, eta)


def _choose(candidates: list[Candidate], splits: list[Split]) -> Candidate:
    """The simplest candidate whose held-out loss is within one standard error of the
    best's (the noise of validation), so the data must earn every step away."""
    np = numpy()
    won = np.concatenate([s.test_won for s in splits])
    lost = np.concatenate([s.test_lost for s in splits])
    leads = float(won.sum() + lost.sum())
    if not leads:  # nothing held out: nothing earns a step away from the declared
        return candidates[0]
    per = [_pointwise(c) for c in candidates]
    totals = [float(won @ w + lost @ lo) for w, lo in per]
    best = min(range(len(candidates)), key=lambda i: totals[i])
    for i, candidate in enumerate(candidates):
        dw, dl = per[i][0] - per[best][0], per[i][1] - per[best][1]
        mean = (totals[i] - totals[best]) / leads
        spread = float(won @ (dw * dw) + lost @ (dl * dl)) / leads - mean * mean
        if mean <= math.sqrt(max(spread, 0.0) / leads):
            return candidate
    return candidates[best]


def pooled_auc(parts: list[Any], splits: list[Split]) -> float | None:
    """ROC AUC over every fold's held-out leads, from log-odds per pattern."""
    np = numpy()
    values = np.concatenate(parts)
    won = np.concatenate([s.test_won for s in splits])
    lost = np.concatenate([s.test_lost for s in splits])
    distinct, inverse = np.unique(values, return_inverse=True)
    won_at = np.bincount(inverse, weights=won, minlength=len(distinct))
    lost_at = np.bincount(inverse, weights=lost, minlength=len(distinct))
    total_won, total_lost = won_at.sum(), lost_at.sum()
    if not total_won or not total_lost:
        return None
    below = np.cumsum(lost_at) - lost_at  # lost leads with lower log-odds
    return float((won_at * (below + 0.5 * lost_at)).sum() / (total_won * total_lost))


def _held_loss(candidate: Candidate, splits: list[Split]) -> float:
    np = numpy()
    won = np.concatenate([s.test_won for s in splits])
    lost = np.concatenate([s.test_lost for s in splits])
    leads = float(won.sum() + lost.sum())
    return loss(np.concatenate(candidate.held), won, lost) / leads if leads else 0.0


def describe_choice(validation: Validation) -> str:
    """The choice *validation* made, in words."""
    strength = validation.strength
    if strength is None:
        return "the declared weights"
    order = "the declared order kept" if validation.ordered else "the order free"
    return f"a pull of {strength:g} lead{'s' if strength != 1 else ''}, {order}"


def validate(
    design: Design, method: str, folds: int, seed: int
) -> tuple[Validation, Candidate, list[Split], float | None]:
    """Choose the half-life (with a time), then the strength and the order."""
    half_life = None
    if method == "time":
        tried = []
        for life in HALF_LIVES:
            splits = _time_splits(design, folds, life)
            tried.append((_try(design, splits, declared_only=True)[0], splits, life))
        picked = _choose([c for c, _, _ in tried], tried[0][1])
        half_life = next(life for c, _, life in tried if c is picked)
        splits = _time_splits(design, folds, half_life)
    else:
        splits = _random_splits(design, folds, seed)
    candidates = _try(design, splits)
    chosen = _choose(candidates, splits)
    declared = candidates[0]
    test_leads = sum(float(s.test_won.sum() + s.test_lost.sum()) for s in splits)
    block = (design.won.sum() + design.lost.sum()) / (folds + 1)
    validation = Validation(
        method=method,
        folds=folds,
        leads=int(round(test_leads)),
        strength=chosen.key[1],
        ordered=chosen.key[0] != "free",
        half_life=None if half_life is None else round(float(half_life * block), 1),
        auc_before=pooled_auc(declared.held, splits),
        auc_after=pooled_auc(chosen.held, splits),
        log_loss_before=_held_loss(declared, splits),
        log_loss_after=_held_loss(chosen, splits),
    )
    return validation, chosen, splits, half_life


def disagreements(timed: Validation, random: Validation | None) -> tuple[str, ...]:
    """What a reader must know when random folds and the newest leads tell apart."""
    if random is None:
        return ()
    found = []
    if (random.strength, random.ordered) != (timed.strength, timed.ordered):
        found.append(
            f"random folds would have chosen {describe_choice(random)}; on the newest leads"
            f" {describe_choice(timed)} did better: the leads drift, so validate on time"
        )
    if (
        random.auc_after is not None
        and timed.auc_after is not None
        and random.auc_after - timed.auc_after > 0.02
    ):
        found.append(
            f"newer leads are harder to rank than random folds suggest (held-out ROC AUC"
            f" {timed.auc_after:.3f} on the newest leads, {random.auc_after:.3f} on random folds)"
        )
    return tuple(found)
