"""Sensitivity labels as Purview applies them: auto-labeling rules against discovered types,
the current label, inheritance and usage rights, on the seeded taxonomy."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from mockgraph.core.model.types import EVALUATE_LABEL_JOB_RESPONSE, qualified
from mockgraph.core.schemas import ValidationError, error_paths, load_entity
from mockgraph.features import tenant_defaults as td
from mockgraph.features.labeling import (
    DEFAULT_RULES,
    LabelingRule,
    LabelingRules,
    compute_rights,
    evaluate,
    inherited,
    rules_from_wire,
    unknown_labels,
)

# The tenant defaults as the store holds them: labels and sublabels, their rights, the types.
ITEMS = td.seed_items()
LABELS = {
    i["entity"]["id"]: i["entity"]
    for i in ITEMS
    if i["collection"].rsplit("/", 1)[-1] in ("sensitivityLabels", "sublabels")
}
RIGHTS = {
    i["collection"].split("/")[-2]: i["entity"]
    for i in ITEMS
    if i["collection"].endswith("/rights")
}
TYPES = {i["entity"]["id"]: i["entity"] for i in ITEMS if i["collection"] == "sensitiveTypes"}
CO_AUTHOR = "view,edit,docEdit,print,extract,forward,reply,replyAll,comment,objModel"


def found(type_id: str, count: int = 1, confidence: int = 85, **more: Any) -> dict[str, Any]:
    """A discoveredSensitiveType as a client sends it."""
    return {"id": type_id, "count": count, "confidence": confidence, **more}


def run(*discovered: dict[str, Any], current: dict[str, Any] | None = None, rules: Any = None,
        labels: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    return evaluate(
        list(discovered),
        current,
        LABELS if labels is None else labels,
        TYPES,
        DEFAULT_RULES if rules is None else rules,
    )


def chosen(result: dict[str, Any], mode: str) -> tuple[str, str, str] | None:
    """(policy id, label id, application mode) of one mode's result."""
    part = result[mode]
    if part is None:
        return None
    label = part["sensitivityLabel"]
    return part["responsiblePolicy"]["id"], label["id"], label["applicationMode"]


def type_ids(result: dict[str, Any], mode: str) -> list[str]:
    return [t["id"] for t in result[mode]["responsibleSensitiveTypes"]]


def rule(type_id: str, label_id: str, mode: str, rule_id: str = "p", **more: Any) -> LabelingRule:
    return LabelingRule(rule_id, f"policy {rule_id}", type_id, label_id, mode, **more)


# Evaluating: the defaults


def test_one_card_number_recommends_confidential_in_graphs_wire_form() -> None:
    result = run(found(td.CREDIT_CARD_NUMBER))
    confidential = LABELS[td.CONFIDENTIAL]
    assert result == {
        "@odata.type": "#microsoft.graph.evaluateLabelJobResultGroup",
        "automatic": None,
        "recommended": {
            "@odata.type": "#microsoft.graph.evaluateLabelJobResult",
            "responsiblePolicy": {
                "@odata.type": "#microsoft.graph.responsiblePolicy",
                "id": "auto-labeling-pci",
                "name": "PCI: payment cards",
            },
            "responsibleSensitiveTypes": [
                {
                    "@odata.type": "#microsoft.graph.responsibleSensitiveType",
                    "id": td.CREDIT_CARD_NUMBER,
                    "name": "Credit Card Number",
                    "description": TYPES[td.CREDIT_CARD_NUMBER]["description"],
                    "publisherName": "Microsoft Corporation",
                    "rulePackageId": "00000000-0000-0000-0000-000000000000",
                    "rulePackageType": "OutOfBox",
                }
            ],
            "sensitivityLabel": {
                "@odata.type": "#microsoft.graph.matchingLabel",
                "applicationMode": "recommended",
                "id": td.CONFIDENTIAL,
                "name": "Confidential",
                "displayName": "Confidential",
                "description": confidential["description"],
                "toolTip": confidential["toolTip"],
                "policyTip": "This content holds sensitive information: we recommend the label "
                "Confidential.",
                "isEndpointProtectionEnabled": False,
                "priority": 2,
                "labelActions": [],
            },
        },
    }


def test_the_result_is_what_an_evaluate_label_job_response_holds() -> None:
    result = run(found(td.CREDIT_CARD_NUMBER, 12), found(td.US_UK_PASSPORT_NUMBER, 1, 75))
    job = {"@odata.type": qualified(EVALUATE_LABEL_JOB_RESPONSE), "result": result}
    assert load_entity(job, EVALUATE_LABEL_JOB_RESPONSE, (EVALUATE_LABEL_JOB_RESPONSE,)) == job


def test_ten_card_numbers_label_highly_confidential_automatically() -> None:
    result = run(found(td.CREDIT_CARD_NUMBER, 10))
    assert chosen(result, "automatic") == (
        "auto-labeling-pci-bulk",
        td.HIGHLY_CONFIDENTIAL,
        "automatic",
    )
    assert result["automatic"]["sensitivityLabel"]["priority"] == 6
    assert (
        "labeled Highly Confidential automatically"
        in (result["automatic"]["sensitivityLabel"]["policyTip"])
    )
    # Confidential (2) is not worth recommending over what is applied anyway (6)
    assert result["recommended"] is None


@pytest.mark.parametrize(
    ("discovered", "automatic", "recommended"),
    [
        (found(td.US_SOCIAL_SECURITY_NUMBER, 1, 75), td.HIGHLY_CONFIDENTIAL_ALL_EMPLOYEES, None),
        (found(td.AZURE_STORAGE_ACCOUNT_KEY), td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE, None),
        (found(td.IBAN), None, td.CONFIDENTIAL_ALL_EMPLOYEES),
        (found(td.ABA_ROUTING_NUMBER, 1, 75), None, td.CONFIDENTIAL_ALL_EMPLOYEES),
        (found(td.GERMANY_PASSPORT_NUMBER), None, td.HIGHLY_CONFIDENTIAL),
        (found(td.EU_DEBIT_CARD_NUMBER), None, td.CONFIDENTIAL),
        (found(td.IP_ADDRESS, 50), None, None),  # no default rule: an address is no person's
        (found(td.SWIFT_CODE, 50), None, None),
    ],
)
def test_each_default_policy_picks_its_label(
    discovered: dict[str, Any], automatic: str | None, recommended: str | None
) -> None:
    result = run(discovered)
    for mode, label_id in (("automatic", automatic), ("recommended", recommended)):
        part = result[mode]
        assert (part and part["sensitivityLabel"]["id"]) == label_id, mode


def test_every_default_rule_names_a_seeded_type_and_label() -> None:
    assert {r.sensitive_type_id for r in DEFAULT_RULES} <= set(TYPES)
    assert {r.label_id for r in DEFAULT_RULES} <= set(LABELS)
    assert {r.mode for r in DEFAULT_RULES} == {"automatic", "recommended"}
    assert all(r.min_confidence in (75, 85) and r.min_count >= 1 for r in DEFAULT_RULES)


# Thresholds


def test_nine_card_numbers_are_below_the_bulk_rule() -> None:
    result = run(found(td.CREDIT_CARD_NUMBER, 9))
    assert result["automatic"] is None
    assert chosen(result, "recommended") == ("auto-labeling-pci", td.CONFIDENTIAL, "recommended")


@pytest.mark.parametrize(("confidence", "fires"), [(84, False), (85, True), (100, True)])
def test_a_rule_needs_its_confidence(confidence: int, fires: bool) -> None:
    result = run(found(td.CREDIT_CARD_NUMBER, 1, confidence))
    assert (result["recommended"] is not None) is fires


def test_only_instances_at_the_rules_confidence_count_when_the_levels_are_given() -> None:
    # Detection reports the highest level and a count per level: 3 of these 12 are high
    levels = [{"confidence": 85, "count": 3}, {"confidence": 65, "count": 9}]
    cards = found(td.CREDIT_CARD_NUMBER, 12, 85, classificationAttributes=levels)
    assert run(cards)["automatic"] is None
    assert chosen(run(cards), "recommended") == (
        "auto-labeling-pci",
        td.CONFIDENTIAL,
        "recommended",
    )
    levels = [{"confidence": 85, "count": 10}, {"confidence": 75, "count": 1}]
    cards = found(td.CREDIT_CARD_NUMBER, 11, 85, classificationAttributes=levels)
    assert chosen(run(cards), "automatic") == (
        "auto-labeling-pci-bulk",
        td.HIGHLY_CONFIDENTIAL,
        "automatic",
    )


def test_a_rules_own_count_and_confidence() -> None:
    rules = [rule(td.IP_ADDRESS, td.GENERAL, "recommended", min_count=3, min_confidence=65)]
    assert run(found(td.IP_ADDRESS, 2, 65), rules=rules)["recommended"] is None
    assert run(found(td.IP_ADDRESS, 3, 64), rules=rules)["recommended"] is None
    assert chosen(run(found(td.IP_ADDRESS, 3, 65), rules=rules), "recommended") == (
        "p",
        td.GENERAL,
        "recommended",
    )


def test_type_ids_match_in_any_case_and_the_stored_id_is_reported() -> None:
    result = run(found(td.CREDIT_CARD_NUMBER.upper()))
    assert type_ids(result, "recommended") == [td.CREDIT_CARD_NUMBER]
    upper_rule = [rule(td.IBAN.upper(), td.GENERAL.upper(), "automatic")]
    assert chosen(run(found(td.IBAN), rules=upper_rule), "automatic") == (
        "p",
        td.GENERAL,
        "automatic",
    )


# Several rules fire


def test_the_highest_priority_label_wins_whatever_the_rules_order() -> None:
    rules = [
        rule(td.IP_ADDRESS, td.GENERAL, "automatic", "low"),
        rule(td.IBAN, td.CONFIDENTIAL_SPECIFIC_PEOPLE, "automatic", "high"),
        rule(td.SWIFT_CODE, td.CONFIDENTIAL, "automatic", "middle"),
    ]
    discovered = (found(td.IP_ADDRESS), found(td.IBAN), found(td.SWIFT_CODE))
    for order in (rules, rules[::-1]):
        result = run(*discovered, rules=order)
        assert chosen(result, "automatic") == ("high", td.CONFIDENTIAL_SPECIFIC_PEOPLE, "automatic")
        assert type_ids(result, "automatic") == [td.IBAN]


def test_a_card_and_an_iban_recommend_the_higher_all_employees_sublabel() -> None:
    result = run(found(td.CREDIT_CARD_NUMBER), found(td.IBAN))
    assert chosen(result, "recommended") == (
        "auto-labeling-banking",
        td.CONFIDENTIAL_ALL_EMPLOYEES,
        "recommended",
    )
    assert result["recommended"]["sensitivityLabel"]["priority"] == 3


def test_every_type_that_fired_for_the_winning_label_is_responsible_with_its_names() -> None:
    result = run(
        found(td.ABA_ROUTING_NUMBER, 1, 75),
        found(td.CREDIT_CARD_NUMBER),  # fired Confidential: not responsible for All Employees
        found(td.IBAN),
        found(td.US_BANK_ACCOUNT_NUMBER, 2, 75),
    )
    responsible = result["recommended"]["responsibleSensitiveTypes"]
    assert [(t["id"], t["name"]) for t in responsible] == [
        (td.ABA_ROUTING_NUMBER, "ABA Routing Number"),
        (td.IBAN, "International Banking Account Number (IBAN)"),
        (td.US_BANK_ACCOUNT_NUMBER, "U.S. Bank Account Number"),
    ]
    assert all(t["description"] == TYPES[t["id"]]["description"] for t in responsible)


def test_a_type_the_tenant_does_not_hold_is_reported_by_id_only() -> None:
    custom = "d8d8a1a7-0000-4000-8000-000000000001"
    result = run(found(custom, 4), rules=[rule(custom, td.GENERAL, "recommended")])
    assert result["recommended"]["responsibleSensitiveTypes"] == [
        {"@odata.type": "#microsoft.graph.responsibleSensitiveType", "id": custom}
    ]


def test_a_rule_whose_label_is_gone_is_skipped() -> None:
    labels = {k: v for k, v in LABELS.items() if k != td.HIGHLY_CONFIDENTIAL}
    result = run(found(td.CREDIT_CARD_NUMBER, 10), labels=labels)
    assert result["automatic"] is None
    assert chosen(result, "recommended") == ("auto-labeling-pci", td.CONFIDENTIAL, "recommended")


def test_both_modes_are_given_when_the_recommendation_is_higher() -> None:
    rules = [
        rule(td.CREDIT_CARD_NUMBER, td.CONFIDENTIAL, "automatic", "apply"),
        rule(td.US_UK_PASSPORT_NUMBER, td.HIGHLY_CONFIDENTIAL, "recommended", "suggest"),
    ]
    result = run(found(td.CREDIT_CARD_NUMBER), found(td.US_UK_PASSPORT_NUMBER), rules=rules)
    assert chosen(result, "automatic") == ("apply", td.CONFIDENTIAL, "automatic")
    assert chosen(result, "recommended") == ("suggest", td.HIGHLY_CONFIDENTIAL, "recommended")
    # The same recommendation is dropped once the automatic label is as high
    rules[0] = rule(td.CREDIT_CARD_NUMBER, td.HIGHLY_CONFIDENTIAL, "automatic", "apply")
    result = run(found(td.CREDIT_CARD_NUMBER), found(td.US_UK_PASSPORT_NUMBER), rules=rules)
    assert chosen(result, "automatic") == ("apply", td.HIGHLY_CONFIDENTIAL, "automatic")
    assert result["recommended"] is None


def test_no_rules_no_types_nothing_fires() -> None:
    assert run(found(td.CREDIT_CARD_NUMBER, 50), rules=())["automatic"] is None
    assert run()["automatic"] is run()["recommended"] is None


# The current label


def test_a_manual_label_is_never_replaced_automatically_but_a_higher_one_is_recommended() -> None:
    cards = found(td.CREDIT_CARD_NUMBER, 10)
    result = run(cards, current={"id": td.GENERAL, "applicationMode": "manual"})
    assert result["automatic"] is None
    assert chosen(result, "recommended") == ("auto-labeling-pci", td.CONFIDENTIAL, "recommended")
    # Applied automatically (or recommended) before, a lower label is replaced
    for mode in ("automatic", "recommended"):
        result = run(cards, current={"id": td.GENERAL, "applicationMode": mode})
        assert result["automatic"]["sensitivityLabel"]["id"] == td.HIGHLY_CONFIDENTIAL


def test_a_current_label_as_high_or_higher_stops_both_modes() -> None:
    discovered = (found(td.CREDIT_CARD_NUMBER, 10), found(td.IBAN))
    for label_id in (td.HIGHLY_CONFIDENTIAL, td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE):
        result = run(*discovered, current={"id": label_id, "applicationMode": "automatic"})
        assert result["automatic"] is result["recommended"] is None
    # Never the same label again: Confidential, recommended before, is not recommended again
    current = {"id": td.CONFIDENTIAL.upper(), "applicationMode": "recommended"}
    assert run(found(td.CREDIT_CARD_NUMBER), current=current)["recommended"] is None


def test_a_lower_current_label_leaves_a_higher_recommendation() -> None:
    current = {"id": td.CONFIDENTIAL, "applicationMode": "automatic"}
    result = run(found(td.CREDIT_CARD_NUMBER), found(td.IBAN), current=current)
    assert result["recommended"]["sensitivityLabel"]["id"] == td.CONFIDENTIAL_ALL_EMPLOYEES


def test_a_current_label_the_tenant_lacks_has_no_priority_to_compare() -> None:
    gone = {"id": "00000000-dead-4000-8000-000000000000", "applicationMode": "automatic"}
    assert run(found(td.CREDIT_CARD_NUMBER, 10), current=gone)["automatic"] is not None
    gone["applicationMode"] = "manual"  # still manual: never replaced automatically
    assert run(found(td.CREDIT_CARD_NUMBER, 10), current=gone)["automatic"] is None


# The rules: per tenant, from the wire


def test_rules_are_per_tenant_until_reset() -> None:
    held = LabelingRules()
    assert held.rules("contoso") is DEFAULT_RULES
    mine = [rule(td.IBAN, td.GENERAL, "automatic")]
    assert held.set("contoso", mine) == tuple(mine)
    assert held.rules("contoso") == tuple(mine)
    assert held.rules("fabrikam") is DEFAULT_RULES
    held.set("fabrikam", [])
    assert held.rules("fabrikam") == ()  # no policy at all, not the defaults
    held.reset("contoso")
    assert held.rules("contoso") is DEFAULT_RULES
    assert held.rules("fabrikam") == ()
    held.reset()
    assert held.rules("fabrikam") is DEFAULT_RULES


def test_rules_are_set_safely_from_threads() -> None:
    held = LabelingRules()

    def work(n: int) -> None:
        for _ in range(200):
            held.set(f"t{n}", [rule(td.IBAN, td.GENERAL, "automatic", f"r{n}")])
            assert held.rules(f"t{n}")[0].id == f"r{n}"

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [held.rules(f"t{n}")[0].id for n in range(8)] == [f"r{n}" for n in range(8)]


def test_rules_round_trip_through_the_wire() -> None:
    wire = [r.to_dict() for r in DEFAULT_RULES]
    assert wire[0] == {
        "id": "auto-labeling-pci",
        "name": "PCI: payment cards",
        "sensitiveTypeId": td.CREDIT_CARD_NUMBER,
        "labelId": td.CONFIDENTIAL,
        "mode": "recommended",
        "minCount": 1,
        "minConfidence": 85,
    }
    assert rules_from_wire({"rules": wire}) == DEFAULT_RULES
    assert rules_from_wire(wire) == DEFAULT_RULES
    assert rules_from_wire({"rules": []}) == ()


def test_count_and_confidence_default_to_one_at_high() -> None:
    spec = {"id": "p", "name": "P", "sensitiveTypeId": td.IBAN, "labelId": td.GENERAL}
    (parsed,) = rules_from_wire([{**spec, "mode": "automatic"}])
    assert (parsed.min_count, parsed.min_confidence) == (1, 85)


GOOD = {
    "id": "p",
    "name": "P",
    "sensitiveTypeId": td.IBAN,
    "labelId": td.GENERAL,
    "mode": "automatic",
}


def without(key: str) -> dict[str, Any]:
    return {k: v for k, v in GOOD.items() if k != key}


@pytest.mark.parametrize(
    ("bad", "messages"),
    [
        (without("mode"), {"mode": ["Missing data for required field."]}),
        (without("id"), {"id": ["Missing data for required field."]}),
        (without("sensitiveTypeId"), {"sensitiveTypeId": ["Missing data for required field."]}),
        ({**GOOD, "labelId": ""}, {"labelId": ["Not a valid non-empty string."]}),
        ({**GOOD, "name": 3}, {"name": ["Not a valid non-empty string."]}),
        ({**GOOD, "mode": "manual"}, {"mode": ["Must be one of: automatic, recommended."]}),
        ({**GOOD, "minCount": -1}, {"minCount": ["Must be greater than or equal to 1."]}),
        ({**GOOD, "minCount": 0}, {"minCount": ["Must be greater than or equal to 1."]}),
        ({**GOOD, "minCount": 2.5}, {"minCount": ["Not a valid integer."]}),
        ({**GOOD, "minCount": True}, {"minCount": ["Not a valid integer."]}),
        (
            {**GOOD, "minConfidence": 101},
            {
                "minConfidence": [
                    "Must be greater than or equal to 0 and less than or equal to 100."
                ]
            },
        ),
        (
            {**GOOD, "minConfidence": -1},
            {
                "minConfidence": [
                    "Must be greater than or equal to 0 and less than or equal to 100."
                ]
            },
        ),
        ({**GOOD, "minConfidence": "85"}, {"minConfidence": ["Not a valid integer."]}),
        ({**GOOD, "priority": 1}, {"priority": ["Unknown field."]}),
        ("rule", ["Not a valid JSON object."]),
    ],
)
def test_a_bad_rule_is_named_by_index_and_field(bad: Any, messages: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        rules_from_wire({"rules": [GOOD, bad]})
    assert raised.value.messages == {"rules": {1: messages}}


def test_every_bad_field_of_every_rule_is_named_at_once() -> None:
    bad = [{**GOOD, "mode": "x", "minConfidence": 200}, GOOD, without("name")]
    with pytest.raises(ValidationError) as raised:
        rules_from_wire(bad)
    assert sorted(path for path, _ in error_paths(raised.value.messages)) == [
        "rules[0].minConfidence",
        "rules[0].mode",
        "rules[2].name",
    ]


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ({}, {"rules": ["Missing data for required field."]}),
        ({"rules": GOOD}, {"rules": ["Not a valid list."]}),
        ({"rules": [], "tenant": "x"}, {"tenant": ["Unknown field."]}),
        ("rules", {"_schema": ['Not {"rules": [...]} nor a list of rules.']}),
        (None, {"_schema": ['Not {"rules": [...]} nor a list of rules.']}),
    ],
)
def test_a_bad_body_is_named(body: Any, messages: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        rules_from_wire(body)
    assert raised.value.messages == messages


# Inheritance


def test_content_inherits_the_highest_priority_label() -> None:
    ids = [td.GENERAL, td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE, td.CONFIDENTIAL_ALL_EMPLOYEES]
    assert inherited(ids, LABELS) == {
        "@odata.type": "#microsoft.graph.sensitivityLabel",
        **LABELS[td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE],
    }
    # A sublabel above its parent; one label inherits itself; ids in any case
    assert inherited([td.CONFIDENTIAL_ALL_EMPLOYEES, td.CONFIDENTIAL], LABELS)["id"] == (
        td.CONFIDENTIAL_ALL_EMPLOYEES
    )
    assert inherited([td.PUBLIC.upper()], LABELS)["id"] == td.PUBLIC


# Rights


def content(cid: str, label_id: str, fmt: str = "file") -> dict[str, str]:
    return {"cid": cid, "format": fmt, "labelId": label_id}


def test_rights_per_content_and_the_inherited_label() -> None:
    contents = [
        content("doc-1", td.CONFIDENTIAL_ALL_EMPLOYEES),
        content("doc-2", td.PUBLIC),
        content("mail-1", td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE, "email"),
        content("doc-3", td.CONFIDENTIAL_ALL_EMPLOYEES),
    ]
    result = compute_rights(td.USER_EMAIL, contents, LABELS, RIGHTS, ["file", "email"])
    assert result["@odata.type"] == "#microsoft.graph.computeRightsAndInheritanceResult"
    first = result["contentRights"][0]
    assert first == {
        "@odata.type": "#microsoft.graph.labelContentRight",
        "id": "doc-1",
        "cid": "doc-1",
        "format": "file",
        "label": {
            "@odata.type": "#microsoft.graph.sensitivityLabel",
            **LABELS[td.CONFIDENTIAL_ALL_EMPLOYEES],
        },
        "rights": CO_AUTHOR,
    }
    assert [(r["cid"], r["rights"]) for r in result["contentRights"]] == [
        ("doc-1", CO_AUTHOR),  # protected: the label's rights
        ("doc-2", "owner"),  # Public encrypts nothing: every right
        ("mail-1", "view"),
        ("doc-3", CO_AUTHOR),
    ]
    assert result["inheritedLabel"]["id"] == td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE
    assert [label["id"] for label in result["sensitivityLabels"]] == [
        td.PUBLIC,
        td.CONFIDENTIAL_ALL_EMPLOYEES,
        td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE,
    ]


def test_a_format_the_caller_does_not_support_is_denied_but_still_inherited() -> None:
    contents = [content("doc", td.PUBLIC), content("mail", td.HIGHLY_CONFIDENTIAL, "email")]
    result = compute_rights(None, contents, LABELS, RIGHTS, ["File"])
    assert [r["rights"] for r in result["contentRights"]] == ["owner", "accessDenied"]
    assert result["inheritedLabel"]["id"] == td.HIGHLY_CONFIDENTIAL
    # No formats given: every format is supported
    result = compute_rights(None, contents, LABELS, RIGHTS, [])
    assert [r["rights"] for r in result["contentRights"]] == ["owner", "owner"]


def test_the_rights_owner_and_missing_or_empty_rights() -> None:
    protected = [content("doc", td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE)]
    as_owner = compute_rights("Admin@Contoso.com", protected, LABELS, RIGHTS, [])
    assert as_owner["contentRights"][0]["rights"] == "owner"  # Full Control
    no_entry = {k: v for k, v in RIGHTS.items() if k != td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE}
    assert compute_rights(None, protected, LABELS, no_entry, [])["contentRights"][0]["rights"] == (
        "owner"
    )
    empty = {**RIGHTS, td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE: {"id": "r", "value": ""}}
    assert compute_rights(None, protected, LABELS, empty, [])["contentRights"][0]["rights"] == (
        "accessDenied"
    )
    listed = {**RIGHTS, td.HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE: {"value": ["view", "print"]}}
    assert compute_rights(None, protected, LABELS, listed, [])["contentRights"][0]["rights"] == (
        "view,print"
    )


def test_no_contents_no_inherited_label() -> None:
    result = compute_rights(None, [], LABELS, RIGHTS, [])
    assert (result["contentRights"], result["inheritedLabel"], result["sensitivityLabels"]) == (
        [],
        None,
        [],
    )


# Unknown labels


def test_known_labels_pass_in_any_case() -> None:
    unknown_labels([td.PUBLIC, td.CONFIDENTIAL.upper()], LABELS, "labelIds")
    unknown_labels(td.GENERAL, LABELS, "currentLabel", field="id")


def test_unknown_labels_are_named_where_they_were_sent() -> None:
    gone = "00000000-0000-4000-8000-00000000dead"
    message = [f"'{gone}' is not a sensitivity label of this tenant."]
    cases: list[tuple[list[str] | str, str, str | None, dict[str, Any]]] = [
        ([td.PUBLIC, gone, gone], "labelIds", None, {"labelIds": {1: message, 2: message}}),
        ([gone], "protectedContents", "labelId", {"protectedContents": {0: {"labelId": message}}}),
        (gone, "currentLabel", "id", {"currentLabel": {"id": message}}),
        (gone, "labelId", None, {"labelId": message}),
    ]
    for ids, parameter, field, messages in cases:
        with pytest.raises(ValidationError) as raised:
            unknown_labels(ids, LABELS, parameter, field)
        assert raised.value.messages == messages
    with pytest.raises(ValidationError) as raised:
        unknown_labels([gone], LABELS, "protectedContents", "labelId")
    assert error_paths(raised.value.messages) == [("protectedContents[0].labelId", message[0])]
