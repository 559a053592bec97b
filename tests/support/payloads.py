"""Valid request bodies for every job type, exercising every nested polymorphic type."""

from __future__ import annotations

import copy
from typing import Any

ERROR = {
    "@odata.type": "#microsoft.graph.classificationError",
    "code": "Code value",
    "message": "Message value",
    "target": "Target value",
    "innerError": {
        "@odata.type": "#microsoft.graph.classificationInnerError",
        "errorDateTime": "2017-01-01T00:03:21.2986890+03:00",
        "clientRequestId": "Client Request Id value",
        "activityId": "Activity Id value",
        "code": "inner",
    },
    "details": [
        {"@odata.type": "#microsoft.graph.classifcationErrorBase", "code": "base"},
        {"@odata.type": "#microsoft.graph.classificationError", "code": "nested", "details": []},
        {"@odata.type": "#microsoft.graph.processingError", "errorType": "transient"},
    ],
}

CLASSIFICATION_RESULT = {
    "@odata.type": "#microsoft.graph.detectedSensitiveContentWrapper",
    "classification": [
        {
            "@odata.type": "#microsoft.graph.detectedSensitiveContent",
            "id": "7fa8665d-665d-7fa8-5d66-a87f5d66a87f",
            "displayName": "Credit Card Number",
            "uniqueCount": 11,
            "confidence": 85,
            "recommendedConfidence": 75,
            "classificationMethod": "patternMatch",
            "scope": "fullDocument,partialDocument",
            "sensitiveTypeSource": "outOfBox",
            "classificationAttributes": [
                {"@odata.type": "#microsoft.graph.classificationAttribute", "confidence": 85}
            ],
            "matches": [
                {
                    "@odata.type": "#microsoft.graph.sensitiveContentLocation",
                    "idMatch": "4111",
                    "offset": 6,
                    "length": 16,
                    "confidence": 85,
                    "evidences": [
                        {
                            "@odata.type": "#microsoft.graph.sensitiveContentEvidence",
                            "match": "4111",
                        }
                    ],
                }
            ],
        },
        {
            "@odata.type": "#microsoft.graph.machineLearningDetectedSensitiveContent",
            "id": "0b3a1bd6-7c87-4bbf-a1a3-9f8c6c0f2d2e",
            "modelVersion": "2.1",
            "matchTolerance": ["exact", "near"],
        },
    ],
}

DLP_RESULT = {
    "@odata.type": "#microsoft.graph.dlpPoliciesJobResult",
    "auditCorrelationId": "a1",
    "evaluationDateTime": "2024-05-06T07:08:09.123456+00:00",
    "matchingRules": [
        {
            "@odata.type": "#microsoft.graph.matchingDlpRule",
            "ruleId": "r1",
            "ruleName": "Block cards",
            "policyId": "p1",
            "policyName": "Cards",
            "isMostRestrictive": True,
            "priority": 1,
            "ruleMode": "enforce",
            "actions": [
                {"@odata.type": "#microsoft.graph.dlpActionInfo", "action": "generateAlert"},
                {
                    "@odata.type": "#microsoft.graph.notifyUserAction",
                    "action": "notifyUser",
                    "emailText": "Careful",
                    "recipients": ["a@contoso.com"],
                    "actionLastModifiedDateTime": "2024-05-06T09:08:10+02:00",
                },
                {
                    "@odata.type": "#microsoft.graph.restrictAccessAction",
                    "action": "restrictAccess",
                    "restrictionAction": "block",
                },
                {"@odata.type": "#microsoft.graph.blockAccessAction", "action": "blockAccess"},
                {"@odata.type": "#microsoft.graph.policyTipAction", "policyTip": "Tip"},
            ],
        }
    ],
}

LABEL_RESULT = {
    "@odata.type": "#microsoft.graph.evaluateLabelJobResultGroup",
    "automatic": {
        "@odata.type": "#microsoft.graph.evaluateLabelJobResult",
        "sensitivityLabel": {
            "@odata.type": "#microsoft.graph.matchingLabel",
            "id": "l1",
            "name": "Confidential",
            "applicationMode": "automatic",
            "isEndpointProtectionEnabled": False,
            "priority": 3,
            "labelActions": [
                {
                    "@odata.type": "#microsoft.graph.addFooter",
                    "text": "Confidential",
                    "alignment": "center",
                    "margin": 5,
                    "fontSize": 10,
                },
                {"@odata.type": "#microsoft.graph.addWatermark", "orientation": "diagonal"},
                {
                    "@odata.type": "#microsoft.graph.encryptWithTemplate",
                    "encryptWith": "template",
                    "templateId": "t1",
                    "availableForEncryption": True,
                },
                {"@odata.type": "#microsoft.graph.protectGroup", "privacy": "private"},
                {
                    "@odata.type": "#microsoft.graph.protectOnlineMeetingAction",
                    "allowedPresenters": "organizer",
                    "lobbyBypassSettings": {
                        "@odata.type": "#microsoft.graph.lobbyBypassSettings",
                        "scope": "invited",
                    },
                },
                {"@odata.type": "#microsoft.graph.protectSite", "accessType": "limited"},
            ],
        },
        "responsibleSensitiveTypes": [
            {"@odata.type": "#microsoft.graph.responsibleSensitiveType", "id": "s1", "name": "Card"}
        ],
        "responsiblePolicy": {"@odata.type": "#microsoft.graph.responsiblePolicy", "id": "p1"},
    },
    "recommended": {"@odata.type": "#microsoft.graph.evaluateLabelJobResult"},
}

BASE = {
    "type": "file",
    "status": "completed",
    "tenantId": "6b9f1b2e-0000-4000-8000-000000000001",
    "userId": "user-1",
    "creationDateTime": "2017-01-01T00:00:59.0982804+03:00",
    "startDateTime": "2017-01-01T00:03:15.6077862+03:00",
    "endDateTime": "2017-01-01T00:05:17.3856072Z",
    "error": ERROR,
}

RESULTS: dict[str, Any] = {
    "jobResponseBase": None,
    "classificationJobResponse": CLASSIFICATION_RESULT,
    "dlpEvaluatePoliciesJobResponse": DLP_RESULT,
    "evaluateLabelJobResponse": LABEL_RESULT,
    "evaluateLabelsAndPoliciesJobResponse": {
        "@odata.type": "#microsoft.graph.evaluateLabelsAndPoliciesResult",
        "classificationResult": CLASSIFICATION_RESULT,
        "dataLossPreventionPoliciesResult": DLP_RESULT,
        "sensitivityLabelsResult": LABEL_RESULT,
    },
}

JOB_TYPES = tuple(RESULTS)

# The collection each type is created through in the tests (a typed collection's own type).
HOME = {
    "jobResponseBase": "jobs",
    "classificationJobResponse": "classifyFileJobs",
    "dlpEvaluatePoliciesJobResponse": "evaluateDlpPoliciesJobs",
    "evaluateLabelJobResponse": "evaluateLabelJobs",
    "evaluateLabelsAndPoliciesJobResponse": "labelsAndPoliciesEvaluationJobs",
}
COLLECTIONS = (
    "jobs",
    "classifyFileJobs",
    "classifyTextJobs",
    "evaluateDlpPoliciesJobs",
    "evaluateLabelJobs",
    "labelsAndPoliciesEvaluationJobs",
)


def job(type_name: str = "classificationJobResponse", **overrides: Any) -> dict[str, Any]:
    """A full, valid job body of ``type_name`` (a fresh copy each call)."""
    body: dict[str, Any] = {"@odata.type": f"#microsoft.graph.{type_name}", **BASE}
    if RESULTS[type_name] is not None:
        body["result"] = RESULTS[type_name]
    body.update(overrides)
    return copy.deepcopy(body)
