"""Mapping evidence rated: by loop while a framework is new, then compiled for it.

attrs and cattrs write a class's ``__init__`` and its converters as source
once per class and compile them: code that knows its class runs faster than
code that looks it up. A framework is a class of leads in the same sense. For
mapping evidence (the usual call: a CRM row or a dict of answers), once a
framework has rated :data:`COMPILE_AFTER` leads by loop (:func:`rate_by_loop`),
:func:`compile_rating` writes it one function that rates each criterion and
sums what the engine sums, criterion after criterion with no loop: each
criterion's key, weight, bit and remembered results are constants of that
function. It does exactly what :func:`rate_by_loop` followed by
:func:`sum_results` does, in the same order, so every sum has the same
bits (``tests/test_compiled.py`` holds the two to it on generated frameworks
and leads); anything unusual (a value not rated before that cannot be rated,
a disqualifier that is no yes or no) gives ``None``, and the general path
then says what is wrong.

Nothing from the framework's text reaches the source: keys, weights and
results are handed to the compiled code as named constants (``K0``, ``W0``,
``T0`` ...), and the source holds only those names and positions.
"""

from __future__ import annotations

import linecache
import weakref
from collections.abc import Callable, Mapping
from functools import partial
from itertools import count
from textwrap import indent
from typing import Any

from ..errors import EvidenceError
from .plan import Plan
from .results import CriterionResult, Status
from .scales import Boolean

__all__ = [
    "COMPILE_AFTER",
    "MAX_CRITERIA",
    "Rating",
    "Summed",
    "compile_rating",
    "rate_and_sum",
    "rate_by_loop",
    "sum_results",
]

#: The sums the engine concludes from: earned, reachable, floor and known weight; the
#: pattern of unknown criteria, those asked and not known (bits by position); the
#: unknown positions in framework order; the criteria that fell short.
Summed = tuple[float, float, float, float, int, int, list[int], list[CriterionResult]]

#: A lead's results, disqualifiers that hold, the answered disqualifiers (bit k:
#: disqualifier k) and its sums; ``None``: the general path must say what is wrong.
Rating = Callable[
    [Mapping[str, object]],
    tuple[list[CriterionResult], list[str], int, Summed] | None,
]

#: Frameworks with more criteria than this are never compiled (they keep the loop): the
#: source grows with every criterion, and so does its compile time (about 0.2 ms each).
MAX_CRITERIA = 120

#: How many leads a framework rates by loop (:func:`rate_by_loop`) before it is compiled:
#: compiling takes what a few hundred evaluations save, so only a framework in use pays.
COMPILE_AFTER = 64

_BOOLEAN = Boolean()
_compiled = count(1)  # a name for each compiled function's lines, never reused
# Enum members are looked up on their class at some cost; as in the engine, names of our own.
_MET_STATUS, _UNKNOWN_STATUS = Status.MET, Status.UNKNOWN

# What a criterion adds: known, its product with its weight; unknown, its weight to the
# potential (and a calibrated framework's credit for not knowing), and its bit.
# Without a credit for not knowing anywhere, the floor is earned, added to alike: one sum.
_KNOWN = """\
product = W{i} * r{i}.satisfaction
earned += product
reachable += product
{floor}known += W{i}
"""
_UNKNOWN = """\
reachable += W{i}{credit}
pattern |= {bit}
unknown_at.append({i})
"""

# One criterion nobody can give evidence for: a pair, which follows from its two criteria.
_PAIR = """\
    r{i} = pair(P{i}, r{first}, r{second})
    if r{i}.status is UNKNOWN:
{unknown_8}\
    else:
{known_8}\
"""

# One criterion rated from the mapping: its remembered result for a text (a picklist's),
# a flag or a whole number, else the plan's result for the value (None: the general path
# says why not). Remembered results are kept per type: True == 1, yet each rates apart.
_CRITERION = """\
    raw = get(K{i})
    if raw is None:
        r{i} = U{i}
{unknown_8}\
    else:
        kind = type(raw)
        if kind is str:
            r{i} = T{i}.get(raw)
        elif kind is bool:
            r{i} = B{i}.get(raw)
        elif kind is int:
            r{i} = I{i}.get(raw)
        else:
            r{i} = None
        if r{i} is None:
            r{i} = result({i}, raw)
            if r{i} is None:
                return None
        status = r{i}.status
        if status is UNKNOWN:
{unknown_12}\
            if r{i} is A{i}:
                said |= {bit}
        else:
{known_12}\
            if status is not MET:
                gaps.append(r{i})
"""

_HEAD = """\
def rating(evidence):
    get = evidence.get
    earned = reachable = floor = known = 0.0
    pattern = said = 0
    unknown_at = []
    gaps = []
"""

_TAIL = """\
    if disqualifiers:
        disqualified_by, checked = checked_of(get)
        if checked is None:
            return None
    else:
        disqualified_by, checked = [], 0
    return (
        [{results}], disqualified_by, checked,
        (earned, reachable, {floor}, known, pattern, said, unknown_at, gaps),
    )
"""


def compile_rating(plan: Plan) -> Rating:
    """The compiled mapping path of *plan*; past :data:`MAX_CRITERIA`, the loop's."""
    count = len(plan.criteria)
    if count > MAX_CRITERIA:
        return partial(rate_and_sum, plan=plan)
    pairs = {pair.position: pair for pair in plan.pairs}
    by_text, by_flag, by_whole = (plan.remembered[kind] for kind in (str, bool, int))
    constants: dict[str, Any] = {
        "UNKNOWN": Status.UNKNOWN,
        "MET": Status.MET,
        "result": plan.result,
        "pair": plan.pair_result,
        "disqualifiers": bool(plan.disqualifiers),
        "checked_of": partial(_checked, plan),
    }
    parts = [_HEAD]
    credited = any(unknown.satisfaction for unknown in plan.unknown_results)
    for i, unknown in enumerate(plan.unknown_results):
        # what a calibrated framework credits a criterion nobody knows (0: nothing added)
        credit = unknown.weight * unknown.satisfaction
        constants[f"W{i}"] = unknown.weight
        if credit:
            constants[f"C{i}"] = credit
        fields: dict[str, object] = {"i": i, "bit": 1 << i}
        adds_known = _KNOWN.format(floor="floor += product\n" if credited else "", **fields)
        adds_unknown = _UNKNOWN.format(credit=f"\nearned += C{i}" if credit else "", **fields)
        for pad in (8, 12):
            fields[f"known_{pad}"] = indent(adds_known, " " * pad)
            fields[f"unknown_{pad}"] = indent(adds_unknown, " " * pad)
        pair = pairs.get(i)
        if pair is not None:
            constants[f"P{i}"] = pair
            parts.append(_PAIR.format(first=pair.first, second=pair.second, **fields))
            continue
        constants[f"K{i}"] = plan.criterion_keys[i]
        constants[f"U{i}"] = unknown
        constants[f"A{i}"] = plan.asked_results[i]
        constants[f"T{i}"] = by_text[i]
        constants[f"B{i}"] = by_flag[i]
        constants[f"I{i}"] = by_whole[i]
        parts.append(_CRITERION.format(**fields))
    results = ", ".join(f"r{i}" for i in range(count))
    parts.append(_TAIL.format(results=results, floor="floor" if credited else "earned"))
    source = "".join(parts)
    # a name of its own, its lines where tracebacks and profilers look (as attrs does)
    filename = f"<qualify rating of {plan.name!r}, #{next(_compiled)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), constants)  # noqa: S102 - names and positions only
    rating: Rating = constants["rating"]
    weakref.finalize(rating, linecache.cache.pop, filename, None)  # its lines go with it
    return rating


def sum_results(plan: Plan, results: list[CriterionResult]) -> Summed:
    """What the rated criteria add up to, in framework order (see :data:`Summed`): the
    loop the compiled path unrolls, for every lead it does not rate."""
    earned = 0.0  # weight times satisfaction, summed in framework order
    reachable = 0.0  # the same with every unknown criterion at its best
    floor = 0.0  # the same with every unknown criterion at its worst: the known ones' sum
    known = 0.0  # weight with evidence
    pattern = 0  # bit i set: criterion i is unknown
    said = 0  # bit i set: criterion i was asked, and nobody knew
    unknown_at = []  # the positions of the unknown criteria
    gaps = []
    bit = 1
    answered_unknown = plan.asked_results
    for i, rated in enumerate(results):
        status = rated.status
        if status is _UNKNOWN_STATUS:
            reachable += rated.weight
            pattern |= bit
            unknown_at.append(i)
            if rated is answered_unknown[i]:
                said |= bit
            if rated.satisfaction:  # a calibrated framework's credit for not knowing
                earned += rated.weight * rated.satisfaction
        else:
            weight = rated.weight
            product = weight * rated.satisfaction  # the same bits, worked out once
            earned += product
            reachable += product
            floor += product
            known += weight
            if status is not _MET_STATUS:
                gaps.append(rated)
        bit <<= 1
    return earned, reachable, floor, known, pattern, said, unknown_at, gaps


def rate_and_sum(
    evidence: Mapping[str, object], plan: Plan
) -> tuple[list[CriterionResult], list[str], int, Summed] | None:
    """What the compiled path gives, by loop: :func:`rate_by_loop`, then the sums."""
    rated = rate_by_loop(evidence, plan)
    return None if rated is None else (*rated, sum_results(plan, rated[0]))


def rate_by_loop(
    evidence: Mapping[str, object], plan: Plan
) -> tuple[list[CriterionResult], list[str], int] | None:
    """What the compiled path rates, criterion by criterion in a loop, for a framework not
    compiled yet (its sums are then the engine's to work out); ``None`` as there."""
    get = evidence.get
    result = plan.result
    unknown = plan.unknown_results
    by_text = plan.remembered[str]  # picklist text, the usual value: looked up here at once
    results: list[CriterionResult] = []
    append = results.append
    for i, key in enumerate(plan.criterion_keys):
        raw = get(key)
        if raw is None:
            append(unknown[i])
            continue
        found = by_text[i].get(raw) if type(raw) is str else None
        if found is None:
            found = result(i, raw)
            if found is None:
                return None
        append(found)
    if plan.pairs:
        plan.paired(results)
    disqualified_by, checked = _checked(plan, get)
    if checked is None:
        return None
    return results, disqualified_by, checked


def _checked(plan: Plan, get: Callable[[str], object]) -> tuple[list[str], int | None]:
    """The disqualifiers that hold and those answered (bit k: disqualifier k), as
    both paths read them; ``None`` for a value that is no yes or no."""
    disqualified_by = []
    checked = 0
    for position, key in enumerate(plan.disqualifiers):
        raw = get(key)
        if raw is None:
            continue
        if raw is True or raw is False:  # a flag, as a CRM's checkbox holds it: as it is
            checked |= 1 << position
            if raw:
                disqualified_by.append(key)
            continue
        try:
            value = plan.read(key, raw)
        except EvidenceError:
            return [], None
        if value is None:
            continue
        flag = _BOOLEAN.assess(value)
        if flag is None:
            return [], None
        checked |= 1 << position
        if flag:
            disqualified_by.append(key)
    return disqualified_by, checked
