extension OpenAPIDocument {
    /// The breach register's routes (`/v1/incidents…`) and its console page.
    static var incidentPaths: Object {
        let incident = path("incident", "Incident reference, INC-YYYY-NNNNNN", pattern: incidentPattern)
        return [
            "/v1/incidents": [
                "get": operation("listIncidents", "The breach register, open incidents first, with deadline states",
                                 tag: "incidents", parameters: [query("open", "Only open incidents", type: "boolean")],
                                 responses: ["200": json("The register", ref("IncidentList"))], errors: [403, 422]),
                "post": operation("openIncident", "Record an incident; affected people are counted from the audit log "
                                      + "for the window and principals given; the 24 h / 72 h clocks start at "
                                      + "detection", tag: "incidents", body: ref("OpenIncident"),
                                  responses: ["201": json("Opened", ref("Incident"))],
                                  errors: [400, 403, 413, 415, 422]),
            ],
            "/v1/incidents/{incident}": [
                "get": operation("showIncident", "One incident with the affected subject ids", tag: "incidents",
                                 parameters: [incident], responses: ["200": json("The incident", ref("Incident"))],
                                 errors: [403, 404]),
            ],
            "/v1/incidents/{incident}/update": [
                "post": operation("updateIncident", "Change an open incident, add a note or record a notification sent",
                                  tag: "incidents", parameters: [incident], body: ref("UpdateIncident"),
                                  responses: ["200": json("The incident", ref("Incident"))],
                                  errors: [400, 403, 404, 413, 415, 422]),
            ],
            "/v1/incidents/{incident}/close": [
                "post": operation("closeIncident", "Close an incident with a final note", tag: "incidents",
                                  parameters: [incident], body: object(["note": ["type": "string"]]),
                                  bodyRequired: false, responses: ["200": json("The incident", ref("Incident"))],
                                  errors: [400, 403, 404, 413, 415, 422]),
            ],
            "/v1/incidents/{incident}/draft": [
                "get": operation("incidentDraft", "A draft notification: initial or follow_up to Roskomnadzor, or the "
                                     + "notice to the people affected", tag: "incidents",
                                 parameters: [incident,
                                              query("kind", "initial (default), follow_up or subjects",
                                                    values: ["initial", "follow_up", "subjects"]),
                                              query("format", "md (default) or html", values: ["md", "html"]),
                                              query("lang", "ru or en (default: the operator's)", values: ["ru", "en"])],
                                 responses: ["200": ["description": "The draft",
                                                     "content": ["text/markdown": ["schema": ["type": "string"]],
                                                                 "text/html": ["schema": ["type": "string"]]]] as Object],
                                 errors: [400, 403, 404]),
            ],
            "/console/incidents": [
                "get": page("consoleIncidents", "The breach register with deadlines counting down; due ones highlighted"),
            ],
        ]
    }

    static var incidentSchemas: Object {
        let string: Object = ["type": "string"]
        let dateTime: Object = ["type": "string", "format": "date-time"]
        let strings: Object = ["type": "array", "items": string]
        return [
            "OpenIncident": object([
                "summary": string, "detectedAt": dateTime, "systems": strings, "principals": strings,
                "windowStart": dateTime, "windowEnd": dateTime, "jurisdictions": strings,
            ], required: ["summary"]),
            "UpdateIncident": object([
                "summary": string, "systems": strings, "principals": strings, "windowStart": dateTime,
                "windowEnd": dateTime, "cause": string, "consequences": string, "measures": string, "note": string,
                "sent": object(["deadline": string, "at": dateTime, "reference": string],
                               required: ["deadline", "reference"]),
            ]),
            "Incident": object([
                "incident": ["type": "object", "description": "The register entry (reference, state, detectedAt, "
                                 + "summary, systems, principals, window, affectedCount, affectedCategories, "
                                 + "affectedFields, affectedSubjects, deadlines, cause, consequences, measures, "
                                 + "updates, closedAt)"] as Object,
                "deadlines": ["type": "array", "items": object([
                    "name": string, "jurisdiction": string, "basis": string, "due": dateTime,
                    "state": ["type": "string", "enum": ["sent", "overdue", "due_soon", "pending"]] as Object,
                    "remaining": string, "sentAt": dateTime, "sentReference": string,
                ])] as Object,
                "attention": ["type": "boolean"],
            ], required: ["incident", "deadlines", "attention"]),
            "IncidentList": object(["incidents": ["type": "array", "items": ref("Incident")] as Object],
                                   required: ["incidents"]),
        ]
    }
}
