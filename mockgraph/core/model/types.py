"""The Graph type model reachable from the dataClassification jobs API, as one table.

Read from the official beta SDK (msgraph-beta-sdk 1.66.0) and the documentation pages
(``fixtures/pages/graph-docs/resources/``). Every schema, the OpenAPI document and the docs
importer are built from this table, so a type or a property is named here once and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

TYPE_NAMESPACE = "microsoft.graph"


class Kind(str, Enum):
    """How a property's value is written on the wire."""

    STRING = "string"
    INT32 = "int32"
    BOOL = "bool"
    DATETIME = "datetime"  # Edm.DateTimeOffset, kept as the string the client sent
    GUID = "guid"
    ENUM = "enum"
    FLAGS = "flags"  # a flags enum: "a,b" or ["a", "b"]
    COMPLEX = "complex"  # a (polymorphic) complex value; target names the declared type


@dataclass(frozen=True)
class Prop:
    """One property: its wire name, its kind, and the enum or type it refers to."""

    name: str
    kind: Kind
    target: str | None = None
    many: bool = False


@dataclass(frozen=True)
class GraphType:
    """One Graph type with its own (not inherited) properties."""

    name: str
    base: str | None
    props: tuple[Prop, ...] = ()


def _s(*names: str) -> tuple[Prop, ...]:
    return tuple(Prop(n, Kind.STRING) for n in names)


def _i(*names: str) -> tuple[Prop, ...]:
    return tuple(Prop(n, Kind.INT32) for n in names)


def _b(*names: str) -> tuple[Prop, ...]:
    return tuple(Prop(n, Kind.BOOL) for n in names)


def _c(name: str, target: str, many: bool = False) -> Prop:
    return Prop(name, Kind.COMPLEX, target, many)


def _e(name: str, target: str) -> Prop:
    return Prop(name, Kind.ENUM, target)


# Type names: the only place they are spelled.
JOB_RESPONSE_BASE = "jobResponseBase"
CLASSIFICATION_JOB_RESPONSE = "classificationJobResponse"
DLP_EVALUATE_POLICIES_JOB_RESPONSE = "dlpEvaluatePoliciesJobResponse"
EVALUATE_LABEL_JOB_RESPONSE = "evaluateLabelJobResponse"
EVALUATE_LABELS_AND_POLICIES_JOB_RESPONSE = "evaluateLabelsAndPoliciesJobResponse"
CLASSIFICATION_ERROR_BASE = "classifcationErrorBase"  # sic: Graph's real name
CLASSIFICATION_ERROR = "classificationError"
# The singleton every collection is contained in (``/dataClassification``).
DATA_CLASSIFICATION_SERVICE = "dataClassificationService"

ENUMS: dict[str, tuple[str, ...]] = {
    "classificationMethod": (
        "patternMatch", "exactDataMatch", "fingerprint", "machineLearning",
        "privacyDataMatch", "aiPowered", "unknownFutureValue",
    ),
    "sensitiveTypeScope": ("fullDocument", "partialDocument"),
    "sensitiveTypeSource": ("outOfBox", "tenant"),
    "mlClassificationMatchTolerance": ("exact", "near"),
    "contentProcessingErrorType": ("transient", "permanent", "unknownFutureValue"),
    "ruleMode": ("audit", "auditAndNotify", "enforce", "pendingDeletion", "test"),
    "dlpAction": (
        "notifyUser", "blockAccess", "deviceRestriction", "browserRestriction",
        "unknownFutureValue", "restrictAccess", "generateAlert", "generateIncidentReportAction",
        "sPBlockAnonymousAccess", "sPRuntimeAccessControl", "sPSharingNotifyUser",
        "sPSharingGenerateIncidentReport", "restrictWebGrounding", "policyTip",
    ),
    "restrictionAction": ("warn", "audit", "block"),
    "applicationMode": ("manual", "automatic", "recommended"),
    "alignment": ("left", "right", "center"),
    "pageOrientation": ("horizontal", "diagonal"),
    "encryptWith": ("template", "userDefinedRights"),
    "groupPrivacy": ("unspecified", "public", "private", "unknownFutureValue"),
    "siteAccessType": ("block", "full", "limited"),
    "onlineMeetingForwarders": ("everyone", "organizer", "unknownFutureValue"),
    "onlineMeetingPresenters": (
        "everyone", "organization", "roleIsPresenter", "organizer", "unknownFutureValue",
    ),
    "lobbyBypassScope": (
        "organizer", "organization", "organizationAndFederated", "everyone",
        "unknownFutureValue", "invited", "organizationExcludingGuests",
    ),
}  # fmt: skip

_TYPES = (
    # The singleton: its id is its one property (its collections are navigation properties)
    GraphType(DATA_CLASSIFICATION_SERVICE, None, (Prop("id", Kind.STRING),)),
    # Jobs
    GraphType(
        JOB_RESPONSE_BASE,
        None,
        (
            Prop("id", Kind.STRING),
            *_s("type", "status", "tenantId", "userId"),
            Prop("creationDateTime", Kind.DATETIME),
            Prop("startDateTime", Kind.DATETIME),
            Prop("endDateTime", Kind.DATETIME),
            _c("error", CLASSIFICATION_ERROR),
        ),
    ),
    GraphType(
        CLASSIFICATION_JOB_RESPONSE,
        JOB_RESPONSE_BASE,
        (_c("result", "detectedSensitiveContentWrapper"),),
    ),
    GraphType(
        DLP_EVALUATE_POLICIES_JOB_RESPONSE,
        JOB_RESPONSE_BASE,
        (_c("result", "dlpPoliciesJobResult"),),
    ),
    GraphType(
        EVALUATE_LABEL_JOB_RESPONSE,
        JOB_RESPONSE_BASE,
        (_c("result", "evaluateLabelJobResultGroup"),),
    ),
    GraphType(
        EVALUATE_LABELS_AND_POLICIES_JOB_RESPONSE,
        JOB_RESPONSE_BASE,
        (_c("result", "evaluateLabelsAndPoliciesResult"),),
    ),
    # Errors
    GraphType(
        CLASSIFICATION_ERROR_BASE,
        None,
        (*_s("code", "message", "target"), _c("innerError", "classificationInnerError")),
    ),
    GraphType(
        CLASSIFICATION_ERROR,
        CLASSIFICATION_ERROR_BASE,
        (_c("details", CLASSIFICATION_ERROR_BASE, many=True),),
    ),
    GraphType(
        "processingError", CLASSIFICATION_ERROR, (_e("errorType", "contentProcessingErrorType"),)
    ),
    GraphType(
        "classificationInnerError",
        None,
        (*_s("activityId", "clientRequestId", "code"), Prop("errorDateTime", Kind.DATETIME)),
    ),
    # Classification results
    GraphType(
        "detectedSensitiveContentWrapper",
        None,
        (_c("classification", "detectedSensitiveContent", many=True),),
    ),
    GraphType(
        "detectedSensitiveContentBase",
        None,
        (
            Prop("id", Kind.GUID),
            *_s("displayName"),
            *_i("confidence", "recommendedConfidence", "uniqueCount"),
        ),
    ),
    GraphType(
        "detectedSensitiveContent",
        "detectedSensitiveContentBase",
        (
            _c("classificationAttributes", "classificationAttribute", many=True),
            _e("classificationMethod", "classificationMethod"),
            _c("matches", "sensitiveContentLocation", many=True),
            Prop("scope", Kind.FLAGS, "sensitiveTypeScope"),
            _e("sensitiveTypeSource", "sensitiveTypeSource"),
        ),
    ),
    GraphType(
        "machineLearningDetectedSensitiveContent",
        "detectedSensitiveContent",
        (Prop("matchTolerance", Kind.FLAGS, "mlClassificationMatchTolerance"), *_s("modelVersion")),
    ),
    GraphType(
        "exactMatchDetectedSensitiveContent",
        "detectedSensitiveContentBase",
        (_c("matches", "sensitiveContentLocation", many=True),),
    ),
    GraphType("classificationAttribute", None, _i("confidence", "count")),
    GraphType(
        "sensitiveContentLocation",
        None,
        (
            *_i("confidence", "length", "offset"),
            *_s("idMatch"),
            _c("evidences", "sensitiveContentEvidence", many=True),
        ),
    ),
    GraphType("sensitiveContentEvidence", None, (*_i("length", "offset"), *_s("match"))),
    # DLP results
    GraphType(
        "dlpPoliciesJobResult",
        None,
        (
            *_s("auditCorrelationId"),
            Prop("evaluationDateTime", Kind.DATETIME),
            _c("matchingRules", "matchingDlpRule", many=True),
        ),
    ),
    GraphType(
        "matchingDlpRule",
        None,
        (
            _c("actions", "dlpActionInfo", many=True),
            *_b("isMostRestrictive"),
            *_s("policyId", "policyName", "ruleId", "ruleName"),
            *_i("priority"),
            _e("ruleMode", "ruleMode"),
        ),
    ),
    GraphType("dlpActionInfo", None, (_e("action", "dlpAction"),)),
    GraphType(
        "policyTipAction",
        "dlpActionInfo",
        _s("complianceUrl", "matchedConditionsDescription", "policyTip"),
    ),
    GraphType(
        "notifyUserAction",
        "policyTipAction",
        (
            Prop("actionLastModifiedDateTime", Kind.DATETIME),
            *_s("emailText"),
            Prop("recipients", Kind.STRING, many=True),
        ),
    ),
    GraphType(
        "restrictAccessActionBase", "dlpActionInfo", (_e("restrictionAction", "restrictionAction"),)
    ),
    GraphType("restrictAccessAction", "restrictAccessActionBase"),
    GraphType("blockAccessAction", "dlpActionInfo"),
    # Label results
    GraphType(
        "evaluateLabelJobResultGroup",
        None,
        (_c("automatic", "evaluateLabelJobResult"), _c("recommended", "evaluateLabelJobResult")),
    ),
    GraphType(
        "evaluateLabelJobResult",
        None,
        (
            _c("responsiblePolicy", "responsiblePolicy"),
            _c("responsibleSensitiveTypes", "responsibleSensitiveType", many=True),
            _c("sensitivityLabel", "matchingLabel"),
        ),
    ),
    GraphType("responsiblePolicy", None, _s("id", "name")),
    GraphType(
        "responsibleSensitiveType",
        None,
        _s("description", "id", "name", "publisherName", "rulePackageId", "rulePackageType"),
    ),
    GraphType(
        "matchingLabel",
        None,
        (
            _e("applicationMode", "applicationMode"),
            *_s("description", "displayName", "id", "name", "policyTip", "toolTip"),
            *_b("isEndpointProtectionEnabled"),
            _c("labelActions", "labelActionBase", many=True),
            *_i("priority"),
        ),
    ),
    GraphType(
        "evaluateLabelsAndPoliciesResult",
        None,
        (
            _c("classificationResult", "detectedSensitiveContentWrapper"),
            _c("dataLossPreventionPoliciesResult", "dlpPoliciesJobResult"),
            _c("sensitivityLabelsResult", "evaluateLabelJobResultGroup"),
        ),
    ),
    # Label actions
    GraphType("labelActionBase", None, _s("name")),
    GraphType("markContent", "labelActionBase", (*_s("fontColor", "text"), *_i("fontSize"))),
    GraphType("addFooter", "markContent", (_e("alignment", "alignment"), *_i("margin"))),
    GraphType("addHeader", "markContent", (_e("alignment", "alignment"), *_i("margin"))),
    GraphType("addWatermark", "markContent", (_e("orientation", "pageOrientation"),)),
    GraphType("encryptContent", "labelActionBase", (_e("encryptWith", "encryptWith"),)),
    GraphType(
        "encryptWithTemplate",
        "encryptContent",
        (*_b("availableForEncryption"), *_s("templateId")),
    ),
    GraphType(
        "encryptWithUserDefinedRights",
        "encryptContent",
        (
            *_b("allowAdHocPermissions", "allowMailForwarding"),
            *_s("decryptionRightsManagementTemplateId"),
        ),
    ),
    GraphType(
        "protectGroup",
        "labelActionBase",
        (*_b("allowEmailFromGuestUsers", "allowGuestUsers"), _e("privacy", "groupPrivacy")),
    ),
    GraphType(
        "protectOnlineMeetingAction",
        "labelActionBase",
        (
            _e("allowedForwarders", "onlineMeetingForwarders"),
            _e("allowedPresenters", "onlineMeetingPresenters"),
            *_b("isCopyToClipboardEnabled", "isLobbyEnabled"),
            _c("lobbyBypassSettings", "lobbyBypassSettings"),
        ),
    ),
    GraphType(
        "lobbyBypassSettings", None, (*_b("isDialInBypassEnabled"), _e("scope", "lobbyBypassScope"))
    ),
    GraphType(
        "protectSite",
        "labelActionBase",
        (_e("accessType", "siteAccessType"), *_s("conditionalAccessProtectionLevelId")),
    ),
)

TYPES: dict[str, GraphType] = {t.name: t for t in _TYPES}

JOB_TYPES: tuple[str, ...] = (
    JOB_RESPONSE_BASE,
    CLASSIFICATION_JOB_RESPONSE,
    DLP_EVALUATE_POLICIES_JOB_RESPONSE,
    EVALUATE_LABEL_JOB_RESPONSE,
    EVALUATE_LABELS_AND_POLICIES_JOB_RESPONSE,
)


# The types with identity (entity types, each derived from Graph's abstract ``entity``, whose
# ``id`` is their key); every other type is a complex type. Their derived types are entities too.
ENTITY_ROOTS: tuple[str, ...] = (DATA_CLASSIFICATION_SERVICE, JOB_RESPONSE_BASE)


def all_props(type_name: str) -> tuple[Prop, ...]:
    """The properties of a type, inherited ones first, as the wire shows them."""
    graph_type = TYPES[type_name]
    inherited = all_props(graph_type.base) if graph_type.base else ()
    return inherited + graph_type.props


def is_derived(type_name: str, ancestor: str) -> bool:
    """Whether ``type_name`` is ``ancestor`` or derives from it."""
    current: str | None = type_name
    while current is not None:
        if current == ancestor:
            return True
        current = TYPES[current].base
    return False


def derived_types(type_name: str) -> tuple[str, ...]:
    """The type itself and every type deriving from it: what a property of that type accepts."""
    return tuple(name for name in TYPES if is_derived(name, type_name))


def is_entity(type_name: str) -> bool:
    """Whether ``type_name`` is an entity type (has identity) rather than a complex type."""
    return any(is_derived(type_name, root) for root in ENTITY_ROOTS)


def flags_enums() -> frozenset[str]:
    """The enums a property holds as flags ("a,b"): CSDL's ``IsFlags``."""
    return frozenset(
        prop.target
        for graph_type in TYPES.values()
        for prop in graph_type.props
        if prop.kind is Kind.FLAGS and prop.target
    )


def qualified(type_name: str) -> str:
    """The ``@odata.type`` value Graph writes: ``#microsoft.graph.x``."""
    return f"#{TYPE_NAMESPACE}.{type_name}"


_BY_LOWER = {name.lower(): name for name in TYPES}


def resolve_type_name(odata_type: str) -> str | None:
    """The model's name for an ``@odata.type`` value, with or without ``#``, in any case."""
    value = odata_type.removeprefix("#")
    prefix = TYPE_NAMESPACE + "."
    if value[: len(prefix)].lower() != prefix:
        return None
    return _BY_LOWER.get(value[len(prefix) :].lower())
