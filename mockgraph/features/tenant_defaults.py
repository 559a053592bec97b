"""A tenant's day-one data: Microsoft's built-in sensitive types and a typical label taxonomy.

``mockgraph serve`` seeds them into the default tenant (unless ``--no-seed``); the admin API
(``{"defaults": true}``), ``MockGraph.seed_defaults()`` and the ``mockgraph_tenant`` fixture seed
them on request (``mockgraph.features.seeding``). Every item has a fixed id, so a test names it
by the constants below and seeding again replaces, never duplicates. Data only; no Flask.

Sensitive types: each id is the ``<Entity id=...>`` of a page of Microsoft's "Sensitive
information type entity definitions" (Microsoft Purview), whose source is
https://github.com/MicrosoftDocs/microsoft-365-docs (``microsoft-365/compliance/``, the file
``sit-defn-<page>.md``; at https://learn.microsoft.com/en-us/purview/sit-defn-<page>), the
page being each row's last field. A name is the page's title, capitalised as the rule
package's XML comment writes it. The rule package id (all zeros), ``OutOfBox`` and the
publisher are those of the example on Graph's "List sensitiveTypes" page; its description
("Detects Philippines Unified Multi-Purpose ID numbers") is the form the others are written in,
for the mock (the credit card's is its page's "Pattern"). Copyright Microsoft Corporation; the
documentation is licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/legalcode).
The scope, classification method and state are the mock's choice: no page gives them.

Labels: made up for the mock (ids included), shaped like the taxonomy Microsoft suggests.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from mockgraph.core.model.collections import ENTITY_SETS

# Built-in sensitive information types (ids from the entity definitions)
CREDIT_CARD_NUMBER = "50842eb7-edc8-4019-85dd-5a5c1f2bb085"
US_SOCIAL_SECURITY_NUMBER = "a44669fe-0d48-453d-a9b1-2cc83f2cba77"
ABA_ROUTING_NUMBER = "cb353f78-2b72-4c3c-8827-92ebe4f69fdf"
US_BANK_ACCOUNT_NUMBER = "a2ce32a8-f935-4bb6-8e96-2a5157672e2c"
US_INDIVIDUAL_TAXPAYER_ID = "e55e2a32-f92d-4985-a35d-a0b269eb687b"
US_UK_PASSPORT_NUMBER = "178ec42a-18b4-47cc-85c7-d62c92fd67f8"
IBAN = "e7dc4711-11b7-4cb0-b88b-2c394a771f0e"
SWIFT_CODE = "cb2ab58c-9cb8-4c81-baf8-a4e106791df4"
EU_DEBIT_CARD_NUMBER = "0e9b3178-9678-47dd-a509-37222ca96b42"
UK_NATIONAL_INSURANCE_NUMBER = "16c07343-c26f-49d2-a987-3daf717e94cc"
UK_NATIONAL_HEALTH_SERVICE_NUMBER = "3192014e-2a16-44e9-aa69-4b20375c9a78"
GERMANY_IDENTITY_CARD_NUMBER = "e577372f-c42e-47a0-9d85-bebed1c237d4"
GERMANY_PASSPORT_NUMBER = "2e3da144-d42b-47ed-b123-fbf78604e52c"
FRANCE_NATIONAL_ID_CARD = "f741ac74-1bc0-4665-b69b-f0c7f927c0c4"
CANADA_SOCIAL_INSURANCE_NUMBER = "a2f29c85-ecb8-4514-a610-364790c0773e"
AUSTRALIA_TAX_FILE_NUMBER = "e29bc95f-ff70-4a37-aa01-04d17360a4c5"
INDIA_PERMANENT_ACCOUNT_NUMBER = "2602bfee-9bb0-47a5-a7a6-2bf3053e2804"
JAPAN_MY_NUMBER_PERSONAL = "98da8e66-7299-4ebd-9f82-c871ab37d3ef"
PHILIPPINES_UNIFIED_MULTI_PURPOSE_ID = "019b39dd-8c25-4765-91a3-d9c6baf3c3b3"
IP_ADDRESS = "1daa4ad5-e2dd-4ca4-a788-54722c09efb2"
AZURE_STORAGE_ACCOUNT_KEY = "c7bc98e8-551a-4c35-a92d-d2c8cda714a7"

# The label taxonomy (made-up ids): four labels, two of them with sublabels
PUBLIC = "1a7fe6f5-8d23-4b14-a9d3-e3d476031d8a"
GENERAL = "c5628003-1a4d-4071-96b1-f3a73e4fcf17"
CONFIDENTIAL = "0b0ce549-a357-4fa7-bf66-5e50a2c56484"
CONFIDENTIAL_ALL_EMPLOYEES = "f6f945ec-0795-4354-941b-bd856b70addc"
CONFIDENTIAL_SPECIFIC_PEOPLE = "7f70b04a-eb17-4410-99a0-6893c06798a9"
CONFIDENTIAL_RECIPIENTS_ONLY = "630caf99-7c0c-43ae-9010-bb213f56c538"
HIGHLY_CONFIDENTIAL = "10cd06e6-1e9e-4a19-81c9-8a67d66bad13"
HIGHLY_CONFIDENTIAL_ALL_EMPLOYEES = "a7903d74-ccaa-445d-a5fb-2df901106e51"
HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE = "52f736ca-2b6f-4aaf-b2c2-aa62d5b84299"


class SensitiveType(NamedTuple):
    id: str
    name: str
    description: str
    page: str  # the entity definition's page: sit-defn-<page>.md


class Label(NamedTuple):
    id: str
    parent: str | None  # the label it is a sublabel of
    name: str
    display_name: str
    tooltip: str
    color: str
    protected: bool
    applicable_to: str  # sensitivityLabelTarget flags (files are always a target)
    rights: str  # usageRights flags: what the caller may do with content so labelled
    rights_id: str


SENSITIVE_TYPES: tuple[SensitiveType, ...] = tuple(SensitiveType(*row) for row in (
    (CREDIT_CARD_NUMBER, "Credit Card Number",
     "Detects cards from all major brands worldwide, including Visa, MasterCard, Discover Card, "
     "JCB, American Express, gift cards, diner's cards, Rupay and China UnionPay",
     "credit-card-number"),
    (US_SOCIAL_SECURITY_NUMBER, "U.S. Social Security Number (SSN)",
     "Detects U.S. social security numbers", "us-social-security-number"),
    (ABA_ROUTING_NUMBER, "ABA Routing Number", "Detects ABA routing numbers", "aba-routing"),
    (US_BANK_ACCOUNT_NUMBER, "U.S. Bank Account Number", "Detects U.S. bank account numbers",
     "us-bank-account-number"),
    (US_INDIVIDUAL_TAXPAYER_ID, "U.S. Individual Taxpayer Identification Number (ITIN)",
     "Detects U.S. individual taxpayer identification numbers",
     "us-individual-taxpayer-identification-number"),
    (US_UK_PASSPORT_NUMBER, "U.S. / U.K. Passport Number", "Detects U.S. and U.K. passport numbers",
     "us-uk-passport-number"),
    (IBAN, "International Banking Account Number (IBAN)",
     "Detects international banking account numbers", "international-banking-account-number"),
    (SWIFT_CODE, "SWIFT Code", "Detects SWIFT codes", "swift-code"),
    (EU_DEBIT_CARD_NUMBER, "EU Debit Card Number", "Detects EU debit card numbers",
     "eu-debit-card-number"),
    (UK_NATIONAL_INSURANCE_NUMBER, "U.K. National Insurance Number (NINO)",
     "Detects U.K. national insurance numbers", "uk-national-insurance-number"),
    (UK_NATIONAL_HEALTH_SERVICE_NUMBER, "U.K. National Health Service Number",
     "Detects U.K. national health service numbers", "uk-national-health-service-number"),
    (GERMANY_IDENTITY_CARD_NUMBER, "Germany Identity Card Number",
     "Detects Germany identity card numbers", "germany-identity-card-number"),
    (GERMANY_PASSPORT_NUMBER, "Germany Passport Number", "Detects Germany passport numbers",
     "germany-passport-number"),
    (FRANCE_NATIONAL_ID_CARD, "France National ID Card (CNI)",
     "Detects France national ID card numbers", "france-national-id-card"),
    (CANADA_SOCIAL_INSURANCE_NUMBER, "Canada Social Insurance Number",
     "Detects Canada social insurance numbers", "canada-social-insurance-number"),
    (AUSTRALIA_TAX_FILE_NUMBER, "Australia Tax File Number",
     "Detects Australia tax file numbers", "australia-tax-file-number"),
    (INDIA_PERMANENT_ACCOUNT_NUMBER, "India Permanent Account Number (PAN)",
     "Detects India permanent account numbers", "india-permanent-account-number"),
    (JAPAN_MY_NUMBER_PERSONAL, "Japan My Number - Personal",
     "Detects Japan My Number personal numbers", "japan-my-number-personal"),
    (PHILIPPINES_UNIFIED_MULTI_PURPOSE_ID, "Philippines Unified Multi-Purpose ID Number",
     "Detects Philippines Unified Multi-Purpose ID numbers",  # Graph's example, verbatim
     "philippines-unified-multi-purpose-identification-number"),
    (IP_ADDRESS, "IP Address", "Detects IPv4 and IPv6 addresses", "ip-address"),
    (AZURE_STORAGE_ACCOUNT_KEY, "Azure Storage Account Key", "Detects Azure storage account keys",
     "azure-storage-account-key"),
))  # fmt: skip

SENSITIVE_TYPE_IDS: dict[str, str] = {row.name: row.id for row in SENSITIVE_TYPES}

# Priorities follow the order (0 the least sensitive), as Purview numbers them; a sublabel takes
# its parent's colour. Rights: "owner" where nothing is encrypted; the protected ones grant the
# rights of Purview's permission presets (co-author, reviewer, do not forward, viewer).
_EVERYONE = "email,site,unifiedGroup,teamwork"
_PICKED = "email"  # user-defined permissions: items only, never a site or a group
_CO_AUTHOR = "view,edit,docEdit,print,extract,forward,reply,replyAll,comment,objModel"
_REVIEWER = "view,edit,docEdit,forward,reply,replyAll"
LABELS: tuple[Label, ...] = tuple(Label(*row) for row in (
    (PUBLIC, None, "Public", "Public",
     "Business data prepared and approved for public consumption.",
     "#107C10", False, _EVERYONE, "owner", "ba096599-a86b-4db3-b5ca-03b8c2ca2a0c"),
    (GENERAL, None, "General", "General",
     "Business data not meant for the public; share internally, or externally if needed.",
     "#0078D4", False, _EVERYONE, "owner", "e8c73c2f-c4fb-4c56-86eb-e90ccad2bf0f"),
    (CONFIDENTIAL, None, "Confidential", "Confidential",
     "Sensitive business data that could cause damage if shared with unauthorized people.",
     "#FF8C00", False, _EVERYONE, "owner", "c13adcda-93b1-41b2-859c-79cb7b42bb63"),
    (CONFIDENTIAL_ALL_EMPLOYEES, CONFIDENTIAL, "Confidential - All Employees", "All Employees",
     "Confidential data every employee may edit; encrypted for the organization.",
     "#FF8C00", True, _EVERYONE, _CO_AUTHOR, "7fae6b0c-9e09-4370-8f44-793fea93f365"),
    (CONFIDENTIAL_SPECIFIC_PEOPLE, CONFIDENTIAL, "Confidential - Specific People",
     "Specific People", "Confidential data for the people you choose when you label it.",
     "#FF8C00", True, _PICKED, _REVIEWER, "48d318cf-8e16-4c9e-ac9d-dc0be37f77b8"),
    (CONFIDENTIAL_RECIPIENTS_ONLY, CONFIDENTIAL, "Confidential - Recipients Only",
     "Recipients Only", "Confidential email its recipients may read but not forward.",
     "#FF8C00", True, _PICKED, "view,reply,replyAll", "d9041afe-5bca-4786-b9db-9c3c0078b09c"),
    (HIGHLY_CONFIDENTIAL, None, "Highly Confidential", "Highly Confidential",
     "Very sensitive business data that would cause damage if shared with unauthorized people.",
     "#E81123", False, _EVERYONE, "owner", "124a1057-fc16-4f0d-bf84-983a2da70ad5"),
    (HIGHLY_CONFIDENTIAL_ALL_EMPLOYEES, HIGHLY_CONFIDENTIAL, "Highly Confidential - All Employees",
     "All Employees", "Highly confidential data every employee may edit, but not print or copy.",
     "#E81123", True, _EVERYONE, _REVIEWER, "561941bf-f821-457d-a1a5-6e8cf6637693"),
    (HIGHLY_CONFIDENTIAL_SPECIFIC_PEOPLE, HIGHLY_CONFIDENTIAL,
     "Highly Confidential - Specific People", "Specific People",
     "Highly confidential data only the people you choose may view.",
     "#E81123", True, _PICKED, "view", "9085a05b-013b-4b0b-9f98-cbdd028a6845"),
))  # fmt: skip

LABEL_IDS: dict[str, str] = {row.name: row.id for row in LABELS}

OWNER_EMAIL = "admin@contoso.com"  # who set the labels' rights up
USER_EMAIL = "user@contoso.com"  # the caller the rights are reported for

_TYPES = ENTITY_SETS["sensitiveTypes"]
_LABELS = ENTITY_SETS["sensitivityLabels"]
_SUBLABELS = ENTITY_SETS["sensitivityLabels/sublabels"]
_RIGHTS = ENTITY_SETS["sensitivityLabels/rights"]
_SUBLABEL_RIGHTS = ENTITY_SETS["sensitivityLabels/sublabels/rights"]


def _sensitive_type(row: SensitiveType) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "description": row.description,
        "rulePackageId": "00000000-0000-0000-0000-000000000000",
        "rulePackageType": "OutOfBox",
        "publisherName": "Microsoft Corporation",
        "sensitiveTypeSource": "outOfBox",
        "classificationMethod": "patternMatch",
        "scope": "fullDocument,partialDocument",
        "state": "Enabled",
    }


def _label(row: Label, priority: int) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "displayName": row.display_name,
        "description": row.tooltip,
        "toolTip": row.tooltip,
        "color": row.color,
        "priority": priority,
        "isDefault": row.id == GENERAL,
        "isEnabled": True,
        "hasProtection": row.protected,
        "isEndpointProtectionEnabled": row.protected,
        "isScopedToUser": False,
        "applicableTo": row.applicable_to,
        "applicationMode": "manual",
        "actionSource": "manual",
        "locale": "en-US",
    }


def _rights(row: Label) -> dict[str, Any]:
    return {
        "id": row.rights_id,
        "value": row.rights,
        "ownerEmail": OWNER_EMAIL,
        "userEmail": USER_EMAIL,
    }


def seed_items() -> list[dict[str, Any]]:
    """Every default item as the seed endpoint takes it (``{"collection", "entity"}``): the
    sensitive types, then each label followed by its rights, a sublabel after its parent."""
    items = [
        {"collection": _TYPES.container([]), "entity": _sensitive_type(row)}
        for row in SENSITIVE_TYPES
    ]
    for priority, row in enumerate(LABELS):
        if row.parent is None:
            where, rights = _LABELS.container([]), _RIGHTS.container([row.id])
        else:
            where = _SUBLABELS.container([row.parent])
            rights = _SUBLABEL_RIGHTS.container([row.parent, row.id])
        items.append({"collection": where, "entity": _label(row, priority)})
        items.append({"collection": rights, "entity": _rights(row)})
    return items
