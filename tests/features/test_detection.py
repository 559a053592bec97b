"""The detector of built-in sensitive types: each rule's true positives and near misses, offsets
in UTF-16 code units, the wire form and its schema."""

from __future__ import annotations

from typing import Any

import pytest

from mockgraph.core.schemas import load_entity, polymorphic_schema
from mockgraph.features import tenant_defaults as td
from mockgraph.features.detection import DETECTABLE, detect
from mockgraph.features.detection import checksums as ck
from mockgraph.features.detection.engine import Utf16
from mockgraph.features.detection.rules import ENTITIES, PAGE

EMULATOR_KEY = (  # the storage emulator's published key: not a secret
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)
AZURE_KEY = "Qx9" + "a1B2" * 19 + "zZ+/9ab"  # 86 characters of base64
CONNECTION = f"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={AZURE_KEY}==;"


NAMES = {row.id: row.page for row in td.SENSITIVE_TYPES}


def ids(cases: list[tuple[Any, ...]]) -> list[str]:
    """``<page>-<n>``: the type's page and the case's number among its own."""
    seen: dict[str, int] = {}
    names = []
    for case in cases:
        seen[case[0]] = seen.get(case[0], 0) + 1
        names.append(f"{NAMES[case[0]]}-{seen[case[0]]}")
    return names


def found(text: str, type_id: str) -> list[tuple[str, int]]:
    """(idMatch, confidence) of each match of ``type_id`` in ``text``."""
    items = detect(text, [type_id])
    assert len(items) <= 1
    return [(m["idMatch"], m["confidence"]) for item in items for m in item["matches"]]


POSITIVES = [
    (td.CREDIT_CARD_NUMBER, "visa 4111 1111 1111 1111", [("4111 1111 1111 1111", 85)]),
    (td.CREDIT_CARD_NUMBER, "pay 4111-1111-1111-1111", [("4111-1111-1111-1111", 65)]),
    (td.CREDIT_CARD_NUMBER, "4111111111111111 exp 12/27", [("4111111111111111", 85)]),
    (td.CREDIT_CARD_NUMBER, "Amex 3782 822463 10005", [("3782 822463 10005", 85)]),
    (td.US_SOCIAL_SECURITY_NUMBER, "SSN 078-05-1120", [("078-05-1120", 85)]),
    (td.US_SOCIAL_SECURITY_NUMBER, "SSN 078 05 1120", [("078 05 1120", 85)]),
    (td.US_SOCIAL_SECURITY_NUMBER, "SSN 078051120", [("078051120", 75)]),
    (td.US_SOCIAL_SECURITY_NUMBER, "Soc Sec 773-12-3456", [("773-12-3456", 65)]),
    (td.US_SOCIAL_SECURITY_NUMBER, "ssn: 773123456", [("773123456", 55)]),
    (td.ABA_ROUTING_NUMBER, "routing number 021000021", [("021000021", 75)]),
    (td.ABA_ROUTING_NUMBER, "wire to 0210-0002-1", [("0210-0002-1", 65)]),
    (td.US_BANK_ACCOUNT_NUMBER, "Checking Account: 12345678", [("12345678", 75)]),
    (td.US_UK_PASSPORT_NUMBER, "passport no C03005988", [("C03005988", 75)]),
    (td.IBAN, "to DE89 3704 0044 0532 0130 00.", [("DE89 3704 0044 0532 0130 00", 85)]),
    (td.IBAN, "to DE89370400440532013000", [("DE89370400440532013000", 85)]),
    (td.IBAN, "BE68 5390 0754 7034", [("BE68 5390 0754 7034", 85)]),
    (td.IBAN, "GB82 WEST 1234 5698 7654 32", [("GB82 WEST 1234 5698 7654 32", 85)]),
    (td.SWIFT_CODE, "SWIFT code DEUTDEFF500", [("DEUTDEFF500", 75)]),
    (td.UK_NATIONAL_INSURANCE_NUMBER, "NI number AB123456C", [("AB123456C", 85)]),
    (td.UK_NATIONAL_INSURANCE_NUMBER, "ref ab-12-34-56-d", [("ab-12-34-56-d", 75)]),
    (td.UK_NATIONAL_HEALTH_SERVICE_NUMBER, "NHS 943 476 5919", [("943 476 5919", 85)]),
    (td.CANADA_SOCIAL_INSURANCE_NUMBER, "SIN 046-454-286", [("046-454-286", 85)]),
    (td.CANADA_SOCIAL_INSURANCE_NUMBER, "DOB 1990, 046 454 286", [("046 454 286", 85)]),
    (td.CANADA_SOCIAL_INSURANCE_NUMBER, "NAS 046454286", [("046454286", 75)]),
    (td.INDIA_PERMANENT_ACCOUNT_NUMBER, "PAN ABCPE1234F", [("ABCPE1234F", 85)]),
    (td.INDIA_PERMANENT_ACCOUNT_NUMBER, "id abcpe1234f", [("abcpe1234f", 65)]),
    (td.IP_ADDRESS, "IP 192.168.1.20.", [("192.168.1.20", 95)]),
    (td.IP_ADDRESS, "host 2001:db8::1 up", [("2001:db8::1", 85)]),
    (td.IP_ADDRESS, "ip address fe80::1ff:fe23:4567:890a", [("fe80::1ff:fe23:4567:890a", 95)]),
    (td.AZURE_STORAGE_ACCOUNT_KEY, CONNECTION, [(CONNECTION[:-1], 85)]),
    (td.US_INDIVIDUAL_TAXPAYER_ID, "ITIN 912-70-1234", [("912-70-1234", 85)]),
    (td.US_INDIVIDUAL_TAXPAYER_ID, "taxpayer 912 94 1234", [("912 94 1234", 85)]),
    (td.US_INDIVIDUAL_TAXPAYER_ID, "tax id 912701234", [("912701234", 75)]),
    (td.US_INDIVIDUAL_TAXPAYER_ID, "ref 912-50-1234", [("912-50-1234", 65)]),
    (td.US_INDIVIDUAL_TAXPAYER_ID, "ref 912881234", [("912881234", 65)]),
    (td.EU_DEBIT_CARD_NUMBER, "Maestro 6759 6498 2643 8453", [("6759 6498 2643 8453", 85)]),
    (td.EU_DEBIT_CARD_NUMBER, "4913000000000008 exp 12/27", [("4913000000000008", 85)]),
    (td.EU_DEBIT_CARD_NUMBER, "pay 5018-0000-0000-0009", [("5018-0000-0000-0009", 65)]),
    (td.GERMANY_IDENTITY_CARD_NUMBER, "Personalausweis T220001293", [("T220001293", 85)]),
    (td.GERMANY_IDENTITY_CARD_NUMBER, "ausweis l01x00t471d", [("l01x00t471d", 85)]),
    (td.GERMANY_IDENTITY_CARD_NUMBER, "Ausweis T22000129", [("T22000129", 75)]),
    (td.GERMANY_IDENTITY_CARD_NUMBER, "identity card 1220001297", [("1220001297", 75)]),
    (td.GERMANY_IDENTITY_CARD_NUMBER, "ref L01X00T471", [("L01X00T471", 65)]),
    (td.GERMANY_PASSPORT_NUMBER, "Reisepassnummer C01X00T478", [("C01X00T478", 85)]),
    (td.GERMANY_PASSPORT_NUMBER, "passport no C01X00T478D", [("C01X00T478D", 85)]),
    (td.GERMANY_PASSPORT_NUMBER, "Passnummer C01X00T47", [("C01X00T47", 75)]),
    (td.GERMANY_PASSPORT_NUMBER, "ref C01X00T478", [("C01X00T478", 65)]),
    (td.FRANCE_NATIONAL_ID_CARD, "CNI 880692310285", [("880692310285", 65)]),
    (td.FRANCE_NATIONAL_ID_CARD, "carte nationale d'identité X4RTBPFW4", [("X4RTBPFW4", 65)]),
    (td.FRANCE_NATIONAL_ID_CARD, "cni# 8806923A0285", [("8806923A0285", 65)]),
    (td.AUSTRALIA_TAX_FILE_NUMBER, "TFN 123 456 782", [("123 456 782", 85)]),
    (td.AUSTRALIA_TAX_FILE_NUMBER, "tax file number 876543210", [("876543210", 85)]),
    (td.AUSTRALIA_TAX_FILE_NUMBER, "tfn: 12345679", [("12345679", 85)]),  # an older 8-digit one
    (td.JAPAN_MY_NUMBER_PERSONAL, "マイナンバー 1234-5678-9018", [("1234-5678-9018", 85)]),
    (td.JAPAN_MY_NUMBER_PERSONAL, "My Number: 1234 5678 9018", [("1234 5678 9018", 85)]),
    (td.JAPAN_MY_NUMBER_PERSONAL, "no. 1234.5678.9018", [("1234.5678.9018", 65)]),
    (td.JAPAN_MY_NUMBER_PERSONAL, "id 123456789018.", [("123456789018", 65)]),
    (td.PHILIPPINES_UNIFIED_MULTI_PURPOSE_ID, "UMID 0028-1215160-9", [("0028-1215160-9", 75)]),
    (
        td.PHILIPPINES_UNIFIED_MULTI_PURPOSE_ID,
        "identity card: 0111-2345678-1",
        [("0111-2345678-1", 75)],
    ),
]


@pytest.mark.parametrize(("type_id", "text", "expected"), POSITIVES, ids=ids(POSITIVES))
def test_a_rule_finds_its_number_at_its_confidence(
    type_id: str, text: str, expected: list[tuple[str, int]]
) -> None:
    assert found(text, type_id) == expected


NEAR_MISSES = [
    (td.CREDIT_CARD_NUMBER, "visa 4111 1111 1111 1112"),  # Luhn fails
    (td.CREDIT_CARD_NUMBER, "visa 4111 1111 1111 1"),  # 13 digits
    (td.CREDIT_CARD_NUMBER, "visa 4111 1111-1111 1111"),  # mixed separators
    (td.US_SOCIAL_SECURITY_NUMBER, "078-05-1120"),  # no keyword
    (td.US_SOCIAL_SECURITY_NUMBER, "SSN 666-12-3456"),  # area 666
    (td.US_SOCIAL_SECURITY_NUMBER, "SSN 000-12-3456"),  # area 000
    (td.US_SOCIAL_SECURITY_NUMBER, "SSN 912-12-3456"),  # area 9xx
    (td.US_SOCIAL_SECURITY_NUMBER, "SSN 078-00-1120"),  # group 00
    (td.US_SOCIAL_SECURITY_NUMBER, "SSN 078-05-0000"),  # serial 0000
    (td.US_SOCIAL_SECURITY_NUMBER, "SSN 078-05-11200"),  # ten digits
    (td.ABA_ROUTING_NUMBER, "routing number 021000022"),  # 3-7-1 fails
    (td.ABA_ROUTING_NUMBER, "routing number 131000021"),  # prefix 13
    (td.US_BANK_ACCOUNT_NUMBER, "account 12345678"),  # no keyword
    (td.US_BANK_ACCOUNT_NUMBER, "Bank Account Number 12345"),  # five digits
    (td.US_UK_PASSPORT_NUMBER, "C03005988"),  # no keyword
    (td.IBAN, "DE89 3704 0044 0532 0130 01"),  # mod 97 fails
    (td.IBAN, "DE89 3704 0044 0532 0130 0"),  # Germany's is 22 long
    (td.IBAN, "US64 SVBK US6S 3300 9673 86"),  # not a covered country
    (td.SWIFT_CODE, "DEUTDEFF500"),  # no keyword
    (td.UK_NATIONAL_INSURANCE_NUMBER, "NI number QQ123456C"),  # prefix Q
    (td.UK_NATIONAL_INSURANCE_NUMBER, "NI number GB123456C"),  # prefix GB
    (td.UK_NATIONAL_INSURANCE_NUMBER, "NI number AB123456E"),  # suffix E
    (td.UK_NATIONAL_HEALTH_SERVICE_NUMBER, "NHS 943 476 5918"),  # mod 11 fails
    (td.UK_NATIONAL_HEALTH_SERVICE_NUMBER, "943 476 5919"),  # no keyword
    (td.CANADA_SOCIAL_INSURANCE_NUMBER, "SIN 046 454 287"),  # Luhn fails
    (td.CANADA_SOCIAL_INSURANCE_NUMBER, "DOB 046454286"),  # unformatted: Keyword_sin only
    (td.CANADA_SOCIAL_INSURANCE_NUMBER, "nas 046454286"),  # "NAS" is case-sensitive
    (td.INDIA_PERMANENT_ACCOUNT_NUMBER, "PAN ABCDE1234F"),  # fourth letter D
    (td.IP_ADDRESS, "version 10.0.0.1"),  # IPv4 without a keyword
    (td.IP_ADDRESS, "ip 10.0.0.1"),  # "IP" is case-sensitive
    (td.IP_ADDRESS, "IP 10.0.0.256"),  # not an octet
    (td.IP_ADDRESS, "at 10:30:00"),  # a time, not IPv6
    (td.AZURE_STORAGE_ACCOUNT_KEY, CONNECTION.replace("acme", "contoso")),  # an example's
    (td.AZURE_STORAGE_ACCOUNT_KEY, CONNECTION.replace(AZURE_KEY + "==", EMULATOR_KEY)),
    (td.AZURE_STORAGE_ACCOUNT_KEY, CONNECTION.replace(AZURE_KEY, AZURE_KEY[:-1])),  # 85 long
    (td.US_INDIVIDUAL_TAXPAYER_ID, "ITIN 912-93-1234"),  # fourth and fifth digits 93
    (td.US_INDIVIDUAL_TAXPAYER_ID, "ITIN 912-49-1234"),  # fourth and fifth digits 49
    (td.US_INDIVIDUAL_TAXPAYER_ID, "ITIN 812-70-1234"),  # not a 9 first
    (td.US_INDIVIDUAL_TAXPAYER_ID, "ITIN 912-70 1234"),  # mixed separators
    (td.EU_DEBIT_CARD_NUMBER, "Maestro 6759 6498 2643 8454"),  # Luhn fails
    (td.EU_DEBIT_CARD_NUMBER, "visa 4111 1111 1111 1111"),  # a credit card's prefix
    (td.EU_DEBIT_CARD_NUMBER, "Maestro 6759 6498 2643 845"),  # 15 digits
    (td.GERMANY_IDENTITY_CARD_NUMBER, "Personalausweis T220001294"),  # check digit fails
    (td.GERMANY_IDENTITY_CARD_NUMBER, "T22000129"),  # no check digit, no keyword
    (td.GERMANY_IDENTITY_CARD_NUMBER, "Personalausweis A220001293"),  # first letter A
    (td.GERMANY_IDENTITY_CARD_NUMBER, "Personalausweis T2200012"),  # eight characters
    (td.GERMANY_PASSPORT_NUMBER, "Reisepassnummer C01X00T479"),  # check digit fails
    (td.GERMANY_PASSPORT_NUMBER, "C01X00T47"),  # no check digit, no keyword
    (td.GERMANY_PASSPORT_NUMBER, "Reisepassnummer C01A00T478"),  # A is not in the set
    (td.FRANCE_NATIONAL_ID_CARD, "880692310285"),  # no keyword
    (td.FRANCE_NATIONAL_ID_CARD, "CNI 88069231028"),  # eleven digits
    (td.FRANCE_NATIONAL_ID_CARD, "CNI PASSWORDS"),  # no digit
    (td.AUSTRALIA_TAX_FILE_NUMBER, "TFN 123 456 783"),  # mod 11 fails
    (td.AUSTRALIA_TAX_FILE_NUMBER, "123 456 782"),  # no keyword
    (td.AUSTRALIA_TAX_FILE_NUMBER, "TFN 123-456-782"),  # dashes
    (td.JAPAN_MY_NUMBER_PERSONAL, "My Number 1234-5678-9019"),  # check digit fails
    (td.JAPAN_MY_NUMBER_PERSONAL, "visa 4111 1111 1111 1111"),  # a card's first twelve digits
    (td.JAPAN_MY_NUMBER_PERSONAL, "My Number 1234-5678-90180"),  # thirteen digits
    (td.PHILIPPINES_UNIFIED_MULTI_PURPOSE_ID, "0028-1215160-9"),  # no keyword
    (td.PHILIPPINES_UNIFIED_MULTI_PURPOSE_ID, "UMID 0028-121516-9"),  # six digits in the middle
]  # fmt: skip


@pytest.mark.parametrize(("type_id", "text"), NEAR_MISSES, ids=ids(NEAR_MISSES))
def test_a_near_miss_finds_nothing(type_id: str, text: str) -> None:
    assert detect(text, [type_id]) == []


def test_the_wire_form_of_a_card() -> None:
    text = "My visa card is 4111 1111 1111 1111, and 4111 1111 1111 1111 again."
    assert detect(text) == [
        {
            "@odata.type": "#microsoft.graph.detectedSensitiveContent",
            "id": td.CREDIT_CARD_NUMBER,
            "displayName": "Credit Card Number",
            "confidence": 85,
            "recommendedConfidence": 85,
            "uniqueCount": 1,
            "classificationMethod": "patternMatch",
            "sensitiveTypeSource": "outOfBox",
            "scope": "fullDocument,partialDocument",
            "classificationAttributes": [
                {"@odata.type": "#microsoft.graph.classificationAttribute", "confidence": 85,
                 "count": 2},
            ],
            "matches": [
                {"@odata.type": "#microsoft.graph.sensitiveContentLocation",
                 "idMatch": "4111 1111 1111 1111", "offset": offset, "length": 19, "confidence": 85,
                 "evidences": [{"@odata.type": "#microsoft.graph.sensitiveContentEvidence",
                                "match": "visa", "offset": 3, "length": 4}]}
                for offset in (16, 41)
            ],
        }
    ]  # fmt: skip


def test_confidence_is_the_highest_reached_and_attributes_count_each_level() -> None:
    text = "SSN 078-05-1120, 078051120, 773-12-3456 and 078-05-1120"
    (item,) = detect(text, [td.US_SOCIAL_SECURITY_NUMBER])
    assert (item["confidence"], item["uniqueCount"]) == (85, 3)
    assert item["classificationAttributes"] == [
        {"@odata.type": "#microsoft.graph.classificationAttribute", "confidence": c, "count": n}
        for c, n in ((85, 2), (75, 1), (65, 1))
    ]


def test_evidences_point_at_their_keywords() -> None:
    text = "Routing number: 021000021 (aba)"
    (item,) = detect(text, [td.ABA_ROUTING_NUMBER])
    (match,) = item["matches"]
    assert [(e["match"], e["offset"], e["length"]) for e in match["evidences"]] == [
        ("Routing number", 0, 14),
        ("aba", 27, 3),
    ]
    assert [text[e["offset"] : e["offset"] + e["length"]] for e in match["evidences"]] == [
        "Routing number",
        "aba",
    ]


def test_a_keyword_beyond_300_characters_does_not_count() -> None:
    # The keyword lies within the 300 characters before the match, or does not
    far = "SSN" + " " * 297 + "078-05-1120"
    farther = "SSN" + " " * 298 + "078-05-1120"
    after = "078-05-1120" + " " * 297 + "SSN"
    assert found(far, td.US_SOCIAL_SECURITY_NUMBER) == [("078-05-1120", 85)]
    assert found(after, td.US_SOCIAL_SECURITY_NUMBER) == [("078-05-1120", 85)]
    assert detect(farther, [td.US_SOCIAL_SECURITY_NUMBER]) == []
    assert detect(after + "#", [td.US_SOCIAL_SECURITY_NUMBER]) == []  # "SSN#" is too long


@pytest.mark.parametrize(
    ("prefix", "shift"),
    [("", 0), ("é ", 2), ("😀 ", 3), ("😀😀é ", 6), ("中文 ", 3)],
    ids=["ascii", "accent", "emoji", "two-emoji-accent", "cjk"],
)
def test_offsets_count_utf16_code_units(prefix: str, shift: int) -> None:
    (item,) = detect(prefix + "Visa 4111111111111111 🎉 cvv2", [td.CREDIT_CARD_NUMBER])
    (match,) = item["matches"]
    assert (match["offset"], match["length"]) == (shift + 5, 16)
    assert [(e["match"], e["offset"], e["length"]) for e in match["evidences"]] == [
        ("Visa", shift, 4),
        ("cvv2", shift + 25, 4),  # the 🎉 between counts 2
    ]


def test_utf16_helper() -> None:
    units = Utf16("a😀b")
    assert [units.offset(i) for i in range(4)] == [0, 1, 3, 4]
    assert units.length(1, 2) == 2


def test_an_empty_text_finds_nothing() -> None:
    assert detect("") == []


def test_only_the_types_asked_for_and_in_the_seeded_order() -> None:
    text = "IP 10.0.0.1, SSN 078-05-1120, visa 4111111111111111"
    everything = [item["id"] for item in detect(text)]
    assert everything == [td.CREDIT_CARD_NUMBER, td.US_SOCIAL_SECURITY_NUMBER, td.IP_ADDRESS]
    asked = detect(text, [td.IP_ADDRESS, td.CREDIT_CARD_NUMBER])
    assert [item["id"] for item in asked] == [td.CREDIT_CARD_NUMBER, td.IP_ADDRESS]
    assert detect(text, []) == []
    assert detect(text, ["00000000-0000-0000-0000-000000000000"]) == []


def test_every_seeded_type_is_detectable_by_the_rule_of_its_page() -> None:
    assert DETECTABLE == {row.id for row in td.SENSITIVE_TYPES}
    assert len(DETECTABLE) == 21
    pages = {row.id: PAGE + row.page for row in td.SENSITIVE_TYPES}
    assert {entity.type_id: entity.source for entity in ENTITIES} == pages


AFTER_EMOJI = [
    (td.US_INDIVIDUAL_TAXPAYER_ID, "ITIN", "912-70-1234"),
    (td.EU_DEBIT_CARD_NUMBER, "maestro", "6759649826438453"),
    (td.GERMANY_IDENTITY_CARD_NUMBER, "Personalausweis", "T220001293"),
    (td.GERMANY_PASSPORT_NUMBER, "Reisepassnummer", "C01X00T478"),
    (td.FRANCE_NATIONAL_ID_CARD, "CNI", "880692310285"),
    (td.AUSTRALIA_TAX_FILE_NUMBER, "TFN", "123 456 782"),
    (td.JAPAN_MY_NUMBER_PERSONAL, "マイナンバー", "1234-5678-9018"),
    (td.PHILIPPINES_UNIFIED_MULTI_PURPOSE_ID, "UMID", "0028-1215160-9"),
]


@pytest.mark.parametrize(("type_id", "keyword", "number"), AFTER_EMOJI, ids=ids(AFTER_EMOJI))
def test_a_national_number_after_emoji_counts_utf16_units(
    type_id: str, keyword: str, number: str
) -> None:
    # "😀 " is three units and " 🎉 " four: the keyword starts at 3, the number 4 after it
    (item,) = detect(f"😀 {keyword} 🎉 {number}", [type_id])
    (match,) = item["matches"]
    assert (match["idMatch"], match["offset"], match["length"]) == (
        number,
        3 + len(keyword) + 4,
        len(number),
    )
    assert [(e["match"], e["offset"], e["length"]) for e in match["evidences"]] == [
        (keyword, 3, len(keyword))
    ]


def test_the_output_loads_through_the_schema() -> None:
    text = (
        "visa 4111 1111 1111 1111 SSN 078-05-1120 routing number 021000021 Checking Account "
        "12345678 passport no C03005988 DE89370400440532013000 swift code DEUTDEFF NI number "
        "AB123456C NHS 943 476 5919 SIN 046-454-286 PAN ABCPE1234F IP 10.0.0.1 😀 ITIN 912-70-1234 "
        "maestro 6759649826438453 Personalausweis T220001293 Reisepassnummer C01X00T478 "
        "CNI 880692310285 TFN 123 456 782 マイナンバー 1234-5678-9018 UMID 0028-1215160-9 "
        + CONNECTION
    )
    items = detect(text)
    assert {item["id"] for item in items} == DETECTABLE
    body: dict[str, Any] = {"classification": items}
    wire = {"@odata.type": "#microsoft.graph.detectedSensitiveContentWrapper", **body}
    assert polymorphic_schema("detectedSensitiveContentWrapper").load(body) == wire
    wrapper = "detectedSensitiveContentWrapper"
    assert load_entity(body, wrapper, (wrapper,)) == wire


@pytest.mark.parametrize(
    ("check", "valid", "invalid"),
    [
        (ck.luhn, "79927398713", "79927398710"),
        (ck.aba_routing, "011000015", "011000016"),
        (ck.iban_mod97, "GB82WEST12345698765432", "GB82WEST12345698765433"),
        (ck.iban_length, "NO9386011117947", "NO938601111794"),
        (ck.nhs_mod11, "4010232137", "4010232138"),
        (ck.ssn_pre_2011, "772-12-3456", "773-12-3456"),
        (ck.ssn_randomized, "899-12-3456", "900-12-3456"),
        (ck.ipv6, "::ffff:1:2", "1:2:3"),
        (ck.australia_tfn, "123 456 782", "123 456 783"),
        (ck.japan_my_number, "1234-5678-9018", "1234-5678-9019"),
        (ck.icao_check_digit, "L01X00T471D", "L01X00T472D"),
        (ck.eu_debit_prefix, "6759 6498 2643 8453", "4111 1111 1111 1111"),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_checksums(check: Any, valid: str, invalid: str) -> None:
    assert (check(valid), check(invalid)) == (True, False)
