"""What a constructor accepts, to_dict writes as strict JSON and from_dict reads back equal.

The hostile half of the round-trip promise: any field of any class a user builds
(frameworks, criteria, scales and their rungs, stages, disqualifiers, evidence,
mappings and their fields) is replaced by a value of the wrong kind, out of
range, too large for a float, or text of any shape. The constructor either
refuses it with a :class:`qualify.QualifyError` whose message is short and says
what is accepted, or the object survives ``json.dumps(..., allow_nan=False)``
and comes back from :func:`qualify.from_dict` equal, with ints exact.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualify
from qualify import Band, Evidence, Level, Levels, Months, Numbers, Threshold


def _samples() -> list[Any]:
    bant = qualify.get_framework("bant")
    short_term = qualify.get_framework("short-term-lead")
    stages = qualify.get_framework("teleprospecting")
    mapping = qualify.get_field_map("dynamics365")
    numbers = Numbers(thresholds=(Threshold(at_least=10, satisfaction=0.5, label="ten"),))
    samples: list[Any] = [
        bant,
        short_term,
        stages,
        *bant.criteria,
        *short_term.disqualifiers,
        *stages.stages,
        mapping,
        *mapping.fields,
        numbers,
        *numbers.thresholds,
        Evidence(
            key="need",
            value="validated",
            source="a call with the buyer",
            channel="phone",
            note="said twice",
            observed_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
            confidence=0.5,
        ),
    ]
    for criterion in bant.criteria:
        samples.append(criterion.scale)
        if isinstance(criterion.scale, Levels):
            samples.extend(criterion.scale.levels)
        if isinstance(criterion.scale, Months):
            samples.extend(criterion.scale.bands)
    return samples


SAMPLES = _samples()

hostile = st.one_of(
    st.integers(),
    st.integers(min_value=2**53, max_value=2**70),
    st.floats(),
    st.text(max_size=6),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cs", "Zs"]), max_size=4),
    st.binary(max_size=3),
    st.none(),
    st.booleans(),
    st.sampled_from(
        [Fraction(1, 3), Decimal("NaN"), Decimal("0.5"), 10**400, 10**5000, -(10**5000)]
    ),
    st.lists(st.text(max_size=3), max_size=2),
    st.lists(st.tuples(st.text(max_size=3), st.text(max_size=3)), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.datetimes(),
)


def _init_fields(cls: type) -> list[str]:
    return [field.alias for field in attrs.fields(cls) if field.init]


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(SAMPLES), st.data())
def test_anything_a_constructor_accepts_round_trips_through_strict_json(
    sample: Any, data: st.DataObject
) -> None:
    cls = type(sample)
    name = data.draw(st.sampled_from(_init_fields(cls)), label="field")
    value = data.draw(hostile, label="value")
    try:
        built = attrs.evolve(sample, **{name: value})
    except qualify.QualifyError as error:
        message = str(error)
        assert message.strip() and len(message) < 1500
        return
    text = json.dumps(qualify.to_dict(built), allow_nan=False)
    again = qualify.from_dict(json.loads(text), cls)
    assert again == built
    assert qualify.to_dict(again) == qualify.to_dict(built)


@pytest.mark.parametrize("fold", [0, 1])
def test_a_naive_time_in_the_repeated_hour_keeps_its_fold(fold: int) -> None:
    moment = datetime(2024, 10, 27, 2, 30, fold=fold)
    item = Evidence(key="need", value="validated", observed_at=moment)
    data = json.loads(json.dumps(qualify.to_dict(item)))
    assert data["observed_at"].endswith("[fold=1]") == bool(fold)
    again = qualify.from_dict(data, Evidence)
    assert again.observed_at is not None and again.observed_at.fold == fold


def test_fold_is_not_read_on_a_time_with_an_offset() -> None:
    with pytest.raises(qualify.ConversionError, match=r"\$\.observed_at"):
        qualify.from_dict(
            {"key": "need", "value": "x", "observed_at": "2024-10-27T02:30:00+01:00[fold=1]"},
            Evidence,
        )


def test_whole_numbers_come_back_exact_where_a_float_field_holds_them() -> None:
    threshold = Threshold(at_least=10**300 + 1, satisfaction=1)
    again = qualify.from_dict(json.loads(json.dumps(qualify.to_dict(threshold))), Threshold)
    assert again == threshold and again.at_least == 10**300 + 1


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: Level(name="hot", satisfaction=1, description=3), "description of level 'hot'"),
        (lambda: Band(within=3, satisfaction=1, label=b"x"), "label of the band within 3"),
        (lambda: Threshold(at_least=1, satisfaction=10**5000), "satisfaction of the threshold"),
        (lambda: Threshold(at_least=10**5000, satisfaction=1), "too long to show"),
        (lambda: Evidence(key="need", value=float("inf")), "no criterion can rate"),
        (lambda: Evidence(key="need", value=10**400), "no criterion can rate"),
        (
            lambda: qualify.Stage(key="met", label="Met", requires=[("a", "b")]),
            "a criterion that stage 'met' requires",
        ),
    ],
)
def test_labels_and_numbers_from_dict_would_refuse_are_refused_at_once(
    build: Any, expected: str
) -> None:
    with pytest.raises(qualify.QualifyError, match=expected):
        build()
