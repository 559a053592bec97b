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

# us-individual-taxpayer-identification-number: "9", two digits, a fourth and fifth digit of
# 50-65, 70-88, 90-92 or 94-99, four digits. Formatted 85 with a keyword, unformatted 75 with one,
# either 65 alone (recommended 75); the page's separators are "optional", so the mock reads
# formatted as with them (a space or a dash, as the SSN's), or no number would be unformatted.
_ITIN_GROUP = r"(?:5\d|6[0-5]|7\d|8[0-8]|9[0-24-9])"
_ITIN_FORMATTED = Finder(_number(rf"9\d\d([ -]){_ITIN_GROUP}\1\d{{4}}"))
_ITIN_UNFORMATTED = Finder(_number(rf"9\d\d{_ITIN_GROUP}\d{{4}}"))
_ITIN = keywords("Keyword_itin", kw.ITIN)
US_ITIN = Entity(td.US_INDIVIDUAL_TAXPAYER_ID, 75, (
    Pattern(85, _ITIN_FORMATTED, (_ITIN,)),
    Pattern(75, _ITIN_UNFORMATTED, (_ITIN,)),
    Pattern(65, _ITIN_FORMATTED),
    Pattern(65, _ITIN_UNFORMATTED),
), PAGE + "us-individual-taxpayer-identification-number")  # fmt: skip

# eu-debit-card-number: 16-19 digits, grouped 4-4-4-4(-1..3) or not at all; Luhn. 85 with a
# keyword or an expiration date near, else 65 (recommended 85). The page does not spell out
# Func_eu_debit_card: the mock reads it as the European debit brands' issuer prefixes
# (ck.EU_DEBIT_PREFIXES), or every credit card would be a debit card too.
_EU_DEBIT = Finder(
    _number(r"(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{16,19})"),
    every(ck.eu_debit_prefix, ck.luhn),
)
EU_DEBIT_CARD = Entity(td.EU_DEBIT_CARD_NUMBER, 85, (
    Pattern(85, _EU_DEBIT, (
        keywords("Keyword_eu_debit_card", kw.EU_DEBIT_CARD),
        keywords("Keyword_card_terms_dict", kw.CARD_TERMS_DICT),
        keywords("Keyword_card_security_terms_dict", kw.CARD_SECURITY_TERMS_DICT),
        keywords("Keyword_card_expiration_terms_dict", kw.CARD_EXPIRATION_TERMS_DICT),
        _EXPIRATION_DATE,
    )),
    Pattern(65, _EU_DEBIT),
), PAGE + "eu-debit-card-number")  # fmt: skip

# germany-identity-card-number (since November 2010): one of LMNPRTVWXY, eight digits or letters
# of CFGHJKLMNPRTVWXYZ, any case. With its ICAO 7-3-1 check digit and an optional D
# (Func_german_id_card_with_check) 85 with a keyword, 65 alone; Regex_germany_id_card (the nine
# characters without the check digit, or the ten digits of 1987-2010) 75 with one.
_GERMAN_CHARS = "[0-9CFGHJKLMNPRTVWXYZ]"
_DE_ID_SERIAL = rf"[LMNPRTVWXY]{_GERMAN_CHARS}{{8}}"
_DE_ID_CHECKED = Finder(_token(rf"(?i:{_DE_ID_SERIAL}\dD?)"), ck.icao_check_digit)
_DE_ID = keywords("Keyword_germany_id_card", kw.GERMANY_ID_CARD)
GERMANY_ID_CARD = Entity(td.GERMANY_IDENTITY_CARD_NUMBER, 75, (
    Pattern(85, _DE_ID_CHECKED, (_DE_ID,)),
    Pattern(75, Finder(_token(rf"(?:(?i:{_DE_ID_SERIAL})|\d{{10}})")), (_DE_ID,)),
    Pattern(65, _DE_ID_CHECKED),
), PAGE + "germany-identity-card-number")  # fmt: skip

# germany-passport-number: one of CFGHJK, eight digits or letters of CFGHJKLMNPRTVWXYZ, any case.
# With its 7-3-1 check digit and an optional D (Func_german_passport_checksum) 85 with a keyword,
# 65 alone; the nine characters alone (Func_german_passport) 75 with one (recommended 75).
_DE_PASSPORT_SERIAL = rf"[CFGHJK]{_GERMAN_CHARS}{{8}}"
_DE_PASSPORT_CHECKED = Finder(_token(rf"(?i:{_DE_PASSPORT_SERIAL}\dD?)"), ck.icao_check_digit)
_DE_PASSPORT = (
    keywords("Keyword_german_passport", kw.GERMAN_PASSPORT),
    keywords("Keywords_eu_passport_number_common", kw.EU_PASSPORT_NUMBER_COMMON),
)
GERMANY_PASSPORT = Entity(td.GERMANY_PASSPORT_NUMBER, 75, (
    Pattern(85, _DE_PASSPORT_CHECKED, _DE_PASSPORT),
    Pattern(75, Finder(_token(rf"(?i:{_DE_PASSPORT_SERIAL})")), _DE_PASSPORT),
    Pattern(65, _DE_PASSPORT_CHECKED),
), PAGE + "germany-passport-number")  # fmt: skip

# france-national-id-card: twelve digits, or twelve or nine letters and digits, with a keyword
# (65). The page does not spell out Regex_france_cni: the mock reads letters as capitals and
# wants a digit, or any long word near "cni" would match.
FRANCE_CNI = Entity(td.FRANCE_NATIONAL_ID_CARD, 65, (
    Pattern(65, Finder(_token(r"(?=[A-Z]*\d)(?:[A-Z0-9]{12}|[A-Z0-9]{9})")),
            (keywords("Keywords_france_eu_national_id_card", kw.FRANCE_CNI),)),
), PAGE + "france-national-id-card")  # fmt: skip

# australia-tax-file-number: three digits, three, then two or three, an optional space between;
# the weighted mod 11; with a keyword (85). The XML requires the keyword its prose says must be
# absent; the mock follows the XML, and leaves out Keyword_number_exclusions (not on the page).
AUSTRALIA_TFN = Entity(td.AUSTRALIA_TAX_FILE_NUMBER, 85, (
    Pattern(85, Finder(_number(r"\d{3} ?\d{3} ?\d{2,3}"), ck.australia_tfn),
            (keywords("Keyword_Australia_Tax_File_Number", kw.AUSTRALIA_TFN),)),
), PAGE + "australia-tax-file-number")  # fmt: skip

# japan-my-number-personal: three groups of four digits, an optional space, dot or hyphen between;
# the check digit. 85 with a keyword, else 65. The mock skips twelve digits that go on in another
# group (a card's 4111 1111 1111 1111), which the page's unkeyed 65 would otherwise report.
_MY_NUMBER = Finder(re.compile(r"(?<![\d-])(?<!\d[ .])\d{4}[ .-]?\d{4}[ .-]?\d{4}"
                               r"(?![\d-])(?![ .]\d)"), ck.japan_my_number)  # fmt: skip
JAPAN_MY_NUMBER = Entity(td.JAPAN_MY_NUMBER_PERSONAL, 85, (
    Pattern(85, _MY_NUMBER,
            (keywords("Keywords_japanese_my_number_personal", kw.JAPAN_MY_NUMBER_PERSONAL),)),
    Pattern(65, _MY_NUMBER),
), PAGE + "japan-my-number-personal")  # fmt: skip

# philippines-unified-multi-purpose-identification-number: dddd-ddddddd-d with a keyword (75).
PHILIPPINES_UMID = Entity(td.PHILIPPINES_UNIFIED_MULTI_PURPOSE_ID, 75, (
    Pattern(75, Finder(_number(r"\d{4}-\d{7}-\d")),
            (keywords("Keyword_philippines_id", kw.PHILIPPINES_ID),)),
), PAGE + "philippines-unified-multi-purpose-identification-number")  # fmt: skip

ENTITIES: tuple[Entity, ...] = (
    CREDIT_CARD, US_SSN, ABA_ROUTING, US_BANK_ACCOUNT, US_ITIN, US_UK_PASSPORT, IBAN, SWIFT,
    EU_DEBIT_CARD, UK_NINO, UK_NHS, GERMANY_ID_CARD, GERMANY_PASSPORT, FRANCE_CNI, CANADA_SIN,
    AUSTRALIA_TFN, INDIA_PAN, JAPAN_MY_NUMBER, PHILIPPINES_UMID, IP_ADDRESS, AZURE_STORAGE_KEY,
)  # fmt: skip
