"""The admin: leads listed best first, with the question to ask each one next."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import F, QuerySet
from django.http import HttpRequest

import qualify

from .models import Lead


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("name", "company", "framework", "verdict", "points", "next_question")
    list_filter = ("verdict", "framework")
    search_fields = ("name", "company")
    ordering = (F("priority").desc(nulls_last=True), "name")
    readonly_fields = ("verdict", "points", "next_question", "missing")
    actions = ("rescore",)

    @admin.display(description="score", ordering="priority")
    def points(self, lead: Lead) -> str:
        """The score as a rep reads it; sorting by it sorts by priority (disqualified last)."""
        return "-" if lead.score is None else f"{lead.score:.1f}"

    @admin.display(description="next question")
    def next_question(self, lead: Lead) -> str:
        if lead.evaluation is None:
            return "not evaluated yet"
        if lead.evaluation.disqualified_by:  # nothing to ask a lead that is ruled out
            return f"ruled out: {', '.join(lead.evaluation.disqualified_by)}"
        return lead.evaluation.next_question or "nothing left to ask"

    @admin.display(description="still unknown")
    def missing(self, lead: Lead) -> str:
        if lead.evaluation is None:
            return "not evaluated yet"
        return "; ".join(item.label for item in lead.evaluation.missing) or "nothing"

    def save_model(self, request: HttpRequest, obj: Lead, form: Any, change: bool) -> None:
        obj.judge()  # the form's clean() already checked that it can be judged
        super().save_model(request, obj, form, change)

    @admin.action(description="Evaluate the selected leads again")
    def rescore(self, request: HttpRequest, queryset: QuerySet[Lead]) -> None:
        done, failed = [], []
        for lead in queryset:
            try:
                lead.judge()
            except qualify.QualifyError as exc:
                failed.append(f"{lead}: {exc}")
                continue
            done.append(lead)
        Lead.objects.bulk_update(done, ["evaluation", "verdict", "score", "priority"])
        self.message_user(request, f"{len(done)} leads evaluated again.", messages.SUCCESS)
        for problem in failed:
            self.message_user(request, problem, messages.ERROR)
