"""The checks a found number must pass: checksums and range rules, one per function.

Each takes the text as found (separators included) and answers whether it is valid.
"""

from __future__ import annotations

import ipaddress
import string


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def luhn(text: str) -> bool:
    """The Luhn (mod 10) check, as credit cards and Canada's SIN use it."""
    total = 0
    for position, char in enumerate(reversed(digits(text))):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def aba_routing(text: str) -> bool:
    """ABA's 3-7-1 weights: the weighted sum of the nine digits is a multiple of 10."""
    number = digits(text)
    return sum(int(d) * w for d, w in zip(number, (3, 7, 1) * 3, strict=True)) % 10 == 0


# Letters count 10 (A) to 35 (Z) in ISO 13616's mod 97-10.
_IBAN_VALUES = {c: str(i) for i, c in enumerate(string.digits + string.ascii_uppercase)}


def iban_mod97(text: str) -> bool:
    """ISO 13616: the country code and check digits moved to the end, as a number mod 97 is 1."""
    compact = text.replace(" ", "").upper()
    rearranged = compact[4:] + compact[:4]
    return int("".join(_IBAN_VALUES[c] for c in rearranged)) % 97 == 1


def nhs_mod11(text: str) -> bool:
    """The NHS number's mod 11: weights 10 to 2 on the first nine digits; 11 - remainder (11
    written 0, 10 never issued) is the tenth digit."""
    number = digits(text)
    check = 11 - sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True)) % 11
    return check != 10 and check % 11 == int(number[9])


def ssn_parts(text: str) -> tuple[int, int, int]:
    number = digits(text)
    return int(number[:3]), int(number[3:5]), int(number[5:])


def ssn_randomized(text: str) -> bool:
    """Any SSN the SSA may issue since 2011: no area 000, 666 or 900-999, group 00, serial 0000."""
    area, group, serial = ssn_parts(text)
    return 0 < area < 900 and area != 666 and group != 0 and serial != 0


def ssn_pre_2011(text: str) -> bool:
    """A pre-2011 SSN's strong formatting: also an area the SSA had assigned (001-772)."""
    return ssn_randomized(text) and ssn_parts(text)[0] <= 772


def ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


# The IBAN length of each of the 68 countries the IBAN type covers (SWIFT's IBAN registry:
# https://www.swift.com/standards/data-standards/iban-international-bank-account-number).
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20,
    "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
    "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30,
    "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29,
    "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "TL": 23, "TN": 24, "TR": 26, "VG": 24, "XK": 20,
}  # fmt: skip


def iban_length(text: str) -> bool:
    """A covered country, and that country's length."""
    compact = text.replace(" ", "")
    return IBAN_LENGTHS.get(compact[:2].upper()) == len(compact)


# The tax file number's weights (ATO); an older eight-digit number takes the first eight, as
# common validators read it (the ATO does not publish that case).
_TFN_WEIGHTS = (1, 4, 3, 7, 5, 8, 6, 9, 10)


def australia_tfn(text: str) -> bool:
    """The TFN's weighted mod 11: the weighted sum of its eight or nine digits is a multiple of
    11."""
    number = digits(text)
    return sum(int(d) * w for d, w in zip(number, _TFN_WEIGHTS, strict=False)) % 11 == 0


def japan_my_number(text: str) -> bool:
    """The My Number check digit (the Cabinet Office ordinance): the n-th of the first 11 digits
    from the right weighs n + 1 (n <= 6) or n - 5; a remainder mod 11 of 0 or 1 gives 0, any
    other r gives 11 - r."""
    number = digits(text)
    weights = (*range(2, 8), *range(2, 7))  # n = 1..11, from the right
    total = sum(int(d) * w for d, w in zip(reversed(number[:11]), weights, strict=True))
    remainder = total % 11
    return int(number[11]) == (0 if remainder <= 1 else 11 - remainder)


# ICAO 9303's values: digits as themselves, letters 10 (A) to 35 (Z); "<" would be 0.
_ICAO_VALUES = {c: i for i, c in enumerate(string.digits + string.ascii_uppercase)}


def icao_check_digit(text: str) -> bool:
    """ICAO 9303's 7-3-1 check, as German identity cards and passports print it: the weighted sum
    of the nine-character serial mod 10 is its tenth character (a trailing "D" is not counted)."""
    serial, check = text[:9].upper(), text[9]
    weights = (7, 3, 1) * 3
    return sum(_ICAO_VALUES[c] * w for c, w in zip(serial, weights, strict=True)) % 10 == int(check)


# The issuer prefixes of the European debit brands the EU debit card page's keywords name:
# Maestro, Visa Electron, Laser, Solo, Switch and Bancontact (the mock's list).
EU_DEBIT_PREFIXES = (
    "4026", "417500", "4508", "4844", "4903", "4905", "4911", "4913", "4917", "4936", "5018",
    "5020", "5038", "5893", "564182", "6304", "633110", "6333", "6334", "6703", "6706", "6709",
    "6759", "6761", "6762", "6763", "6767", "6771",
)  # fmt: skip


def eu_debit_prefix(text: str) -> bool:
    """A European debit brand's issuer prefix (``EU_DEBIT_PREFIXES``)."""
    return digits(text).startswith(EU_DEBIT_PREFIXES)
