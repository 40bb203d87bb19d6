"""Numbers written as text are read the way the export wrote them, or refused: never guessed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import qualify

AMOUNTS = qualify.FieldMap(
    name="amounts",
    fields=[
        qualify.Field(column="Budget", criterion="budget", at_least=[(0.01, "allocated")]),
        qualify.Field(column="Months", criterion="timeframe"),
    ],
)
EUROPEAN = qualify.FieldMap(name="european", fields=AMOUNTS.fields, decimal=",")


def budget(row: dict[str, object], mapping: qualify.FieldMap = AMOUNTS) -> object:
    return mapping.evidence(row).get("budget")


@pytest.mark.parametrize(
    "text",
    ["80000", "80,000.00", "$80,000.00", "80,000.00 USD", "USD 80000", "€ 80 000.00", "1e5"],
)
def test_amounts_as_exports_write_them(text: str) -> None:
    assert budget({"Budget": text}) == "allocated"


@pytest.mark.parametrize("text", ["1_2", "1,5", "12,34", "50k", "1,234,56", "--5", "nan", "inf"])
def test_ambiguous_or_invalid_amounts_are_errors_naming_the_form(text: str) -> None:
    with pytest.raises(qualify.EvidenceError) as raised:
        budget({"Budget": text})
    message = str(raised.value)
    assert "'Budget'" in message and repr(text) in message
    assert "a number written like 1234.5 or 1,234.5" in message


def test_a_negative_amount_is_an_error_not_no_evidence() -> None:
    with pytest.raises(qualify.EvidenceError, match="negative amount '-\\$500'"):
        budget({"Budget": "-$500"})
    with pytest.raises(qualify.EvidenceError, match="negative amount -500"):
        budget({"Budget": -500})
    assert budget({"Budget": "0"}) is None  # zero: below every threshold, no evidence


def test_signed_thresholds_take_negative_numbers() -> None:
    growth = qualify.Field(
        column="Growth", criterion="budget", at_least=[(-10, "none"), (5, "allocated")]
    )
    assert growth.translate("-3") == "none"
    assert growth.translate("-3,000") is None  # below every threshold


def test_a_declared_decimal_comma() -> None:
    assert budget({"Budget": "1.234,50 €"}, EUROPEAN) == "allocated"
    assert EUROPEAN.evidence({"Months": "6,5"}) == {"timeframe": 6.5}
    result = qualify.evaluate({"Months": "6,5"}, "bant", mapping=EUROPEAN)
    assert result.result("timeframe").value == 6.5
    with pytest.raises(qualify.EvidenceError, match="like 1234,5 or 1.234,5"):
        budget({"Budget": "1,234.50"}, EUROPEAN)


def test_only_two_decimal_separators() -> None:
    with pytest.raises(
        qualify.FrameworkError, match="decimal of mapping 'x' must be one of '.', ','"
    ):
        qualify.FieldMap(name="x", fields=AMOUNTS.fields, decimal=";")


@pytest.mark.parametrize("months", ["1,5", "6,5", "1_2", "3 months"])
def test_months_text_is_never_misread(months: str) -> None:
    with pytest.raises(qualify.EvidenceError, match="does not accept") as raised:
        qualify.evaluate({"timeframe": months}, "bant")
    assert "a number written like 1234.5 or 1,234.5" in str(raised.value)


def test_months_text_that_is_a_number() -> None:
    assert qualify.evaluate({"timeframe": " 4.5 "}, "bant").result("timeframe").satisfaction == 1.0


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_grouped_amounts_read_back_exactly(amount: object) -> None:
    dotted = f"{amount:,.2f}"
    comma = dotted.replace(",", " ").replace(".", ",")
    expected = float(f"{amount:.2f}")
    field = AMOUNTS.fields[0]
    threshold = "allocated" if expected >= 0.01 else None
    assert field.translate(dotted) == threshold
    assert field.translate(f"${dotted}") == threshold
    assert field.translate(comma, decimal=",") == threshold
    assert (
        qualify.Numbers(thresholds=[qualify.Threshold(at_least=expected, satisfaction=1.0)]).rate(
            dotted
        )
        == 1.0
    )
