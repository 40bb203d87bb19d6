"""``qualify.calibrate``: a framework's weights, rungs and unknowns fitted to won and lost leads.

The calibrated framework keeps everything a reviewer knows (keys, labels,
questions, scales, stages, disqualifiers); weights, satisfactions and what
not knowing earns move, and it carries a :class:`~qualify.Probability`
logistic in its score, so score and chance rank leads alike. How hard the
data may pull away from the declared framework, and whether the declared
order of rungs holds, are chosen by validation: on the newest leads when the
leads have a time (forward-chaining folds), on random folds otherwise. When
nothing beats the declared weights by more than the noise of validation, the
declared weights are kept, and the calibration says so.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

import attrs

from .._core.checks import shown
from .._core.display import html_of
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._core.probability import Chance
from .._plugins.evaluate import Errors, check_errors, resolve
from .._tables.summary import is_table
from ..errors import OutcomeError, QualifyError
from .bands import band_moves, learned_cuts, merged, probe, refined
from .counting import count_folds, count_patterns
from .fit import Design, fit_model, fit_score, numpy, start_from, target
from .outcomes import Outcomes
from .report import Backtest, build
from .splits import learned_splits, level_moves, probe_levels, split
from .shape import Moves, Reversal, calibrated, moves_of, reversals, satisfactions, scores
from .tally import Tallies
from .seen import with_seen
from .threads import one_thread
from .threshold import Threshold, check_threshold, qualified, share_chance, thresholded
from .timed import collect, patterns_of
from .pairing import LearnedPair, learn_pairs
from .validate import DECLARED, Validation, describe_choice, disagreements, validate

__all__ = ["Calibration", "calibrate"]


@attrs.frozen(kw_only=True)
class Calibration:
    """A framework fitted to outcomes, and how it did on leads it was not fitted on.

    ``framework`` is the calibrated framework (it ``extends`` ``declared``).
    ``validation`` says how its settings were chosen and how it did on held-out
    leads; with a time, ``random`` says what random folds would have chosen
    and ``warnings`` where the two disagree. ``auc_before`` and ``auc_after``
    are the held-out ROC AUCs of the declared score and of the calibrated
    chance, ``log_loss_before`` and ``log_loss_after`` their log losses per
    lead (the declared one through a chance fitted to its score).
    ``strength`` is the chosen pull toward the declared framework (in leads),
    ``None`` when the declared weights were kept (``kept_declared``, with the
    ``reason``). ``reversed`` lists where the data turned a declared order
    around. ``before`` and ``after`` are backtests on held-out leads.
    ``qualified_share`` is the share of the leads learned from that the
    calibrated framework qualifies. ``pairs`` lists the pairs of criteria it
    added as criteria of their own, where two answers together did what
    neither does alone (the held-out figures count them).
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
    validation: Validation
    random: Validation | None = None
    reversed: tuple[Reversal, ...] = ()
    warnings: tuple[str, ...] = ()
    qualified_share: float = 0.0
    pairs: tuple[LearnedPair, ...] = ()

    def _repr_html_(self) -> str:
        """The notebook view: what was fitted, the held-out numbers, the backtests."""
        return html_of(self)


def _show(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def calibrate(
    leads: Iterable[Any] | Any,
    framework: str | Framework,
    outcomes: str | Iterable[object],
    *,
    mapping: str | FieldMap | None = None,
    won: Collection[Any] | None = None,
    errors: Errors = "raise",
    id: str | None = None,  # noqa: A002 - a table's column naming its rows
    folds: int = 5,
    seed: int = 0,
    time: str | Iterable[object] | None = None,
    bands: bool = True,
    splits: bool = True,
    pairs: bool = True,
    qualified_at: float | Chance | None = None,
    qualified_share: float | None = None,
) -> Calibration:
    """Fit *framework*'s weights, rung satisfactions and unknowns to won and lost leads.

    The result's ``framework`` keeps every key, label, question, scale, stage and
    disqualifier, and reads the same rows through the same mappings as the
    declared one; weights stay positive, each criterion learns what not knowing
    it earns (``unknown_satisfaction``), and it carries a
    :class:`~qualify.Probability` logistic in the score, so ``evaluate(lead,
    calibration.framework).probability`` is the chance of winning the lead and
    ranks leads as the score does. The fit is pulled toward the declared
    framework, and the declared order of each scale's rungs is a prior the data
    may overturn (``reversed`` says where). How hard the pull is, and whether
    the order holds, are chosen by validation, taking the simplest choice within
    the noise of the best. When nothing beats the declared weights, they are
    kept with a chance fitted to their score (always rising with it), and
    ``reason`` says so. Needs numpy (``pip install "qualify[learn]"``);
    evaluating the calibrated framework does not.

    :param leads: as :func:`qualify.backtest` reads them: rows, evidence or a table.
    :param framework: the declared framework: a registered name or a
        :class:`~qualify.Framework`.
    :param outcomes: as :func:`qualify.backtest` reads them.
    :param mapping: a :class:`~qualify.FieldMap` or a registered mapping's name.
    :param won: the values that mean won; any other means lost.
    :param errors: ``"raise"`` (the default) or ``"report"`` (leads that cannot be
        scored are left out), as for :func:`qualify.backtest`.
    :param id: the column that identifies a table's rows.
    :param folds: how many folds validation uses.
    :param seed: the seed folds are dealt with at random: the same seed, the same
        result.
    :param time: what orders the leads (a column name, or values aligned with
        them: datetimes, dates, ISO 8601 text or numbers such as an increasing
        lead id). The leads are then cut by time into ``folds + 1`` blocks; each
        fold learns on the blocks before one and is tested on it, as a team meets
        its newest leads. Older leads may count less (a half-life, chosen the
        same way), and the random-fold figures are reported beside (``random``),
        with ``warnings`` where they disagree. Without it, the leads are dealt
        into *folds* folds at random with *seed*.
    :param bands: learn cut points of number bands too: a declared band is cut
        where its leads on either side convert differently by more than chance
        would (the declared cuts stay).
    :param splits: split a level whose aliases (the CRM values it gathers)
        convert differently in two the same way, each part a level of its own in
        the written file.
    :param pairs: add a pair of criteria as a criterion of its own (``of``, one
        level per pair of answers) where the two together move the chance beyond
        what each does alone beyond chance, and validation shows it by more than
        twice its noise (at most two pairs, and only where the weights moved: kept
        declared weights stay as they are). The declared framework's own pairs
        are left out and learned again.
    :param qualified_at: what qualified means: a score, or a
        :class:`~qualify.Chance`. Without it (and without *qualified_share*), the
        declared framework's ``qualified_at`` (a ``Chance`` stays a chance, at the
        score where the new model reaches it).
    :param qualified_share: qualify this share of the leads learned from: the
        chance, rounded down to a tenth of a percent, that does. The result's
        ``qualified_share`` says what share its threshold qualifies.
    :returns: the :class:`~qualify.reports.Calibration`: the calibrated framework,
        its validation and what it changed.
    :raises OutcomeError: the outcomes or times cannot be read, there are
        fewer than two won or two lost leads, or the calibrated chance cannot
        qualify as asked (no lead reaches the chance, or every lead does).
    """
    framework, mapping = resolve(framework, mapping)
    check_errors(errors)
    if isinstance(folds, bool) or not isinstance(folds, int) or not 2 <= folds <= 20:
        raise QualifyError(f"folds must be a whole number from 2 to 20, got {shown(folds)}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise QualifyError(f"seed must be a whole number, 0 or more, got {shown(seed)}")
    for flag, value in (("bands", bands), ("splits", splits), ("pairs", pairs)):
        if not isinstance(value, bool):
            raise QualifyError(f"{flag} must be true or false, got {shown(value)}")
    check_threshold(qualified_at, qualified_share)
    numpy()
    reader = Outcomes(won)
    if any(c.of is not None for c in framework.criteria):  # learned again, from the data
        framework = attrs.evolve(framework, criteria=[c for c in framework.criteria if c.of is None])
    declared = framework
    # with bands, the leads are read once through a probe cutting every number criterion
    # finely: its counts place the learned cuts, and its patterns merge into the bands
    numbers = probe(framework) if bands else None
    values = probe_levels(numbers or framework) if splits else None
    fine = values or numbers
    found: list[Framework] = []  # the refined framework, when a table's counting made it

    def merge(counts: Mapping[str, Mapping[object, list[int]]]) -> list[dict[float, float] | None]:
        found.append(learned(declared, counts, numbers, values))
        moves = _moves(declared, found[0])
        return [moves.get(i) for i in range(len(declared.criteria))]

    tallies = collect(
        leads, fine or framework, mapping, outcomes, reader, errors, id, time, folds,
        merge=merge if fine is not None else None,
    )
    timed = time is not None
    patterns = patterns_of(tallies, folds, timed, timed and is_table(leads))
    if fine is not None:
        framework = found[0] if found else learned(declared, tallies.criteria, numbers, values)
        if not tallies.merged:  # rows: the probe's rungs merged here, pattern by pattern
            patterns = merged(patterns, _moves(declared, framework))
    design = Design(framework, patterns)
    if fine is not None:  # the declared framework's own counts, from the merged patterns
        counted = Tallies(framework)
        counted.open, counted.skipped = tallies.open, tallies.skipped
        count_patterns(
            counted, framework, satisfactions(design, None), design.out, design.won, design.lost
        )
        tallies = counted
    total_won, total_lost = int(design.won.sum()), int(design.lost.sum())
    if total_won < 2 or total_lost < 2:
        raise OutcomeError(
            f"calibrate needs at least 2 won and 2 lost leads; got {total_won} won and"
            f" {total_lost} lost"
        )
    if timed and len(set(design.block.tolist())) < 2:
        raise OutcomeError(
            "the leads' times cannot be told apart (they all fall in one block of time), so"
            " nothing is newer to validate on; give leads their own times, or leave time= out"
        )
    threshold: Threshold = qualified_at
    if isinstance(framework.qualified_at, Chance):  # folds fit models of their own
        threshold = threshold if threshold is not None else framework.qualified_at
        framework = attrs.evolve(framework, qualified_at=framework.qualifying_score)
    with one_thread():
        return _calibrate(
            declared, framework, design, tallies, folds, seed, timed, threshold, qualified_share,
            pairs,
        )  # fmt: skip


def learned(
    declared: Framework,
    counts: Mapping[str, Mapping[object, list[int]]],
    numbers: Framework | None,
    values: Framework | None,
) -> Framework:
    """*declared* with the cuts and splits its probe's *counts* support."""
    framework = declared
    if numbers is not None:
        framework = refined(framework, learned_cuts(declared, counts))
    if values is not None:
        framework = split(framework, learned_splits(declared, counts))
    return framework


def _moves(declared: Framework, framework: Framework) -> dict[int, dict[float, float]]:
    """Every probe rung's satisfaction in *framework*, per criterion position."""
    return {**band_moves(declared, framework), **level_moves(declared, framework)}


def _calibrate(
    declared: Framework,
    framework: Framework,
    design: Design,
    tallies: Tallies,
    folds: int,
    seed: int,
    timed: bool,
    threshold: Threshold,
    share: float | None,
    pairs: bool = True,
) -> Calibration:
    """Validate, fit and shape: *framework* is *declared* with any learned cuts added,
    qualifying at a score; the result qualifies at *threshold*, or at the chance that
    qualifies *share* of the leads."""
    validation, chosen, splits, half_life = validate(
        design, "time" if timed else "random", folds, seed
    )
    random = validate(design.flat(), "random", folds, seed)[0] if timed else None
    warnings = disagreements(validation, random)
    kept = chosen.key == DECLARED
    if kept:
        reason = "nothing beat the declared weights on held-out leads by more than the noise"
    elif (
        validation.auc_after is not None
        and validation.auc_before is not None
        and validation.auc_after < validation.auc_before
    ):
        kept = True
        reason = "the fitted weights ranked held-out leads worse than the declared score"
    else:
        where = "the newest leads" if timed else f"{folds}-fold cross-validation"
        reason = f"the data moved the weights ({describe_choice(validation)}, chosen on {where})"
    if kept and chosen.key != DECLARED:
        validation = attrs.evolve(
            validation,
            strength=None,
            ordered=True,
            auc_after=validation.auc_before,
            log_loss_after=validation.log_loss_before,
        )
    leads_known = int(design.won.sum() + design.lost.sum())
    description = (framework.description + "\n\n" if framework.description else "") + (
        f"{framework.title} calibrated on {leads_known:,} outcomes"
        f" ({int(design.won.sum()):,} won): held-out ROC AUC {_show(validation.auc_before)}"
        f" declared, {_show(validation.auc_after)} calibrated"
        + (" (validated on the newest leads)." if timed else ".")
        + (" The declared weights are kept: " + reason + "." if kept else "")
    )
    weights = design.weights(half_life, folds)  # the newest block is the newest learned
    won, lost = design.won * weights, design.lost * weights
    final_moves: Moves | None = None
    turned: tuple[Reversal, ...] = ()
    if not kept:
        assert validation.strength is not None
        score = scores(framework, design, None)
        a, b, _ = fit_score(design, score, won, lost, offset=False)
        wanted = target(design, b, 0.0)  # the declared framework: no disqualified offset
        fitted = fit_model(
            design, won, lost, wanted, validation.strength,
            ordered=validation.ordered, start=start_from(design, a, wanted),
        )
        final_moves = moves_of(framework, design, fitted)
        turned = reversals(framework, design, fitted)
    result = calibrated(framework, design, final_moves, won, lost, description)
    if final_moves is None and framework.criteria != declared.criteria:  # kept: declared bands
        result = attrs.evolve(result, criteria=declared.criteria)
    result = with_seen(result, design, final_moves)
    folded = []
    for fold, fold_fit in zip(splits, chosen.fits, strict=True):
        moves = None if kept or fold_fit is None else moves_of(framework, design, fold_fit)
        folded.append((calibrated(framework, design, moves, fold.won, fold.lost, description), moves))
    fold_frameworks = [f for f, _ in folded]
    learned: tuple[LearnedPair, ...] = ()
    if pairs and not kept:  # kept: the chance ranks leads exactly as the declared score
        paired = learn_pairs(result, final_moves, folded, design, splits, won, lost)
        result, fold_frameworks, learned = paired.framework, paired.folds, paired.pairs
        if learned:
            validation = attrs.evolve(
                validation, auc_after=paired.auc, log_loss_after=paired.log_loss
            )
            named = "; ".join(f"{p.of[0]} with {p.of[1]}" for p in learned)
            result = attrs.evolve(
                result,
                description=f"{result.description} Pairs learned: {named} (held-out ROC AUC"
                f" {_show(paired.auc)} with them).",
            )
    if share is not None:
        threshold = share_chance(result, design, final_moves, share)
    result = thresholded(result, threshold, strict=True)
    after = Tallies(result)
    count_folds(after, [
        (thresholded(fold_framework, threshold, strict=False), satisfactions(design, moves),
         design.out, fold.test_won, fold.test_lost)
        for fold, fold_framework, (_, moves) in zip(splits, fold_frameworks, folded, strict=True)
    ])  # fmt: skip
    return Calibration(
        framework=result,
        declared=declared,
        n=leads_known,
        won=int(design.won.sum()),
        folds=folds,
        strength=None if kept else validation.strength,
        kept_declared=kept,
        reason=reason,
        auc_before=validation.auc_before,
        auc_after=validation.auc_after,
        log_loss_before=validation.log_loss_before,
        log_loss_after=validation.log_loss_after,
        before=build(
            framework,
            scores=tallies.scores,
            verdicts=tallies.verdicts,
            criteria=tallies.criteria,
            open=tallies.open,
            skipped=tallies.skipped,
            chances=tallies.chances,
            by_chance=tallies.by_chance,
        ),
        after=build(
            result,
            scores=after.scores,
            verdicts=after.verdicts,
            criteria=after.criteria,
            chances=after.chances,
            by_chance=after.by_chance,
        ),
        validation=validation,
        random=random,
        reversed=turned,
        warnings=warnings,
        qualified_share=qualified(result, design, final_moves),
        pairs=learned,
    )
