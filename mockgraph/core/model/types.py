"""The Graph type model reachable from the dataClassification service, as one table.

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
    STREAM = "stream"  # Edm.Stream in a JSON body: the bytes, base64-encoded


@dataclass(frozen=True)
class Prop:
    """One property: its wire name, its kind, and the enum or type it refers to."""

    name: str
    kind: Kind
    target: str | None = None
    many: bool = False


@dataclass(frozen=True)
class Nav:
    """A navigation property: an entity (or a collection of them) reached at its own path,
    never written in its parent's body; ``contained``: it exists only inside its parent."""

    name: str
    target: str
    many: bool = True
    contained: bool = True


@dataclass(frozen=True)
class GraphType:
    """One Graph type with its own (not inherited) properties and navigation properties."""

    name: str
    base: str | None
    props: tuple[Prop, ...] = ()
    navs: tuple[Nav, ...] = ()


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
SENSITIVE_TYPE = "sensitiveType"
SENSITIVITY_LABEL = "sensitivityLabel"
USAGE_RIGHTS_INCLUDED = "usageRightsIncluded"
EXACT_MATCH_DATA_STORE = "exactMatchDataStore"
EXACT_MATCH_SESSION = "exactMatchSession"
EXACT_MATCH_UPLOAD_AGENT = "exactMatchUploadAgent"

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
    "labelActionSource": ("manual", "automatic", "recommended", "none", "unknownFutureValue"),
    "sensitivityLabelTarget": ("email", "site", "unifiedGroup", "teamwork", "unknownFutureValue"),
    "usageRights": (
        "unknown", "docEdit", "edit", "comment", "export", "forward", "owner", "print", "reply",
        "replyAll", "view", "extract", "viewRightsData", "editRightsData", "objModel",
        "accessDenied", "userDefinedProtectionTypeNotSupportedException",
        "encryptedProtectionTypeNotSupportedException",
        "purviewClaimsChallengeNotSupportedException", "exception", "labelNotFoundException",
        "unknownFutureValue",
    ),
}  # fmt: skip

_TYPES = (
    # The singleton: its id is its one property; everything else is contained in it
    GraphType(
        DATA_CLASSIFICATION_SERVICE,
        None,
        (Prop("id", Kind.STRING),),
        (
            *(
                Nav(name, JOB_RESPONSE_BASE)
                for name in (
                    "classifyFileJobs",
                    "classifyTextJobs",
                    "evaluateDlpPoliciesJobs",
                    "evaluateLabelJobs",
                    "jobs",
                    "labelsAndPoliciesEvaluationJobs",
                )
            ),
            Nav("exactMatchDataStores", EXACT_MATCH_DATA_STORE),
            Nav("exactMatchUploadAgents", EXACT_MATCH_UPLOAD_AGENT),
            Nav("sensitiveTypes", SENSITIVE_TYPE),
            Nav("sensitivityLabels", SENSITIVITY_LABEL),
        ),
    ),  # fmt: skip
    # Sensitive information types
    GraphType(
        SENSITIVE_TYPE,
        None,
        (
            Prop("id", Kind.STRING),
            _e("classificationMethod", "classificationMethod"),
            *_s("description"),
            Prop("lastModifiedDateTime", Kind.DATETIME),
            *_s("name", "publisherName", "rulePackageId", "rulePackageType"),
            Prop("scope", Kind.FLAGS, "sensitiveTypeScope"),
            _e("sensitiveTypeSource", "sensitiveTypeSource"),
            *_s("state"),
        ),
    ),
    # Sensitivity labels: sublabels are labels too; rights are the caller's on a label
    GraphType(
        SENSITIVITY_LABEL,
        None,
        (
            Prop("id", Kind.STRING),
            _e("actionSource", "labelActionSource"),
            Prop("applicableTo", Kind.FLAGS, "sensitivityLabelTarget"),
            _e("applicationMode", "applicationMode"),
            *_s("autoTooltip", "color", "description", "displayName"),
            *_b("hasProtection", "isDefault", "isEnabled", "isEndpointProtectionEnabled"),
            *_b("isScopedToUser"),
            *_s("locale", "name"),
            *_i("priority"),
            *_s("toolTip"),
        ),
        (Nav("rights", USAGE_RIGHTS_INCLUDED, many=False), Nav("sublabels", SENSITIVITY_LABEL)),
    ),
    GraphType(
        USAGE_RIGHTS_INCLUDED,
        None,
        (
            Prop("id", Kind.STRING),
            *_s("ownerEmail", "userEmail"),
            Prop("value", Kind.FLAGS, "usageRights"),
        ),
    ),
    # Exact data match: stores, their upload sessions and agents, lookups
    GraphType(
        "exactMatchDataStoreBase",
        None,
        (
            Prop("id", Kind.STRING),
            _c("columns", "exactDataMatchStoreColumn", many=True),
            Prop("dataLastUpdatedDateTime", Kind.DATETIME),
            *_s("description", "displayName"),
        ),
    ),
    GraphType(
        EXACT_MATCH_DATA_STORE,
        "exactMatchDataStoreBase",
        navs=(Nav("sessions", EXACT_MATCH_SESSION),),
    ),
    GraphType(
        "exactDataMatchStoreColumn",
        None,
        (
            Prop("ignoredDelimiters", Kind.STRING, many=True),
            *_b("isCaseInsensitive", "isSearchable"),
            *_s("name"),
        ),
    ),
    GraphType(
        "exactMatchJobBase",
        None,
        (
            Prop("id", Kind.STRING),
            Prop("completionDateTime", Kind.DATETIME),
            Prop("creationDateTime", Kind.DATETIME),
            _c("error", CLASSIFICATION_ERROR),
            Prop("lastUpdatedDateTime", Kind.DATETIME),
            Prop("startDateTime", Kind.DATETIME),
        ),
    ),
    GraphType(
        "exactMatchSessionBase",
        "exactMatchJobBase",
        (
            *_s("dataStoreId"),
            Prop("processingCompletionDateTime", Kind.DATETIME),
            *_i("remainingBlockCount", "remainingJobCount"),
            *_s("state"),
            *_i("totalBlockCount", "totalJobCount"),
            Prop("uploadCompletionDateTime", Kind.DATETIME),
        ),
    ),
    GraphType(
        EXACT_MATCH_SESSION,
        "exactMatchSessionBase",
        (
            *_s("checksum", "dataUploadURI"),
            Prop("fields", Kind.STRING, many=True),
            *_s("fileName"),
            *_i("rowsPerBlock"),
            *_s("salt", "uploadAgentId"),
        ),
        (Nav("uploadAgent", EXACT_MATCH_UPLOAD_AGENT, many=False),),
    ),
    GraphType(
        "exactMatchLookupJob",
        "exactMatchJobBase",
        _s("state"),
        (Nav("matchingRows", "lookupResultRow"),),
    ),
    GraphType("lookupResultRow", None, (Prop("id", Kind.STRING), *_s("row"))),
    GraphType(
        EXACT_MATCH_UPLOAD_AGENT,
        None,
        (Prop("id", Kind.STRING), Prop("creationDateTime", Kind.DATETIME), *_s("description")),
    ),
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
    # Action parameters and results: exact data match, labels' evaluation and rights
    GraphType(
        "contentClassification",
        None,
        (
            *_i("confidence"),
            _c("matches", "matchLocation", many=True),
            *_s("sensitiveTypeId"),
            *_i("uniqueCount"),
        ),
    ),
    GraphType("matchLocation", None, _i("length", "offset")),
    GraphType(
        "exactMatchClassificationResult",
        None,
        (
            _c("classification", "exactMatchDetectedSensitiveContent", many=True),
            _c("errors", CLASSIFICATION_ERROR, many=True),
        ),
    ),
    GraphType(
        "discoveredSensitiveType",
        None,
        (
            _c("classificationAttributes", "classificationAttribute", many=True),
            *_i("confidence", "count"),
            Prop("id", Kind.GUID),
        ),
    ),
    GraphType("currentLabel", None, (_e("applicationMode", "applicationMode"), *_s("id"))),
    GraphType("protectedContent", None, _s("cid", "format", "labelId")),
    GraphType(
        "computeRightsAndInheritanceResult",
        None,
        (
            _c("contentRights", "labelContentRight", many=True),
            _c("inheritedLabel", SENSITIVITY_LABEL),
            _c("sensitivityLabels", SENSITIVITY_LABEL, many=True),
        ),
    ),
    GraphType(
        "labelContentRight",
        None,
        (
            Prop("id", Kind.STRING),
            *_s("cid", "format"),
            _c("label", SENSITIVITY_LABEL),
            Prop("rights", Kind.FLAGS, "usageRights"),
        ),
    ),
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
ENTITY_ROOTS: tuple[str, ...] = (
    DATA_CLASSIFICATION_SERVICE,
    JOB_RESPONSE_BASE,
    SENSITIVE_TYPE,
    SENSITIVITY_LABEL,
    USAGE_RIGHTS_INCLUDED,
    "exactMatchDataStoreBase",
    "exactMatchJobBase",
    "lookupResultRow",
    EXACT_MATCH_UPLOAD_AGENT,
    "labelContentRight",
)


def all_props(type_name: str) -> tuple[Prop, ...]:
    """The properties of a type, inherited ones first, as the wire shows them."""
    graph_type = TYPES[type_name]
    inherited = all_props(graph_type.base) if graph_type.base else ()
    return inherited + graph_type.props


def all_navs(type_name: str) -> tuple[Nav, ...]:
    """The navigation properties of a type, inherited ones first."""
    graph_type = TYPES[type_name]
    inherited = all_navs(graph_type.base) if graph_type.base else ()
    return inherited + graph_type.navs


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
