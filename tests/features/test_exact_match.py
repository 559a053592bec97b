"""Exact data match: a store's loaded rows found in a text (offsets in UTF-16 code units,
case, ignored delimiters, whole tokens, corroboration, spans), looked up by a column, checked
when loaded, and held per tenant."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import ValidationError

from mockgraph.core.schemas import polymorphic_schema
from mockgraph.features.exact_match import (
    Column,
    ExactMatchRows,
    check_rows,
    columns_of,
    detected_content,
    find_matches,
    lookup,
)

STORE_ID = "7c8d9c1a-3f3e-4b8e-9a55-0e6e1d2b4f10"


def column(name: str, searchable: bool = False, **more: Any) -> dict[str, Any]:
    return {"name": name, "isSearchable": searchable, **more}


STORE = {
    "id": STORE_ID,
    "displayName": "Employees",
    "columns": [
        column("ssn", True, ignoredDelimiters=["-", " "]),
        column("email", True, isCaseInsensitive=True),
        column("name", isCaseInsensitive=True),
        column("city"),
    ],
}
COLUMNS = columns_of(STORE)
ROWS = [
    {"ssn": "123456789", "email": "alice@contoso.com", "name": "Alice Smith", "city": "Oslo"},
    {"ssn": "987-65-4321", "email": "bob@contoso.com", "name": "Bob Jones", "city": "Bergen"},
]


def found(text: str, rows: list[dict[str, str]] = ROWS, **more: Any) -> list[tuple[str, int]]:
    """(idMatch, confidence) of each match."""
    return [(m["idMatch"], m["confidence"]) for m in find_matches(text, COLUMNS, rows, **more)]


def error_of(call: Any) -> dict[str, Any]:
    with pytest.raises(ValidationError) as raised:
        call()
    assert isinstance(raised.value.messages, dict)
    return raised.value.messages


# columns


def test_columns_read_from_the_wire_fields_unset_flags_false() -> None:
    store = {"columns": [{"@odata.type": "#microsoft.graph.exactDataMatchStoreColumn",
                          "name": "id", "isSearchable": None, "isCaseInsensitive": None,
                          "ignoredDelimiters": None}]}  # fmt: skip
    assert columns_of(store) == (Column("id", False, False, ()),)
    assert columns_of({}) == columns_of({"columns": None}) == ()
    assert COLUMNS[0] == Column("ssn", True, False, ("-", " "))


def test_a_column_normalises_by_its_delimiters_and_case() -> None:
    ssn, email, _, city = COLUMNS
    assert ssn.normal("123-45 6789") == "123456789"
    assert email.normal("Alice@Contoso.COM") == "alice@contoso.com"
    assert city.normal("Oslo") == "Oslo"


# finding


def test_a_match_has_its_text_offset_length_and_wire_form() -> None:
    text = "Employee SSN 123456789 on file."
    assert find_matches(text, COLUMNS, ROWS) == [
        {
            "@odata.type": "#microsoft.graph.sensitiveContentLocation",
            "idMatch": "123456789",
            "offset": 13,
            "length": 9,
            "confidence": 85,
            "evidences": [],
        }
    ]


def test_offsets_count_utf16_code_units_after_an_emoji() -> None:
    [after_emoji] = find_matches("😀 123456789", COLUMNS, ROWS)
    assert (after_emoji["offset"], after_emoji["length"]) == (3, 9)  # the emoji counts 2
    [after_accent] = find_matches("é 123456789", COLUMNS, ROWS)
    assert after_accent["offset"] == 2  # a character of the BMP counts 1


def test_a_case_insensitive_column_matches_any_case_a_sensitive_one_only_its_own() -> None:
    assert found("mail ALICE@Contoso.com") == [("ALICE@Contoso.com", 85)]
    columns = columns_of({"columns": [column("code", True)]})
    rows = [{"code": "AbC123"}]
    assert find_matches("code abc123", columns, rows) == []
    assert [m["idMatch"] for m in find_matches("code AbC123", columns, rows)] == ["AbC123"]


def test_ignored_delimiters_may_appear_or_not_either_way() -> None:
    # Stored without delimiters, written with them, and the reverse; any mix between characters.
    assert found("SSN 123-45-6789") == [("123-45-6789", 85)]
    assert found("SSN 123 45 6789") == [("123 45 6789", 85)]
    assert found("SSN 987654321") == [("987654321", 85)]
    assert found("SSN 9-8-7-6-5-4-3-2-1") == [("9-8-7-6-5-4-3-2-1", 85)]
    # A delimiter the column does not ignore breaks the value.
    assert found("SSN 123.45.6789") == []


def test_a_value_inside_a_longer_run_of_letters_or_digits_is_not_a_match() -> None:
    assert found("1234567890 A123456789 123456789b") == []
    assert found("(123456789), ssn:123456789.") == [("123456789", 85), ("123456789", 85)]


def test_a_non_searchable_value_alone_finds_nothing() -> None:
    assert found("Alice Smith lives in Oslo") == []


def test_a_value_of_the_same_row_nearby_corroborates_at_95() -> None:
    text = "Alice Smith, SSN 123-45-6789, Oslo office"
    [match] = find_matches(text, COLUMNS, ROWS)
    assert match["confidence"] == 95
    assert match["evidences"] == [
        {"@odata.type": "#microsoft.graph.sensitiveContentEvidence",
         "match": "Alice Smith", "offset": 0, "length": 11},
        {"@odata.type": "#microsoft.graph.sensitiveContentEvidence",
         "match": "Oslo", "offset": 30, "length": 4},
    ]  # fmt: skip


def test_corroboration_needs_the_same_row_within_300_characters() -> None:
    assert found("Bob Jones in Bergen; SSN 123456789") == [("123456789", 85)]  # another row's
    assert found("ALICE SMITH " + "." * 300 + " 123456789") == [("123456789", 85)]  # too far
    assert found("ALICE SMITH " + "." * 287 + " 123456789") == [("123456789", 95)]  # 300 exactly
    assert found("123456789 " + "." * 289 + " oslo") == [("123456789", 85)]  # case-sensitive city


def test_the_same_text_found_for_two_rows_is_reported_once_at_the_higher_confidence() -> None:
    rows = [
        {"ssn": "555-55-5555", "name": "Carol"},
        {"ssn": "555555555", "name": "Dave", "city": "Oslo"},
    ]
    assert found("Oslo 555555555", rows) == [("555555555", 95)]
    assert found("555555555", rows) == [("555555555", 85)]


def test_spans_keep_only_the_matches_overlapping_them() -> None:
    text = "first 123456789, then bob@contoso.com"
    assert found(text, spans=[(22, 30)]) == [("bob@contoso.com", 85)]
    assert found(text, spans=[(0, 7), (14, 23)]) == [("123456789", 85), ("bob@contoso.com", 85)]
    assert found(text, spans=[]) == []


def test_matches_are_by_offset_and_the_same_every_time() -> None:
    text = "bob@contoso.com 987654321 alice@contoso.com 123-456-789"
    expected = [
        ("bob@contoso.com", 85),
        ("987654321", 85),
        ("alice@contoso.com", 85),
        ("123-456-789", 85),
    ]
    assert found(text) == found(text) == expected


def test_a_store_without_rows_or_searchable_columns_finds_nothing() -> None:
    assert found("123456789", rows=[]) == []
    columns = columns_of({"columns": [column("name")]})
    assert find_matches("Alice Smith", columns, [{"name": "Alice Smith"}]) == []


def test_many_rows_in_a_long_text() -> None:
    rows = [{"ssn": f"{n:09d}", "name": f"Person {n}"} for n in range(100_000, 101_000)]
    text = " ".join(f"x{n}" for n in range(20_000)) + " 000100500 Person 100500"
    assert found(text, rows) == [("000100500", 95)]


# the detected item


def test_the_detected_item_counts_distinct_values_and_loads_through_the_schema() -> None:
    text = "123-45-6789 and 123456789 and bob@contoso.com, Bob Jones"
    matches = find_matches(text, COLUMNS, ROWS)
    item = detected_content(STORE, matches)
    assert item is not None
    assert item["@odata.type"] == "#microsoft.graph.exactMatchDetectedSensitiveContent"
    assert (item["id"], item["displayName"]) == (STORE_ID, "Employees")
    assert (item["confidence"], item["recommendedConfidence"]) == (95, 85)
    assert item["uniqueCount"] == 2  # 123456789 twice, as written either way; bob's email
    assert item["matches"] == matches
    schema = polymorphic_schema("exactMatchClassificationResult")
    body = {"classification": [item], "errors": []}
    wire = {"@odata.type": "#microsoft.graph.exactMatchClassificationResult", **body}
    assert schema.load(body) == wire


def test_no_matches_no_detected_item() -> None:
    assert detected_content(STORE, []) is None


# lookup


def test_lookup_answers_the_result_columns_of_the_matching_rows() -> None:
    assert lookup(COLUMNS, ROWS, "ssn", ["987654321"], ["name", "city"]) == ["Bob Jones,Bergen"]
    assert lookup(COLUMNS, ROWS, "ssn", ["000000000"], ["name"]) == []


def test_lookup_without_result_columns_answers_every_column_in_the_stores_order() -> None:
    row = "123456789,alice@contoso.com,Alice Smith,Oslo"
    assert lookup(COLUMNS, ROWS, "email", ["alice@contoso.com"], None) == [row]
    assert lookup(COLUMNS, ROWS, "email", ["alice@contoso.com"], []) == [row]


def test_lookup_normalises_the_values_as_the_key_column_does() -> None:
    assert lookup(COLUMNS, ROWS, "ssn", ["123-45-6789"], ["name"]) == ["Alice Smith"]
    assert lookup(COLUMNS, ROWS, "email", ["BOB@CONTOSO.COM"], ["name"]) == ["Bob Jones"]


def test_lookup_answers_rows_in_order_each_once() -> None:
    values = ["bob@contoso.com", "alice@contoso.com", "Alice@Contoso.com"]
    assert lookup(COLUMNS, ROWS, "email", values, ["name"]) == ["Alice Smith", "Bob Jones"]


def test_lookup_quotes_as_csv_does() -> None:
    rows = [{"ssn": "1", "name": 'Smith, "Al"', "city": "Oslo"}]
    assert lookup(COLUMNS, rows, "ssn", ["1"], ["name", "city"]) == ['"Smith, ""Al""",Oslo']
    assert lookup(COLUMNS, rows, "ssn", ["1"], ["city", "email"]) == ["Oslo,"]  # not loaded


def test_lookup_by_a_key_that_is_not_a_column() -> None:
    assert error_of(lambda: lookup(COLUMNS, ROWS, "phone", ["1"], None)) == {
        "key": ["'phone' is not a column of this data store."]
    }


def test_lookup_by_a_column_that_is_not_searchable() -> None:
    assert error_of(lambda: lookup(COLUMNS, ROWS, "name", ["Bob Jones"], None)) == {
        "key": ["'name' is not a searchable column; lookup searches by searchable columns only."]
    }


def test_lookup_of_unknown_result_columns_names_each_by_index() -> None:
    assert error_of(lambda: lookup(COLUMNS, ROWS, "ssn", ["1"], ["name", "age", "zip"])) == {
        "resultColumnNames": {
            1: ["'age' is not a column of this data store."],
            2: ["'zip' is not a column of this data store."],
        }
    }
    messages = error_of(lambda: lookup(COLUMNS, ROWS, "age", ["1"], ["zip"]))
    assert set(messages) == {"key", "resultColumnNames"}  # every problem at once


# loading rows


def test_check_rows_answers_a_copy_of_valid_rows() -> None:
    rows = [{"ssn": "1"}, {"name": "X", "city": "Y"}]
    checked = check_rows(COLUMNS, rows)
    assert checked == rows and checked[0] is not rows[0]
    assert check_rows(COLUMNS, []) == []


def test_check_rows_names_each_bad_row_and_column() -> None:
    rows = [{"ssn": "1"}, {"ssn": 2, "phone": "3"}, "not a row", {"city": None}]
    assert error_of(lambda: check_rows(COLUMNS, rows)) == {
        "rows": {
            1: [
                "'phone' is not a column of this data store.",
                "The value of 'ssn' must be a string.",
            ],
            2: ["A row must be an object (column name to value)."],
            3: ["The value of 'city' must be a string."],
        }
    }


def test_check_rows_takes_only_a_list() -> None:
    expected = {"rows": ["Rows must be a list of objects."]}
    assert error_of(lambda: check_rows(COLUMNS, {"ssn": "1"})) == expected


def test_a_store_without_columns_refuses_every_row() -> None:
    assert error_of(lambda: check_rows((), [{}, {"ssn": "1"}])) == {
        "rows": {i: ["This data store has no columns, so it takes no rows."] for i in (0, 1)}
    }


def test_rows_are_held_per_tenant_and_store() -> None:
    held = ExactMatchRows()
    assert held.load("t1", "s1", ROWS) == 2
    assert held.add("t1", "s1", [{"ssn": "1"}]) == 3
    assert held.load("t1", "s2", [{"ssn": "2"}]) == 1
    assert held.load("t2", "s1", [{"ssn": "3"}]) == 1
    assert held.rows("t1", "s1") == [*ROWS, {"ssn": "1"}]
    assert held.rows("t2", "s1") == [{"ssn": "3"}]
    assert held.rows("t2", "s2") == held.rows("t3", "s1") == []
    assert held.load("t1", "s1", [{"ssn": "4"}]) == 1  # replaces
    assert held.to_dict("t1") == {"s1": [{"ssn": "4"}], "s2": [{"ssn": "2"}]}


def test_held_rows_are_copies() -> None:
    held = ExactMatchRows()
    loaded = [{"ssn": "1"}]
    held.load("t", "s", loaded)
    loaded[0]["ssn"] = "changed"
    held.rows("t", "s")[0]["ssn"] = "changed"
    held.to_dict("t")["s"].clear()
    assert held.rows("t", "s") == [{"ssn": "1"}]


def test_forget_and_clear() -> None:
    held = ExactMatchRows()
    for tenant in ("t1", "t2"):
        held.load(tenant, "s1", [{"ssn": "1"}])
        held.load(tenant, "s2", [{"ssn": "2"}])
    held.forget("t1", "s1")
    held.forget("t9", "s1")  # nothing held: nothing to do
    assert held.to_dict("t1") == {"s2": [{"ssn": "2"}]}
    held.clear("t1")
    assert held.to_dict("t1") == {}
    assert held.rows("t2", "s1") == [{"ssn": "1"}]
    held.clear()
    assert held.to_dict("t2") == {}
