"""Lead exports shaped as four real CRMs write them, odd values included, read right or reported.

Each export is written by the test in the vendor's own shape (field names,
labels and codes, encodings, defaults) as their schema documents describe it:

- Microsoft Dynamics 365 / Dataverse lead table: logical names, option-set
  labels or codes, the two-option "Decision Maker?" field labelled
  "completed" / "mark complete", Money amounts with currency symbols;
  exported with a UTF-8 byte order mark and CRLF line ends.
- Salesforce Lead: API names, ``__c`` custom fields, the ``--None--`` picklist
  placeholder, a semicolon-separated export from a European locale.
- HubSpot contacts from the API: internal property values, the multi-select
  ``hs_buying_role`` (``DECISION_MAKER;BUDGET_HOLDER``), nested under
  ``properties``.
- Google Partners leads as JSON Lines: nested objects (``minMonthlyBudget`` is
  a Money object with ``units`` as text) and ``gpsMotivations`` as an array.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import qualify
from qualify.cli import main

# -- Dynamics 365 -------------------------------------------------------------------

DYNAMICS_HEADER = [
    "leadid",
    "fullname",
    "budgetstatus",
    "budgetamount",
    "decisionmaker",
    "need",
    "purchasetimeframe",
    "purchaseprocess",
]

# 30 leads as a spreadsheet export writes them: labels in any case, codes, trailing
# spaces, currency amounts, empty cells, the "mark complete" default, "Unknown".
DYNAMICS_ROWS = [
    ["D-01", "Mei Chen", "Will Buy", "", "completed", "Must have", "This Quarter", "Committee"],
    [
        "D-02",
        "Sam Okafor",
        "No Committed Budget",
        "",
        "mark complete",
        "Good to have",
        "Unknown",
        "Unknown",
    ],
    [
        "D-03",
        "Ana Souza",
        "can buy ",
        "$120,000.00",
        "Completed",
        "must have",
        "Next Quarter",
        "Individual",
    ],
    ["D-04", "Raj Patel", "", "$80,000.00", "mark complete", "Should have", "This Year", ""],
    ["D-05", "Lena Vogel", "2", "", "1", "0", "1", "1"],
    ["D-06", "Tom Brady", "MAY BUY", "0.00", "mark complete", "No need", "Immediate", "Individual"],
    ["D-07", "Ines Costa", "", "", "", "", "", ""],
    [
        "D-08",
        "Yuki Sato",
        "Will Buy",
        "1,000,000.00",
        "completed",
        "Must have",
        "Immediate",
        "Committee",
    ],
    ["D-09", "Omar Haddad", "3", "", "0", "2", "4", "2"],
    [
        "D-10",
        "Eva Novak",
        "No Committed Budget",
        "",
        "mark complete",
        "No need",
        "This Year",
        "Individual",
    ],
    [
        "D-11",
        "Luis Ortega",
        " Can Buy",
        "",
        "completed",
        "Should have",
        "this quarter",
        "Committee",
    ],
    ["D-12", "Kofi Mensah", "", "25000", "completed", "Must have", "Next Quarter", ""],
    ["D-13", "Hana Kim", "Will Buy", "", "mark complete", "Must have", "Unknown", "Unknown"],
    ["D-14", "Noah Levi", "May Buy", "", "completed", "Good to have", "This Year", "Individual"],
    ["D-15", "Ella Berg", "1", "", "0", "1", "3", "0"],
    ["D-16", "Ravi Nair", "Can Buy", "€5.000", "completed", "Must have", "Immediate", "Committee"],
    [
        "D-17",
        "Zoe Adams",
        "No Committed Budget",
        "",
        "completed",
        "Should have",
        "Next Quarter",
        "",
    ],
    [
        "D-18",
        "Ivan Petrov",
        "Will Buy",
        "$250,000.00",
        "mark complete",
        "Must have",
        "This Quarter",
        "",
    ],
    ["D-19", "Mia Rossi", "", "", "completed", "Must have", "", "Committee"],
    ["D-20", "Ben Carter", "Can Buy", "", "mark complete", "Good to have", "Unknown", ""],
    ["D-21", "Ada Lovel", "Will Buy", "", "completed", "Must have", "Next Quarter", "Individual"],
    ["D-22", "Paul Klee", "May Buy", "", "mark complete", "Should have", "This Year", ""],
    ["D-23", "Nora Lind", "0", "", "1", "3", "0", ""],
    [
        "D-24",
        "Ugo Bassi",
        "Can Buy",
        "$ 45,500",
        "completed",
        "Must have",
        "This Quarter",
        "Committee",
    ],
    ["D-25", "Ida Wells", "", "", "mark complete", "Should have", "Unknown", ""],
    ["D-26", "Max Stein", "Will Buy", "", "completed", "Must have", "Immediate", ""],
    # planted: values that are not labels of their column, several in one row
    ["D-27", "Bad One", "Perhaps", "", "Yes", "Must have", "Soon", ""],
    ["D-28", "Bad Two", "Can Buy", "-500", "completed", "Must have", "This Year", ""],
    ["D-29", "Bad Three", "", "80k", "completed", "Nice to have", "This Year", ""],
    ["D-30", "Eve Moss", "Can Buy", "", "completed", "Must have", "This Year", "Committee"],
]


def _dynamics_export(tmp_path: Path) -> Path:
    lines = [",".join(DYNAMICS_HEADER)]
    for row in DYNAMICS_ROWS:
        lines.append(",".join(f'"{value}"' if "," in value else value for value in row))
    path = tmp_path / "Leads (Dynamics 365).csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    return path


def test_a_dynamics_export_scores_every_valid_row_and_reports_the_rest_by_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _dynamics_export(tmp_path)
    code = main(["evaluate", str(path), "--mapping", "dynamics365", "--format", "jsonl"])
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert code == 1
    scored = [row["lead"] for row in rows]
    assert scored == [row[0] for row in DYNAMICS_ROWS if row[0] not in ("D-27", "D-28", "D-29")]
    errors = [line for line in captured.err.splitlines() if line.startswith("error:")]
    assert [line.split("(")[1].split(")")[0] for line in errors] == ["D-27", "D-28", "D-29"]
    # every problem of a row, with what the column accepts
    assert "'budgetstatus' has the value 'Perhaps'" in errors[0]
    assert "'decisionmaker' has the value 'Yes'" in errors[0]
    assert "'purchasetimeframe' has the value 'Soon'" in errors[0]
    assert "3 problems" in errors[0] and "Accepted: 'completed', 'true', '1'" in errors[0]
    assert "negative amount '-500'" in errors[1]
    assert "should hold an amount, got '80k'" in errors[2] and "'Nice to have'" in errors[2]
    assert "27 leads evaluated" in captured.err and "3 rows reported" in captured.err
    by_lead = {row["lead"]: row for row in rows}
    # "mark complete" says nothing about the authority: its question is still asked
    assert "authority" in [m["key"] for m in by_lead["D-02"]["missing"]]
    assert "authority" not in [m["key"] for m in by_lead["D-01"]["missing"]]
    # an amount counts only when the status is empty; "$80,000.00" is read
    assert by_lead["D-04"]["criteria"][0]["value"] == "allocated"
    assert by_lead["D-06"]["criteria"][0]["value"] == "process"


def test_the_dynamics_example_runs_as_its_docs_say(capsys: pytest.CaptureFixture[str]) -> None:
    example = Path(__file__).parent.parent / "examples" / "dynamics-leads.csv"
    assert (
        example.read_bytes().startswith(b"\xef\xbb\xbfleadid,") and b"\r\n" in example.read_bytes()
    )
    code = main(["evaluate", str(example), "--mapping", "dynamics365"])
    err = capsys.readouterr().err
    assert code == 1 and "27 leads evaluated" in err and "2 rows reported" in err
    assert err.count("error: line") == 2


def test_the_dynamics_export_reads_alike_in_python_and_in_a_table(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(_dynamics_export(tmp_path), dtype=str, keep_default_na=False)
    good = frame[~frame["leadid"].isin(["D-27", "D-28", "D-29"])]
    scored = qualify.evaluate_frame(good, "bant", mapping="dynamics365")
    expected = [
        qualify.evaluate(dict(row), "bant", mapping="dynamics365") for _, row in good.iterrows()
    ]
    assert list(scored["score"]) == [e.score for e in expected]
    asked = [None if isinstance(q, float) else q for q in scored["next_question"]]  # NaN: none
    assert asked == [e.next_question for e in expected]
    with pytest.raises(qualify.EvidenceError, match="3 rows cannot be scored") as raised:
        qualify.evaluate_frame(frame, "bant", mapping="dynamics365", id="leadid")
    assert "leadid='D-27': 3 problems" in str(raised.value)
    assert len(raised.value.problems) == 6
    reported = qualify.evaluate_frame(frame, "bant", mapping="dynamics365", errors="report")
    bad = reported[reported["problems"].map(len) > 0]
    assert list(bad["leadid"]) == ["D-27", "D-28", "D-29"]
    assert bad["verdict"].isna().all() and reported["verdict"].notna().sum() == 27


def test_a_company_extends_the_shipped_dynamics_mapping_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "contoso.toml"
    path.write_text(
        """
[mapping]
name = "contoso-dynamics"
extends = "dynamics365"
drop = ["budgetamount"]
no_evidence = ["Unknown", "Not asked"]

# Contoso relabelled the two-option field "Decision maker known?" Yes / No
[[mapping.fields]]
column = "decisionmaker"
criterion = "authority"
no_evidence = ["No", "false", "0"]
values = { "Yes" = "identified", "true" = "identified", "1" = "identified" }
""",
        encoding="utf-8",
    )
    contoso = qualify.load_field_map(path)
    shipped = qualify.get_field_map("dynamics365")
    assert [f.column for f in contoso.fields] == [
        f.column for f in shipped.fields if f.column != "budgetamount"
    ]
    assert contoso.framework == "bant" and contoso.no_evidence == ("Unknown", "Not asked")
    assert contoso.evidence({"decisionmaker": "Yes", "need": "Not asked"}) == {
        "authority": "identified"
    }
    for suffix in (".toml", ".json"):
        again = tmp_path / f"again{suffix}"
        qualify.dump_field_map(contoso, again)
        assert qualify.load_field_map(again) == contoso


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[mapping]\nname = "x"\nextends = "nope"\n', "mapping.extends: no mapping is registered"),
        (
            '[mapping]\nname = "x"\nextends = "dynamics365"\ndrop = ["budget"]\n',
            "cannot drop 'budget'",
        ),
        ('[mapping]\nname = "x"\ndrop = ["need"]\n', "drop only applies to a mapping that extends"),
        ('[mapping]\nname = "x"\n', "mapping.fields required"),
    ],
)
def test_mapping_file_problems_name_the_file_and_what_is_accepted(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(qualify.FrameworkFileError, match=problem) as raised:
        qualify.load_field_map(path)
    assert str(path) in str(raised.value)


# -- Salesforce ---------------------------------------------------------------------

SALESFORCE = qualify.FieldMap(
    name="salesforce-bant",
    framework="bant",
    decimal=",",
    no_evidence=["--None--"],
    fields=[
        qualify.Field(
            column="Budget_Status__c",
            criterion="budget",
            values={
                "No Budget": "none",
                "Budget Process Known": "process",
                "Approved": "allocated",
            },
        ),
        qualify.Field(column="Budget_Amount__c", criterion="budget", at_least=[(1, "allocated")]),
        qualify.Field(
            column="Decision_Role__c",
            criterion="authority",
            values={"Decision Maker": "engaged", "Influencer": "identified", "*": "identified"},
            no_evidence=["Other"],
        ),
        qualify.Field(column="Months_To_Purchase__c", criterion="timeframe"),
        qualify.Field(
            column="Status",
            criterion="need",
            values={"Working - Contacted": "identified", "Closed - Converted": "validated"},
            no_evidence=["*"],
        ),
    ],
)


def test_a_salesforce_export_from_a_european_locale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping_file = tmp_path / "salesforce.toml"
    qualify.dump_field_map(SALESFORCE, mapping_file)
    assert qualify.load_field_map(mapping_file) == SALESFORCE
    export = tmp_path / "report.csv"
    export.write_text(
        "Id;Company;Status;Budget_Status__c;Budget_Amount__c;Decision_Role__c;Months_To_Purchase__c\n"
        "00Q1;Acme;Working - Contacted;Approved;;Decision Maker;2,5\n"
        "00Q2;Globex;Open - Not Contacted;--None--;12.500,00 €;Economic Buyer;7\n"
        "00Q3;Initech;Closed - Converted;No Budget;;Other;1.000\n"
        "00Q4;Umbrella;Working - Contacted;Maybe;;Influencer;x\n",
        encoding="utf-8",
    )
    code = main(["evaluate", str(export), "--mapping", str(mapping_file), "--format", "jsonl"])
    captured = capsys.readouterr()
    rows = {json.loads(line)["lead"]: json.loads(line) for line in captured.out.splitlines()}
    assert code == 1 and set(rows) == {"00Q1", "00Q2", "00Q3"}
    values = {lead: {c["key"]: c["value"] for c in row["criteria"]} for lead, row in rows.items()}
    assert values["00Q1"] == {
        "budget": "allocated",
        "authority": "engaged",
        "need": "identified",
        "timeframe": 2.5,
    }
    # "Open - Not Contacted" is any other status: no evidence; an unlisted role counts as identified
    assert values["00Q2"] == {
        "budget": "allocated",
        "authority": "identified",
        "need": None,
        "timeframe": 7,
    }
    assert values["00Q3"]["authority"] is None and values["00Q3"]["timeframe"] == 1000.0
    assert "line 5 (00Q4): 2 problems" in captured.err
    assert "'Budget_Status__c' has the value 'Maybe'" in captured.err
    assert "criterion 'timeframe' of framework 'bant' does not accept 'x'" in captured.err


# -- HubSpot ------------------------------------------------------------------------

HUBSPOT = qualify.FieldMap(
    name="hubspot-bant",
    fields=[
        qualify.Field(
            column="properties.hs_buying_role",
            criterion="authority",
            separator=";",
            values={
                "DECISION_MAKER": "engaged",
                "BUDGET_HOLDER": "engaged",
                "CHAMPION": "identified",
                "INFLUENCER": "identified",
                "END_USER": "identified",
            },
            no_evidence=["OTHER"],
        ),
        qualify.Field(column="properties.budget_status", criterion="budget"),
        qualify.Field(
            column="properties.hs_lead_status",
            criterion="need",
            values={
                "IN_PROGRESS": "identified",
                "CONNECTED": "identified",
                "OPEN_DEAL": "validated",
            },
            no_evidence=["NEW", "ATTEMPTED_TO_CONTACT", "UNQUALIFIED", "BAD_TIMING"],
        ),
    ],
)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ("DECISION_MAKER;BUDGET_HOLDER", "engaged"),
        ("INFLUENCER;DECISION_MAKER", "engaged"),
        ("END_USER;CHAMPION", "identified"),
        ("OTHER", None),
        ("OTHER;CHAMPION", "identified"),
        ("", None),
    ],
)
def test_hubspot_multi_select_buying_roles_keep_the_best(roles: str, expected: str | None) -> None:
    contact = {"id": "51", "properties": {"hs_buying_role": roles, "hs_lead_status": "OPEN_DEAL"}}
    result = qualify.evaluate(contact, "bant", mapping=HUBSPOT)
    assert result.result("authority").value == expected


def test_hubspot_worst_and_unlisted_selections() -> None:
    cautious = qualify.FieldMap(
        name="cautious",
        fields=[
            qualify.Field(
                column="roles",
                criterion="authority",
                separator=";",
                combine="worst",
                values={"DECISION_MAKER": "engaged", "END_USER": "identified"},
            )
        ],
    )
    assert (
        qualify.evaluate({"roles": "DECISION_MAKER;END_USER"}, "bant", mapping=cautious)
        .result("authority")
        .value
        == "identified"
    )
    with pytest.raises(qualify.EvidenceError, match=r"'SPONSOR' \(in 'DECISION_MAKER;SPONSOR'\)"):
        qualify.evaluate({"roles": "DECISION_MAKER;SPONSOR"}, "bant", mapping=cautious)
    with pytest.raises(qualify.EvidenceError, match="pass the framework"):
        cautious.evidence({"roles": "DECISION_MAKER;END_USER"})
    with pytest.raises(
        qualify.FrameworkError, match="combine of field 'roles' must be one of 'best', 'worst'"
    ):
        qualify.Field(column="roles", criterion="authority", combine="first")


def test_hubspot_contacts_in_a_table_read_alike() -> None:
    pl = pytest.importorskip("polars")
    roles = ["DECISION_MAKER;BUDGET_HOLDER", "END_USER;CHAMPION", None, "OTHER"]
    flat = qualify.FieldMap(name="flat", fields=[attrs_evolve(f) for f in HUBSPOT.fields])
    frame = pl.DataFrame({"hs_buying_role": roles, "hs_lead_status": ["OPEN_DEAL"] * 4})
    got = qualify.evaluate_frame(frame, "bant", mapping=flat)
    expected = [
        qualify.evaluate({"hs_buying_role": r, "hs_lead_status": "OPEN_DEAL"}, "bant", mapping=flat)
        for r in roles
    ]
    assert got["score"].to_list() == [e.score for e in expected]


def attrs_evolve(field: qualify.Field) -> qualify.Field:
    import attrs

    return attrs.evolve(field, column=field.column.removeprefix("properties."))


# -- Google Partners ----------------------------------------------------------------

GOOGLE = qualify.FieldMap(
    name="google-partners",
    fields=[
        qualify.Field(
            column="minMonthlyBudget.units",
            criterion="budget",
            at_least=[(1, "process"), (5000, "allocated")],
        ),
        qualify.Field(
            column="gpsMotivations",
            criterion="need",
            values={
                "GPSM_HELP_WITH_ADVERTISING": "identified",
                "GPSM_HELP_WITH_WEBSITE": "identified",
                "GPSM_NO_WEBSITE": "assumed",
            },
            no_evidence=["GPS_MOTIVATION_UNSPECIFIED"],
        ),
    ],
)


def test_google_partner_leads_as_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leads = [
        {
            "id": "g1",
            "type": "LEAD_TYPE_UNSPECIFIED",
            "state": "LEAD",
            "gpsMotivations": ["GPSM_NO_WEBSITE", "GPSM_HELP_WITH_ADVERTISING"],
            "minMonthlyBudget": {"currencyCode": "USD", "units": "7500", "nanos": 0},
        },
        {
            "id": "g2",
            "state": "CONTACTED",
            "gpsMotivations": ["GPS_MOTIVATION_UNSPECIFIED"],
            "minMonthlyBudget": {"currencyCode": "EUR", "units": "250"},
        },
        {"id": "g3", "state": "LEAD"},
        {"id": "g4", "gpsMotivations": ["GPSM_SOMETHING_NEW"], "minMonthlyBudget": {"units": "-3"}},
    ]
    export = tmp_path / "leads.jsonl"
    export.write_text("\n".join(json.dumps(lead) for lead in leads) + "\n", encoding="utf-8")
    mapping_file = tmp_path / "google.json"
    qualify.dump_field_map(GOOGLE, mapping_file)
    code = main(
        ["evaluate", str(export), "--mapping", str(mapping_file), "--id", "id", "--format", "jsonl"]
    )
    captured = capsys.readouterr()
    rows = {json.loads(line)["lead"]: json.loads(line) for line in captured.out.splitlines()}
    assert code == 1 and set(rows) == {"g1", "g2", "g3"}
    assert [c["value"] for c in rows["g1"]["criteria"][:3:2]] == ["allocated", "identified"]
    assert rows["g2"]["criteria"][0]["value"] == "process"
    assert "line 4 (g4): 2 problems" in captured.err and "GPSM_SOMETHING_NEW" in captured.err


# -- not-known answers anywhere --------------------------------------------------------


@pytest.mark.parametrize("answer", ["Unknown", "N/A", "tbd", "-- Select --", "Not sure"])
def test_not_known_answers_in_a_passed_through_column(answer: str) -> None:
    result = qualify.evaluate({"properties": {"budget_status": answer}}, "bant", mapping=HUBSPOT)
    assert result.result("budget").status is qualify.Status.UNKNOWN
