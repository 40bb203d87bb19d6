"""``python manage.py rescore``: evaluate every lead again, in batches.

Run it nightly, or after a framework file changed. Answers recorded longer ago
than a framework's ``fresh_for`` are asked again, judged as of ``--as-of``
(default: now). A lead that cannot be evaluated is named with the reason; the
others are still saved, and the command then fails so that a scheduler notices.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

import qualify
from leads.models import Lead

FIELDS = ["evaluation", "verdict", "score", "priority"]


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of takes an ISO 8601 date or time, such as 2026-11-23; got {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the database keeps aware times (USE_TZ)
    return moment


class Command(BaseCommand):
    help = "Evaluate every lead again and store the results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--framework", help="only the leads judged by this framework")
        parser.add_argument("--as-of", type=_instant, help="judge the answers as of this date (default: now)")
        parser.add_argument("--batch-size", type=int, default=500, help="leads saved per query (default: 500)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError(f"--batch-size must be at least 1; got {options['batch_size']}")
        as_of: datetime = options["as_of"] or timezone.now()
        leads = Lead.objects.order_by("pk")
        if options["framework"]:
            try:
                qualify.get_framework(options["framework"])
            except qualify.UnknownFrameworkError as exc:
                raise CommandError(str(exc)) from None
            leads = leads.filter(framework=options["framework"])
        verdicts: Counter[str] = Counter()
        failed: list[str] = []
        batch: list[Lead] = []
        for lead in leads.iterator(chunk_size=options["batch_size"]):
            try:
                evaluation = lead.judge(as_of=as_of)
            except qualify.QualifyError as exc:
                failed.append(f"lead {lead.pk} ({lead}): {exc}")
                continue
            verdicts[evaluation.verdict.value] += 1
            batch.append(lead)
            if len(batch) == options["batch_size"]:
                Lead.objects.bulk_update(batch, FIELDS)
                batch.clear()
        Lead.objects.bulk_update(batch, FIELDS)
        counts = ", ".join(f"{verdicts[v.value]} {v.value}" for v in qualify.Verdict if verdicts[v.value])
        done = sum(verdicts.values())
        self.stdout.write(f"rescored {done} leads as of {as_of.date().isoformat()}" + (f": {counts}" if counts else ""))
        for problem in failed:
            self.stderr.write(problem)
        if failed:
            raise CommandError(f"{len(failed)} leads could not be evaluated; they are named above")
