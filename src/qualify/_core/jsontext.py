"""Evaluations as JSON text, fast, and equal byte for byte to ``json.dumps(to_dict(...))``.

A batch writes one evaluation per lead, and most of each is the same from lead
to lead: the plan hands out the same :class:`CriterionResult` objects for the
same answers. Each result keeps its JSON text once written (it is frozen), and
an :class:`EvaluationText` remembers the text of open questions and numbers
(at most :data:`REMEMBERED` of each), so a lead's text is a few numbers and
joins. Should :class:`Evaluation` gain a field this module does not know,
every evaluation goes the slow, always-right way instead.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring_ascii
from operator import itemgetter

import attrs

from .convert import converter
from .touches import ContactHistory
from .results import CriterionResult, Evaluation, Missing, Stale, Unvetted, Verdict, blank

__all__ = ["REMEMBERED", "EvaluationText"]

#: How many parts an :class:`EvaluationText` remembers the text of before it starts afresh.
REMEMBERED = 8192

_FIELDS = (
    "framework",
    "framework_version",
    "score",
    "completeness",
    "potential",
    "qualified_at",
    "verdict",
    "criteria",
    "missing",
    "gaps",
    "stage",
    "next_stage",
    "disqualified_by",
    "probability",
    "as_of",
    "stale",
    "unvetted",
    "touches",
    "settled",
    "lowest_probability",
    "highest_probability",
    "expected",
    "checks",
)
_KNOWN = tuple(field.name for field in attrs.fields(Evaluation)) == _FIELDS
_INFINITY = float("inf")


def _number(value: float) -> str:
    """A number as json.dumps writes it (an int stays an int)."""
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value == _INFINITY or value == -_INFINITY:
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    return int.__repr__(value)


def _as_of(result: Evaluation) -> str:
    return "null" if result.as_of is None else json.dumps(converter.unstructure(result.as_of))


def _stale(result: Evaluation) -> str:
    if not result.stale:
        return "[]"
    return json.dumps(converter.unstructure(result.stale, tuple[Stale, ...]))


def _unvetted(result: Evaluation) -> str:
    if not result.unvetted:
        return "[]"
    return json.dumps(converter.unstructure(result.unvetted, tuple[Unvetted, ...]))


def _touches(result: Evaluation) -> str:
    if result.touches is None:
        return "null"
    return json.dumps(converter.unstructure(result.touches, ContactHistory))


def _result_text(result: CriterionResult) -> str:
    """*result*'s JSON text, kept on it for its next writing (a result is frozen)."""
    try:
        return result._as_json
    except AttributeError:
        pass
    text = json.dumps(converter.unstructure(result, CriterionResult))
    object.__setattr__(result, "_as_json", text)  # set once, past attrs' guard
    return text


# What the usual evaluation says of its journey: not judged as of an instant, nothing stale
# or unvetted, no contact history.
_UNJUDGED = ' "as_of": null, "stale": [], "unvetted": [], "touches": null,'
# The members from stage to expected of the plain evaluation, per verdict settled on.
_PLAIN = {
    settled: (
        ' "stage": null, "next_stage": null, "disqualified_by": [], "probability": null,'
        f'{_UNJUDGED} "settled": {"null" if settled is None else json.dumps(settled.value)},'
        ' "lowest_probability": null, "highest_probability": null, "expected": null,'
    )
    for settled in (*Verdict, None)
}
# What the plain evaluation holds from stage to expected (settled aside): no stage, no
# disqualifier holding, no model, none of the journey; read from its fields in one call
_MIDDLE = itemgetter(
    "stage", "next_stage", "disqualified_by", "probability", "as_of", "stale", "unvetted",
    "touches", "lowest_probability", "highest_probability", "expected",
)  # fmt: skip
_PLAIN_MIDDLE = _MIDDLE(blank("", "", 0.0))  # each at its default


class EvaluationText:
    """Write evaluations as JSON text, remembering the text of the parts leads share."""

    def __init__(self) -> None:
        # Scores repeat from lead to lead too, and writing a float's shortest
        # text is the dearest step left.
        self._floats: dict[float, str] = {}
        self._verdicts = {verdict: encode_basestring_ascii(verdict.value) for verdict in Verdict}
        self._names: dict[tuple[str, str], str] = {}
        # a lead's open questions are its own objects (each bound to the lead's outlook),
        # yet their text repeats: remembered by what they hold
        self._questions: dict[tuple[object, ...], str] = {}

    def _number(self, value: float) -> str:
        if type(value) is not float or not value:  # 0.0 and -0.0 are equal, yet print apart
            return _number(value)
        text = self._floats.get(value)  # floats only: 1 == 1.0, yet each prints its own
        if text is None:
            text = _number(value)
            if len(self._floats) >= REMEMBERED:
                self._floats.clear()
            self._floats[value] = text
        return text

    def _questions_text(self, items: tuple[Missing, ...]) -> str:
        """A tuple of missing entries (or checks) as a JSON array."""
        if not items:
            return "[]"
        texts = []
        for item in items:
            weight, points = item.weight, item.points
            key: tuple[object, ...] = (item.key, item.label, item.question, weight, points)
            if not weight or not points:  # 0.0 and -0.0 are equal keys, yet print apart
                key += (math.copysign(1.0, weight), math.copysign(1.0, points))
            text = self._questions.get(key)
            if text is None:
                text = json.dumps(converter.unstructure(item, Missing))
                if len(self._questions) >= REMEMBERED:
                    self._questions.clear()
                self._questions[key] = text
            texts.append(text)
        return "[" + ", ".join(texts) + "]"

    def members(self, result: Evaluation) -> str:
        """The members of *result*'s JSON object, without braces, for a caller to add to."""
        if not _KNOWN:
            return json.dumps(converter.unstructure(result))[1:-1]
        try:  # each result written before: its text, kept on it (see _result_text)
            criteria = ", ".join([item._as_json for item in result.criteria])
            gaps = ", ".join([item._as_json for item in result.gaps])
        except AttributeError:
            criteria = ", ".join([_result_text(item) for item in result.criteria])
            gaps = ", ".join([_result_text(item) for item in result.gaps])
        named = self._names.get((result.framework, result.framework_version))
        if named is None:
            named = self._name(result.framework, result.framework_version)
        if type(result) is Evaluation and _MIDDLE(result.__dict__) == _PLAIN_MIDDLE:
            middle = _PLAIN[result.settled]  # the plain evaluation: one of a few texts
        else:
            middle = self._middle(result)
        number = self._number
        checks = result.checks
        return (
            f'{named} "score": {number(result.score)},'
            f' "completeness": {number(result.completeness)},'
            f' "potential": {number(result.potential)},'
            f' "qualified_at": {number(result.qualified_at)},'
            f' "verdict": {self._verdicts[result.verdict]},'
            f' "criteria": [{criteria}],'
            f' "missing": {self._questions_text(result.missing)},'
            f' "gaps": [{gaps}],'
            f"{middle}"
            f' "checks": {self._questions_text(checks) if checks else "[]"}'
        )

    def _middle(self, result: Evaluation) -> str:
        """The members from ``stage`` to ``expected``."""
        stage, after, flagged = result.stage, result.next_stage, result.disqualified_by
        chance, low = result.probability, result.lowest_probability
        high = result.highest_probability
        expected = result.expected
        if (
            result.as_of is None
            and not result.stale
            and not result.unvetted
            and result.touches is None
        ):
            journey = _UNJUDGED  # the usual evaluation: none of the four
        else:
            journey = (
                f' "as_of": {_as_of(result)}, "stale": {_stale(result)},'
                f' "unvetted": {_unvetted(result)}, "touches": {_touches(result)},'
            )
        return (
            f' "stage": {"null" if stage is None else encode_basestring_ascii(stage)},'
            f' "next_stage": {"null" if after is None else encode_basestring_ascii(after)},'
            f' "disqualified_by": {json.dumps(list(flagged)) if flagged else "[]"},'
            f' "probability": {"null" if chance is None else _number(chance)},'
            f"{journey}"
            f' "settled": {"null" if result.settled is None else self._verdicts[result.settled]},'
            f' "lowest_probability": {"null" if low is None else _number(low)},'
            f' "highest_probability": {"null" if high is None else _number(high)},'
            f' "expected": {"null" if expected is None else _number(expected)},'
        )

    def _name(self, framework: str, version: str) -> str:
        """The framework and version members, as text, remembered (a batch has a few)."""
        text = (
            f'"framework": {encode_basestring_ascii(framework)},'
            f' "framework_version": {encode_basestring_ascii(version)},'
        )
        if len(self._names) >= REMEMBERED:
            self._names.clear()
        self._names[(framework, version)] = text
        return text

    def __call__(self, result: Evaluation) -> str:
        """*result* as JSON text: what ``json.dumps(to_dict(result))`` gives, sooner."""
        return "{" + self.members(result) + "}"
