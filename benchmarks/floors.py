"""The floors: BANT scored by hand, the way a developer would without qualify.

``score_one`` is plain Python over a dict (the floor for one call);
``score_table`` is numpy over the columns of a pandas table (the floor for a
batch). Both compute what qualify computes for BANT: score, completeness,
potential, verdict, the missing keys heaviest first and the next question.
The benchmark checks they agree with qualify before it times anything.
"""

from __future__ import annotations

from typing import Any

BUDGET = {"none": 0.0, "process": 0.35, "allocated": 0.75, "sufficient": 1.0}
AUTHORITY = {"identified": 0.5, "engaged": 1.0}
NEED = {"assumed": 0.1, "identified": 0.5, "validated": 1.0}
LEVELS = {"budget": BUDGET, "authority": AUTHORITY, "need": NEED}
KEYS = ("budget", "authority", "need", "timeframe")
WEIGHTS = {"budget": 3.0, "authority": 3.0, "need": 4.0, "timeframe": 2.0}
ORDER = ("need", "budget", "authority", "timeframe")  # heaviest first, ties in framework order
TOTAL = 12.0
QUESTIONS: dict[str, str] = {}  # filled from the framework by the benchmark (same text)


def timeframe(months: float) -> float:
    return 1.0 if months <= 6 else 0.5 if months <= 12 else 0.15


def verdict(score: float, potential: float, need_met: bool) -> str:
    """BANT's verdict: qualified at 70 with a validated need, nurture if 70 is reachable."""
    if score >= 70 - 1e-9 and need_met:
        return "qualified"
    if potential >= 70 - 1e-9:
        return "nurture"
    return "unqualified"


def next_question(missing: list[str], verdict: str, sat: dict[str, float | None]) -> str | None:
    """The heaviest missing question; for a nurture lead with none, its largest gap's."""
    if missing:
        return QUESTIONS[missing[0]]
    if verdict != "nurture":
        return None
    gaps = [
        (WEIGHTS[key] * (1.0 - s), -i, key)
        for i, key in enumerate(KEYS)
        if (s := sat[key]) is not None and s < 1.0
    ]
    return QUESTIONS[max(gaps)[2]] if gaps else None


def score_one(lead: dict[str, Any]) -> dict[str, Any]:
    """BANT for one lead, with plain dicts."""
    sat: dict[str, float | None] = {}
    for key, table in LEVELS.items():
        value = lead.get(key)
        sat[key] = None if value is None else table[value]
    months = lead.get("timeframe")
    sat["timeframe"] = None if months is None else timeframe(months)
    earned = reachable = known = 0.0
    for key in KEYS:
        s = sat[key]
        weight = WEIGHTS[key]
        if s is None:
            reachable += weight
        else:
            earned += weight * s
            reachable += weight * s
            known += weight
    score = 100.0 * earned / TOTAL
    potential = 100.0 * reachable / TOTAL
    missing = [key for key in ORDER if sat[key] is None]
    judged = verdict(score, potential, sat["need"] == 1.0)
    return {
        "score": score,
        "completeness": known / TOTAL,
        "potential": potential,
        "verdict": judged,
        "missing": missing,
        "next_question": next_question(missing, judged, sat),
    }


def score_table(frame: Any) -> dict[str, Any]:
    """BANT for every row of a pandas table of strings and numbers, with numpy."""
    import numpy as np

    earned = np.zeros(len(frame))
    reachable = np.zeros(len(frame))
    known = np.zeros(len(frame))
    mask = np.zeros(len(frame), dtype=np.int64)  # bit i: ORDER[i] is missing
    largest = np.full(len(frame), -1.0)  # the largest shortfall, and whose (KEYS order)
    gap = np.zeros(len(frame), dtype=np.int64)
    need_met = None
    for key in KEYS:
        column = frame[key]
        if key == "timeframe":
            months = column.to_numpy(dtype=float, na_value=np.nan)
            present = ~np.isnan(months)
            sat = np.select([months <= 6, months <= 12], [1.0, 0.5], 0.15)
        else:
            codes, uniques = column.factorize()  # one dict lookup per distinct value
            table = np.array([LEVELS[key][u] for u in uniques] + [0.0])
            present = codes >= 0
            sat = table[codes]  # code -1 (missing) reads the trailing 0.0
        weight = WEIGHTS[key]
        earned += np.where(present, weight * sat, 0.0)
        reachable += np.where(present, weight * sat, weight)
        known += np.where(present, weight, 0.0)
        mask |= np.where(present, 0, 1 << ORDER.index(key))
        shortfall = np.where(present & (sat < 1.0), weight * (1.0 - sat), -1.0)
        larger = shortfall > largest
        largest = np.where(larger, shortfall, largest)
        gap = np.where(larger, KEYS.index(key), gap)
        if key == "need":
            need_met = present & (sat == 1.0)
    score = 100.0 * earned / TOTAL
    potential = 100.0 * reachable / TOTAL
    verdicts = np.where(
        (score >= 70 - 1e-9) & need_met,
        "qualified",
        np.where(potential >= 70 - 1e-9, "nurture", "unqualified"),
    )
    lists = np.empty(16, dtype=object)
    firsts = np.empty(16, dtype=object)
    for m in range(16):
        keys = [key for i, key in enumerate(ORDER) if m >> i & 1]
        lists[m] = keys
        firsts[m] = QUESTIONS[keys[0]] if keys else None
    questions = firsts[mask]
    gap_questions = np.array([QUESTIONS[key] for key in KEYS], dtype=object)[gap]
    asked = (mask == 0) & (verdicts == "nurture") & (largest > 0)
    return {
        "score": score,
        "completeness": known / TOTAL,
        "potential": potential,
        "verdict": verdicts,
        "missing": lists[mask],
        "next_question": np.where(asked, gap_questions, questions),
    }
