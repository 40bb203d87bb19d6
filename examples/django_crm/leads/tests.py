"""The Django recipe, run by Django's own test runner on SQLite: ``python manage.py test leads``."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import TestCase

import qualify

from .admin import LeadAdmin
from .models import Lead

#: Leads from the BANT story: one ready to buy, one with a budget process and
#: nothing else, one whose company has no budget at all, one never evaluated.
READY = {"budget": "allocated", "authority": "engaged", "need": "validated", "timeframe": 2}
EARLY = {"budget": "process", "need": "identified"}
NO_BUDGET = {"budget": "none", "authority": "identified", "need": "validated", "timeframe": 14}


def _lead(name: str, evidence: dict[str, object], **fields: object) -> Lead:
    lead = Lead(name=name, evidence=evidence, **fields)
    lead.judge()
    lead.save()
    return lead


class EvaluationFieldTests(TestCase):
    def test_an_evaluation_comes_back_from_the_database_equal(self) -> None:
        written = _lead("Acme Tools", READY).evaluation
        again = Lead.objects.get(name="Acme Tools")
        self.assertIsInstance(again.evaluation, qualify.Evaluation)
        self.assertEqual(again.evaluation, written)
        self.assertEqual(again.verdict, "qualified")

    def test_the_json_inside_can_be_queried(self) -> None:
        _lead("Acme Tools", READY)
        _lead("Birch Dental", EARLY)
        self.assertEqual(
            list(Lead.objects.filter(evaluation__verdict="qualified").values_list("name", flat=True)),
            ["Acme Tools"],
        )
        scores = Lead.objects.values_list("evaluation__score", flat=True)
        self.assertTrue(all(isinstance(score, float) for score in scores))

    def test_dumpdata_and_loaddata_round_trip(self) -> None:
        written = _lead("Acme Tools", READY).evaluation
        out = io.StringIO()
        call_command("dumpdata", "leads", stdout=out)
        fixture = json.loads(out.getvalue())
        self.assertEqual(fixture[0]["fields"]["evaluation"], qualify.to_dict(written))
        Lead.objects.all().delete()
        path = self._fixture(fixture)
        call_command("loaddata", path, verbosity=0)
        self.assertEqual(Lead.objects.get().evaluation, written)

    def test_a_lead_never_evaluated_holds_null(self) -> None:
        Lead.objects.create(name="Elm Partners")
        self.assertIsNone(Lead.objects.get().evaluation)

    def _fixture(self, data: object) -> str:
        import tempfile

        handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        with handle:
            json.dump(data, handle)
        self.addCleanup(lambda: __import__("os").unlink(handle.name))
        return handle.name


class RescoreCommandTests(TestCase):
    def test_every_lead_is_evaluated_and_counted_by_verdict(self) -> None:
        for name, evidence in [("Acme Tools", READY), ("Birch Dental", EARLY), ("Cobalt Freight", NO_BUDGET)]:
            Lead.objects.create(name=name, evidence=evidence)
        out = io.StringIO()
        call_command("rescore", "--as-of", "2026-11-23", stdout=out)
        self.assertEqual(out.getvalue().strip(), "rescored 3 leads as of 2026-11-23: 1 qualified, 2 unqualified")
        for lead in Lead.objects.all():
            as_of = datetime(2026, 11, 23, tzinfo=UTC)
            self.assertEqual(lead.evaluation, qualify.evaluate(lead.evidence, "bant", as_of=as_of))

    def test_answers_older_than_the_framework_allows_are_asked_again(self) -> None:
        lead = Lead.objects.create(
            name="Acme Tools",
            framework="acme-bant",  # from the folder the app registers: fresh for 120 days
            evidence=READY,
            evidence_updated=datetime(2026, 6, 1, tzinfo=UTC),
        )
        call_command("rescore", "--as-of", "2026-07-01", stdout=io.StringIO())
        lead.refresh_from_db()
        self.assertEqual(lead.verdict, "qualified")
        call_command("rescore", "--as-of", "2026-11-23", stdout=io.StringIO())
        lead.refresh_from_db()
        self.assertEqual(lead.verdict, "nurture")  # nothing counts until it is asked again
        self.assertEqual(lead.score, 0.0)
        self.assertEqual({s.key for s in lead.evaluation.stale}, set(READY))
        self.assertIn("Re-confirm", lead.evaluation.next_question)

    def test_a_lead_that_cannot_be_evaluated_is_named_and_the_others_are_saved(self) -> None:
        Lead.objects.create(name="Acme Tools", evidence=READY)
        bad = Lead.objects.create(name="Fir Labs", evidence={"budget": "approved"})
        err = io.StringIO()
        with self.assertRaisesMessage(CommandError, "1 leads could not be evaluated"):
            call_command("rescore", stdout=io.StringIO(), stderr=err)
        self.assertIn(f"lead {bad.pk} (Fir Labs): criterion 'budget' of framework 'bant'", err.getvalue())
        self.assertIn("'allocated'", err.getvalue())
        self.assertEqual(Lead.objects.get(name="Acme Tools").verdict, "qualified")
        self.assertIsNone(Lead.objects.get(name="Fir Labs").evaluation)

    def test_bad_options_are_refused_with_what_is_accepted(self) -> None:
        with self.assertRaisesMessage(CommandError, "Did you mean 'bant'?"):
            call_command("rescore", "--framework", "bnat")
        with self.assertRaisesMessage(CommandError, "ISO 8601 date"):
            call_command("rescore", "--as-of", "23/11/2026")
        with self.assertRaisesMessage(CommandError, "--batch-size must be at least 1"):
            call_command("rescore", "--batch-size", "0")

    def test_batches_smaller_than_the_table_save_every_lead(self) -> None:
        for number in range(7):
            Lead.objects.create(name=f"Lead {number}", evidence=EARLY if number % 2 else READY)
        call_command("rescore", "--batch-size", "3", stdout=io.StringIO())
        self.assertFalse(Lead.objects.filter(evaluation__isnull=True).exists())


class AdminTests(TestCase):
    def setUp(self) -> None:
        user = User.objects.create_superuser("admin", "admin@example.com", "recipe")
        self.client.force_login(user)

    def test_the_list_is_sorted_by_priority_with_the_next_question(self) -> None:
        Lead.objects.create(name="Elm Partners")  # never evaluated: last
        _lead("Birch Dental", EARLY)
        _lead("Acme Tools", READY)
        _lead("Dune Retail", {"competitor": True}, framework="acme-bant")  # disqualified
        _lead("Cobalt Freight", NO_BUDGET)
        response = self.client.get("/admin/leads/lead/")
        self.assertEqual(response.status_code, 200)
        names = [lead.name for lead in response.context["cl"].result_list]
        self.assertEqual(names, ["Acme Tools", "Cobalt Freight", "Birch Dental", "Dune Retail", "Elm Partners"])
        self.assertContains(response, "Who signs off on this purchase")
        self.assertContains(response, "not evaluated yet")
        self.assertContains(response, "ruled out: competitor")
        self.assertContains(response, "<td class=\"field-points\">93.8</td>", html=False)

    def test_sorting_by_the_score_column_sorts_by_priority(self) -> None:
        _lead("Birch Dental", EARLY)
        _lead("Acme Tools", READY)
        _lead("Dune Retail", {"competitor": True}, framework="acme-bant")
        column = 1 + list(LeadAdmin.list_display).index("points")  # after the action checkbox
        response = self.client.get(f"/admin/leads/lead/?o={column}")
        names = [lead.name for lead in response.context["cl"].result_list]
        self.assertEqual(names, ["Dune Retail", "Birch Dental", "Acme Tools"])  # ascending

    def test_adding_a_lead_evaluates_it(self) -> None:
        response = self.client.post(
            "/admin/leads/lead/add/",
            {"name": "Acme Tools", "company": "Acme", "framework": "bant", "evidence": json.dumps(READY)},
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertEqual(Lead.objects.get().verdict, "qualified")

    def test_evidence_the_framework_refuses_is_a_form_error_not_a_server_error(self) -> None:
        response = self.client.post(
            "/admin/leads/lead/add/",
            {"name": "Fir Labs", "framework": "bant", "evidence": json.dumps({"budget": "approved"})},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "does not accept")
        response = self.client.post(
            "/admin/leads/lead/add/", {"name": "Fir Labs", "framework": "bnat", "evidence": "{}"}
        )
        self.assertContains(response, "Did you mean")
        self.assertFalse(Lead.objects.exists())

    def test_each_refused_answer_is_a_form_error_of_its_own(self) -> None:
        """EvidenceError.errors() becomes Django's errors: one per answer, coded by kind."""
        lead = Lead(name="Fir Labs", framework="bant", evidence={"budget": "approved", "timing": 3})
        with self.assertRaises(ValidationError) as caught:
            lead.full_clean()
        errors = caught.exception.error_dict["evidence"]
        self.assertEqual([error.code for error in errors], ["unknown_key"])
        lead.evidence = {"budget": "approved", "timeframe": "soon"}
        with self.assertRaises(ValidationError) as caught:
            lead.full_clean()
        errors = caught.exception.error_dict["evidence"]
        self.assertEqual([error.params["key"] for error in errors], ["budget", "timeframe"])
        self.assertEqual({error.code for error in errors}, {"value_not_accepted"})
        self.assertIn("does not accept 'approved'", errors[0].message)

    def test_the_rescore_action_reports_what_it_did(self) -> None:
        lead = Lead.objects.create(name="Acme Tools", evidence=READY)
        response = self.client.post(
            "/admin/leads/lead/",
            {"action": "rescore", "_selected_action": [lead.pk]},
            follow=True,
        )
        self.assertContains(response, "1 leads evaluated again.")
        lead.refresh_from_db()
        self.assertEqual(lead.verdict, "qualified")
