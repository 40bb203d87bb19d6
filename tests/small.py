"""Small generated frameworks and leads, for properties checked answer by answer.

Small enough that every completion of a lead can be tried one by one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import attrs
from hypothesis import strategies as st

import qualify

NOT_KNOWN = object()  # the answer "not known": no evidence


def answers_of(scale: qualify.Scale) -> list[Any]:
    """One answer per satisfaction the scale can give, and "not known"."""
    found: list[Any] = [True, False, NOT_KNOWN]
    if isinstance(scale, qualify.Levels):
        found += [level.name for level in scale.levels]
    elif isinstance(scale, qualify.Numbers):
        found += [t.at_least for t in scale.thresholds]
        found.append(scale.thresholds[0].at_least - 1)
    elif isinstance(scale, qualify.Months):
        found += [band.within for band in scale.bands]
        found.append(scale.bands[-1].within + 1)
    return found


def scale() -> st.SearchStrategy[qualify.Scale]:
    fraction = st.sampled_from([0.0, 0.25, 0.4, 0.5, 0.75, 1.0])
    levels = st.lists(fraction, min_size=1, max_size=3).map(
        lambda values: qualify.Levels(
            levels=[
                qualify.Level(name=f"l{i}", satisfaction=v) for i, v in enumerate(sorted(values))
            ]
        )
    )
    numbers = st.lists(fraction, min_size=1, max_size=2).map(
        lambda values: qualify.Numbers(
            thresholds=[
                qualify.Threshold(at_least=10.0 * (i + 1), satisfaction=v)
                for i, v in enumerate(values)
            ],
            below=0.0,
        )
    )
    turned = qualify.Boolean(yes=0.0, no=1.0)  # a flag whose no earns more
    return st.one_of(st.sampled_from([qualify.Boolean(), turned]), levels, numbers)


@st.composite
def cases(draw: st.DrawFn) -> tuple[qualify.Framework, dict[str, Any]]:
    count = draw(st.integers(1, 4))
    criteria = [
        qualify.Criterion(
            key=f"c{i}",
            label=f"C{i}",
            question=f"Q{i}?",
            scale=draw(scale()),
            weight=draw(st.sampled_from([1.0, 2.0, 3.0, 0.5])),
            required=draw(st.booleans()),
            unknown_satisfaction=draw(st.sampled_from([0.0, 0.0, 0.3, 0.6])),
        )
        for i in range(count)
    ]
    disqualifiers = [
        qualify.Disqualifier(key=f"d{i}", label=f"D{i}", question=f"D{i}?")
        for i in range(draw(st.integers(0, 1)))
    ]
    calibrated = draw(st.booleans())
    probability = (
        qualify.Probability(
            intercept=draw(st.floats(-4, 1)),
            per_point=draw(st.floats(0.001, 0.1)),
            disqualified=draw(st.floats(-3, 1)),
        )
        if calibrated
        else None
    )
    framework = qualify.Framework(
        name="small",
        title="Small",
        criteria=criteria,
        disqualifiers=disqualifiers,
        qualified_at=draw(st.sampled_from([30.0, 50.0, 70.0, 100.0])),
        probability=probability,
    )
    lead: dict[str, Any] = {}
    for criterion in criteria:
        if draw(st.booleans()):
            answer = draw(st.sampled_from(answers_of(criterion.scale)))
            if answer is not NOT_KNOWN:
                lead[criterion.key] = answer
    for disqualifier in disqualifiers:
        if draw(st.booleans()):
            lead[disqualifier.key] = draw(st.booleans())
    return framework, lead


def worth(criterion: qualify.Criterion) -> dict[str, Any]:
    """An answer per rung name of the small scales above, and "not known"."""
    scale = criterion.scale
    answers: dict[str, Any] = {"not known": NOT_KNOWN}
    if isinstance(scale, qualify.Levels):
        answers.update({level.name: level.name for level in scale.levels})
    elif isinstance(scale, qualify.Numbers):
        answers[f"under {scale.thresholds[0].at_least:g}"] = scale.thresholds[0].at_least - 1
        answers.update({f"{t.at_least:g} or more": t.at_least for t in scale.thresholds})
    elif scale.no <= scale.yes:  # a flag's answers worst first, as any scale's rungs
        answers.update({"no": False, "yes": True})
    else:  # turned around: a yes earns 0
        answers.update({"yes": True, "no": False})
    return answers


@st.composite
def calibrated(draw: st.DrawFn) -> tuple[qualify.Framework, dict[str, Any]]:
    framework, lead = draw(cases())
    counted = [
        attrs.evolve(
            c,
            seen={name: draw(st.integers(0, 30)) for name in worth(c)} | {"not known": 1},
        )
        for c in framework.criteria
    ]
    model = qualify.Probability(
        intercept=draw(st.floats(-4, 1)), per_point=draw(st.floats(0.001, 0.1)),
        disqualified=draw(st.floats(-3, 0)),
    )  # fmt: skip
    for criterion in framework.criteria:  # asked, and nobody knew: not averaged over
        if criterion.key not in lead and draw(st.booleans()):
            lead[criterion.key] = draw(st.sampled_from(["unknown", "n/a", " Not sure "]))
    return attrs.evolve(framework, criteria=counted, probability=model), lead


def _rung_satisfactions(criterion: qualify.Criterion) -> list[float | None]:
    return [criterion.scale.assess(worth(criterion)[name]) for name in rung_names(criterion)]


def rung_names(criterion: qualify.Criterion) -> list[str]:
    """The rung names of a small scale, worst first: what a pair's cells are named after."""
    return [name for name in worth(criterion) if name != "not known"]


@st.composite
def paired(draw: st.DrawFn) -> tuple[qualify.Framework, dict[str, Any]]:
    """A small framework with a pair criterion after the two it pairs (when two of its
    criteria tell their rungs apart), and a lead."""
    framework, lead = draw(st.one_of(cases(), calibrated()))
    apart = [c for c in framework.criteria if len(set(_rung_satisfactions(c))) == len(worth(c)) - 1]
    if len(apart) < 2:
        return framework, lead
    first, second = draw(st.permutations(apart))[:2]
    cells = [
        f"{a} & {b}" for a in rung_names(first) for b in rung_names(second)
    ]
    satisfactions = sorted(
        draw(st.lists(st.sampled_from([0.0, 0.2, 0.5, 0.9, 1.0]), min_size=len(cells),
                      max_size=len(cells)))
    )  # fmt: skip
    order = draw(st.permutations(cells))
    counted = all(c.seen for c in framework.criteria)
    seen = {name: draw(st.integers(0, 30)) for name in cells} | {"not known": 1} if counted else {}
    pair = qualify.Criterion(
        key="pair",
        label="Pair",
        question="Follows from the two it pairs.",
        of=(first.key, second.key),
        weight=draw(st.sampled_from([0.5, 1.0, 2.0])),
        unknown_satisfaction=draw(st.sampled_from([0.0, 0.3])),
        seen=seen,
        scale=qualify.Levels(
            levels=[
                qualify.Level(name=name, satisfaction=s)
                for name, s in zip(order, satisfactions, strict=True)
            ]
        ),
    )
    return attrs.evolve(framework, criteria=[*framework.criteria, pair]), lead


def weighted_completions(
    framework: qualify.Framework, lead: dict[str, Any]
) -> Iterator[tuple[dict[str, Any], float]]:
    """Every completion of *lead*'s criteria not asked yet (each answer its ``seen``
    names), with its weight: how often the history saw those answers together, criteria
    taken apart. Completions of weight 0 are left out."""
    unknown = [c for c in framework.criteria if c.key not in lead]
    for chosen in itertools.product(*(list(c.seen) for c in unknown)):
        completed, weight = dict(lead), 1.0
        for criterion, (name, count) in zip(unknown, chosen, strict=True):
            weight *= count / sum(n for _, n in criterion.seen)
            answer = worth(criterion)[name]
            if answer is not NOT_KNOWN:
                completed[criterion.key] = answer
        if weight:
            yield completed, weight
