import Foundation

/// The OpenAPI 3.0 description of every route the server registers, served at `/openapi.json`.
///
/// Written by hand next to the routes, with the policies' names added when served (``json(policies:)``); a test
/// holds the two against each other, both ways, validates the document with `openapi-spec-validator`, and
/// schemathesis holds every answer against it.
enum OpenAPIDocument {
    typealias Object = [String: Any]

    static var document: Object {
        [
            "openapi": "3.0.3",
            "info": [
                "title": "pdgate",
                "version": "1.0.0",
                "description": """
                    Personal-data compliance gateway: subjects, consent, data-subject requests, retention purge and \
                    audit. Every /v1 call carries `Authorization: Bearer <token>` (`pdgate token create`); its role \
                    from roles.yaml decides what it may do, and every refusal is audited. Errors are \
                    `{"error": {"code", "message"}}`; messages name fields and pseudonyms, never personal values.
                    """,
            ] as Object,
            "servers": [["url": "/"]],
            "tags": [
                ["name": "subjects"], ["name": "consents"], ["name": "requests"], ["name": "purge"],
                ["name": "audit"], ["name": "operations"], ["name": "connectors"], ["name": "incidents"],
                ["name": "exports"],
                ["name": "console", "description": "The privacy officer's web console (HTML pages and forms)."],
                ["name": "privacy", "description": "The privacy center: people's own pages (HTML, no token) and the "
                    + "lead form's JSON endpoint."],
            ],
            "paths": paths,
            "components": components,
        ]
    }

    // MARK: Paths

    static var paths: Object {
        [
            "/healthz": ["get": operation("health", "Whether the gateway can read its vault", tag: "operations",
                                          secured: false,
                                          responses: ["200": json("Healthy", ref("Health")),
                                                      "503": json("The vault cannot be read", ref("Health"))])],
            "/livez": ["get": operation("live", "Whether the process answers (touches nothing else)",
                                        tag: "operations", secured: false,
                                        responses: ["200": json("Alive", ref("Health"))])],
            "/metrics": ["get": operation("metrics", "Prometheus metrics: requests by route and status, subjects, "
                                              + "open and overdue requests", tag: "operations", secured: false,
                                          responses: ["200": text("Prometheus text format 0.0.4", "text/plain")])],
            "/openapi.json": ["get": operation("openapi", "This document", tag: "operations", secured: false,
                                               responses: ["200": json("The OpenAPI document", ["type": "object"])])],
            "/v1/subjects": [
                "post": operation("createSubject", "Record a person from a web form, with consent; an existing "
                                      + "person (same e-mail, or same phone and name) is merged, not duplicated",
                                  tag: "subjects", body: ref("CreateSubject"),
                                  responses: ["201": json("Created", ref("CreatedSubject")),
                                              "200": json("Merged into an existing person", ref("CreatedSubject"))],
                                  errors: [400, 403, 413, 415, 422]),
                "get": operation("findSubjects", "Find subjects by e-mail or phone (exactly one); prefer "
                                     + "POST /v1/subjects/search to keep the value out of URLs",
                                 tag: "subjects",
                                 parameters: [query("email", "E-mail to look up"), query("phone", "Phone to look up")],
                                 responses: ["200": json("Matching pseudonyms", ref("SubjectList"))],
                                 errors: [400, 403, 422]),
            ],
            "/v1/subjects/search": [
                "post": operation("searchSubjects", "Find subjects by e-mail or phone given in the body",
                                  tag: "subjects", body: ref("Search"),
                                  responses: ["200": json("Matching pseudonyms", ref("SubjectList"))],
                                  errors: [400, 403, 413, 415, 422]),
            ],
            "/v1/subjects/{id}": [
                "get": operation("showSubject", "One subject as the caller's role may see it (masked or left out); "
                                     + "the read is audited", tag: "subjects", parameters: [subjectID],
                                 responses: ["200": json("The subject", ref("SubjectView"))], errors: [400, 403, 404]),
                "patch": operation("updateSubject", "Change, confirm or remove fields (null removes)",
                                   tag: "subjects", parameters: [subjectID], body: ref("UpdateSubject"),
                                   responses: ["200": json("What changed", ref("SubjectUpdate"))],
                                   errors: [400, 403, 404, 413, 415, 422]),
            ],
            "/v1/subjects/{id}/consents": [
                "get": operation("consentHistory", "Every consent event of the person, oldest first",
                                 tag: "consents", parameters: [subjectID],
                                 responses: ["200": json("The history", ref("ConsentHistory"))],
                                 errors: [400, 403, 404]),
                "post": operation("giveConsent", "Record consent to a consent-based purpose, tied to its notice",
                                  tag: "consents", parameters: [subjectID], body: ref("GiveConsent"),
                                  responses: ["201": json("Recorded", ref("ConsentEvent"))],
                                  errors: [400, 403, 404, 413, 415, 422]),
            ],
            "/v1/subjects/{id}/consents/{purpose}/withdraw": [
                "post": operation("withdrawConsent", "Withdraw consent (history is kept)", tag: "consents",
                                  parameters: [subjectID, path("purpose", "A purpose of purposes.yaml")],
                                  body: ref("Withdraw"), bodyRequired: false,
                                  responses: ["200": json("Whether consent was active", ref("Withdrawal"))],
                                  errors: [400, 403, 404, 413, 415, 422]),
            ],
            "/v1/requests": [
                "get": operation("listRequests", "Requests, open ones first by deadline", tag: "requests",
                                 parameters: [query("overdue", "Only requests past their deadline", type: "boolean"),
                                              query("open", "Only open requests", type: "boolean")],
                                 responses: ["200": json("The requests", ref("RequestList"))], errors: [403, 422]),
                "post": operation("createRequest", "Record a request found by the person's e-mail or phone",
                                  tag: "requests", body: ref("CreateRequest"),
                                  responses: ["201": json("Recorded", ref("Request"))],
                                  errors: [400, 403, 413, 415, 422]),
            ],
            "/v1/requests/{reference}": [
                "get": operation("showRequest", "One request", tag: "requests", parameters: [reference],
                                 responses: ["200": json("The request", ref("Request"))], errors: [403, 404]),
            ],
            "/v1/requests/{reference}/verify": [
                "post": operation("verifyRequest", "Record that the person's identity was checked, and how",
                                  tag: "requests", parameters: [reference], body: ref("Verify"),
                                  responses: ["200": json("Verified", ref("Request"))],
                                  errors: [400, 403, 404, 409, 413, 415, 422]),
            ],
            "/v1/requests/{reference}/run": [
                "post": operation("runRequest", "Carry out a verified request (access bundle, erasure, ...)",
                                  tag: "requests", parameters: [reference], body: ref("Run"), bodyRequired: false,
                                  responses: ["200": json("Done; an access request's delivery key is shown once",
                                                          ref("RunResult"))],
                                  errors: [400, 403, 404, 409, 413, 415, 422]),
            ],
            "/v1/requests/{reference}/refuse": [
                "post": operation("refuseRequest", "Refuse with a reason the person can read", tag: "requests",
                                  parameters: [reference], body: ref("Reason"),
                                  responses: ["200": json("Refused", ref("Request"))],
                                  errors: [400, 403, 404, 409, 413, 415, 422]),
            ],
            "/v1/requests/{reference}/extend": [
                "post": operation("extendRequest", "Extend the deadline once, with the reason given",
                                  tag: "requests", parameters: [reference], body: ref("Reason"),
                                  responses: ["200": json("Extended", ref("Request"))],
                                  errors: [400, 403, 404, 409, 413, 415, 422]),
            ],
            "/v1/requests/{reference}/bundle": [
                "get": operation("downloadBundle", "The sealed access bundle of a completed access request",
                                 tag: "requests", parameters: [reference],
                                 responses: ["200": binary("The bundle (secretstream; open with the delivery key)",
                                                           "application/octet-stream")],
                                 errors: [403, 404, 422]),
            ],
            "/v1/requests/{reference}/act": [
                "get": operation("downloadAct", "The destruction act of a completed erasure request",
                                 tag: "requests",
                                 parameters: [reference, query("format", "html (default), md or json",
                                                              values: ["html", "md", "json"])],
                                 responses: ["200": actContent], errors: [400, 403, 404]),
            ],
            "/v1/purge/dry-run": [
                "post": operation("purgeDryRun", "Who the retention purge would erase, and why", tag: "purge",
                                  body: ref("Purge"), bodyRequired: false,
                                  responses: ["200": json("The preview", ref("PurgeReport"))],
                                  errors: [400, 403, 413, 415, 422]),
            ],
            "/v1/purge/run": [
                "post": operation("purgeRun", "Erase everyone whose retention period has ended", tag: "purge",
                                  body: ref("Purge"), bodyRequired: false,
                                  responses: ["200": json("What was erased", ref("PurgeReport"))],
                                  errors: [400, 403, 413, 415, 422]),
            ],
            "/v1/audit/verify": [
                "get": operation("verifyAudit", "Check the audit log's hash chain and signed checkpoints",
                                 tag: "audit", responses: ["200": json("The result", ref("AuditCheck"))],
                                 errors: [403]),
            ],
            "/v1/audit/subjects/{id}": [
                "get": operation("auditTrail", "One subject's audit trail", tag: "audit", parameters: [subjectID],
                                 responses: ["200": json("The trail", ref("AuditTrail"))], errors: [400, 403]),
            ],
            "/v1/stats": [
                "get": operation("statistics", "Aggregates without personal data (roles with aggregates)",
                                 tag: "operations", responses: ["200": json("Counts", ref("Statistics"))],
                                 errors: [403]),
            ],
            "/inbound/{connector}/{secret}": [
                "get": operation("inboundCheck", "Answers 200 when the connector and secret match (Mailchimp checks "
                                     + "a webhook URL this way)", tag: "connectors", secured: false,
                                 parameters: inboundParameters,
                                 responses: ["200": json("The endpoint exists", ref("Health"))], errors: [401]),
                "post": operation("inboundEvents", "A mailing service's webhook (Mailchimp list webhook, "
                                      + "form-encoded; UniSender hook, JSON whose auth is the MD5 of the body with "
                                      + "the API key in its place): unsubscribes and complaints withdraw the "
                                      + "connector's purposes, hard bounces mark the address invalid, a confirmation "
                                      + "pdgate asked for proves legacy consent; replays have one effect, unknown "
                                      + "addresses are counted, never created", tag: "connectors", secured: false,
                                  parameters: inboundParameters,
                                  body: object(["type": ["type": "string"], "fired_at": ["type": "string"],
                                                "data[email]": ["type": "string"], "data[list_id]": ["type": "string"],
                                                "data[reason]": ["type": "string"]], required: ["type"]),
                                  bodyType: "application/x-www-form-urlencoded",
                                  responses: ["200": json("What the events did", ref("InboundReport"))],
                                  errors: [401, 413, 415]),
            ],
            "/v1/connectors/status": [
                "get": operation("connectorStatus", "Outbox counts per connector and the latest dead letters "
                                     + "(pseudonyms only)", tag: "connectors",
                                 parameters: [query("limit", "Dead letters to list, 0-500 (default 50)",
                                                    type: "integer", bounds: 0...500)],
                                 responses: ["200": json("The status", ref("ConnectorStatus"))], errors: [403, 422]),
            ],
            "/v1/connectors/dead-letters/{event}/requeue": [
                "post": operation("requeueDeadLetter", "Queue a dead letter again with its attempts reset",
                                  tag: "connectors",
                                  parameters: [path("event", "Outbox event id, evt_ and a lowercase UUID",
                                                    pattern: eventPattern)],
                                  responses: ["200": json("Requeued", object(["event": ["type": "string"],
                                                                               "requeued": ["type": "boolean"]],
                                                                              required: ["event", "requeued"]))],
                                  errors: [403, 404, 422]),
            ],
        ].merging(consolePaths) { first, _ in first }.merging(incidentPaths) { first, _ in first }
            .merging(consoleActionPaths) { first, _ in first }
            .merging(exportPaths) { first, _ in first }.merging(privacyPaths) { first, _ in first }
    }

    static var consolePaths: Object {
        [
            "/console": ["get": page("consoleHome", "Redirects to the request queue", secured: false, redirect: true)],
            "/console/login": [
                "get": page("consoleLoginPage", "The login page (a token from `pdgate token create`)", secured: false),
                "post": form("consoleLogin", "Log in with a token; sets an HttpOnly, SameSite=Strict session cookie. "
                                 + "The form repeats the login page's pre-session cookie pdgate_login in csrf; a post "
                                 + "from another origin is refused", fields: ["csrf", "token"], secured: false,
                             extra: ["401": text("The token does not authenticate: the form again, with the problem",
                                                 "text/html"),
                                     "429": text("Too many failed logins from this address (Retry-After)",
                                                 "text/html")]),
            ],
            "/console/logout": ["post": form("consoleLogout", "End the session", fields: ["csrf"])],
            "/console/assets/console.css": [
                "get": operation("consoleStylesheet", "The console's stylesheet", tag: "console", secured: false,
                                 responses: ["200": text("CSS", "text/css")]),
            ],
            "/console/requests": [
                "get": page("consoleRequests", "The request queue, by deadline; overdue ones highlighted",
                            parameters: [query("filter", "open (default), overdue or all",
                                               values: ["open", "overdue", "all"]),
                                         query("kind", "Only requests of this kind"),
                                         query("state", "Only requests in this state"),
                                         query("page", "The page, from 1 (50 a page)", type: "integer",
                                               bounds: 1...1_000_000)]),
            ],
            "/console/requests/new": [
                "get": page("consoleNewRequestForm", "The form registering a request received by letter, e-mail, "
                            + "phone or in person"),
                "post": form("consoleNewRequest", "step=review shows the confirmation page (nothing stored), "
                             + "step=edit the form again, step=confirm registers the request (and verifies it when "
                             + "evidence is given)",
                             fields: ["csrf", "step", "kind", "jurisdiction", "channel", "email", "phone", "received",
                                      "evidence", "field", "new_value"], html: true),
            ],
            "/console/requests/{reference}": [
                "get": page("consoleRequest", "One request with its actions and documents", parameters: [reference]),
            ],
            "/console/requests/{reference}/ask-identity": [
                "post": form("consoleAskIdentity", "E-mail the person asking for proof of identity",
                             fields: ["csrf"], parameters: [reference]),
            ],
            "/console/requests/{reference}/verify": [
                "post": form("consoleVerify", "Verify the person's identity", fields: ["csrf", "method"],
                             parameters: [reference]),
            ],
            "/console/requests/{reference}/run": [
                "post": form("consoleRun", "Carry out the request; an access request's delivery key is shown once",
                             fields: ["csrf", "language"], html: true, parameters: [reference]),
            ],
            "/console/requests/{reference}/refuse": [
                "post": form("consoleRefuse", "Refuse the request", fields: ["csrf", "reason"],
                             parameters: [reference]),
            ],
            "/console/requests/{reference}/extend": [
                "post": form("consoleExtend", "Extend the deadline", fields: ["csrf", "reason"],
                             parameters: [reference]),
            ],
            "/console/requests/{reference}/bundle": [
                "get": operation("consoleBundle", "Download the sealed access bundle", tag: "console",
                                 cookie: true, parameters: [reference],
                                 responses: consoleErrors.merging(["200": binary("The bundle",
                                                                                  "application/octet-stream"),
                                                                   "303": notSignedIn]) { $1 }),
            ],
            "/console/requests/{reference}/act": [
                "get": operation("consoleAct", "Download the destruction act", tag: "console", cookie: true,
                                 parameters: [reference, query("format", "html (default), md or json",
                                                              values: ["html", "md", "json"])],
                                 responses: consoleErrors.merging(["200": actContent, "303": notSignedIn]) { $1 }),
            ],
            "/console/subjects/{id}/act": [
                "post": form("consoleSubjectAction", "An action on a person (correct, consent_withdraw, consent_give, "
                             + "restrict, open_request, erase): step=review shows what will happen (nothing changed), "
                             + "step=confirm does it",
                             fields: ["csrf", "action", "step", "field", "new_value", "purpose", "reason", "kind",
                                      "channel", "jurisdiction"], html: true, parameters: [subjectID]),
            ],
            "/console/subjects": [
                "get": page("consoleSubjectSearch", "The subject search form"),
                "post": form("consoleSubjectSearchResults", "Search by e-mail or phone (kept out of the URL)",
                             fields: ["csrf", "kind", "value"], html: true),
            ],
            "/console/subjects/{id}": [
                "get": page("consoleSubject", "One subject, as the role may see it", parameters: [subjectID]),
            ],
            "/console/subjects/{id}/audit": [
                "get": page("consoleSubjectAudit", "A subject's audit trail", parameters: [subjectID]),
            ],
            "/console/purge": [
                "get": page("consolePurge", "The retention purge preview",
                            parameters: [query("as_of", "Judge as of this day (YYYY-MM-DD)"),
                                         query("rule", "Only the people due under this retention rule"),
                                         query("page", "The page, from 1 (100 a page)", type: "integer",
                                               bounds: 1...1_000_000)]),
            ],
            "/console/stats": ["get": page("consoleStats", "Aggregates")],
            "/console/connectors": [
                "get": page("consoleConnectors", "Connector queues and dead letters"),
            ],
            "/console/connectors/dead-letters/{event}/requeue": [
                "post": form("consoleRequeue", "Queue a dead letter again", fields: ["csrf"],
                             parameters: [path("event", "Outbox event id", pattern: eventPattern)]),
            ],
        ]
    }

    // MARK: Components

    static var components: Object {
        [
            "securitySchemes": [
                "bearerAuth": ["type": "http", "scheme": "bearer",
                               "description": "A token from `pdgate token create --role R --name N`"] as Object,
                "consoleSession": ["type": "apiKey", "in": "cookie", "name": "pdgate_session"] as Object,
                "privacySession": ["type": "apiKey", "in": "cookie", "name": "pdgate_privacy"] as Object,
            ] as Object,
            "responses": Dictionary(uniqueKeysWithValues: errorStatuses.map { status, text in
                ("E\(status)", json(text, ref("Error")))
            }),
            "schemas": schemas.merging(incidentSchemas) { first, _ in first }.merging(exportSchemas) { first, _ in first },
        ]
    }

    static let errorStatuses: [Int: String] = [
        400: "The request cannot be read (bad JSON, a missing member, a bad parameter)",
        401: "No token, or a token that is unknown, expired or revoked",
        403: "Refused by the caller's role (audited)",
        404: "Not found",
        409: "The request's state does not allow this action",
        413: "The body is larger than the server accepts",
        415: "The body is not of the expected content type",
        422: "A value is not acceptable",
        429: "Too many failed authentications from this address; see Retry-After",
        500: "The gateway could not complete the operation",
    ]

    static var schemas: Object {
        let string: Object = ["type": "string"]
        let dateTime: Object = ["type": "string", "format": "date-time"]
        let strings: Object = ["type": "array", "items": string]
        let int: Object = ["type": "integer"]
        let bool: Object = ["type": "boolean"]
        let requestKind: Object = [
            "type": "string",
            "enum": ["access", "erasure", "rectification", "restriction", "objection", "stop_processing", "withdrawal"],
        ]
        let certainty: Object = [
            "type": "string", "enum": ["official", "provisional_calendar", "weekdays_only"],
            "description": "absent when official; a provisional deadline is counted again once its year is loaded",
        ]
        return [
            "Error": object(["error": object(["code": string, "message": string], required: ["code", "message"])],
                            required: ["error"]),
            "Health": object(["status": ["type": "string", "enum": ["ok", "unavailable"]]], required: ["status"]),
            "CreateSubject": object([
                "fields": ["type": "object", "additionalProperties": string,
                           "description": "Values by field name of fields.yaml; full_name and email or phone needed"],
                "consents": ["type": "array", "items": string, "description": "Consent-based purposes agreed to"],
                "capture": object(["channel": string, "source": string, "evidence": string]),
            ], required: ["fields"]),
            "CreatedSubject": object([
                "version": int, "subject": string, "created": bool, "fields": strings, "changedFields": strings,
                "consents": strings, "needsReview": bool,
            ], required: ["subject", "created", "fields", "changedFields", "consents", "needsReview"]),
            "Search": object(["email": string, "phone": string]).merging([
                "description": "Exactly one of email and phone (422 otherwise)"]) { first, _ in first },
            "SubjectList": object(["subjects": strings], required: ["subjects"]),
            "SubjectView": object([
                "version": int, "subject": string, "status": ["type": "string", "enum": ["active", "restricted"]],
                "createdAt": string, "updatedAt": string,
                "fields": ["type": "array", "items": object([
                    "name": string, "category": string, "label": string, "value": string, "masked": bool,
                    "createdAt": string, "updatedAt": string, "confirmedAt": string,
                ], required: ["name", "category", "label", "masked"])],
                "consents": ["type": "array", "items": object([
                    "purpose": string, "active": bool, "provenance": string, "proven": bool, "since": string,
                ], required: ["purpose", "active", "provenance", "proven", "since"])],
            ], required: ["subject", "status", "fields", "consents"]),
            "UpdateSubject": object([
                "fields": ["type": "object", "additionalProperties": ["type": "string", "nullable": true] as Object],
            ], required: ["fields"]),
            "SubjectUpdate": object([
                "version": int, "subject": string, "changed": strings, "confirmed": strings, "removed": strings,
            ], required: ["subject", "changed", "confirmed", "removed"]),
            "GiveConsent": object(["purpose": string, "channel": string, "source": string, "evidence": string],
                                  required: ["purpose"]),
            "Withdraw": object(["channel": string, "source": string]),
            "ConsentEvent": object([
                "id": int, "subject": string, "purpose": string,
                "action": ["type": "string", "enum": ["given", "withdrawn"]], "at": dateTime, "channel": string,
                "source": string, "provenance": ["type": "string", "enum": ["legacy", "captured"]], "proven": bool,
                "noticeID": string, "noticeVersion": string, "noticeHash": string, "evidence": string,
                "importRun": int, "importRow": int, "principal": string,
            ], required: ["subject", "purpose", "action", "at", "channel", "source", "provenance", "proven",
                          "principal"]),
            "ConsentHistory": object(["subject": string, "events": ["type": "array", "items": ref("ConsentEvent")]],
                                     required: ["subject", "events"]),
            "Withdrawal": object(["withdrawn": bool, "event": ref("ConsentEvent")], required: ["withdrawn"]),
            "CreateRequest": object([
                "kind": requestKind,
                "email": string, "phone": string,
                "jurisdiction": ["type": "string", "default": "RU", "description": "RU or EU (jurisdictions.yaml)"],
                "channel": ["type": "string", "default": "api"], "field": string, "newValue": string,
                "receivedOn": ["type": "string", "format": "date",
                               "description": "The day it was received when registered later; the deadline "
                                   + "counts from it"],
            ], required: ["kind"]),
            "Verify": object(["method": string], required: ["method"]),
            "Run": object(["language": [
                "type": "string", "enum": ["ru", "en"],
                "description": "default: the request's jurisdiction's language (ru for RU, en for EU)",
            ]]),
            "Reason": object(["reason": string], required: ["reason"]),
            "Request": object([
                "reference": string,
                "kind": requestKind,
                "subject": string, "jurisdiction": string,
                "state": ["type": "string", "enum": ["received", "verified", "in_progress", "completed", "refused"]],
                "channel": string, "receivedAt": dateTime, "deadline": dateTime, "extendedDeadline": dateTime,
                "extensionReason": string, "verifiedAt": dateTime, "verification": string, "completedAt": dateTime,
                "refusalReason": string, "field": string, "outcome": string, "effectiveDeadline": dateTime,
                "deadlineCertainty": certainty, "provisionalCalendarYears": ["type": "array", "items": int],
                "lastDay": ["type": "string", "format": "date"], "daysLeft": int, "overdue": bool, "dueSoon": bool,
                "links": object(["self": string, "bundle": string, "act": string], required: ["self"]),
            ], required: ["reference", "kind", "jurisdiction", "state", "channel", "receivedAt", "deadline",
                          "effectiveDeadline", "lastDay", "daysLeft", "overdue", "dueSoon", "links"]),
            "RequestList": object(["requests": ["type": "array", "items": ref("Request")]], required: ["requests"]),
            "RunResult": object([
                "request": ref("Request"), "deliveryKey": string, "manifestSHA256": string,
                "erasure": object(["shredded": bool, "heldFields": strings, "holdEnds": dateTime, "act": string],
                                  required: ["shredded", "heldFields"]),
            ], required: ["request"]),
            "Purge": object(["asOf": ["type": "string", "format": "date"]]),
            "PurgeReport": object([
                "version": int, "dryRun": bool, "asOf": dateTime, "examined": int,
                "items": ["type": "array", "items": object([
                    "subject": string, "rule": string, "expired": dateTime, "action": string,
                ], required: ["subject", "rule", "expired", "action"])],
                "erased": int, "partiallyErased": int, "failed": int, "seconds": ["type": "number"],
            ], required: ["dryRun", "asOf", "examined", "items", "erased", "partiallyErased", "failed"]),
            "AuditCheck": object(["valid": bool, "entries": int, "checkpoints": int, "firstBadSeq": int,
                                  "problem": string], required: ["valid", "entries", "checkpoints"]),
            "AuditEntry": object([
                "seq": int, "at": ["type": "integer", "description": "Unix seconds"], "principal": string,
                "role": string, "action": string, "purpose": string, "subject": string, "fields": strings,
                "outcome": ["type": "string", "enum": ["ok", "refused", "failed"]], "detail": string,
            ], required: ["at", "principal", "role", "action", "fields", "outcome"]),
            "AuditTrail": object(["subject": string, "entries": ["type": "array", "items": ref("AuditEntry")]],
                                 required: ["subject", "entries"]),
            "Statistics": object([
                "version": int, "subjects": int, "restricted": int,
                "fieldFill": ["type": "object", "additionalProperties": ["type": "number"] as Object],
                "activeConsent": ["type": "object", "additionalProperties": int],
                "provenConsent": ["type": "object", "additionalProperties": int],
            ], required: ["subjects", "restricted", "fieldFill", "activeConsent", "provenConsent"]),
            "InboundReport": object([
                "version": int, "received": int, "withdrawn": int, "markedInvalid": int, "confirmed": int,
                "duplicates": int, "unknown": int, "ignored": int, "echoes": int,
            ], required: ["received", "withdrawn", "markedInvalid", "confirmed", "duplicates", "unknown", "ignored"]),
            "ConnectorStatus": object([
                "version": int,
                "routes": ["type": "object", "additionalProperties": strings,
                           "description": "Purposes each configured connector serves"],
                "outbox": object([
                    "connectors": ["type": "object", "additionalProperties": object([
                        "pending": int, "leased": int, "done": int, "deadLettered": int, "nextDueAt": dateTime,
                    ], required: ["pending", "leased", "done", "deadLettered"])],
                    "nextDueAt": dateTime,
                ], required: ["connectors"]),
                "deadLetters": ["type": "array", "items": object([
                    "event": string, "connector": string,
                    "operation": ["type": "string", "enum": ["upsert", "suppress", "erase"]],
                    "subject": string, "purpose": string, "attempts": int, "code": string, "message": string,
                    "status": ["type": "integer", "description": "HTTP status of the last answer"],
                    "apiErrorType": ["type": "string", "description": "The service's error type or title"],
                    "history": ["type": "array", "description": "Failed attempts, oldest first",
                                "items": object(["at": dateTime, "code": string, "status": int,
                                                 "apiErrorType": string], required: ["at", "code"])],
                    "createdAt": dateTime, "failedAt": dateTime,
                ], required: ["event", "connector", "operation", "subject", "purpose", "attempts", "code",
                              "message", "history", "createdAt", "failedAt"])],
            ], required: ["routes", "outbox", "deadLetters"]),
        ]
    }

    // MARK: Building blocks

    static func ref(_ name: String) -> Object { ["$ref": "#/components/schemas/\(name)"] }

    /// An object schema. Members not in `required` are `nullable`: the server decodes them as Swift optionals, so
    /// `null` reads as absent in a body (and answers leave absent members out).
    static func object(_ properties: Object, required: [String] = []) -> Object {
        var properties = properties
        for (name, value) in properties where !required.contains(name) {
            guard var member = value as? Object, member["type"] != nil else { continue }
            member["nullable"] = true
            // OpenAPI 3.0.3: an enum that may be null lists null among its values.
            if let values = member["enum"] as? [Any] { member["enum"] = values + [NSNull()] }
            properties[name] = member
        }
        var schema: Object = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    static func json(_ description: String, _ schema: Object) -> Object {
        ["description": description, "content": ["application/json": ["schema": schema]]]
    }

    static func text(_ description: String, _ type: String) -> Object {
        ["description": description, "content": [type: ["schema": ["type": "string"]]]]
    }

    static func binary(_ description: String, _ type: String) -> Object {
        ["description": description, "content": [type: ["schema": ["type": "string", "format": "binary"]]]]
    }

    static var actContent: Object {
        ["description": "The act (HTML, Markdown or JSON)",
         "content": ["text/html": ["schema": ["type": "string"]], "text/markdown": ["schema": ["type": "string"]],
                     "application/json": ["schema": ["type": "object"]]]]
    }

    static func query(_ name: String, _ description: String, type: String = "string", values: [String]? = nil,
                      bounds: ClosedRange<Int>? = nil) -> Object
    {
        var schema: Object = ["type": type]
        if let values { schema["enum"] = values }
        if let bounds {
            schema["minimum"] = bounds.lowerBound
            schema["maximum"] = bounds.upperBound
        }
        return ["name": name, "in": "query", "required": false, "description": description, "schema": schema]
    }

    static func path(_ name: String, _ description: String, pattern: String? = nil) -> Object {
        var schema: Object = ["type": "string"]
        if let pattern { schema["pattern"] = pattern }
        return ["name": name, "in": "path", "required": true, "description": description, "schema": schema]
    }

    /// The shapes of the identifiers in paths; anything else is refused before it is looked up.
    static let subjectPattern = "^sub_[0-9ABCDEFGHJKMNPQRSTVWXYZ]{26}$"
    static let referencePattern = "^REQ-[0-9]{4}-[0-9]{6,}$"
    static let incidentPattern = "^INC-[0-9]{4}-[0-9]{6,}$"
    static let eventPattern = "^evt_[0-9a-f-]{36}$"

    /// The console's error pages once signed in (the same codes and messages as the API, as HTML).
    static var consoleErrors: Object {
        ["400": text("A parameter cannot be read (a malformed subject id)", "text/html"),
         "403": text("Refused by the role, a missing or wrong CSRF token, or a post from another origin", "text/html"),
         "404": text("No such request, subject or dead letter", "text/html"),
         "409": text("The request's state does not allow this action", "text/html"),
         "422": text("A value is not acceptable", "text/html")]
    }

    /// The answer of a console page or download without a live session.
    static var notSignedIn: Object { ["description": "Not logged in: redirect to /console/login"] }

    static var inboundParameters: [Object] {
        [path("connector", "The connector's name in connectors.json"),
         path("secret", "The connector's webhookSecret credential")]
    }

    static var subjectID: Object { path("id", "Subject pseudonym, sub_ and 26 characters", pattern: subjectPattern) }
    static var reference: Object { path("reference", "Request reference, REQ-YYYY-NNNNNN", pattern: referencePattern) }

    static func operation(
        _ id: String, _ summary: String, tag: String, secured: Bool = true, cookie: Bool = false,
        parameters: [Object] = [], body: Object? = nil, bodyRequired: Bool = true,
        bodyType: String = "application/json", responses: Object, errors: [Int] = []
    ) -> Object {
        var op: Object = ["operationId": id, "summary": summary, "tags": [tag]]
        if !parameters.isEmpty { op["parameters"] = parameters }
        if let body {
            op["requestBody"] = ["required": bodyRequired, "content": [bodyType: ["schema": body]]] as Object
        }
        var all = responses
        if tag != "console" {
            var statuses = errors
            if secured { statuses += [401, 429] }
            if !statuses.isEmpty { statuses.append(500) }
            for status in Set(statuses) { all["\(status)"] = ["$ref": "#/components/responses/E\(status)"] }
        }
        op["responses"] = all
        if cookie {
            op["security"] = [[tag == "privacy" ? "privacySession" : "consoleSession": [String]()]]
        } else if secured {
            op["security"] = [["bearerAuth": [String]()]]
        } else {
            op["security"] = [Object]()
        }
        return op
    }

    static func page(_ id: String, _ summary: String, secured: Bool = true, redirect: Bool = false,
                     parameters: [Object] = []) -> Object {
        var responses: Object = redirect ? ["303": ["description": "Redirect"] as Object]
            : ["200": text("The page", "text/html")]
        if secured {
            responses.merge(consoleErrors) { first, _ in first }
            responses["303"] = notSignedIn
        }
        return operation(id, summary, tag: "console", secured: secured, cookie: secured, parameters: parameters,
                         responses: responses)
    }

    static func form(_ id: String, _ summary: String, fields: [String], secured: Bool = true, html: Bool = false,
                     parameters: [Object] = [], extra: Object = [:]) -> Object {
        let properties = Dictionary(uniqueKeysWithValues: fields.map { ($0, ["type": "string"] as Any) })
        var responses: Object = extra.merging([
            "303": ["description": secured ? "Done: redirect to the next page; without a live session, to "
                        + "/console/login" : "Done: redirect to the next page"] as Object,
            "403": text("Missing or wrong CSRF token, a post from another origin, or refused by role", "text/html"),
            "415": text("The body is not application/x-www-form-urlencoded", "text/html"),
        ]) { first, _ in first }
        if secured { responses.merge(consoleErrors) { first, _ in first } }
        if html { responses["200"] = text("The results", "text/html") }
        if !secured { responses["200"] = text("The form again, with the problem", "text/html") }
        return operation(id, summary, tag: "console", secured: secured, cookie: secured, parameters: parameters,
                         body: object(properties, required: fields), bodyType: "application/x-www-form-urlencoded",
                         responses: responses)
    }
}
