extension OpenAPIDocument {
    /// The console's incident actions, access review, tokens, case notes and free-text review.
    static var consoleActionPaths: Object {
        let incident = path("incident", "Incident reference, INC-YYYY-NNNNNN", pattern: incidentPattern)
        let tokenName = path("name", "The token's name", pattern: "^[A-Za-z0-9._@:-]{1,64}$")
        return [
            "/console/requests/{reference}/note": [
                "post": form("consoleRequestNote", "Add an internal note to the case timeline (staff only; audited "
                             + "as request.note without its text)", fields: ["csrf", "note"], html: true,
                             parameters: [reference]),
            ],
            "/console/connectors/{name}/test": [
                "post": form("consoleConnectorTest", "One harmless authenticated call to a connector's service "
                             + "(Mailchimp GET /3.0/ping, UniSender getLists); the page shows ok or the service's "
                             + "error title (audited as connectors.test, without personal data)", fields: ["csrf"],
                             html: true, parameters: [path("name", "The connector's name in connectors.yaml",
                                                           pattern: "^[A-Za-z0-9._-]{1,64}$")]),
            ],
            "/console/requests/{reference}/answer-link": [
                "post": form("consoleAnswerLink", "Send the person a new one-time link to a completed access answer "
                             + "(to the contact on file); the earlier link and its session stop working at once "
                             + "(audited as request.answer_link)", fields: ["csrf"], html: true,
                             parameters: [reference]),
            ],
            "/console/requests/{reference}/review": [
                "get": page("consoleFreeTextReview", "An access answer's flagged free text (notes that may name other "
                            + "people), with a form to release each field as written, redacted, or to withhold it "
                            + "(reading it is audited)", parameters: [reference]),
                "post": form("consoleFreeTextRelease", "Release the reviewed texts: text.<field> is the text to "
                             + "release, withhold.<field> withholds the field (audited without the texts)",
                             fields: ["csrf"], html: true, parameters: [reference]),
            ],
            "/console/incidents/new": [
                "get": page("consoleNewIncidentForm", "The form opening an incident"),
                "post": form("consoleOpenIncident", "Open an incident and start its notification clocks",
                             fields: ["csrf", "detected", "summary", "systems", "principals"], html: true),
            ],
            "/console/incidents/{incident}": [
                "get": page("consoleIncident", "One incident: deadlines, history, notice drafts, update and close",
                            parameters: [incident]),
            ],
            "/console/incidents/{incident}/update": [
                "post": form("consoleUpdateIncident", "A note, the causes, harm or measures, or a notification "
                             + "marked sent", fields: ["csrf", "note", "cause", "consequences", "measures",
                                                       "sent_deadline", "sent_reference"],
                             html: true, parameters: [incident]),
            ],
            "/console/incidents/{incident}/close": [
                "post": form("consoleCloseIncident", "step=review shows what closing means (nothing changed), "
                             + "step=confirm closes the incident with the note", fields: ["csrf", "step", "note"],
                             html: true, parameters: [incident]),
            ],
            "/console/incidents/{incident}/draft": [
                "get": page("consoleIncidentDraft", "A notice draft as an HTML page", parameters: [
                    incident, query("kind", "initial (default), follow_up or subjects",
                                    values: ["initial", "follow_up", "subjects"]),
                    query("lang", "ru or en (default: the operator's)", values: ["ru", "en"]),
                ]),
            ],
            "/console/access-review": [
                "get": page("consoleAccessReview", "Who acted, how many people each read, who is flagged, idle tokens",
                            parameters: [query("since", "The period's first day, YYYY-MM-DD (default: 90 days ago)"),
                                         query("threshold", "People per window that flags a principal (default 100)",
                                               type: "integer", bounds: 1...1_000_000)]),
            ],
            "/console/tokens": [
                "get": page("consoleTokens", "Every token's name, role, expiry and state, and the create form"),
                "post": form("consoleCreateToken", "Create a token; it is shown on this response only",
                             fields: ["csrf", "name", "role", "days"], html: true,
                             extra: ["201": text("The token, shown once", "text/html")]),
            ],
            "/console/tokens/{name}/revoke": [
                "post": form("consoleRevokeToken", "step=review shows what revoking does (nothing changed), "
                             + "step=confirm revokes the token", fields: ["csrf", "step"], html: true,
                             parameters: [tokenName]),
            ],
        ]
    }
}
