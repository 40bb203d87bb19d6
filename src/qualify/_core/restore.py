"""Evaluations written out and read back on a fast path, for the usual evaluation.

:func:`qualify.to_dict` and :func:`qualify.from_dict` go through cattrs, which
handles every shape and names the path of every bad value. Most stored
evaluations are the usual kind: no :class:`~qualify.Evidence` items, nothing
stale or unvetted, no contact history, not judged as of an instant. For those,
:func:`written` and :func:`restored` do the same work by hand: the same dict,
field for field and in the same order, and on the way back the same checks
(every key there and no other, each value of the type ``to_dict`` writes, or an
int for a whole float as JavaScript's ``JSON.stringify`` writes one, which the
general path keeps as it is; the numbers the engine can produce, as
:mod:`.stored` checks them).

Whenever a value is not plainly right, the fast path steps aside (``None``) and
the general one reads the data, and says what is wrong if anything is. So the
fast path accepts a subset of what the general one accepts, and builds equal
objects (``tests/test_round_trips.py`` checks both on generated evaluations).

Read-back results are shared between reads, as the engine shares them between
leads: they are immutable, and a stored list of leads repeats a handful. Each is
found by criterion, answer and types, and checked whole against what it wrote
(one comparison of two dicts, made in C) rather than value by value.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from .results import CriterionResult, Evaluation, Missing, Status, Verdict, blank, made

__all__ = ["restored", "written"]

_STATUSES = {status.value: status for status in Status}
_VERDICTS = {verdict.value: verdict for verdict in Verdict}
_RESULT_KEYS = tuple(field.name for field in attrs.fields(CriterionResult))
_MISSING_KEYS = tuple(f.name for f in attrs.fields(Missing) if f.init)
_EVALUATION_KEYS = tuple(field.name for field in attrs.fields(Evaluation))
# what the engine may be off by at the top of a range (points of 100.00000000000001)
_SCORE_TOP, _SHARE_TOP = 100.0 + 1e-7, 1.0 + 1e-9
_NUMBER = (float, int)  # the types of a stored number (a flag is none, though True == 1)

# How many distinct results and missing entries are kept for sharing; past this, afresh.
_KEPT = 4096
_results: dict[tuple[Any, ...], CriterionResult] = {}  # by criterion, answer and types
_missing: dict[tuple[Any, ...], tuple[Missing, dict[str, Any]]] = {}  # and what it wrote
_BLANK = blank("", "", 0.0)  # every field of an evaluation, the ones read back set anew


# Writing ------------------------------------------------------------------------------


def written(result: Evaluation) -> dict[str, Any] | None:
    """*result* as ``to_dict`` writes it, or ``None`` for an evaluation of another kind."""
    if (
        type(result) is not Evaluation  # a subclass: the general path writes its fields
        or result.as_of is not None
        or result.stale
        or result.unvetted
        or result.touches is not None
    ):
        return None
    try:  # each result written before: its dict copied out (see _written_result)
        criteria = [r._as_dict.copy() for r in result.criteria]
        gaps = [r._as_dict.copy() for r in result.gaps]
    except AttributeError:
        for rated in (*result.criteria, *result.gaps):
            if rated.evidence is not None:
                return None
        criteria = [_written_result(r) for r in result.criteria]
        gaps = [_written_result(r) for r in result.gaps]
    data = result.__dict__.copy()  # its fields in field order (see results.made); then
    settled = result.settled  # each one to_dict writes in another form than it holds
    data["verdict"] = result.verdict._value_
    data["criteria"] = criteria
    data["missing"] = _written_missing(result.missing) if result.missing else []
    data["gaps"] = gaps
    data["disqualified_by"] = list(result.disqualified_by)
    data["stale"] = []
    data["unvetted"] = []
    if settled is not None:
        data["settled"] = settled._value_
    data["checks"] = _written_missing(result.checks) if result.checks else []
    return data


def _written_missing(entries: tuple[Missing, ...]) -> list[dict[str, Any]]:
    """*entries* as ``to_dict`` writes them: a copy of each one's fields, its outlook left
    out (a ``Missing`` keeps its fields in a dict, in field order, the outlook last)."""
    written = []
    for entry in entries:
        if type(entry) is Missing:
            fields = entry.__dict__.copy()
            del fields["_outlook"]
        else:  # a subclass may keep more: its fields, one by one
            fields = {key: getattr(entry, key) for key in _MISSING_KEYS}
        written.append(fields)
    return written


def _written_result(r: CriterionResult) -> dict[str, Any]:
    """*r* as ``to_dict`` writes it (no evidence item), kept on it for its next writing: a
    fresh copy each time, as a caller may change it, of values nobody can change."""
    try:
        return r._as_dict.copy()
    except AttributeError:
        pass
    written = {
        "key": r.key, "label": r.label, "question": r.question, "status": r.status._value_,
        "satisfaction": r.satisfaction, "weight": r.weight, "points": r.points,
        "value": r.value, "evidence": None,
    }  # fmt: skip
    object.__setattr__(r, "_as_dict", written)  # frozen: set once, past attrs' guard
    return written.copy()


# Reading ------------------------------------------------------------------------------


def _within(value: object, top: float) -> bool:
    """A number from 0 to *top* (``inf``: any but NaN, 0 or more): a float, or an int as
    JavaScript's ``JSON.stringify`` writes a whole float (the general path keeps it)."""
    return type(value) in _NUMBER and 0.0 <= value <= top  # type: ignore[operator]  # NaN: no


def restored(data: Any) -> Evaluation | None:
    """The evaluation *data* holds, when it is plainly one ``to_dict`` wrote for the usual
    evaluation; else ``None`` (the general path reads it, and says what is wrong)."""
    if type(data) is not dict or len(data) != len(_EVALUATION_KEYS):
        return None
    try:  # all 23 keys there, in a dict of 23: no other key
        if (
            data["as_of"] is not None
            or data["stale"] != []
            or data["unvetted"] != []
            or data["touches"] is not None
        ):
            return None
        framework, version = data["framework"], data["framework_version"]
        score, completeness, potential = data["score"], data["completeness"], data["potential"]
        qualified_at, verdict, settled = data["qualified_at"], data["verdict"], data["settled"]
        stage, next_stage = data["stage"], data["next_stage"]
        probability, expected = data["probability"], data["expected"]
        lowest, highest = data["lowest_probability"], data["highest_probability"]
        disqualified_by = data["disqualified_by"]
        criteria_data, gaps_data = data["criteria"], data["gaps"]
        missing_data, checks_data = data["missing"], data["checks"]
    except KeyError:
        return None
    if not (
        type(framework) is str
        and type(version) is str
        and type(score) in _NUMBER
        and 0.0 <= score <= _SCORE_TOP
        and type(completeness) in _NUMBER
        and 0.0 <= completeness <= _SHARE_TOP
        and type(potential) in _NUMBER
        and 0.0 <= potential <= _SCORE_TOP
        and type(qualified_at) in _NUMBER
        and 0.0 <= qualified_at <= _SCORE_TOP
        and type(verdict) is str
        and verdict in _VERDICTS
        and (settled is None or (type(settled) is str and settled in _VERDICTS))
        and (stage is None or type(stage) is str)
        and (next_stage is None or type(next_stage) is str)
        and (probability is None or _within(probability, _SHARE_TOP))
        and (expected is None or _within(expected, _SHARE_TOP))
        and (lowest is None or _within(lowest, _SHARE_TOP))
        and (highest is None or _within(highest, _SHARE_TOP))
    ):
        return None
    if type(disqualified_by) is not list or (
        disqualified_by and not all(type(key) is str for key in disqualified_by)
    ):
        return None
    criteria = _results_of(criteria_data)
    gaps = () if gaps_data == [] else _results_of(gaps_data)  # none: at once, as often
    missing = () if missing_data == [] else _missing_of(missing_data)
    checks = () if checks_data == [] else _missing_of(checks_data)
    if criteria is None or gaps is None or missing is None or checks is None:
        return None
    fields = _BLANK.copy()  # as the engine makes an evaluation: every field, then each set
    fields["framework"] = framework
    fields["framework_version"] = version
    fields["score"] = score
    fields["completeness"] = completeness
    fields["potential"] = potential
    fields["qualified_at"] = qualified_at
    fields["verdict"] = _VERDICTS[verdict]
    fields["criteria"] = criteria
    fields["missing"] = missing
    fields["gaps"] = gaps
    fields["stage"] = stage
    fields["next_stage"] = next_stage
    fields["disqualified_by"] = tuple(disqualified_by)
    fields["probability"] = probability
    fields["settled"] = None if settled is None else _VERDICTS[settled]
    fields["lowest_probability"] = lowest
    fields["highest_probability"] = highest
    fields["expected"] = expected
    fields["checks"] = checks
    return made(fields)


def _results_of(items: object) -> tuple[CriterionResult, ...] | None:
    """The results *items* hold, each one looked up among those read before by criterion
    and answer, and by the types of its answer and numbers (``True == 1 == 1.0``, yet
    each its own answer; the general path keeps an int where a float was written, as
    JavaScript writes a whole one, and refuses a flag), then checked whole against what
    that one wrote: a comparison of two dicts, made in C. One that is new or differs is
    read value by value."""
    if type(items) is not list:
        return None
    found = []
    for item in items:
        try:
            value = item["value"]
            memo = (
                item["key"], value, type(value), type(item["satisfaction"]),
                type(item["weight"]), type(item["points"]),
            )  # fmt: skip
            rated = _results.get(memo)
        except (KeyError, TypeError):  # not a dict, a key not there, or an unhashable answer
            return None
        if (
            rated is None
            or type(item) is not dict  # (a subclass could answer the comparison its own way)
            or item != rated._as_dict  # every key there, no other, each value equal
        ):
            rated = _result_of(item)
            if rated is None:
                return None
            if not (type(value) is float and not value):  # 0.0 == -0.0: each its own
                if len(_results) >= _KEPT:  # answer, so neither one is kept
                    _results.clear()
                _results[memo] = rated
        found.append(rated)
    return tuple(found)


def _result_of(item: Any) -> CriterionResult | None:
    """The result *item* holds, checked value by value; its written form kept on it."""
    if type(item) is not dict or len(item) != len(_RESULT_KEYS):
        return None
    try:
        key, label, question = item["key"], item["label"], item["question"]
        status, satisfaction = item["status"], item["satisfaction"]
        weight, points = item["weight"], item["points"]
        value, evidence = item["value"], item["evidence"]
    except KeyError:
        return None
    kind = type(value)  # a value as to_dict writes one: text, true/false, a finite number
    if not (
        evidence is None
        and type(key) is str
        and type(label) is str
        and type(question) is str
        and type(status) is str
        and status in _STATUSES
        and _within(satisfaction, _SHARE_TOP)
        and _within(weight, math.inf)
        and _within(points, _SCORE_TOP)
        and (
            value is None
            or kind is str
            or kind is bool
            or kind is int
            or (kind is float and math.isfinite(value))
        )
    ):
        return None
    rated = CriterionResult(
        key=key, label=label, question=question, status=_STATUSES[status],
        satisfaction=satisfaction, weight=weight, points=points, value=value,
    )  # fmt: skip
    _written_result(rated)
    return rated


def _missing_of(items: object) -> tuple[Missing, ...] | None:
    """The open questions *items* hold, looked up by criterion and points and checked
    as :func:`_results_of` checks results."""
    if type(items) is not list:
        return None
    found = []
    for item in items:
        try:
            points = item["points"]
            memo = (item["key"], points, type(points), type(item["weight"]))
            kept = _missing.get(memo)
        except (KeyError, TypeError):
            return None
        if kept is None or type(item) is not dict or item != kept[1]:
            entry = _entry_of(item)
            if entry is None:
                return None
            kept = (entry, _written_missing((entry,))[0])
            if len(_missing) >= _KEPT:
                _missing.clear()
            _missing[memo] = kept
        found.append(kept[0])
    return tuple(found)


def _entry_of(item: Any) -> Missing | None:
    """The open question *item* holds, checked value by value."""
    if type(item) is not dict or len(item) != len(_MISSING_KEYS):
        return None
    try:
        key, label, question = item["key"], item["label"], item["question"]
        weight, points = item["weight"], item["points"]
    except KeyError:
        return None
    if not (
        type(key) is str
        and type(label) is str
        and type(question) is str
        and _within(weight, math.inf)
        and _within(points, _SCORE_TOP)
    ):
        return None
    return Missing(key=key, label=label, question=question, weight=weight, points=points)
