"""Judging evidence at an instant: what was known by then, and what had gone stale.

A :class:`Clock` is made for one evaluation with ``as_of``. Evidence observed
after ``as_of`` was not known yet and is left out; evidence older than its
criterion's ``fresh_for`` is stale: the criterion counts as unknown, and its
question asks to re-confirm the old answer. Evidence with no observed time
has no age and always counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import attrs

from ..errors import EvidenceError, UnknownCriterionError
from .checks import is_missing, shown
from .evidence import Evidence
from .freshness import age, check_as_of, reconfirm
from .plan import Plan
from .results import Missing, Stale
from .scales import EvidenceValue

__all__ = ["Clock"]


class Clock:
    """The instant one evaluation judges evidence at, and the stale evidence it found."""

    __slots__ = ("as_of", "asked", "found", "plan", "times")

    def __init__(
        self,
        plan: Plan,
        as_of: datetime,
        observed_at: datetime | Mapping[str, datetime | None] | None = None,
    ) -> None:
        checked = check_as_of(as_of)
        assert checked is not None
        self.as_of = checked
        self.plan = plan
        self.times = _times(plan, observed_at)
        self.found: list[Stale] = []
        self.asked = 0  # bit i: criterion i is stale, its question asked again

    def mapped(self, key: str) -> datetime | None:
        """When the mapping evidence on *key* was observed, if the caller said."""
        return self.times.get(key, self.times.get("", None))

    def known(self, key: str, observed_at: datetime | None) -> bool:
        """Whether evidence observed at *observed_at* was known by ``as_of``."""
        return observed_at is None or age(observed_at, self.as_of, key) >= timedelta(0)

    def stale(self, i: int, value: EvidenceValue, item: Evidence | None) -> bool:
        """Whether criterion *i*'s evidence is too old to count; a stale one is recorded."""
        fresh_for = self.plan.fresh_for[i]
        key = self.plan.criterion_keys[i]
        observed_at = self.mapped(key) if item is None else item.observed_at
        if fresh_for is None or observed_at is None:
            return False
        old = age(observed_at, self.as_of, key)
        if old <= fresh_for:
            return False
        criterion = self.plan.criteria[i]
        self.asked |= 1 << i
        self.found.append(
            Stale(
                key=key,
                label=criterion.label,
                value=value,
                observed_at=observed_at,
                age=old,
                fresh_for=fresh_for,
                evidence=item,
            )
        )
        return True

    def reconfirm(self) -> dict[str, Missing]:
        """The ``missing`` entry of each stale criterion: its question, asking to re-confirm."""
        asked = {}
        again = self.plan.again
        for stale in self.found:
            i = self.plan.index[stale.key]
            found = again.get(("stale", i))
            if found is None:
                missing = self.plan.missing[i]
                question = reconfirm(missing.question, stale.fresh_for)
                found = again[("stale", i)] = attrs.evolve(missing, question=question)
            asked[stale.key] = found
        return asked


def _times(
    plan: Plan, observed_at: datetime | Mapping[str, datetime | None] | None
) -> dict[str, datetime | None]:
    """When mapping evidence was observed, by key ("" for every key)."""
    if observed_at is None:
        return {}
    if isinstance(observed_at, datetime):
        return {"": _moment("observed_at", observed_at)}
    if not isinstance(observed_at, Mapping):
        raise EvidenceError(
            "observed_at must be a datetime (when every value was observed), a mapping of"
            f" criterion key to datetime, or None; got {shown(observed_at)}"
        )
    times: dict[str, datetime | None] = {}
    for key, moment in observed_at.items():
        if key not in plan.accepted:
            raise UnknownCriterionError(plan.unknown_key(key))
        times[key] = None if is_missing(moment) else _moment(f"observed_at of {key!r}", moment)
    return times


def _moment(what: str, value: object) -> datetime:
    if not isinstance(value, datetime):
        raise EvidenceError(f"{what} must be a datetime or None, got {shown(value)}")
    return value
