"""What a record says beside its evidence: when its answers were observed, who vetted them.

:func:`qualify.evaluate_many` (and the command line) name the keys of each
record that hold these; they are read, checked and taken out of the evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .._core.checks import shown
from .._core.evidence import clean_value
from .._core.framework import Framework
from .._core.freshness import moment
from .._core.mapping import FieldMap
from .._core.vetting import vetted_by_names
from ..errors import EvidenceError, QualifyError, UnknownCriterionError

__all__ = ["NO_AS_OF", "Beside", "observed_times"]

NO_AS_OF = (
    "observed_at= says when evidence was observed, which only matters when judging it"
    " as_of= an instant; give as_of= too, or leave observed_at out"
)


class Beside:
    """The record keys holding when answers were observed and who vetted them."""

    def __init__(self, times: dict[str, str], vetted: dict[str, str]) -> None:
        self.times = times
        self.vetted = vetted
        self.names = frozenset(times.values()) | frozenset(vetted.values())

    @classmethod
    def of(
        cls,
        observed_at: object,
        vetted: object,
        as_of: datetime | None,
        framework: Framework,
        mapping: FieldMap | None,
    ) -> Beside | None:
        """Check ``evaluate_many``'s *observed_at* and *vetted*; ``None`` when neither is given."""
        if observed_at is None and vetted is None:
            return None
        times = _time_keys(observed_at, as_of, framework, mapping)
        return cls(times, vetted_by_names(vetted, framework, "record key"))

    def split(
        self, record: object, framework: Framework
    ) -> tuple[dict[str, Any], Any, frozenset[str] | None]:
        """The record without these keys, when its answers were observed, which are vetted."""
        if not isinstance(record, Mapping):
            raise EvidenceError(
                "observed_at and vetted name keys of mapping records; Evidence items carry"
                f" their own observed_at and vetted_by. Got {type(record).__name__}"
            )
        for name in self.names:
            if name not in record:
                raise EvidenceError(
                    f"the record has no {name!r}, which observed_at or vetted names; its"
                    f" keys: {', '.join(map(str, record))}"
                )
        found = {key: moment(record[name], repr(name)) for key, name in self.times.items()}
        at = observed_times(found, framework) if found else None
        vetted = None
        if self.vetted:
            vetted = frozenset(
                key for key, name in self.vetted.items() if clean_value(name, record[name])
            )
        rest = {key: value for key, value in record.items() if key not in self.names}
        return rest, at, vetted


def observed_times(
    found: Mapping[str, datetime | None], framework: Framework
) -> datetime | dict[str, datetime | None] | None:
    """*found* (criterion key, or "" for the whole record, to when it was observed) as
    :func:`evaluate`'s ``observed_at``: a key's own time wins, else the record's."""
    whole = found.get("")
    if len(found) == 1 and "" in found:
        return whole
    return {
        key: when if (when := found.get(key)) is not None else whole
        for key in framework.keys
        if key in found or whole is not None
    }


def _time_keys(
    observed_at: object, as_of: datetime | None, framework: Framework, mapping: FieldMap | None
) -> dict[str, str]:
    """Criterion key ("" for every key) to the record key holding when it was observed."""
    if observed_at is None:
        return {}
    if as_of is None:
        raise QualifyError(NO_AS_OF)
    if isinstance(observed_at, str):
        return {"": observed_at}
    if isinstance(observed_at, Mapping) and "*" in observed_at:
        observed_at = {"" if key == "*" else key: name for key, name in observed_at.items()}
    if not isinstance(observed_at, Mapping) or not all(
        isinstance(key, str) and isinstance(name, str) for key, name in observed_at.items()
    ):
        raise QualifyError(
            "observed_at must name the record key holding when a record's values were"
            ' observed, or map criterion keys ("*" for every key) to such record keys; got'
            f" {shown(observed_at)}"
        )
    fed = frozenset(framework.keys) if mapping is None else frozenset(mapping.criteria)
    stray = [key for key in observed_at if key and key not in fed]
    if stray:
        raise UnknownCriterionError(
            f"observed_at names {', '.join(map(repr, stray))}, which is not a criterion"
            f" {'of framework' if mapping is None else 'fed by mapping'}"
            f" {(framework.name if mapping is None else mapping.name)!r}; it has:"
            f" {', '.join(sorted(fed))}"
        )
    return dict(observed_at)
