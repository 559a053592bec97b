"""The built-in types the detector knows, each as its entity definition page writes it.

Every rule cites its page: https://learn.microsoft.com/en-us/purview/sit-defn-<page> (source:
https://github.com/MicrosoftDocs/microsoft-365-docs, ``microsoft-365/compliance/``). Where a
page names a function without spelling it out (``Func_credit_card``), the regex is the mock's
reading of the page's Format and Pattern sections; where the mock departs from a page, a
comment says so. Data only.
"""

from __future__ import annotations

import re

from mockgraph.features import tenant_defaults as td
from mockgraph.features.detection import checksums as ck
from mockgraph.features.detection import keywords as kw
from mockgraph.features.detection.engine import Entity, Evidence, Finder, Pattern, every, keywords

PAGE = "https://learn.microsoft.com/en-us/purview/sit-defn-"
_DIGITS = r"(?<![\d-]){}(?![\d-])"  # a number, not part of a longer one
_WORD = r"(?<![A-Za-z0-9]){}(?![A-Za-z0-9])"  # a token, not part of a longer one


def _number(body: str) -> re.Pattern[str]:
    return re.compile(_DIGITS.format(body))


def _token(body: str) -> re.Pattern[str]:
    return re.compile(_WORD.format(body))


# credit-card-number: 14-19 digits, grouped 4-4-4-4(-1..3), 4-6-4(5) or not at all; Luhn.
# The page's levels: 85 with a keyword or an expiration date near, else 65 (recommended 85).
_CARD = Finder(
    _number(
        r"(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5}|\d{14,19})"
    ),
    ck.luhn,
)
_EXPIRATION_DATE = Evidence(  # Func_expiration_date: a month and a year (12/25, 03-2027)
    "Func_expiration_date",
    re.compile(r"(?<![\d/-])(?:0?[1-9]|1[0-2]) ?[/-] ?(?:\d{2}|20\d{2})(?![\d/-])"),
)
CREDIT_CARD = Entity(td.CREDIT_CARD_NUMBER, 85, (
    Pattern(85, _CARD, (keywords("Keyword_cc_verification", kw.CC_VERIFICATION),
                        keywords("Keyword_cc_name", kw.CC_NAME), _EXPIRATION_DATE)),
    Pattern(65, _CARD),
), PAGE + "credit-card-number")  # fmt: skip

# us-social-security-number: nine digits, ddd-dd-dddd / ddd dd dddd or unformatted; a keyword
# always. Pre-2011 numbers (area 001-772) 85 formatted, 75 not; randomized ones 65 and 55.
_SSN = keywords("Keyword_ssn", kw.SSN)
_SSN_FORMATTED = _number(r"\d{3}([- ])\d{2}\1\d{4}")
_SSN_UNFORMATTED = _number(r"\d{9}")
US_SSN = Entity(td.US_SOCIAL_SECURITY_NUMBER, 75, (
    Pattern(85, Finder(_SSN_FORMATTED, ck.ssn_pre_2011), (_SSN,)),
    Pattern(75, Finder(_SSN_UNFORMATTED, ck.ssn_pre_2011), (_SSN,)),
    Pattern(65, Finder(_SSN_FORMATTED, ck.ssn_randomized), (_SSN,)),
    Pattern(55, Finder(_SSN_UNFORMATTED, ck.ssn_randomized), (_SSN,)),
), PAGE + "us-social-security-number")  # fmt: skip

# aba-routing: 00-12, 21-32, 61-72 or 80, two digits, -, four digits, -, one digit; 3-7-1.
_ABA = Finder(_number(r"(?:0\d|1[0-2]|2[1-9]|3[0-2]|6[1-9]|7[0-2]|80)\d{2}-?\d{4}-?\d"),
              ck.aba_routing)  # fmt: skip
ABA_ROUTING = Entity(td.ABA_ROUTING_NUMBER, 75, (
    Pattern(75, _ABA, (keywords("Keyword_ABA_Routing", kw.ABA_ROUTING),)),
    Pattern(65, _ABA),
), PAGE + "aba-routing")  # fmt: skip

# us-bank-account-number: 6-17 digits, only with a keyword (75).
US_BANK_ACCOUNT = Entity(td.US_BANK_ACCOUNT_NUMBER, 75, (
    Pattern(75, Finder(_number(r"\d{6,17}")),
            (keywords("Keyword_usa_Bank_Account", kw.USA_BANK_ACCOUNT),)),
), PAGE + "us-bank-account-number")  # fmt: skip

# us-uk-passport-number: a letter or digit, then eight digits, with a passport keyword (75).
# Left out: the 85 pattern, which also needs Keywords_eu_passport_date (not on the page).
US_UK_PASSPORT = Entity(td.US_UK_PASSPORT_NUMBER, 75, (
    Pattern(75, Finder(_token(r"[A-Z0-9]\d{8}")),
            (keywords("Keywords_eu_passport_number", kw.EU_PASSPORT_NUMBER),
             keywords("Keywords_uk_eu_passport_number", kw.UK_EU_PASSPORT_NUMBER))),
), PAGE + "us-uk-passport-number")  # fmt: skip

# international-banking-account-number: country, two check digits, groups of four (spaces
# optional), one to three more; the country's length and mod 97 (85, no keyword). The page's
# "1-3" is read as "0-3", or a BBAN of a multiple of four (Belgium's 12) could never match.
IBAN = Entity(td.IBAN, 85, (
    Pattern(85, Finder(_token(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){1,7}(?: ?[A-Z0-9]{1,3})?"),
                       every(ck.iban_length, ck.iban_mod97))),
), PAGE + "international-banking-account-number")  # fmt: skip

# swift-code: with a keyword (75). The page's "four letters then 5-31 letters or digits" would
# miss every 8-character BIC; the mock uses ISO 9362's shape (bank, country, location, branch),
# in capitals, or any long word near "swift code" would match.
SWIFT = Entity(td.SWIFT_CODE, 75, (
    Pattern(75, Finder(_token(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")),
            (keywords("Keyword_swift", kw.SWIFT),)),
), PAGE + "swift-code")  # fmt: skip

# uk-national-insurance-number: a valid prefix (first letter not D F I Q U V, second not
# D F I O Q U V, not BG GB NK KN TN NT ZZ), six digits, A-D; unformatted or with a space or a
# dash between the pairs; any case. 85 with a keyword, else 75.
_NINO_PREFIX = r"(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
_NINO = Finder(_token(rf"(?i:{_NINO_PREFIX}(?:\d{{6}}|[ -]\d\d[ -]\d\d[ -]\d\d[ -])[A-D])"))
UK_NINO = Entity(td.UK_NATIONAL_INSURANCE_NUMBER, 75, (
    Pattern(85, _NINO, (keywords("Keyword_uk_nino", kw.UK_NINO),)),
    Pattern(75, _NINO),
), PAGE + "uk-national-insurance-number")  # fmt: skip

# uk-national-health-service-number: ddd ddd dddd, mod 11, with a keyword (85).
UK_NHS = Entity(td.UK_NATIONAL_HEALTH_SERVICE_NUMBER, 85, (
    Pattern(85, Finder(_number(r"\d{3} \d{3} \d{4}"), ck.nhs_mod11),
            (keywords("Keyword_uk_nhs_number", kw.UK_NHS_NUMBER),
             keywords("Keyword_uk_nhs_number1", kw.UK_NHS_NUMBER1),
             keywords("Keyword_uk_nhs_number_dob", kw.UK_NHS_NUMBER_DOB))),
), PAGE + "uk-national-health-service-number")  # fmt: skip

# canada-social-insurance-number: ddd-ddd-ddd / ddd ddd ddd with a keyword (85), nine digits
# with a Keyword_sin one (75); Luhn.
_SIN = keywords("Keyword_sin", kw.SIN, kw.SIN_CASE_SENSITIVE)
CANADA_SIN = Entity(td.CANADA_SOCIAL_INSURANCE_NUMBER, 75, (
    Pattern(85, Finder(_number(r"\d{3}([- ])\d{3}\1\d{3}"), ck.luhn),
            (_SIN, keywords("Keyword_sin_collaborative", kw.SIN_COLLABORATIVE))),
    Pattern(75, Finder(_number(r"\d{9}"), ck.luhn), (_SIN,)),
), PAGE + "canada-social-insurance-number")  # fmt: skip

# india-permanent-account-number: three letters, one of CPHFATBLJG, a letter, four digits, a
# letter; any case. 85 with a keyword, else 65.
_PAN = Finder(_token(r"(?i:[A-Z]{3}[CPHFATBLJG][A-Z]\d{4}[A-Z])"))
INDIA_PAN = Entity(td.INDIA_PERMANENT_ACCOUNT_NUMBER, 85, (
    Pattern(85, _PAN, (keywords("Keyword_india_permanent_account_number", kw.INDIA_PAN),)),
    Pattern(65, _PAN),
), PAGE + "india-permanent-account-number")  # fmt: skip

# ip-address: IPv6 alone 85; IPv4 only with a keyword, and IPv6 with one, 95 (the page's XML).
# Left out: IPv4 written without its dots.
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = Finder(re.compile(rf"(?<!\d)(?<!\d\.)(?:{_OCTET}\.){{3}}{_OCTET}(?!\.?\d)"))
_IPV6 = Finder(re.compile(r"(?<![\w:])(?=[\dA-Fa-f:]*:[\dA-Fa-f:]*:)(?=:*[\dA-Fa-f])"
                          r"[\dA-Fa-f:]{2,39}(?![\w:])"), ck.ipv6)  # fmt: skip
_IP = keywords("Keyword_ipaddress", kw.IP_ADDRESS, kw.IP_ADDRESS_CASE_SENSITIVE)
IP_ADDRESS = Entity(td.IP_ADDRESS, 85, (
    Pattern(85, _IPV6, none_of=(_IP,)),
    Pattern(95, _IPV4, (_IP,)),
    Pattern(95, _IPV6, (_IP,)),
), PAGE + "ip-address")  # fmt: skip

# azure-storage-account-key: a connection string's AccountKey (86 base64 characters and "=="),
# unless it is the storage emulator's key or an example's (contoso, localhost...) is near.
_AZURE_KEY = Finder(re.compile(
    r"DefaultEndpointsProtocol\s{0,2}=\s{0,2}[^\r\n]{1,200}?"
    r"AccountKey\s{0,2}=\s{0,2}[A-Za-z0-9/+]{86}=="
))  # fmt: skip
AZURE_STORAGE_KEY = Entity(td.AZURE_STORAGE_ACCOUNT_KEY, 85, (
    Pattern(85, _AZURE_KEY, none_of=(
        keywords("CEP_AzureEmulatorStorageAccountFilter", (kw.AZURE_EMULATOR_KEY,)),
        keywords("CEP_CommonExampleKeywords", kw.COMMON_EXAMPLE),
    )),
), PAGE + "azure-storage-account-key")  # fmt: skip

ENTITIES: tuple[Entity, ...] = (
    CREDIT_CARD, US_SSN, ABA_ROUTING, US_BANK_ACCOUNT, US_UK_PASSPORT, IBAN, SWIFT, UK_NINO,
    UK_NHS, CANADA_SIN, INDIA_PAN, IP_ADDRESS, AZURE_STORAGE_KEY,
)  # fmt: skip
