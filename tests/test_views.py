"""What an analyst sees in a notebook: HTML views of results, frameworks and summaries."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

import qualify
from qualify import Verdict

TELE = [
    "contacts_identified",
    "initial_conversation",
    "expanded_conversation",
    "initial_assessment",
    "company_mapped",
    "assumptions_vetted",
    "referrals_obtained",
    "group_meeting",
]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    assert "script" not in parser.tags
    return " ".join(parser.text)


@pytest.mark.parametrize("name", ["bant", "icare", "meeting-gate", "rant", "short-term-lead", "teleprospecting"])
def test_evaluation_html_has_every_criterion(name: str) -> None:
    framework = qualify.get_framework(name)
    result = qualify.evaluate({}, framework)
    text = text_of(result._repr_html_())
    assert result.verdict.value in text and "score" in text
    for criterion in framework.criteria:
        assert criterion.label in text
        assert criterion.question in text  # all missing: the question to ask is shown


def test_evaluation_html_asks_only_for_missing_criteria() -> None:
    result = qualify.evaluate({"need": "validated", "budget": "none"}, "bant")
    text = text_of(result._repr_html_())
    bant = qualify.get_framework("bant")
    assert bant.criterion("authority").question in text
    assert bant.criterion("need").question not in text


@pytest.mark.parametrize("name", ["bant", "icare", "meeting-gate", "rant", "short-term-lead", "teleprospecting"])
def test_framework_html_has_criteria_weights_questions_and_stages(name: str) -> None:
    framework = qualify.get_framework(name)
    text = text_of(framework._repr_html_())
    for criterion in framework.criteria:
        assert criterion.label in text and criterion.question in text and criterion.key in text
    for stage in framework.stages:
        assert stage.label in text
    for disqualifier in framework.disqualifiers:
        assert disqualifier.question in text


def test_html_escapes_what_users_write() -> None:
    framework = qualify.Framework(
        name="x",
        title="<script>alert(1)</script>",
        criteria=[qualify.Criterion(key="a", label="A & <b>", question="Is 1 < 2?")],
    )
    html = framework._repr_html_() + qualify.evaluate({}, framework)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "A &amp; &lt;b&gt;" in html


def test_summary_counts_verdicts_stages_and_missing() -> None:
    leads = [dict.fromkeys(TELE[:reached], True) for reached in (0, 1, 1, 3, 8)]
    summary = qualify.summarize(qualify.evaluate_many(leads, "teleprospecting"))
    assert summary.leads == 5 and summary.framework == "teleprospecting"
    assert summary.count("qualified") == 1 and summary.count(Verdict.NURTURE) == 4
    assert dict(summary.verdicts)[Verdict.DISQUALIFIED] == 0
    assert summary.funnel[:4] == (
        ("contacts_identified", 4),
        ("initial_conversation", 2),
        ("expanded_conversation", 2),
        ("initial_assessment", 1),
    )
    assert summary.funnel[-1] == ("group_meeting", 1)
    assert summary.missing[:2] == (("initial_assessment", 4), ("company_mapped", 4))
    assert summary.mean_score == pytest.approx(100 * (0 + 1 + 1 + 3 + 8) / 8 / 5)
    text = text_of(summary._repr_html_())
    assert "stage reached leads" in text and "group_meeting" in text
    assert "missing most often" in text
    tele = qualify.get_framework("teleprospecting")
    assert tele.stages[-1].label in text  # labels, as the other views show them


def test_summary_of_nothing_and_of_mixed_frameworks() -> None:
    empty = qualify.summarize([], framework="bant")
    assert empty.leads == 0 and empty.mean_score == 0.0 and empty.funnel == ()
    mixed = [qualify.evaluate({}, "bant"), qualify.evaluate({}, "icare")]
    with pytest.raises(qualify.QualifyError, match="one framework at a time"):
        qualify.summarize(mixed)
    with pytest.raises(qualify.QualifyError, match="Evaluation objects, got dict"):
        qualify.summarize([{"score": 3}])  # type: ignore[list-item]
