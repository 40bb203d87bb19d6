"""How soon leads buy: the share of leads won within 3, 6, 12 and 24 months of coming in.

Inquiries keep buying for a year and more (one source document reports 12-15%
of inquiries buying within 3 months, 24-26% within 6 and 45% within 12), so a
lead nobody has won yet is not a lost lead. For each horizon, only leads that
came in at least that long before ``as_of`` count (a lead of last week cannot
have had six months); of them, the share won within the horizon. Lost and
still-open leads count as not won within it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from .._core.checks import shown
from ..errors import OutcomeError
from .outcomes import WON, is_missing
from .report import AgeRate, wilson

__all__ = ["HORIZONS", "age_rates", "as_date"]

#: The horizons, in months, conversion by age is reported for.
HORIZONS = (3, 6, 12, 24)

_DAYS_PER_MONTH = 365.25 / 12


def as_date(value: object, what: str) -> date | None:
    """*value* (a date, a datetime, an ISO 8601 text) as a date; ``None`` when missing."""
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return None if value != value else value.date()  # NaT is not equal to itself
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            pass
    raise OutcomeError(
        f"the {what} date {shown(value)} is not a date; accepted: a date or datetime, or"
        " ISO 8601 text such as 2026-03-31, or blank"
    )


def age_rates(
    leads: Iterable[tuple[date | None, date | None, int]], as_of: date | None
) -> tuple[AgeRate, ...]:
    """Conversion by horizon from (created, closed, outcome code) per lead."""
    found = [  # a lead won on an unknown day cannot be placed in time
        (created, closed, code)
        for created, closed, code in leads
        if created is not None and not (code == WON and closed is None)
    ]
    if not found:
        return ()
    end = as_of or max(max(c for c, _, _ in found), *(d for _, d, _ in found if d is not None))
    rates = []
    for months in HORIZONS:
        reach = months * _DAYS_PER_MONTH
        eligible = [(c, d, code) for c, d, code in found if (end - c).days >= reach]
        won = sum(
            1 for c, d, code in eligible if code == WON and d is not None and (d - c).days <= reach
        )
        n = len(eligible)
        low, high = wilson(won, n)
        rates.append(
            AgeRate(months=months, n=n, won=won, rate=won / n if n else None, low=low, high=high)
        )
    return tuple(rates)
