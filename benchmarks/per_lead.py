"""What a CRM request pays per lead, as ratios to hand-written floors doing the same work.

    python benchmarks/per_lead.py [--quick]      (also part of benchmarks/run.py)

- ``evaluate`` for BANT, for a generated 40-criterion framework and for every built-in
  framework, against a floor written by hand for any framework of levels, flags and
  months (:class:`GenericFloor`: score, completeness, potential, verdict with required
  criteria and disqualifiers, stage, missing keys heaviest first, next question) and a
  tight floor (score, verdict and missing keys only), with leads shared as a stream
  shares them and with nothing shared;
- writing a stored evaluation (``to_dict``, and JSON text) against ``evaluate``;
- reading one back: ``from_dict`` against a hand-written reader of the same dict with
  the same checks (:func:`floor_from_dict`), the least any reader of the format pays
  beside ``evaluate`` (:func:`walk_floor`), and msgspec decoding the same JSON into
  equivalent typed structs as the peer (with ``json.loads`` + ``from_dict`` beside it);
- ``compare`` under five frameworks against the five single evaluations, shared and not.

Results are kept only while one call is timed (a request scores a lead, writes it and
lets it go); every timing is the best of several runs, both sides in the same run.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import qualify  # noqa: E402
from qualify import Criterion, Framework, Level, Levels  # noqa: E402
from qualify._core.plan import plan_of  # noqa: E402 - to time evaluations unshared
from qualify._core.vetting import vet_question  # noqa: E402 - the same words, asked again

Row = tuple[str, float, float | None]  # workload, µs per lead, µs of what it is compared to


def fresh(function: Callable[[Any], object], runs: list[list[Any]]) -> float:
    """Microseconds per item, best of one run over each list of *runs*, nothing kept."""
    best = math.inf
    for items in runs:
        start = time.perf_counter()
        for item in items:
            function(item)
        best = min(best, (time.perf_counter() - start) / len(items))
    return best * 1e6


def per_call(function: Callable[[Any], object], items: list[Any], repeat: int) -> float:
    """Microseconds per item, best of *repeat* runs, nothing kept between calls."""
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            function(item)
        best = min(best, time.perf_counter() - start)
    return best / len(items) * 1e6


# A generated framework and its floors ---------------------------------------------------


def wide_framework(size: int = 40, seed: int = 40) -> Framework:
    """*size* criteria of four levels each, weights 1 to 5, qualified at 60."""
    rng = random.Random(seed)
    criteria = [
        Criterion(
            key=f"c{i:02d}",
            label=f"Criterion {i}",
            question=f"What about criterion {i}?",
            weight=float(rng.randint(1, 5)),
            scale=Levels(levels=[Level(name=n, satisfaction=s) for n, s in
                                 (("none", 0.0), ("some", 0.3), ("most", 0.7), ("all", 1.0))]),
        )  # fmt: skip
        for i in range(size)
    ]
    return Framework(name=f"wide-{size}", title=f"{size} criteria", criteria=criteria, qualified_at=60)


def leads_for(framework: Framework, count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Leads answering each criterion with a random level, a quarter left unknown."""
    rng = random.Random(seed)
    names = {c.key: [level.name for level in c.scale.levels] for c in framework.criteria}  # type: ignore[attr-defined]
    return [
        {key: rng.choice(levels) for key, levels in names.items() if rng.random() >= 0.25}
        for _ in range(count)
    ]


def rater(scale: qualify.Scale) -> Callable[[Any], float]:
    """What a value earns on *scale*, written by hand for the scales the built-in
    frameworks use: a dict for levels and flags, the bands walked for months."""
    if isinstance(scale, Levels):
        return {level.name: level.satisfaction for level in scale.levels}.__getitem__
    if isinstance(scale, qualify.Boolean):
        return {True: float(scale.yes), False: float(scale.no)}.__getitem__
    if isinstance(scale, qualify.Months):
        bands = [(band.within, band.satisfaction) for band in scale.bands]
        beyond = scale.beyond

        def months(value: float) -> float:
            for within, satisfaction in bands:
                if value <= within:
                    return satisfaction
            return beyond

        return months
    raise TypeError(f"no hand-written floor for {type(scale).__name__}")


class GenericFloor:
    """What ``evaluate`` computes, written by hand, the way a developer would without
    qualify: a rating per criterion, sums, the verdict (required criteria and
    disqualifiers included), the stage, the missing keys heaviest first and the next
    question."""

    def __init__(self, framework: Framework) -> None:
        # an answer that must be vetted counts only when it is (none is, here): as unknown,
        # once read and checked (evaluate refuses a value the criterion does not accept)
        self.items = [
            (c.key, float(c.weight), rater(c.scale), not c.requires_vetting)
            for c in framework.criteria
        ]
        self.keys = [c.key for c in framework.criteria]
        self.vetted = {c.key: vet_question(c.question) for c in framework.criteria if c.requires_vetting}
        self.labels = {c.key: c.label for c in framework.criteria}
        self.total = sum(weight for _, weight, _, _ in self.items)
        self.order = sorted(range(len(self.items)), key=lambda i: -self.items[i][1])
        self.questions = {c.key: c.question for c in (*framework.criteria, *framework.disqualifiers)}
        self.threshold = float(framework.qualifying_score) - 1e-9
        self.required = [c.key for c in framework.criteria if c.required]
        self.disqualifiers = [d.key for d in framework.disqualifiers]
        self.stages = [(stage.key, stage.requires) for stage in framework.stages]

    def full(self, lead: dict[str, Any]) -> dict[str, Any]:
        earned = reachable = known = 0.0
        unknown = []
        gaps = []
        met = set()
        for position, (key, weight, rate, counts) in enumerate(self.items):
            value = lead.get(key)
            if value is None:
                reachable += weight
                unknown.append(position)
                continue
            s = rate(value)
            if not counts:  # read, yet not vetted: unknown
                reachable += weight
                unknown.append(position)
                continue
            earned += weight * s
            reachable += weight * s
            known += weight
            if s < 1.0:
                gaps.append((-weight * (1.0 - s), position, key))
            else:
                met.add(key)
        score = 100.0 * earned / self.total
        potential = 100.0 * reachable / self.total
        verdict = (
            "disqualified" if any(lead.get(key) is True for key in self.disqualifiers)
            else "qualified" if score >= self.threshold and met.issuperset(self.required)
            else "nurture" if potential >= self.threshold else "unqualified"
        )  # fmt: skip
        stage = None
        for key, requires in self.stages:
            if not met.issuperset(requires):
                break
            stage = key
        open_ = set(unknown)
        missing = [self.keys[i] for i in self.order if i in open_]
        gaps.sort()
        unchecked = [key for key in self.disqualifiers if lead.get(key) is None]
        # each answer that must be vetted and is not: recorded, as the evaluation lists it
        unvetted = [(key, self.labels[key], lead[key]) for key in self.vetted
                    if lead.get(key) is not None]  # fmt: skip
        found = {
            "score": score, "completeness": known / self.total, "potential": potential,
            "verdict": verdict, "stage": stage, "missing": missing, "unvetted": unvetted,
        }  # fmt: skip
        if missing:
            ask = missing[0]
            if ask in self.vetted and lead.get(ask) is not None:  # answered, not vetted
                return {**found, "next_question": self.vetted[ask]}
        elif unchecked and verdict in ("qualified", "nurture"):
            ask = unchecked[0]  # a yes would end the lead: asked once nothing else is
        else:
            ask = gaps[0][2] if gaps and verdict == "nurture" else None
        found["next_question"] = None if ask is None else self.questions[ask]
        return found

    def tight(self, lead: dict[str, Any]) -> tuple[float, str, list[str]]:
        earned = reachable = 0.0
        missing = []
        for (key, weight, rate, counts), name in zip(self.items, self.keys, strict=True):
            value = lead.get(key) if counts else None  # (unvetted: unknown, unread)
            if value is None:
                reachable += weight
                missing.append(name)
            else:
                s = rate(value)
                earned += weight * s
                reachable += weight * s
        score = 100.0 * earned / self.total
        verdict = "qualified" if score >= self.threshold else (
            "nurture" if 100.0 * reachable / self.total >= self.threshold else "unqualified")
        return score, verdict, missing


def answers_for(framework: Framework, count: int, seed: int) -> list[dict[str, Any]]:
    """Leads for any built-in framework: each criterion answered with one of its levels, a
    yes or no, or a number of months, a quarter left unknown; each disqualifier mostly no."""
    rng = random.Random(seed)
    pools: dict[str, list[Any]] = {}
    for criterion in framework.criteria:
        scale = criterion.scale
        if isinstance(scale, Levels):
            pools[criterion.key] = [level.name for level in scale.levels]
        elif isinstance(scale, qualify.Boolean):
            pools[criterion.key] = [True, False]
        else:
            pools[criterion.key] = list(range(25))
    for disqualifier in framework.disqualifiers:
        pools[disqualifier.key] = [False] * 9 + [True]
    return [
        {key: rng.choice(pool) for key, pool in pools.items() if rng.random() >= 0.25}
        for _ in range(count)
    ]


def check_floor(framework: Framework, floor: GenericFloor, leads: list[dict[str, Any]]) -> None:
    """The floor does the same work as ``evaluate``: the same answers, lead for lead."""
    for lead in leads[:200]:
        result, hand = qualify.evaluate(lead, framework), floor.full(lead)
        assert math.isclose(result.score, hand["score"]) and result.verdict == hand["verdict"]
        assert math.isclose(result.potential, hand["potential"]) and result.stage == hand["stage"]
        assert [m.key for m in result.missing] == hand["missing"]
        assert result.next_question == hand["next_question"], (lead, result.next_question)
        assert [(u.key, u.label, u.value) for u in result.unvetted] == hand["unvetted"]


# Reading back ----------------------------------------------------------------------------

_RESULT = ("key", "label", "question", "status", "satisfaction", "weight", "points", "value",
           "evidence")  # fmt: skip


def floor_from_dict(data: dict[str, Any]) -> tuple[Any, ...]:
    """A stored evaluation read back by hand into plain tuples, with the checks from_dict
    makes: every key there and no other, the types to_dict writes, the numbers in range."""

    def number(value: object, top: float) -> float:
        if type(value) is not float or not 0.0 <= value <= top:
            raise ValueError(value)
        return value

    if set(data) != FIELDS:
        raise ValueError("keys")
    criteria = []
    for item in data["criteria"]:
        if set(item) != set(_RESULT) or item["evidence"] is not None:
            raise ValueError("result")
        criteria.append((str(item["key"]), str(item["label"]), str(item["question"]),
                         STATUSES[item["status"]], number(item["satisfaction"], 1.0),
                         number(item["weight"], math.inf), number(item["points"], 100.0),
                         item["value"]))  # fmt: skip
    missing = tuple(
        (str(m["key"]), str(m["label"]), str(m["question"]), number(m["weight"], math.inf),
         number(m["points"], 100.0))
        for m in data["missing"]
    )  # fmt: skip
    return (str(data["framework"]), number(data["score"], 100.0),
            number(data["completeness"], 1.0), number(data["potential"], 100.0),
            VERDICTS[data["verdict"]], tuple(criteria), missing)  # fmt: skip


_WALKED: dict[tuple[Any, ...], dict[str, Any]] = {}


def walk_floor(data: dict[str, Any]) -> None:
    """The least a reader of this format pays, whatever it checks: each stored result and
    open question looked up by criterion and answer, and compared whole with the one seen
    before (no type, range or key checked, nothing built): a lower bound, not a reader."""
    seen = _WALKED
    for items in (data["criteria"], data["gaps"], data["missing"], data["checks"]):
        for item in items:
            memo = (item["key"], item.get("value"))
            if seen.get(memo) != item:
                seen[memo] = item


FIELDS = set(qualify.to_dict(qualify.evaluate({}, "bant")))
STATUSES = {status.value: status for status in qualify.Status}
VERDICTS = {verdict.value: verdict for verdict in qualify.Verdict}


def msgspec_decoder() -> Callable[[bytes], object] | None:
    """msgspec decoding a stored evaluation's JSON into equivalent typed structs
    (``msgspec_structs.py``), or ``None`` without msgspec (``pip install -e . --group bench``)."""
    try:
        import msgspec_structs  # noqa: PLC0415 - needs msgspec
    except ImportError:
        return None
    return msgspec_structs.decoder().decode  # type: ignore[no-any-return]


# The run -----------------------------------------------------------------------------------


def rows(count: int, repeat: int) -> list[Row]:
    """Every per-lead workload, with what it is compared to."""
    sys.path.insert(0, str(Path(__file__).parent))
    from run import make_leads  # noqa: PLC0415 - the benchmark's own BANT leads
    from side_by_side import FRAMEWORKS, _leads  # noqa: PLC0415

    found: list[Row] = []
    bant = qualify.get_framework("bant")
    wide = wide_framework()
    # a fresh set of leads for every run: what a lead shares with another is what the
    # stream of leads shares, never the same leads timed again
    sets = {
        "BANT": (bant, [list(make_leads(count, seed=2026 + run)) for run in range(repeat)]),
        "40 criteria": (wide, [leads_for(wide, count, seed=7 + run) for run in range(repeat)]),
    }
    for name, (framework, runs) in sets.items():
        leads = runs[0]
        plan = plan_of(framework)
        evaluated = fresh(lambda lead, f=framework: qualify.evaluate(lead, f), runs)
        plan.concluded.keeping = False  # every lead worked out afresh: what sharing saves
        alone = fresh(lambda lead, f=framework: qualify.evaluate(lead, f), runs)
        plan.concluded.keeping = True
        if name == "40 criteria":
            floor = GenericFloor(framework)
            check_floor(framework, floor, leads)
            full = fresh(floor.full, runs)
            tight = fresh(floor.tight, runs)
            found += [(f"floor, {name}: the same work by hand", full, None),
                      (f"floor, {name}: score, verdict, missing only", tight, None),
                      (f"evaluate, {name} (x same-work floor)", evaluated, full),
                      (f"evaluate, {name} (x tight floor)", evaluated, tight),
                      (f"evaluate, {name}, nothing shared (x same-work floor)", alone, full)]  # fmt: skip
        else:  # BANT's own floors (benchmarks/floors.py), timeframe in months included
            import floors  # noqa: PLC0415

            full = fresh(floors.score_one, runs)
            found += [(f"floor, {name}: the same work by hand", full, None),
                      (f"evaluate, {name} (x same-work floor)", evaluated, full),
                      (f"evaluate, {name}, nothing shared (x same-work floor)", alone, full)]  # fmt: skip
        evaluated = alone  # what reading back is compared with: the work of an evaluation
        results = [qualify.evaluate(lead, framework) for lead in leads]
        stored = [qualify.to_dict(result) for result in results]
        texts = [json.dumps(data) for data in stored]
        found.append((f"to_dict, {name} (x evaluate, nothing shared)", per_call(qualify.to_dict, results, repeat), evaluated))
        from qualify._core.jsontext import EvaluationText  # noqa: PLC0415 - what --format json writes

        text = EvaluationText()
        found.append((f"JSON text, {name} (x evaluate, nothing shared)", per_call(text, results, repeat), evaluated))
        read = per_call(lambda data: qualify.from_dict(data, qualify.Evaluation), stored, repeat)
        found.append((f"from_dict, {name} (x evaluate, nothing shared)", read, evaluated))
        hand_read = per_call(floor_from_dict, stored, repeat)
        found.append((f"from_dict, {name} (x hand-written reader)", read, hand_read))
        walked = per_call(walk_floor, stored, repeat)
        found.append((f"lower bound of reading, {name} (x evaluate, nothing shared)", walked, evaluated))
        # what a browser or a Node service writes back: JSON.stringify drops a whole float's .0
        scripted = [json.loads(re.sub(r"(?<=[:\[ ])(-?\d+)\.0(?=[,\]}])", r"\1", t)) for t in texts]
        scripted_read = per_call(lambda data: qualify.from_dict(data, qualify.Evaluation), scripted, repeat)
        found.append((f"from_dict of JSON.stringify's text, {name} (x evaluate, nothing shared)", scripted_read, evaluated))
        decode = msgspec_decoder()
        if decode is not None:
            raw = [t.encode() for t in texts]
            peer = per_call(decode, raw, repeat)
            ours = per_call(lambda t: qualify.from_dict(json.loads(t), qualify.Evaluation), raw, repeat)
            found.append((f"json.loads + from_dict, {name} (x msgspec decode)", ours, peer))
    found += _asked_by_gain(count, repeat)
    leads = _leads(count)
    split = [
        [{r.key: r.value for r in e.criteria if r.value is not None}
         for e in qualify.compare(lead, FRAMEWORKS).evaluations]
        for lead in leads
    ]  # fmt: skip
    frameworks_ = [qualify.get_framework(name) for name in FRAMEWORKS]

    def singles(parts: list[dict[str, Any]]) -> None:
        for part, framework in zip(parts, frameworks_, strict=True):
            qualify.evaluate(part, framework)

    alone = per_call(singles, split, repeat)
    together = per_call(lambda lead: qualify.compare(lead, frameworks_), leads, repeat)
    found.append((f"compare under {len(FRAMEWORKS)} frameworks (x the single evaluations)", together, alone))
    # nothing shared: every comparison and evaluation worked out afresh, on both sides
    from qualify._plugins.several import _crosswalk  # noqa: PLC0415

    walk = _crosswalk(frameworks_)
    plans = [plan_of(framework) for framework in frameworks_]
    walk.compared.keeping = False
    for plan in plans:
        plan.concluded.keeping = False
    try:
        alone = per_call(singles, split, repeat)
        together = per_call(lambda lead: qualify.compare(lead, frameworks_), leads, repeat)
    finally:
        walk.compared.keeping = True
        for plan in plans:
            plan.concluded.keeping = True
    found.append((f"compare under {len(FRAMEWORKS)}, nothing shared (x the single evaluations)", together, alone))
    # last: each built-in framework's stream of random answers (which leads seldom stand
    # alike in) makes its plan stop keeping what leads share, for the rest of the process
    return found + builtin_rows(count // 4, repeat)


def builtin_rows(count: int, repeat: int) -> list[Row]:
    """``evaluate`` of every built-in framework against its hand-written floors
    (:class:`GenericFloor`), with leads shared as a stream shares them and with nothing
    shared."""
    found: list[Row] = []
    for name in qualify.list_frameworks():
        framework = qualify.get_framework(name)
        runs = [answers_for(framework, count, seed=run) for run in range(repeat)]
        floor = GenericFloor(framework)
        check_floor(framework, floor, runs[0])
        full, tight = fresh(floor.full, runs), fresh(floor.tight, runs)
        evaluated = fresh(lambda lead, f=framework: qualify.evaluate(lead, f), runs)
        plan = plan_of(framework)
        plan.concluded.keeping = False
        alone = fresh(lambda lead, f=framework: qualify.evaluate(lead, f), runs)
        plan.concluded.keeping = True
        found += [(f"evaluate, {name} (x same-work floor)", evaluated, full),
                  (f"evaluate, {name}, nothing shared (x same-work floor)", alone, full),
                  (f"evaluate, {name}, nothing shared (x tight floor)", alone, tight)]  # fmt: skip
    return found


def _asked_by_gain(count: int, repeat: int) -> list[Row]:
    """``ask="gain"`` (the question worth most about winning) against the points order, for
    BANT calibrated on generated outcomes; nothing without numpy (``qualify[learn]``)."""
    from run import make_leads  # noqa: PLC0415

    try:
        import numpy  # noqa: F401, PLC0415
    except ImportError:
        return []
    rng = random.Random(1)
    history = []
    for lead in make_leads(2_000, seed=1):
        chance = 0.1 + 0.5 * (lead["need"] == "validated") + 0.2 * (lead["budget"] == "sufficient")
        history.append({**lead, "won": rng.random() < chance})
    calibrated = qualify.calibrate(history, "bant", "won").framework
    runs = [list(make_leads(count, seed=4000 + run)) for run in range(repeat)]
    found: list[Row] = []
    for shared in (True, False):
        plan_of(calibrated).concluded.keeping = shared
        points = fresh(lambda lead: qualify.evaluate(lead, calibrated), runs)
        gain = fresh(lambda lead: qualify.evaluate(lead, calibrated, ask="gain"), runs)
        how = "" if shared else ", nothing shared"
        found.append((f"evaluate ask='gain', calibrated BANT{how} (x ask='points')", gain, points))
    plan_of(calibrated).concluded.keeping = True
    return found


def print_rows(found: Iterable[Row]) -> None:
    print(f"{'per lead':<62} {'us':>8} {'ratio':>7}")
    for name, micros, against in found:
        ratio = f"{micros / against:6.2f}x" if against else ""
        print(f"{name:<62} {micros:>8.2f} {ratio:>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    args = parser.parse_args()
    print_rows(rows(2_000 if args.quick else 20_000, 3 if args.quick else 5))


if __name__ == "__main__":
    main()
