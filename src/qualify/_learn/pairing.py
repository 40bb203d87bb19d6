"""Pairs of criteria learned from outcomes: what two answers do together beyond each alone.

Once the calibrated framework is fitted, the leads it still misjudges may
share a combination of two answers (an urgent need with no budget converting
far less than each alone says). As an Explainable Boosting Machine does,
pairs are screened on what the fitted model leaves unexplained (a score test
per pair of criteria, from the counts per pattern), and the few that stand out
are tried (those whose score test stands out beyond chance across every pair
looked at, Bonferroni at 5%): each cell of the pair gets a value of its own, pulled toward "no
effect" with a strength chosen like the weights', on the same folds (the
newest leads, with a time). A pair is kept only when the held-out log loss
falls by more than twice the noise of validation, at most :data:`MOST` of them,
and only where the leads that answered both hold ten of the rarer outcome per
cell;
each becomes a criterion of its own (:class:`~qualify.Criterion` with
``of``), written in the file with one level per cell.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from collections.abc import Sequence
from typing import Any

import attrs

from .._core.answers import rungs_of
from .._core.framework import Framework
from .._core.pairs import cell_name
from .._core.probability import Probability
from .._core.scales import Level, Levels
from .._core.criteria import MIN_WEIGHT, Criterion
from .._tables.paired import cell_positions
from .fit import Design, numpy
from .shape import Moves, satisfactions, scores
from .validate import Split, pooled_auc

__all__ = ["MOST", "NOISE", "PER_CELL", "STRENGTHS", "LearnedPair", "Paired", "learn_pairs"]

#: The pulls toward "no effect" tried, in leads: how much belief "the two answers do
#: nothing together" gets.
STRENGTHS = (300.0, 100.0, 30.0, 10.0)

#: At most this many pairs are added, and this many screened ones tried for each.
MOST, TRIED = 2, 3

#: How many leads of the rarer outcome (won or lost) a pair needs per cell, among the
#: leads that answered both, to be tried: the usual ten events per value learned.
PER_CELL = 10

#: How many standard errors of the held-out loss a pair must gain by: two, not the
#: weights' one, as several pairs and strengths are tried and the best is taken.
NOISE = 2.0


@attrs.frozen(kw_only=True)
class LearnedPair:
    """A pair of criteria calibration added as a criterion of its own.

    ``key`` is the new criterion's, ``of`` the two it pairs. ``strength`` is the
    chosen pull toward "no effect together" (in leads), ``gain`` how much lower
    the held-out log loss per lead was with the pair, and ``leads`` how many
    leads answered both.
    """

    key: str
    of: tuple[str, str]
    strength: float
    gain: float
    leads: int


class Paired:
    """What :func:`learn_pairs` found: the framework and the fold frameworks with their
    pairs, the pairs, and the held-out ROC AUC and log loss per lead with them."""

    def __init__(
        self,
        framework: Framework,
        folds: list[Framework],
        pairs: tuple[LearnedPair, ...],
        auc: float | None,
        log_loss: float,
    ) -> None:
        self.framework, self.folds, self.pairs = framework, folds, pairs
        self.auc, self.log_loss = auc, log_loss


def log_odds(framework: Framework, design: Design, moves: Moves | None) -> Any:
    """Each pattern's log-odds of winning under calibrated *framework*."""
    np = numpy()
    model = framework.probability
    assert model is not None
    eta = model.intercept + model.per_point * scores(framework, design, moves)
    index = {c.key: i for i, c in enumerate(framework.criteria)}
    for key, offset in model.unknown:
        eta = eta + offset * design.unknown[:, index[key]]
    return eta + model.disqualified * design.out + np.zeros(len(design.keys))


class _Candidate:
    """Two criteria of the framework, and each pattern's cell (-1 where either is unknown)."""

    def __init__(self, framework: Framework, first: int, second: int, rated: list[Any]) -> None:
        np = numpy()
        self.first, self.second = first, second
        self.names: list[list[str]] = []
        ascending: list[list[float]] = []
        for i in (first, second):
            rungs = sorted(rungs_of(framework.criteria[i].scale) or (), key=lambda r: r[1])
            self.names.append([name for name, _ in rungs])
            ascending.append([s for _, s in rungs])
        rows, cols, known = cell_positions(ascending[0], ascending[1], rated[first], rated[second])
        self.size = len(ascending[0]) * len(ascending[1])
        self.cell = np.where(known, rows * len(ascending[1]) + cols, -1)

    def enough(self, won: Any, lost: Any) -> bool:
        """Whether the leads that answered both hold :data:`PER_CELL` of the rarer outcome
        per cell."""
        inside = self.cell >= 0
        rarer = min(float(won[inside].sum()), float(lost[inside].sum()))
        return rarer >= PER_CELL * self.size

    def fit(self, eta: Any, won: Any, lost: Any, strength: float) -> Any:
        """Each cell's value on top of *eta*, pulled toward 0 with *strength* (in leads at
        even odds): cells share no lead, so each is a Newton step of its own."""
        np = numpy()
        inside = self.cell >= 0
        cell, eta, won, lost = self.cell[inside], eta[inside], won[inside], lost[inside]
        gamma = np.zeros(self.size)
        pull = strength / 4.0
        for _ in range(30):
            mu = 1.0 / (1.0 + np.exp(-(eta + gamma[cell])))
            grad = np.bincount(cell, won - (won + lost) * mu, minlength=self.size) - pull * gamma
            hess = np.bincount(cell, (won + lost) * mu * (1 - mu), minlength=self.size) + pull
            step = grad / hess
            gamma += step
            if float(np.abs(step).max()) < 1e-9:
                break
        return gamma

    def added(self, gamma: Any) -> Any:
        """Each pattern's log-odds added by the cells' values *gamma*."""
        numpy_ = numpy()
        return numpy_.where(self.cell >= 0, gamma[numpy_.maximum(self.cell, 0)], 0.0)

    def screened(self, eta: Any, won: Any, lost: Any) -> float:
        """How far the cells' leftover wins stand out: the score test of "no effect
        together", as a normal deviate."""
        np = numpy()
        inside = self.cell >= 0
        mu = 1.0 / (1.0 + np.exp(-eta[inside]))
        n = won[inside] + lost[inside]
        cell = self.cell[inside]
        grad = np.bincount(cell, won[inside] - n * mu, minlength=self.size)
        info = np.bincount(cell, n * mu * (1 - mu), minlength=self.size)
        used = info > 1e-9
        cells = int(used.sum())
        if cells < 2:
            return -math.inf
        statistic = float((grad[used] ** 2 / info[used]).sum())
        # chi-square with a degree of freedom per cell, as a normal deviate (Wilson-Hilferty)
        spread = 2.0 / (9.0 * cells)
        root = float((statistic / cells) ** (1.0 / 3.0))
        return (root - (1.0 - spread)) / math.sqrt(spread)


def _pairable(framework: Framework) -> list[int]:
    """The criteria a pair may join: rungs with names, told apart by their satisfactions."""
    found = []
    for i, criterion in enumerate(framework.criteria):
        rungs = rungs_of(criterion.scale)
        if criterion.of is None and rungs and len({s for _, s in rungs}) == len(rungs) > 1:
            found.append(i)
    return found


def _pointwise(eta: Any) -> tuple[Any, Any]:
    np = numpy()
    return np.logaddexp(0.0, -eta), np.logaddexp(0.0, eta)


def learn_pairs(
    framework: Framework,
    moves: Moves | None,
    folds: Sequence[tuple[Framework, Moves | None]],
    design: Design,
    splits: Sequence[Split],
    won: Any,
    lost: Any,
) -> Paired:
    """The pairs of *framework*'s criteria that lower the held-out log loss by more than
    the noise, added to it and to each fold's framework (*folds*, fitted on *splits*)."""
    np = numpy()
    rated = satisfactions(design, moves)
    fold_rated = [satisfactions(design, m) for _, m in folds]
    eta = log_odds(framework, design, moves)
    fold_eta = [log_odds(f, design, m) for f, m in folds]
    test_won = np.concatenate([s.test_won for s in splits])
    test_lost = np.concatenate([s.test_lost for s in splits])
    leads = float(test_won.sum() + test_lost.sum())
    fold_frameworks = [f for f, _ in folds]
    learned: list[LearnedPair] = []
    if not leads:
        return Paired(framework, fold_frameworks, (), None, math.nan)
    # the criteria every fold's framework can pair too (a fold may tie two rungs)
    pairable = [i for i in _pairable(framework) if all(i in _pairable(f) for f in fold_frameworks)]
    used: set[tuple[int, int]] = set()
    for _ in range(MOST):
        ranked = []
        for a in pairable:
            for b in pairable:
                if a < b and (a, b) not in used:
                    candidate = _Candidate(framework, a, b, rated)
                    if candidate.enough(design.won, design.lost):
                        ranked.append((candidate.screened(eta, won, lost), candidate))
        # beyond chance across every pair looked at (Bonferroni, at 5%)
        beyond = NormalDist().inv_cdf(1.0 - 0.05 / max(len(ranked), 1))
        ranked = [r for r in ranked if r[0] > beyond]
        ranked.sort(key=lambda r: -r[0])
        base_w, base_l = _pointwise(np.concatenate(fold_eta))
        base = float(test_won @ base_w + test_lost @ base_l)
        best: tuple[float, Any, float, Any, Any] | None = None
        for _, candidate in ranked[:TRIED]:
            in_folds = [_Candidate(f, candidate.first, candidate.second, r)
                        for f, r in zip(fold_frameworks, fold_rated, strict=True)]  # fmt: skip
            for strength in STRENGTHS:
                held = np.concatenate([
                    e + c.added(c.fit(e, s.won, s.lost, strength))
                    for e, c, s in zip(fold_eta, in_folds, splits, strict=True)
                ])  # fmt: skip
                w, lo = _pointwise(held)
                total = float(test_won @ w + test_lost @ lo)
                gain = (base - total) / leads
                dw, dl = base_w - w, base_l - lo
                spread = float(test_won @ (dw * dw) + test_lost @ (dl * dl)) / leads - gain**2
                noise = math.sqrt(max(spread, 0.0) / leads)
                if gain > NOISE * noise and (best is None or gain > best[0]):
                    best = (gain, candidate, strength, in_folds, held)
        if best is None:
            break
        gain, candidate, strength, in_folds, _ = best
        used.add((candidate.first, candidate.second))
        gamma = candidate.fit(eta, won, lost, strength)
        counts = design.won + design.lost
        framework, key = _with_pair(framework, candidate, gamma, counts)
        eta = eta + candidate.added(gamma)
        for f, (c, s) in enumerate(zip(in_folds, splits, strict=True)):
            fold_gamma = c.fit(fold_eta[f], s.won, s.lost, strength)
            fold_frameworks[f] = _with_pair(fold_frameworks[f], c, fold_gamma, counts)[0]
            fold_eta[f] = fold_eta[f] + c.added(fold_gamma)
        of = (framework.criteria[candidate.first].key, framework.criteria[candidate.second].key)
        both = int(round(float(counts[candidate.cell >= 0].sum())))
        learned.append(
            LearnedPair(key=key, of=of, strength=strength, gain=round(gain, 6), leads=both)
        )
    if not learned:
        return Paired(framework, fold_frameworks, (), None, math.nan)
    held = np.concatenate(fold_eta)
    w, lo = _pointwise(held)
    log_loss = float(test_won @ w + test_lost @ lo) / leads
    auc = pooled_auc(fold_eta, list(splits))
    return Paired(framework, fold_frameworks, tuple(learned), auc, log_loss)


def _with_pair(
    framework: Framework, candidate: _Candidate, gamma: Any, counts: Any
) -> tuple[Framework, str]:
    """*framework* with the pair of *candidate* added last, each cell worth *gamma*
    in log-odds: its weight and levels set so the chance moves by exactly that, the score
    rescaled with it (the chance's slope and intercept follow)."""
    np = numpy()
    model = framework.probability
    assert model is not None
    low, high = min(float(gamma.min()), 0.0), max(float(gamma.max()), 0.0)
    span = high - low
    total = math.fsum(c.weight for c in framework.criteria)
    first, second = framework.criteria[candidate.first], framework.criteria[candidate.second]
    key = f"{first.key}_and_{second.key}"
    while key in framework.keys:
        key += "_pair"
    span = max(span, 1e-9)  # cells alike in a fold: a pair that moves nothing, kept in step
    weight = max(span * total / (100.0 * model.per_point), MIN_WEIGHT)
    seen = np.bincount(np.maximum(candidate.cell, 0), np.where(candidate.cell >= 0, counts, 0.0),
                       minlength=candidate.size)  # fmt: skip
    cells = []
    for position in range(candidate.size):
        a, b = divmod(position, len(candidate.names[1]))
        name = cell_name(candidate.names[0][a], candidate.names[1][b])
        worth = round((float(gamma[position]) - low) / span, 4)
        cells.append((worth, name, int(round(seen[position]))))
    cells.sort()
    unknown = int(round(float(counts[candidate.cell < 0].sum())))
    pair = Criterion(
        key=key,
        label=f"{first.label} with {second.label}",
        question=(
            f"Nothing to ask: it follows from the answers on {first.label} and"
            f" {second.label}."
        ),
        description=(
            f"Learned by calibration: what {first.label} and {second.label} did together,"
            " beyond what each did alone, to the chance of winning. Each level is a pair of"
            " answers; the best pair earns the full weight."
        ),
        of=(first.key, second.key),
        weight=float(f"{weight:.4g}"),
        unknown_satisfaction=round(-low / span, 4),
        scale=Levels(levels=[Level(name=name, satisfaction=s) for s, name, _ in cells]),
        seen=(*((name, n) for _, name, n in cells), ("not known", unknown)),
    )
    per_point = model.per_point * (total + pair.weight) / total
    probability = attrs.evolve(
        model, intercept=round(model.intercept + low, 4), per_point=round(per_point, 6)
    )
    paired = attrs.evolve(
        framework, criteria=(*framework.criteria, pair), probability=probability
    )
    return paired, key
