"""``EvaluationField``: a model field holding a :class:`qualify.Evaluation`.

It is a ``JSONField`` whose Python value is an ``Evaluation``: it stores what
:func:`qualify.to_dict` writes and reads it back with :func:`qualify.from_dict`,
so key lookups (``evaluation__verdict="qualified"``), ``dumpdata`` and
``loaddata`` work as on any JSON column.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

import qualify


class EvaluationField(models.JSONField):
    description = "A qualify evaluation, stored as JSON"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        data = super().from_db_value(value, expression, connection)
        if expression is not None and not isinstance(expression, models.expressions.Col):
            return data  # a key lookup in .values(): a part of the document, not a whole one
        return self.to_python(data)

    def to_python(self, value: Any) -> qualify.Evaluation | None:
        if value is None or isinstance(value, qualify.Evaluation):
            return value
        if isinstance(value, str):  # a form or a fixture hands over text
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValidationError(f"an evaluation must be JSON: {exc}") from None
        if not isinstance(value, dict):
            raise ValidationError(
                f"an evaluation is the mapping qualify.to_dict writes, got {type(value).__name__}"
            )
        try:
            return qualify.from_dict(value, qualify.Evaluation)
        except qualify.QualifyError as exc:
            raise ValidationError(str(exc)) from None

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, qualify.Evaluation):
            value = qualify.to_dict(value)
        return super().get_prep_value(value)

    def value_to_string(self, obj: models.Model) -> Any:
        value = self.value_from_object(obj)
        return qualify.to_dict(value) if isinstance(value, qualify.Evaluation) else value
