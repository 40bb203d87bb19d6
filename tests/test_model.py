"""The typed core: scales rate values, frameworks refuse to be built wrong."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import attrs
import pytest

import qualify
from qualify import Band, Boolean, Criterion, Evidence, Level, Levels, Months, Stage

from .conftest import make_framework

BUDGET = Levels(
    levels=(
        Level(name="none", satisfaction=0.0),
        Level(name="process", satisfaction=0.35, aliases=("Access to budget",)),
        Level(name="allocated and sufficient", satisfaction=1.0),
    )
)


class TestLevels:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("none", 0.0),
            ("NONE", 0.0),
            ("  process ", 0.35),
            ("access to budget", 0.35),
            ("access-to_budget", 0.35),
            ("Allocated  and   Sufficient", 1.0),
            (True, 1.0),
            (False, 0.0),
        ],
    )
    def test_names_and_aliases_match_forgivingly(self, value: object, expected: float) -> None:
        assert BUDGET.assess(value) == expected  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", ["plenty", "", 3, 0.5])
    def test_rejects_what_it_does_not_name(self, value: object) -> None:
        assert BUDGET.assess(value) is None  # type: ignore[arg-type]

    def test_accepted_lists_levels_and_aliases(self) -> None:
        text = BUDGET.accepted()
        assert "'none'" in text and "'Access to budget'" in text and "true/false" in text

    def test_levels_must_run_worst_to_best(self) -> None:
        with pytest.raises(qualify.FrameworkError, match="worst to best"):
            Levels(levels=(Level(name="a", satisfaction=1.0), Level(name="b", satisfaction=0.5)))

    def test_duplicate_alias_is_refused(self) -> None:
        with pytest.raises(qualify.FrameworkError, match="given twice"):
            Levels(
                levels=(
                    Level(name="early adopter", satisfaction=1.0),
                    Level(name="late", satisfaction=1.0, aliases=("Early-Adopter",)),
                )
            )

    @pytest.mark.parametrize("satisfaction", [-0.1, 1.5, math.nan, "1", True])
    def test_satisfaction_must_be_a_fraction(self, satisfaction: object) -> None:
        with pytest.raises(qualify.FrameworkError, match="from 0 to 1"):
            Levels(levels=(Level(name="a", satisfaction=satisfaction),))  # type: ignore[arg-type]

    def test_needs_a_level(self) -> None:
        with pytest.raises(qualify.FrameworkError, match="at least one level"):
            Levels(levels=())

    def test_a_string_is_not_a_list_of_levels(self) -> None:
        with pytest.raises(qualify.FrameworkError, match="sequence"):
            Levels(levels="none")  # type: ignore[arg-type]


class TestBoolean:
    @pytest.mark.parametrize("value", [True, "yes", "Y", " TRUE ", 1, 1.0])
    def test_true_values(self, value: object) -> None:
        assert Boolean().assess(value) == 1.0  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", [False, "no", "N", "false", 0])
    def test_false_values(self, value: object) -> None:
        assert Boolean().assess(value) == 0.0  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", ["maybe", 2, 0.5])
    def test_rejects_the_rest(self, value: object) -> None:
        assert Boolean().assess(value) is None  # type: ignore[arg-type]


class TestMonths:
    scale = Months(
        bands=(Band(within=6, satisfaction=1.0), Band(within=12, satisfaction=0.5)), beyond=0.1
    )

    @pytest.mark.parametrize(
        ("months", "expected"),
        [(0, 1.0), (6, 1.0), (6.5, 0.5), ("12", 0.5), (13, 0.1), (True, 1.0), (False, 0.0)],
    )
    def test_bands(self, months: object, expected: float) -> None:
        assert self.scale.assess(months) == expected  # type: ignore[arg-type]

    @pytest.mark.parametrize("months", [-1, "soon", math.inf, "nan"])
    def test_rejects_what_is_not_a_number_of_months(self, months: object) -> None:
        assert self.scale.assess(months) is None  # type: ignore[arg-type]

    def test_bands_must_increase(self) -> None:
        with pytest.raises(qualify.FrameworkError, match="increasing order"):
            Months(bands=(Band(within=12, satisfaction=1.0), Band(within=6, satisfaction=0.5)))


class TestFramework:
    def test_is_frozen_and_hashable(self) -> None:
        framework = make_framework()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            framework.name = "other"  # type: ignore[misc]
        assert hash(framework) == hash(make_framework())

    def test_lists_become_tuples(self) -> None:
        framework = make_framework(criteria=[Criterion(key="fit", label="Fit", question="Fit?")])
        assert isinstance(framework.criteria, tuple)

    def test_keys_and_criterion_lookup(self) -> None:
        framework = make_framework(
            disqualifiers=(qualify.Disqualifier(key="student", label="Student", question="?"),)
        )
        assert framework.keys == ("fit", "money", "student")
        assert framework.criterion("money").label == "Money"
        with pytest.raises(qualify.UnknownCriterionError, match="Did you mean 'money'"):
            framework.criterion("mony")

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"name": "Has Spaces"}, "framework name must be lowercase"),
            ({"criteria": ()}, "at least one criterion"),
            ({"qualified_at": 0}, "qualified_at"),
            ({"qualified_at": 101}, "qualified_at"),
            ({"title": ""}, "title of framework"),
            (
                {
                    "criteria": (
                        Criterion(key="fit", label="Fit", question="?"),
                        Criterion(key="fit", label="Fit again", question="?"),
                    )
                },
                "uses the key 'fit' twice",
            ),
            (
                {"stages": (Stage(key="s1", label="One", requires=("nothing",)),)},
                "requires 'nothing', which is not one of its criteria: fit, money",
            ),
            (
                {
                    "stages": (
                        Stage(key="s1", label="One", requires=("fit",)),
                        Stage(key="s1", label="Again", requires=("money",)),
                    )
                },
                "two stages keyed 's1'",
            ),
            ({"criteria": ("fit",)}, r"criteria\[0\] must be a Criterion"),
        ],
    )
    def test_invalid_frameworks_say_what_is_wrong(
        self, overrides: dict[str, object], message: str
    ) -> None:
        with pytest.raises(qualify.FrameworkError, match=message):
            make_framework(**overrides)

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"key": "Budget"}, "criterion key must be lowercase"),
            ({"weight": 0}, "positive number"),
            ({"weight": -2}, "positive number"),
            ({"weight": math.inf}, "positive number"),
            ({"weight": "3"}, "positive number"),
            ({"label": " "}, "label of criterion"),
            ({"scale": "levels"}, "must be a Scale"),
            ({"required": "yes"}, "true or false"),
        ],
    )
    def test_invalid_criteria(self, fields: dict[str, object], message: str) -> None:
        base: dict[str, object] = {"key": "fit", "label": "Fit", "question": "Do they fit?"}
        with pytest.raises(qualify.FrameworkError, match=message):
            Criterion(**{**base, **fields})  # type: ignore[arg-type]

    def test_stage_needs_a_requirement(self) -> None:
        with pytest.raises(qualify.FrameworkError, match="at least one criterion"):
            Stage(key="s", label="S", requires=())


class TestEvidence:
    def test_carries_provenance(self) -> None:
        seen = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
        item = Evidence(
            key="budget",
            value="allocated",
            source="Dana Whitfield, CFO",
            channel=qualify.Channel.PHONE,
            observed_at=seen,
            confidence=0.8,
            note="Signed off in the Q2 plan",
        )
        assert item.channel == "phone" and item.observed_at == seen

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"value": None}, "must be a string, number or true/false"),
            ({"value": ["a"]}, "must be a string, number or true/false"),
            ({"key": 3}, "evidence key"),
            ({"confidence": 1.5}, "from 0 to 1"),
            ({"observed_at": "2026-01-01"}, "must be a datetime"),
            ({"source": 7}, "source of evidence"),
        ],
    )
    def test_bad_evidence_is_refused(self, fields: dict[str, object], message: str) -> None:
        base: dict[str, object] = {"key": "budget", "value": "allocated"}
        with pytest.raises(qualify.EvidenceError, match=message):
            Evidence(**{**base, **fields})  # type: ignore[arg-type]


class TestNumbers:
    scale = qualify.Numbers(
        thresholds=(
            qualify.Threshold(at_least=20, satisfaction=0.5),
            qualify.Threshold(at_least=100, satisfaction=1.0),
            qualify.Threshold(at_least=5000, satisfaction=0.6, label="too big for us"),
        ),
        below=0.1,
    )

    @pytest.mark.parametrize(
        ("value", "expected"),
        [(5, 0.1), (20, 0.5), ("99", 0.5), ("1,200", 1.0), (5000, 0.6), (-3, 0.1), (True, 1.0)],
    )
    def test_highest_threshold_reached(self, value: object, expected: float) -> None:
        assert self.scale.assess(value) == expected  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", ["many", math.nan, math.inf])
    def test_rejects_what_is_not_a_finite_number(self, value: object) -> None:
        assert self.scale.assess(value) is None  # type: ignore[arg-type]

    def test_thresholds_must_increase(self) -> None:
        with pytest.raises(qualify.FrameworkError, match="increasing order"):
            qualify.Numbers(
                thresholds=(
                    qualify.Threshold(at_least=10, satisfaction=1.0),
                    qualify.Threshold(at_least=10, satisfaction=0.5),
                )
            )
        with pytest.raises(qualify.FrameworkError, match="at least one threshold"):
            qualify.Numbers(thresholds=())
