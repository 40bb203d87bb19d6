"""The same BANT rules in two peer rule engines, to say how qualify compares.

``business-rules`` (rules as JSON conditions and actions over a variables
object) and ``rule-engine`` (compiled expressions over a dict) each decide
every criterion's satisfaction by rules; the score, verdict and missing list
are then computed as the floor computes them. Benchmark-only dependencies:
``pip install business-rules rule-engine``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from floors import KEYS, LEVELS, ORDER, TOTAL, WEIGHTS, next_question, verdict

Scorer = Callable[[dict[str, Any]], dict[str, Any]]


def _finish(sat: dict[str, float]) -> dict[str, Any]:
    earned = sum(WEIGHTS[k] * s for k, s in sat.items())
    reachable = earned + sum(WEIGHTS[k] for k in WEIGHTS if k not in sat)
    score, potential = 100.0 * earned / TOTAL, 100.0 * reachable / TOTAL
    missing = [key for key in ORDER if key not in sat]
    judged = verdict(score, potential, sat.get("need") == 1.0)
    known: dict[str, float | None] = {key: sat.get(key) for key in KEYS}
    return {
        "score": score,
        "potential": potential,
        "verdict": judged,
        "missing": missing,
        "next_question": next_question(missing, judged, known),
    }


def rule_engine_scorer() -> Scorer:
    import rule_engine

    rules: list[tuple[str, Any, float]] = []
    for key, levels in LEVELS.items():
        for level, satisfaction in levels.items():
            rules.append((key, rule_engine.Rule(f'{key} == "{level}"'), satisfaction))
    for condition, satisfaction in (
        ("timeframe != null and timeframe <= 6", 1.0),
        ("timeframe != null and timeframe > 6 and timeframe <= 12", 0.5),
        ("timeframe != null and timeframe > 12", 0.15),
    ):
        rules.append(("timeframe", rule_engine.Rule(condition), satisfaction))

    def score(lead: dict[str, Any]) -> dict[str, Any]:
        sat: dict[str, float] = {}
        for key, rule, satisfaction in rules:
            if key not in sat and rule.matches(lead):
                sat[key] = satisfaction
        return _finish(sat)

    return score


def business_rules_scorer() -> Scorer:
    from business_rules import run_all
    from business_rules.actions import BaseActions, rule_action
    from business_rules.fields import FIELD_NUMERIC, FIELD_TEXT
    from business_rules.variables import BaseVariables, numeric_rule_variable, string_rule_variable

    class Lead(BaseVariables):  # type: ignore[misc]
        def __init__(self, lead: dict[str, Any]) -> None:
            self.lead = lead

        @string_rule_variable  # type: ignore[misc]
        def budget(self) -> str:
            return self.lead.get("budget") or ""

        @string_rule_variable  # type: ignore[misc]
        def authority(self) -> str:
            return self.lead.get("authority") or ""

        @string_rule_variable  # type: ignore[misc]
        def need(self) -> str:
            return self.lead.get("need") or ""

        @numeric_rule_variable  # type: ignore[misc]
        def timeframe(self) -> float:
            months = self.lead.get("timeframe")
            return -1.0 if months is None else float(months)

    class Rate(BaseActions):  # type: ignore[misc]
        def __init__(self, sat: dict[str, float]) -> None:
            self.sat = sat

        @rule_action(params={"key": FIELD_TEXT, "satisfaction": FIELD_NUMERIC})  # type: ignore[misc]
        def rate(self, key: str, satisfaction: float) -> None:
            self.sat.setdefault(key, satisfaction)

    def rate(key: str, satisfaction: float) -> list[dict[str, Any]]:
        return [{"name": "rate", "params": {"key": key, "satisfaction": satisfaction}}]

    rules = [
        {
            "conditions": {"all": [{"name": key, "operator": "equal_to", "value": level}]},
            "actions": rate(key, satisfaction),
        }
        for key, levels in LEVELS.items()
        for level, satisfaction in levels.items()
    ]
    for low, high, satisfaction in ((0, 6, 1.0), (6, 12, 0.5), (12, 10**9, 0.15)):
        rules.append(
            {
                "conditions": {
                    "all": [
                        {"name": "timeframe", "operator": "greater_than_or_equal_to", "value": low},
                        {"name": "timeframe", "operator": "less_than_or_equal_to", "value": high},
                    ]
                },
                "actions": rate("timeframe", satisfaction),
            }
        )

    def score(lead: dict[str, Any]) -> dict[str, Any]:
        sat: dict[str, float] = {}
        run_all(rules, Lead(lead), Rate(sat))
        return _finish(sat)

    return score
