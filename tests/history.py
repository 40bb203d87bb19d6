"""Won and lost BANT leads whose outcomes a known truth decides, for the learning tests."""

from __future__ import annotations

import math
import random
from typing import Any

LEVELS = {
    "budget": ["none", "process", "allocated", "sufficient"],
    "authority": ["identified", "engaged"],
    "need": ["assumed", "identified", "validated"],
}
# what really decides the outcome: need most, budget next, authority not at all
TRUTH = {"budget": 1.5, "authority": 0.0, "need": 3.0}


def bant_leads(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    leads = []
    for _ in range(count):
        lead: dict[str, Any] = {}
        log_odds = -2.0
        for key, levels in LEVELS.items():
            if rng.random() < 0.2:
                lead[key] = None
                continue
            position = rng.randrange(len(levels))
            lead[key] = levels[position]
            log_odds += TRUTH[key] * position / (len(levels) - 1)
        lead["timeframe"] = rng.choice([None, 2, 9, 20])
        lead["won"] = rng.random() < 1 / (1 + math.exp(-log_odds))
        leads.append(lead)
    return leads
