"""Numbers as exports write them: "80,000.00", "$80,000.00", "1.234,5", and never a guess.

Text is read by one grammar, not by Python's ``float()``, which takes "1_2"
for 12 and cannot tell a decimal comma from a thousands separator. The
decimal separator is declared ("." by default, or ","); the other one may
group thousands, in groups of three only, so "1,5" is refused where "." is
the decimal separator rather than read as 15. Spaces (plain, no-break, narrow)
and apostrophes may group thousands too. Amounts may carry a currency symbol
or an ISO code before or after them. Anything else is not a number.
"""

from __future__ import annotations

import math
import re

from .checks import is_number

__all__ = ["DECIMALS", "number_form", "read_number"]

#: The decimal separators an export may declare.
DECIMALS = (".", ",")

_SYMBOLS = "$€£¥₹₩₽₺₪฿₫₦₱"
_CURRENCY = rf"(?:[A-Z]{{3}}|[A-Z]{{1,2}}\$|[{_SYMBOLS}])"
_MONEY = re.compile(rf"([+-]?)\s*(?:{_CURRENCY}\s*)?([+-]?)(.*?)(?:\s*{_CURRENCY})?")
_GROUPS = " \u00a0\u202f'"


def _grammar(decimal: str) -> re.Pattern[str]:
    d = re.escape(decimal)
    group = "[" + re.escape(("," if decimal == "." else ".") + _GROUPS) + "]"
    plain = rf"(?:\d+(?:{d}\d*)?|{d}\d+)(?:[eE][+-]?\d+)?"
    grouped = rf"\d{{1,3}}(?:(?P<g>{group})\d{{3}})(?:(?P=g)\d{{3}})*(?:{d}\d+)?"
    return re.compile(rf"[+-]?(?:{plain}|{grouped})")


_GRAMMARS = {decimal: _grammar(decimal) for decimal in DECIMALS}


def read_number(value: object, *, decimal: str = ".", money: bool = False) -> float | None:
    """A finite number from an int, a float or text written as an export writes it; else ``None``.

    *decimal* is the decimal separator ("." or ","); with *money*, a currency
    symbol or ISO code before or after the digits is accepted.
    """
    if isinstance(value, str):
        return _read_text(value.strip(), decimal, money)
    if not is_number(value):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except OverflowError:  # an int too large for a float
        return None
    return number if math.isfinite(number) else None


def _read_text(text: str, decimal: str, money: bool) -> float | None:
    sign = ""
    if money:
        match = _MONEY.fullmatch(text)
        if match is None:  # pragma: no cover - the pattern matches any text
            return None
        outer, inner, text = match.groups()
        if outer and inner:
            return None
        sign = outer or inner
    if not _GRAMMARS[decimal].fullmatch(text):
        return None
    other = "," if decimal == "." else "."
    digits = text.translate({ord(c): None for c in other + _GROUPS}).replace(decimal, ".")
    number = float(sign + digits)
    return number if math.isfinite(number) else None


def number_form(decimal: str = ".", *, money: bool = False) -> str:
    """Say how numbers are written for *decimal*, for error messages."""
    if decimal == ",":
        examples = "1234,5 or 1.234,5"
    else:
        examples = "1234.5 or 1,234.5"
    currency = ", with or without a currency symbol or code" if money else ""
    return f"a number written like {examples}{currency}"
