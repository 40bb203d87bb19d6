"""``qualify.calibrate``: a framework's weights and rungs fitted to won and lost leads.

The calibrated framework keeps everything a reviewer knows (keys, labels,
questions, scales, stages, disqualifiers, the declared order of every scale's
rungs); only weights and satisfactions move, and it carries a
:class:`~qualify.Probability`. How hard the data may pull away from the
declared framework is chosen by cross-validation; when no strength beats the
declared weights on held-out leads (few outcomes, or a framework that already
ranks well), the declared weights are kept, and the calibration says so.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import attrs

from .._core.checks import shown
from .._core.display import html_of
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._plugins.evaluate import check_errors, resolve
from .._tables.summary import is_table
from ..errors import OutcomeError, QualifyError
from .fit import Design, Fit, fit_declared, fit_rungs, modules
from .outcomes import Outcomes
from .report import Backtest, auc, build
from .shape import calibrated, rated, scores, target
from .tally import Tallies, from_rows, from_table

__all__ = ["STRENGTHS", "Calibration", "calibrate"]

#: The strengths tried, in leads: how many leads' worth of belief the declared
#: framework gets. The declared weights themselves are always a candidate too.
STRENGTHS = (1000.0, 300.0, 100.0, 30.0, 10.0, 3.0, 1.0)


@attrs.frozen(kw_only=True)
class Calibration:
    """A framework fitted to outcomes, and how it did on leads it was not fitted on.

    ``framework`` is the calibrated framework (it ``extends`` ``declared``).
    ``auc_before`` is the cross-validated ROC AUC of the declared score,
    ``auc_after`` that of the calibrated probability; ``log_loss_before`` and
    ``log_loss_after`` the held-out log loss per lead of the probability
    fitted to the declared score and of the calibrated one. ``strength`` is
    the pull toward the declared framework that cross-validation chose (in
    leads), ``None`` when the declared weights were kept (``kept_declared``,
    with the ``reason``). ``before`` and ``after`` are backtests on held-out
    leads.
    """

    framework: Framework
    declared: Framework
    n: int
    won: int
    folds: int
    strength: float | None
    kept_declared: bool
    reason: str
    auc_before: float | None
    auc_after: float | None
    log_loss_before: float
    log_loss_after: float
    before: Backtest
    after: Backtest

    def _repr_html_(self) -> str:
        """The notebook view: what was fitted, the held-out numbers, the backtests."""
        return html_of(self)


def _split(design: Design, folds: int, seed: int) -> tuple[Any, Any]:
    """Each pattern's won and lost leads dealt at random into *folds* folds (seeded)."""
    np, _ = modules()
    rng = np.random.default_rng(seed)
    share = [1.0 / folds] * folds
    return (
        rng.multinomial(design.won.astype(np.int64), share).astype(float),
        rng.multinomial(design.lost.astype(np.int64), share).astype(float),
    )


def _held_out_loss(eta: Any, won: Any, lost: Any) -> float:
    np, _ = modules()
    return float(won @ np.logaddexp(0.0, -eta) + lost @ np.logaddexp(0.0, eta))


def _collect(
    leads: Any,
    framework: Framework,
    mapping: FieldMap | None,
    outcomes: Any,
    reader: Outcomes,
    errors: str,
    id: str | None,  # noqa: A002
) -> Tallies:
    if is_table(leads):
        return from_table(
            leads, framework, mapping, outcomes, reader, None, errors, id, patterns=True
        )
    if isinstance(leads, str | bytes) or not isinstance(leads, Iterable):
        raise QualifyError(
            f"calibrate takes leads as an iterable of rows or evidence, or a table, got {type(leads).__name__}"
        )
    return from_rows(leads, framework, mapping, outcomes, reader, None, errors, patterns=True)


def calibrate(
    leads: Iterable[Any] | Any,
    framework: str | Framework,
    outcomes: str | Iterable[object],
    *,
    mapping: str | FieldMap | None = None,
    won: Collection[Any] | None = None,
    errors: str = "raise",
    id: str | None = None,  # noqa: A002 - a table's column naming its rows
    folds: int = 5,
    seed: int = 0,
) -> Calibration:
    """Fit *framework*'s weights and rung satisfactions to won and lost leads.

    *leads*, *outcomes*, *mapping*, *won*, *errors* and *id* are read as
    :func:`qualify.backtest` reads them. The result's ``framework`` keeps every
    key, label, question, scale, stage and disqualifier, and the declared order
    of every scale's rungs; weights stay positive, unknown still scores 0, and
    it carries a :class:`~qualify.Probability`, so ``evaluate(lead,
    calibration.framework).probability`` is the chance of winning the lead. It
    reads the same rows through the same mappings as the declared framework.

    The fit is pulled toward the declared framework; how hard is chosen by
    *folds*-fold cross-validation (leads dealt into folds at random with
    *seed*, so the result is the same for the same data). When no strength
    beats the declared weights on held-out leads, they are kept, with a
    probability fitted to their score, and ``reason`` says so.

    Needs numpy and scipy (``pip install "qualify[learn]"``); evaluating the
    calibrated framework does not.

    :raises OutcomeError: the outcomes cannot be read, or there are fewer than
        two won or two lost leads.
    """
    np, _ = modules()
    framework, mapping = resolve(framework, mapping)
    check_errors(errors)
    if isinstance(folds, bool) or not isinstance(folds, int) or not 2 <= folds <= 20:
        raise QualifyError(f"folds must be a whole number from 2 to 20, got {shown(folds)}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise QualifyError(f"seed must be a whole number, got {shown(seed)}")
    tallies = _collect(leads, framework, mapping, outcomes, Outcomes(won), errors, id)
    assert tallies.patterns is not None
    design = Design(framework, tallies.patterns)
    total_won, total_lost = int(design.won.sum()), int(design.lost.sum())
    if total_won < 2 or total_lost < 2:
        raise OutcomeError(
            f"calibrate needs at least 2 won and 2 lost leads; got {total_won} won and"
            f" {total_lost} lost"
        )
    score = scores(framework, design, [])
    won_in, lost_in = _split(design, folds, seed)
    losses: dict[float | None, float] = {None: 0.0}
    losses.update({strength: 0.0 for strength in STRENGTHS})
    held: dict[float | None, list[tuple[Any, Any, Any]]] = {key: [] for key in losses}
    fits: dict[tuple[int, float | None], Fit | None] = {}
    for f in range(folds):
        train_won, train_lost = design.won - won_in[:, f], design.lost - lost_in[:, f]
        a, b, _, _ = fit_declared(design, score, train_won, train_lost)
        start = target(framework, design, a, b)
        candidates: list[tuple[float | None, Any]] = [(None, a + b * score)]
        fits[(f, None)] = None
        fitted = None
        for strength in STRENGTHS:  # strongest first, each from the one before
            fitted = fit_rungs(design, train_won, train_lost, start, strength, fitted)
            fits[(f, strength)] = fitted
            candidates.append((strength, fitted.log_odds(design)))
        for key, log_odds in candidates:
            losses[key] += _held_out_loss(log_odds, won_in[:, f], lost_in[:, f])
            held[key].append((log_odds, won_in[:, f], lost_in[:, f]))
    leads_known = total_won + total_lost
    best = min(STRENGTHS, key=lambda k: losses[k])
    auc_before = auc({s: (int(w), int(lost)) for s, w, lost in _by_score(score, design)})
    auc_best = _pooled_auc(held[best])
    kept = True
    if losses[best] >= losses[None]:
        reason = "no strength beat the declared weights on held-out leads"
    elif auc_best is not None and auc_before is not None and auc_best < auc_before:
        reason = "the fitted weights ranked held-out leads worse than the declared score"
    else:
        kept = False
        reason = (
            f"the data moved the weights (a pull of {best:g} lead{'s' if best != 1 else ''}"
            f" toward the declared ones, chosen by {folds}-fold cross-validation)"
        )
    chosen = None if kept else best
    # kept declared: the chance rises with the score, so it ranks leads as the score does
    auc_after = auc_before if kept else _pooled_auc(held[chosen])
    description = (
        f"{framework.title} calibrated on {leads_known:,} outcomes ({total_won:,} won):"
        f" held-out ROC AUC {_show(auc_before)} declared, {_show(auc_after)} calibrated."
        + (" The declared weights are kept: " + reason + "." if kept else "")
    )
    final = None
    if not kept:
        a, b, _, _ = fit_declared(design, score, design.won, design.lost)
        final = fit_rungs(design, design.won, design.lost, target(framework, design, a, b), best)
    result, _ = calibrated(framework, design, final, design.won, design.lost, description)
    after = Tallies(framework)
    for f in range(folds):
        fold_fit = fits[(f, chosen)]
        train_won, train_lost = design.won - won_in[:, f], design.lost - lost_in[:, f]
        fold_framework, mapped = calibrated(
            framework, design, fold_fit, train_won, train_lost, description
        )
        for p in range(len(design.keys)):
            if not won_in[p, f] and not lost_in[p, f]:
                continue
            evaluation = rated(fold_framework, design, p, mapped)
            for outcome, count in ((True, int(won_in[p, f])), (False, int(lost_in[p, f]))):
                if count:
                    after.add(evaluation, outcome, leads=count)
    return Calibration(
        framework=result,
        declared=framework,
        n=leads_known,
        won=total_won,
        folds=folds,
        strength=chosen,
        kept_declared=kept,
        reason=reason,
        auc_before=auc_before,
        auc_after=auc_after,
        log_loss_before=losses[None] / leads_known,
        log_loss_after=losses[chosen] / leads_known,
        before=build(
            framework,
            scores=tallies.scores,
            verdicts=tallies.verdicts,
            criteria=tallies.criteria,
            open=tallies.open,
            skipped=tallies.skipped,
            chances=tallies.chances,
        ),
        after=build(
            result,
            scores=after.scores,
            verdicts=after.verdicts,
            criteria=after.criteria,
            chances=after.chances,
        ),
    )


def _by_score(score: Any, design: Design) -> list[tuple[float, float, float]]:
    found: dict[float, list[float]] = {}
    for value, w, lost in zip(
        score.tolist(), design.won.tolist(), design.lost.tolist(), strict=True
    ):
        cell = found.setdefault(value, [0.0, 0.0])
        cell[0] += w
        cell[1] += lost
    return [(value, w, lost) for value, (w, lost) in found.items()]


def _show(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _pooled_auc(parts: list[tuple[Any, Any, Any]]) -> float | None:
    """ROC AUC over every fold's held-out leads: (log-odds, won, lost) per pattern."""
    np, _ = modules()
    values = np.concatenate([v for v, _, _ in parts])
    won = np.concatenate([w for _, w, _ in parts])
    lost = np.concatenate([lost for _, _, lost in parts])
    distinct, inverse = np.unique(values, return_inverse=True)
    won_at = np.bincount(inverse, weights=won, minlength=len(distinct))
    lost_at = np.bincount(inverse, weights=lost, minlength=len(distinct))
    total_won, total_lost = won_at.sum(), lost_at.sum()
    if not total_won or not total_lost:
        return None
    below = np.cumsum(lost_at) - lost_at  # lost leads with lower log-odds
    return float((won_at * (below + 0.5 * lost_at)).sum() / (total_won * total_lost))
