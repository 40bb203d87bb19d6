"""A lead, what is known about it, and its latest evaluation."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F

import qualify

from .fields import EvaluationField


class Lead(models.Model):
    """A lead as a CRM keeps it.

    ``evidence`` maps criterion keys to answers; ``evaluation`` is the latest
    verdict on them. The verdict, score and priority are copied into plain,
    indexed columns so that lists sort and filter in the database.
    """

    name = models.CharField(max_length=200)
    company = models.CharField(max_length=200, blank=True)
    framework = models.CharField(max_length=100, default="bant")
    evidence = models.JSONField(default=dict, blank=True)
    evidence_updated = models.DateTimeField(
        null=True, blank=True, help_text="when the answers were last recorded"
    )
    evaluation = EvaluationField(null=True, blank=True, editable=False)
    verdict = models.CharField(
        max_length=20,
        blank=True,
        db_index=True,
        editable=False,
        choices=[(verdict.value, verdict.value) for verdict in qualify.Verdict],
    )
    score = models.FloatField(null=True, editable=False)
    priority = models.FloatField(null=True, db_index=True, editable=False)

    class Meta:
        ordering = [F("priority").desc(nulls_last=True), "name"]

    def __str__(self) -> str:
        return self.name

    def judge(self, *, as_of: datetime | None = None) -> qualify.Evaluation:
        """Evaluate the evidence under the lead's framework and keep the columns in step.

        :raises qualify.QualifyError: for an unknown framework or evidence it refuses.
        """
        evaluation = qualify.evaluate(
            self.evidence, self.framework, as_of=as_of, observed_at=self.evidence_updated
        )
        self.evaluation = evaluation
        self.verdict = evaluation.verdict.value
        self.score = evaluation.score
        self.priority = evaluation.priority
        return evaluation

    def clean(self) -> None:
        """A form (the admin's too) shows why evidence is refused, instead of a server error."""
        if not isinstance(self.evidence, dict):
            raise ValidationError({"evidence": "evidence is a mapping of criterion key to answer"})
        try:
            self.judge()
        except qualify.UnknownFrameworkError as exc:
            raise ValidationError({"framework": str(exc)}) from None
        except qualify.EvidenceError as exc:  # one form error per refused answer
            raise ValidationError({"evidence": [
                ValidationError(error["msg"], code=error["type"],
                                params={"key": ".".join(map(str, error["loc"]))})
                for error in exc.errors()
            ]}) from None  # fmt: skip
        except qualify.QualifyError as exc:
            raise ValidationError({"evidence": str(exc)}) from None
