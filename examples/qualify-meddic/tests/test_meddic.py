"""The plugin author's own tests: register the plugin for each test, no install needed."""

from __future__ import annotations

import pytest
import qualify_meddic

import qualify
from qualify.testing import registered_plugin


@pytest.fixture
def meddic() -> object:
    with registered_plugin(qualify_meddic, name="meddic-under-test"):
        yield qualify.get_framework("meddic-rated")


def test_a_strong_champion_and_confirmed_pain(meddic: qualify.Framework) -> None:
    lead = {
        "metrics": "quantified",
        "economic_buyer": "met",
        "decision_criteria": "documented",
        "decision_process": "outlined",
        "identify_pain": "confirmed",
        "champion": 5,
    }
    result = qualify.evaluate(lead, meddic)
    assert result.verdict is qualify.Verdict.QUALIFIED


def test_rating_scale() -> None:
    scale = qualify_meddic.Rating(out_of=5)
    assert [scale.assess(n) for n in (1, 3, 5)] == [0.0, 0.5, 1.0]
    assert scale.assess(6) is None and scale.assess("4") == 0.75
    with pytest.raises(qualify.FrameworkError, match="out_of"):
        qualify_meddic.Rating(out_of=1)
