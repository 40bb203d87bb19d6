"""Static checks of the public API's types; run by mypy, never executed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_type

import qualify
from qualify.testing import registered_plugin


def check_evaluate() -> None:
    result = qualify.evaluate({"need": "validated", "timeframe": 4}, "bant")
    assert_type(result, qualify.Evaluation)
    assert_type(result.score, float)
    assert_type(result.verdict, qualify.Verdict)
    assert_type(result.missing, tuple[qualify.Missing, ...])
    assert_type(result.gaps, tuple[qualify.CriterionResult, ...])
    assert_type(result.stage, str | None)
    assert_type(result.next_question, str | None)
    items = [qualify.Evidence(key="need", value="validated", channel=qualify.Channel.PHONE)]
    assert_type(qualify.evaluate(items, qualify.get_framework("bant")), qualify.Evaluation)


def check_evaluate_many() -> None:
    leads = [{"need": "validated"}]
    assert_type(qualify.evaluate_many(leads, "bant"), Iterator[qualify.Evaluation])
    reported = qualify.evaluate_many(leads, "bant", errors="report", id="lead")
    assert_type(reported, Iterator[qualify.Evaluation | qualify.RowProblems])
    for outcome in reported:
        if isinstance(outcome, qualify.RowProblems):
            assert_type(outcome.problems, tuple[str, ...])


def check_registry() -> None:
    assert_type(qualify.list_frameworks(), list[str])
    assert_type(qualify.get_framework("bant"), qualify.Framework)
    assert_type(qualify.register_plugin(object()), str)
    with registered_plugin(object()) as name:
        assert_type(name, str)


def check_convert() -> None:
    framework = qualify.get_framework("bant")
    data = qualify.to_dict(framework)
    assert_type(qualify.from_dict(data, qualify.Framework), qualify.Framework)
    assert_type(qualify.from_dict(data, qualify.Evaluation), qualify.Evaluation)


def check_scales() -> None:
    scale: qualify.Scale = qualify.Levels(levels=[qualify.Level(name="a", satisfaction=1.0)])
    assert_type(scale.assess("a"), float | None)


def check_testing_helper() -> Iterator[str]:
    with registered_plugin(object(), name="x") as name:
        yield name


def check_option_words_are_literal_types() -> None:
    """A misspelt option word fails type checking: mypy --strict flags an unused ignore, so
    each line below must stay an error for the check to pass."""
    text = qualify.dumps_framework(qualify.get_framework("bant"))
    qualify.evaluate({}, "bant", other_keys="ignored")  # type: ignore[arg-type]
    qualify.evaluate({}, "bant", ask="point")  # type: ignore[arg-type]
    qualify.evaluate_many([], "bant", errors="reported")  # type: ignore[call-overload]
    qualify.evaluate_frame(object(), "bant", errors="skip")  # type: ignore[arg-type]
    qualify.backtest([], [], "bant", errors="ignore")  # type: ignore[arg-type]
    qualify.calibrate([], [], "bant", errors="ignore")  # type: ignore[arg-type]
    qualify.loads_framework(text, format="yaml")  # type: ignore[arg-type]
    qualify.dumps_framework(qualify.get_framework("bant"), format="yml")  # type: ignore[arg-type]
    qualify.load_framework("bant.toml", format="TOML")  # type: ignore[arg-type]
