/// The privacy center's part of the OpenAPI document: public HTML pages and forms under `/privacy` (no token; a
/// session cookie of their own after the e-mail code) and the lead form's JSON endpoint.
extension OpenAPIDocument {
    static var privacyPaths: Object {
        let purpose = path("purpose", "A consent-based purpose of purposes.yaml")
        let token = path("token", "A random one-time token (never an address or a reference)")
        return [
            "/privacy": ["get": privacyPage("privacyStart", "Start page: name an e-mail or phone to get a code",
                                            extra: ["503": unconfigured])],
            "/privacy/assets/privacy.css": [
                "get": operation("privacyStylesheet", "The privacy center's stylesheet", tag: "privacy",
                                 secured: false, responses: ["200": text("CSS", "text/css")]),
            ],
            "/privacy/code": ["post": privacyForm(
                "privacyCode", "Ask for a code: the same page and timing whether or not anyone matches; the code goes "
                    + "to the e-mail on file", fields: ["contact"], answer: "The code page", limited: true,
                extra: ["503": unconfigured])],
            "/privacy/verify": ["post": privacyForm(
                "privacyVerify", "Check a code; the right one opens a session (cookie pdgate_privacy)",
                fields: ["challenge", "code"], answer: "A wrong code, with the attempts left", limited: true,
                extra: ["410": text("Expired, used or out of attempts (or never issued)", "text/html"),
                        "503": unconfigured])],
            "/privacy/me": ["get": privacyPage("privacyAccount", "The person's requests with deadlines and status, "
                                                   + "new requests and consents per purpose", session: true)],
            "/privacy/requests": ["post": privacyForm(
                "privacyFileRequest", "File an access, rectification, erasure or objection request",
                fields: ["csrf", "kind"], session: true)],
            "/privacy/consents/{purpose}": ["post": privacyForm(
                "privacyConsent", "Give (on the document version shown) or withdraw one consent",
                fields: ["csrf", "action", "notice_version"], session: true, parameters: [purpose],
                extra: ["422": text("Not a consent-based purpose, or a wrong action or document version",
                                    "text/html")])],
            "/privacy/download/{token}": ["get": operation(
                "privacyDownload", "An access answer as HTML or JSON, once, in the session the link was made for",
                tag: "privacy", secured: false, cookie: true, parameters: [token],
                responses: ["200": text("The answer, as an attachment", "text/html"),
                            "410": text("Used, expired or made for another session", "text/html")])],
            "/privacy/logout": ["post": privacyForm("privacyLogout", "End the session", fields: ["csrf"],
                                                    session: true)],
            "/privacy/notices/{purpose}": ["get": privacyPage(
                "privacyNotice", "The consent document of a purpose", parameters: [purpose],
                extra: ["422": text("Not a consent-based purpose of purposes.yaml", "text/html")])],
            "/privacy/signup": [
                "get": privacyPage("privacySignupPage", "The lead form: one checkbox and document per purpose"),
                "post": privacyForm("privacySignup", "Post the lead form: always \"check your e-mail\"; nothing is "
                                        + "stored until the e-mailed link is confirmed",
                                    fields: ["full_name", "email"], answer: "Check your e-mail", limited: true,
                                    crossSite: true, extra: ["503": unconfigured]),
            ],
            "/privacy/signup/snippet": ["get": privacyPage(
                "privacySignupSnippet", "The lead form alone, with absolute URLs, to paste into a site")],
            "/privacy/signup/confirm/{token}": [
                "get": privacyPage("privacyConfirmPage", "The e-mailed link: a page with a confirm button",
                                   parameters: [token]),
                "post": privacyForm("privacyConfirm", "Confirm a sign-up (double opt-in)", fields: [],
                                    answer: "Recorded, or not (suppressed)", parameters: [token],
                                    extra: ["410": text("Used, expired or never issued", "text/html")]),
            ],
            "/privacy/a/{token}": [
                "get": privacyPage("privacyAnswerLinkPage", "An e-mailed or texted answer link: the same page with an "
                                       + "open button for every token; fetching it spends nothing",
                                   parameters: [token]),
                "post": operation(
                    "privacyOpenAnswer", "Spend an answer link: a live one opens a half-hour session reading that "
                        + "answer (cookie pdgate_answer) and redirects to /privacy/answer", tag: "privacy",
                    secured: false, parameters: [token],
                    responses: ["303": ["description": "Opened: redirect to /privacy/answer"] as Object,
                                "403": text("A cross-site post", "text/html"),
                                "410": text("Used, replaced, expired or never issued", "text/html")]),
            ],
            "/privacy/answer": ["get": operation(
                "privacyAnswer", "The answer session's page: the reference, the readable answer and its JSON",
                tag: "privacy", secured: false, cookie: true,
                responses: ["200": text("The page", "text/html"),
                            "410": text("No live answer session", "text/html")])],
            "/privacy/answer/{format}": ["get": operation(
                "privacyAnswerFile", "The answer session's answer: html (shown, printable) or json (attachment)",
                tag: "privacy", secured: false, cookie: true,
                parameters: [path("format", "html or json", pattern: "^(html|json)$")],
                responses: ["200": text("The answer", "text/html"),
                            "410": text("No live answer session, or another format", "text/html")])],
            "/privacy/api/signup": [
                "get": operation("signupDescription", "The lead form for sites: fields, honeypot, and each "
                                     + "consent purpose with its document version", tag: "privacy", secured: false,
                                 responses: ["200": json("The form", ["type": "object"])]),
                "post": operation("signupJSON", "A sign-up from a site's back end; 202 whoever it is, the "
                                      + "confirmation link goes by e-mail", tag: "privacy", secured: false,
                                  body: object([
                                      "fields": ["type": "object", "additionalProperties": ["type": "string"]],
                                      "consents": ["type": "object", "additionalProperties": ["type": "string"],
                                                   "description": "purpose → document version shown"],
                                      "utm": ["type": "object", "additionalProperties": ["type": "string"]],
                                      "form": ["type": "string"], "website": ["type": "string"],
                                      "lang": ["type": "string", "enum": ["ru", "en"]],
                                  ], required: ["fields"]),
                                  responses: [
                                      "202": json("Confirmation sent", ["type": "object"]),
                                      "429": json("Too many sign-ups from this address or for this e-mail; see "
                                                      + "Retry-After", ref("Error")),
                                      "503": json("E-mail confirmation is not configured", ref("Error")),
                                  ],
                                  errors: [400, 415, 422]),
            ],
        ]
    }

    /// The answer while no mail server is configured: the center cannot send codes or confirmations.
    static var unconfigured: Object {
        text("The privacy center has no mail server configured (pdgate serve --smtp-host or --mail-via)", "text/html")
    }

    /// A public page of the privacy center.
    static func privacyPage(_ id: String, _ summary: String, session: Bool = false,
                            parameters: [Object] = [], extra: Object = [:]) -> Object {
        var responses: Object = extra
        responses["200"] = text("The page", "text/html")
        if session { responses["303"] = ["description": "Not signed in: redirect to /privacy"] as Object }
        return operation(id, summary, tag: "privacy", secured: false, cookie: session, parameters: parameters,
                         responses: responses)
    }

    /// A form post of the privacy center.
    static func privacyForm(_ id: String, _ summary: String, fields: [String], answer: String? = nil,
                            session: Bool = false, limited: Bool = false, crossSite: Bool = false,
                            parameters: [Object] = [], extra: Object = [:]) -> Object {
        let properties = Dictionary(uniqueKeysWithValues: fields.map { ($0, ["type": "string"] as Any) })
        var responses: Object = extra
        if let answer { responses["200"] = text(answer, "text/html") }
        if session { responses["303"] = ["description": "Done: redirect to the next page"] as Object }
        if !crossSite { responses["403"] = text("A cross-site post, or a missing or wrong CSRF token", "text/html") }
        if limited { responses["429"] = text("Too many requests (Retry-After)", "text/html") }
        responses["415"] = text("The body is not application/x-www-form-urlencoded", "text/html")
        if !fields.isEmpty { responses["422"] = responses["422"] ?? text("A value is not acceptable", "text/html") }
        return operation(id, summary, tag: "privacy", secured: false, cookie: session, parameters: parameters,
                         body: object(properties, required: fields), bodyType: "application/x-www-form-urlencoded",
                         responses: responses)
    }
}
