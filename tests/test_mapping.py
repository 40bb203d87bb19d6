"""CRM field mappings on the row shapes real CRMs export."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest

import qualify
from qualify import Field, FieldMap, Status, Verdict

# A HubSpot contact as its API returns it: everything under "properties", values as text.
HUBSPOT_CONTACT = {
    "id": "51",
    "properties": {
        "firstname": "Dana",
        "lastname": "Whitfield",
        "company": "Harbor Freight Logistics",
        "lifecyclestage": "salesqualifiedlead",
        "hs_lead_status": "IN_PROGRESS",
        "budget_status": "  Approved ",
        "decision_maker_contacted": "true",
        "pain_confirmed": "Confirmed",
        "months_to_purchase": "4",
        "hubspot_owner_id": "1234",
    },
    "archived": False,
}

HUBSPOT = FieldMap(
    name="hubspot-bant",
    framework="bant",
    fields=[
        Field(
            column="properties.budget_status",
            criterion="budget",
            values={
                "Approved": "allocated",
                "Approved and sufficient": "sufficient",
                "In planning": "process",
                "None": "none",
            },
        ),
        Field(
            column="properties.decision_maker_contacted",
            criterion="authority",
            values={"true": "engaged", "false": "identified"},
        ),
        Field(
            column="properties.pain_confirmed",
            criterion="need",
            values={"Confirmed": "validated", "Mentioned": "identified"},
        ),
        Field(column="properties.months_to_purchase", criterion="timeframe"),
    ],
    no_evidence=["Unknown", "Not asked"],
)

# A Salesforce Lead with custom BANT fields, as a SOQL query returns it.
SALESFORCE_LEAD = {
    "attributes": {"type": "Lead", "url": "/services/data/v60.0/sobjects/Lead/00Q5e00000AbCdE"},
    "Id": "00Q5e00000AbCdE",
    "FirstName": "Raj",
    "LastName": "Patel",
    "Company": "Northwind Clinics",
    "Status": "Working - Contacted",
    "LeadSource": "Trade Show",
    "NumberOfEmployees": 240,
    "Budget_Status__c": "Budget Allocated",
    "Authority_Level__c": "Economic Buyer Identified",
    "Need_Stage__c": "Unknown",
    "Purchase_Timeframe__c": "Next Quarter",
    "Is_Competitor__c": False,
}

SALESFORCE = FieldMap(
    name="salesforce-bant",
    fields=[
        Field(
            column="Budget_Status__c",
            criterion="budget",
            values={
                "No Budget": "none",
                "Budget Process Known": "process",
                "Budget Allocated": "allocated",
                "Budget Sufficient": "sufficient",
            },
        ),
        Field(
            column="Authority_Level__c",
            criterion="authority",
            values={"Economic Buyer Identified": "identified", "Economic Buyer Engaged": "engaged"},
        ),
        Field(
            column="Need_Stage__c",
            criterion="need",
            values={"Assumed": "assumed", "Identified": "identified", "Validated": "validated"},
        ),
        Field(
            column="Purchase_Timeframe__c",
            criterion="timeframe",
            values={"This Quarter": 3, "Next Quarter": 6, "This Year": 12, "Next Year": 24},
        ),
    ],
    no_evidence=["Unknown", "--None--"],
)

# A Dynamics 365 lead row, as the Dataverse Web API returns it (option codes, money).
DYNAMICS_LEAD = {
    "leadid": "6f1d8a2e-3c1b-ef11-840a-000d3a5b1c2d",
    "fullname": "Mei Chen",
    "companyname": "Bluewater Hotels",
    "subject": "Booking platform renewal",
    "statecode": 0,
    "statuscode": 1,
    "leadsourcecode": 8,
    "budgetstatus": 2,
    "budgetamount": 120000.0,
    "decisionmaker": True,
    "need": 0,
    "purchasetimeframe": 1,
    "purchaseprocess": 1,
    "estimatedamount": 95000.0,
}


def test_hubspot_contact() -> None:
    result = qualify.evaluate(HUBSPOT_CONTACT, "bant", mapping=HUBSPOT)
    assert [(r.key, r.value) for r in result.criteria] == [
        ("budget", "allocated"),
        ("authority", "engaged"),
        ("need", "validated"),
        ("timeframe", "4"),
    ]
    assert result.verdict is Verdict.QUALIFIED


def test_salesforce_lead_with_custom_fields() -> None:
    result = qualify.evaluate(SALESFORCE_LEAD, "bant", mapping=SALESFORCE)
    assert result.result("budget").value == "allocated"
    assert result.result("timeframe").value == 6
    assert result.result("need").status is Status.UNKNOWN  # "Unknown" means no evidence
    assert result.verdict is Verdict.NURTURE
    assert result.next_question == qualify.get_framework("bant").criterion("need").question


def test_dynamics_365_lead_by_name() -> None:
    result = qualify.evaluate(DYNAMICS_LEAD, "bant", mapping="dynamics365")
    assert [(r.key, r.value) for r in result.criteria] == [
        ("budget", "allocated"),
        ("authority", "identified"),
        ("need", "validated"),
        ("timeframe", 3),
    ]
    assert result.verdict is Verdict.QUALIFIED


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"budgetstatus": "Will Buy"}, ("budget", "sufficient")),
        ({"budgetstatus": " may buy "}, ("budget", "process")),
        ({"budgetstatus": 0}, ("budget", "none")),
        ({"budgetstatus": None, "budgetamount": 5000}, ("budget", "allocated")),
        ({"budgetstatus": "", "budgetamount": "12,500.00"}, ("budget", "allocated")),
        ({"need": "Good to have"}, ("need", "assumed")),
        ({"need": "No need"}, ("need", False)),
        ({"need": 1.0}, ("need", "identified")),
        ({"purchasetimeframe": "This Year"}, ("timeframe", 12)),
        ({"purchasetimeframe": "Immediate"}, ("timeframe", 0)),
        ({"decisionmaker": True}, ("authority", "identified")),
        ({"decisionmaker": " Completed "}, ("authority", "identified")),
        ({"decisionmaker": 1}, ("authority", "identified")),
        ({"budgetamount": "$80,000.00"}, ("budget", "allocated")),
        ({"budgetamount": "1,000,000,000,000"}, ("budget", "allocated")),
        ({"purchasetimeframe": "next quarter"}, ("timeframe", 6)),
        ({"purchasetimeframe": 2}, ("timeframe", 6)),
        ({"need": "MUST HAVE"}, ("need", "validated")),
    ],
)
def test_dynamics_translations(row: dict[str, object], expected: tuple[str, object]) -> None:
    assert qualify.get_field_map("dynamics365").evidence(row) == dict([expected])


@pytest.mark.parametrize(
    "row",
    [
        {"purchasetimeframe": "Unknown"},
        {"purchasetimeframe": 4},
        {"budgetamount": 0},
        {"budgetamount": "$0.00"},
        {"decisionmaker": False},
        {"decisionmaker": "mark complete"},
        {"decisionmaker": 0},
        {"budgetstatus": math.nan},
        {"need": "   "},
        {},
    ],
)
def test_dynamics_values_that_mean_no_evidence(row: dict[str, object]) -> None:
    assert qualify.get_field_map("dynamics365").evidence(row) == {}


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"decisionmaker": "Yes"}, "'decisionmaker' has the value 'Yes'"),
        ({"budgetamount": "-100"}, "negative amount '-100'"),
        ({"budgetamount": "80k"}, "should hold an amount, got '80k'"),
        ({"purchaseprocess": "Committee", "need": "Yes"}, "'need' has the value 'Yes'"),
    ],
)
def test_dynamics_values_that_are_not_labels_of_their_column(
    row: dict[str, object], problem: str
) -> None:
    with pytest.raises(qualify.EvidenceError, match=problem):
        qualify.get_field_map("dynamics365").evidence(row)


def test_unmapped_picklist_value_names_field_value_and_accepted() -> None:
    with pytest.raises(qualify.EvidenceError) as caught:
        qualify.evaluate({"budgetstatus": "Maybe Later"}, "bant", mapping="dynamics365")
    message = str(caught.value)
    assert "'budgetstatus'" in message and "'Maybe Later'" in message
    assert "'No Committed Budget'" in message and "'Will Buy'" in message


def test_a_number_field_with_text() -> None:
    with pytest.raises(qualify.EvidenceError, match="'budgetamount' should hold an amount"):
        qualify.evaluate({"budgetamount": "lots"}, "bant", mapping="dynamics365")


def test_mapping_for_the_wrong_framework() -> None:
    with pytest.raises(qualify.UnknownCriterionError, match="mapping 'dynamics365' feeds 'budget'"):
        qualify.evaluate(DYNAMICS_LEAD, "icare", mapping="dynamics365")


def test_unknown_mapping_name() -> None:
    with pytest.raises(qualify.UnknownFrameworkError, match="Did you mean 'dynamics365'"):
        qualify.evaluate({}, "bant", mapping="dynamic365")


def test_a_row_must_be_a_mapping() -> None:
    with pytest.raises(qualify.EvidenceError, match="CRM row"):
        qualify.evaluate([("budgetstatus", 1)], "bant", mapping="dynamics365")  # type: ignore[arg-type]


def test_evaluate_does_not_touch_the_row() -> None:
    row = dict(DYNAMICS_LEAD)
    qualify.evaluate(row, "bant", mapping="dynamics365")
    assert row == DYNAMICS_LEAD


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"column": "", "criterion": "budget"}, "CRM column"),
        ({"column": "a", "criterion": "Budget"}, "criterion of field 'a'"),
        ({"column": "a", "criterion": "budget", "values": {"X": 1, " x ": 2}}, "given twice"),
        ({"column": "a", "criterion": "budget", "values": {"X": None}}, "must translate to"),
        ({"column": "a", "criterion": "budget", "values": [("X",)]}, "must be pairs"),
        (
            {"column": "a", "criterion": "budget", "at_least": [(5, "a"), (1, "b")]},
            "increasing order",
        ),
        (
            {"column": "a", "criterion": "budget", "values": {"X": 1}, "at_least": [(1, "a")]},
            "not both",
        ),
    ],
)
def test_bad_fields(fields: dict[str, object], message: str) -> None:
    with pytest.raises(qualify.FrameworkError, match=message):
        Field(**fields)  # type: ignore[arg-type]


def test_bad_field_maps() -> None:
    with pytest.raises(qualify.FrameworkError, match="at least one field"):
        FieldMap(name="empty", fields=[])
    with pytest.raises(qualify.FrameworkError, match="maps the CRM field 'a' to 'budget' twice"):
        FieldMap(
            name="twice",
            fields=[Field(column="a", criterion="budget"), Field(column="a", criterion="budget")],
        )
    # one picklist may feed several criteria
    lead_type = FieldMap(
        name="lead-type",
        fields=[
            Field(
                column="Type", criterion="competitor", values={"Competitor": True, "Buyer": False}
            ),
            Field(column="Type", criterion="student", values={"Student": True, "Buyer": False}),
        ],
    )
    assert lead_type.evidence({"Type": "Buyer"}) == {"competitor": False, "student": False}


def test_mapping_round_trips_through_dicts_and_files(tmp_path: Path) -> None:
    data = qualify.to_dict(SALESFORCE)
    assert data["fields"][0]["values"]["Budget Allocated"] == "allocated"
    assert qualify.from_dict(data, FieldMap) == SALESFORCE
    assert qualify.from_dict(qualify.to_dict(qualify.get_field_map("dynamics365")), FieldMap) == (
        qualify.get_field_map("dynamics365")
    )


def test_a_mapping_table_in_a_framework_file(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(
        textwrap.dedent(
            """
        name = "acme-bant"
        extends = "bant"

        [mapping]
        name = "acme-crm"
        no_evidence = ["TBD"]

        [[mapping.fields]]
        column = "Budget Approved?"
        criterion = "budget"
        values = { "Yes" = "allocated", "No" = "none" }
        """
        )
    )
    mapping = qualify.load_field_map(path)
    assert mapping.framework == "acme-bant"
    assert mapping.evidence({"Budget Approved?": "yes", "Owner": "Sam"}) == {"budget": "allocated"}
    assert mapping.evidence({"Budget Approved?": "tbd"}) == {}
    name = qualify.register_path(tmp_path)
    try:
        assert "acme-crm" in qualify.list_field_maps()
        result = qualify.evaluate({"Budget Approved?": "No"}, "acme-bant", mapping="acme-crm")
        assert result.result("budget").status is Status.UNMET
    finally:
        qualify.unregister_plugin(name)
    assert "acme-crm" not in qualify.list_field_maps()


def test_mapping_file_errors_name_the_path(tmp_path: Path) -> None:
    path = tmp_path / "crm.toml"
    path.write_text(
        '[mapping]\nname = "crm"\n[[mapping.fields]]\ncolumn = "a"\ncriterion = "budget"\nvalus = {}\n'
    )
    with pytest.raises(
        qualify.FrameworkFileError,
        match=r"mapping\.fields\[0\]: unknown key 'valus' \(did you mean 'values'\?\)",
    ):
        qualify.load_field_map(path)
    (tmp_path / "none.toml").write_text('name = "x"\nextends = "bant"\n')
    with pytest.raises(qualify.FrameworkFileError, match=r"no \[mapping\] table"):
        qualify.load_field_map(tmp_path / "none.toml")


def test_a_mapping_translates_alike_every_time_and_keeps_failing_on_bad_values() -> None:
    from qualify._core import mapping as _mapping

    crm = FieldMap(
        name="memo",
        fields=[
            Field(column="Budget", criterion="budget", values={"Approved": "allocated"}),
            Field(column="Months", criterion="timeframe"),
        ],
        no_evidence=["Unknown"],
    )
    rows = [{"Budget": " approved ", "Months": "4"}, {"Budget": "Unknown", "Months": 4.0}]
    first = [crm.evidence(row) for row in rows]
    assert first == [{"budget": "allocated", "timeframe": "4"}, {"timeframe": 4.0}]
    assert [crm.evidence(row) for row in rows] == first  # the second time from memory
    for _ in range(2):  # a value that failed once fails again, with its reason
        with pytest.raises(qualify.EvidenceError, match="'Maybe'"):
            crm.evidence({"Budget": "Maybe"})
    # free text in a passed-through field: every value read right, memory bounded
    for months in range(2 * _mapping._REMEMBERED):
        assert crm.evidence({"Months": f"{months}"}) == {"timeframe": f"{months}"}
    assert all(len(seen) <= _mapping._REMEMBERED for seen in crm._translated)
    # equal mappings stay equal whatever each has seen
    assert crm == FieldMap(name="memo", fields=crm.fields, no_evidence=["Unknown"]) and hash(
        crm
    ) == hash(FieldMap(name="memo", fields=crm.fields, no_evidence=["Unknown"]))


@pytest.mark.parametrize("word", ["Unknown", "unknown", " N/A ", "Not sure", "--"])
def test_a_picklist_field_reads_a_nobody_knows_word_as_no_evidence(word: str) -> None:
    # HubSpot and Dynamics exports hold "Unknown" in picklists the mapping translates
    mapping = qualify.FieldMap(
        name="crm",
        framework="bant",
        fields=[
            qualify.Field(column="Budget__c", criterion="budget", values={"Yes": "allocated"})
        ],
    )
    result = qualify.evaluate({"Budget__c": word}, "bant", mapping=mapping)
    assert result.result("budget").status is qualify.Status.UNKNOWN
    with pytest.raises(qualify.EvidenceError, match="'Maybe', which the mapping does not"):
        qualify.evaluate({"Budget__c": "Maybe"}, "bant", mapping=mapping)
    pandas = pytest.importorskip("pandas")
    table = qualify.evaluate_frame(
        pandas.DataFrame({"Budget__c": [word, "Yes"]}), "bant", mapping=mapping
    )
    assert list(table["score"]) == [
        qualify.evaluate({"Budget__c": value}, "bant", mapping=mapping).score
        for value in (word, "Yes")
    ]


def test_a_mapping_can_read_a_nobody_knows_word_as_an_answer() -> None:
    mapping = qualify.FieldMap(
        name="crm",
        framework="bant",
        fields=[qualify.Field(column="Need__c", criterion="need", values={"Unknown": "assumed"})],
    )
    result = qualify.evaluate({"Need__c": "Unknown"}, "bant", mapping=mapping)
    assert result.result("need").value == "assumed"
