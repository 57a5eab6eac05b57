import Core
import Foundation
import Gateway
import Keyring
import Hummingbird
import Policy
import Requests

extension PrivacyRoutes {
    /// The request kinds a person files here; restriction stays with the privacy officer.
    static let kinds: [RequestKind] = [.access, .rectification, .erasure, .objection]
    /// Fields a person may ask to correct here.
    static let correctable = ["full_name", "email", "phone", "birthday"]

    /// The signed-in person's requests (with deadlines, states and one-time answer links), a form for a new one,
    /// and their consents.
    @Sendable func account(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let session = try await session(request), let subject = SubjectID(session.subject) else {
            return Self.redirect("/privacy")
        }
        var flash: String?
        if let done = request.uri.queryParameters.get("done"),
            ["filed", "given", "withdrawn", "erasure"].contains(done)
        {
            flash = text("done_\(done)", Self.frame(request))
        }
        return try await renderAccount(session, subject, frame: Self.frame(request), flash: flash)
    }

    /// The account page; after a rejected form, with the problem next to the field and what was typed kept.
    func renderAccount(_ session: PrivacySession, _ subject: SubjectID, frame: PrivacyRenderer.Frame,
                       flash: String? = nil, typed: [String: String] = [:], valueProblem: String? = nil,
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = frame.language
        let requests = try await gateway.requests(of: subject, principal: principal)
        // Every answer's two links in one write of the vault.
        let answered = requests.filter { $0.kind == .access && $0.state == .completed }.map(\.reference)
        let tokens = try await sessions.links(answered.flatMap { reference in
            [.init(reference: reference, format: "html"), .init(reference: reference, format: "json")]
        }, in: session)
        var links: [String: (html: String, json: String)] = [:]
        for (index, reference) in answered.enumerated() {
            links[reference] = (tokens[2 * index], tokens[2 * index + 1])
        }
        let rows: [[String: Any]] = requests.map { item in
            var row: [String: Any] = [
                "reference": item.reference, "kind": text("kind_short_\(item.kind.rawValue)", frame),
                "received": ConsoleRoutes.day(item.receivedAt, in: gateway.timeZone(ofJurisdiction: item.jurisdiction)),
                "deadline": gateway.deadlineStatus(of: item).lastDay.description,
                "state": text("state_\(item.state.rawValue)", frame), "stateClass": item.state.rawValue,
            ]
            if let reason = item.refusalReason { row["outcome"] = reason }
            if item.kind == .access && item.state == .completed, let link = links[item.reference] {
                row["htmlLink"] = "/privacy/download/" + link.html
                row["jsonLink"] = "/privacy/download/" + link.json
            }
            return row
        }
        var consents: [[String: Any]] = []
        for state in try await gateway.consentStates(of: subject) {
            guard let purpose = gateway.policies.purpose(named: state.purpose),
                let notice = try? gateway.consentDocument(for: state.purpose).notice as NoticeLibrary.Notice?
            else { continue }
            consents.append([
                "purpose": state.purpose, "description": purpose.description[language], "version": notice.version,
                "active": state.active, "stateClass": state.active ? "given" : "none",
                "state": text(state.active ? "consent_given" : "consent_not_given", frame), "csrf": session.csrf,
            ])
        }
        let chosen = typed["kind"] ?? Self.kinds[0].rawValue
        let kinds = Self.kinds.map { kind -> [String: Any] in
            ["value": kind.rawValue, "label": text("kind_\(kind.rawValue)", frame), "checked": kind.rawValue == chosen]
        }
        let fields = Self.correctable.compactMap { name in gateway.policies.fields.field(named: name) }.map {
            ["name": $0.name, "label": language == .ru ? $0.labelRU : $0.labelEN,
             "selected": $0.name == typed["field"]] as [String: Any]
        }
        var values: [String: Any] = [
            "csrf": session.csrf, "requests": rows, "hasRequests": !rows.isEmpty, "hasLinks": !answered.isEmpty,
            "consents": consents, "kinds": kinds, "fields": fields,
        ]
        if let erasure = try await erasureExplanation(requests, subject, language: language) {
            values["erasure"] = erasure
        }
        if let flash { values["flash"] = flash }
        if let typedValue = typed["value"] { values["typedValue"] = typedValue }
        if let valueProblem { values["valueProblem"] = valueProblem }
        return renderer.page("privacy-me", title: text("me_title", frame), frame: frame, values: values,
                             status: status)
    }

    /// Files a request for the signed-in person, verified by their code. An access request is answered at once
    /// and an objection to marketing takes effect at once (the law says "immediately"); erasure and rectification
    /// wait for the privacy officer, who checks legal holds and the proof of a correction.
    @Sendable func fileRequest(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let session = try await session(request), let subject = SubjectID(session.subject) else {
            return Self.redirect("/privacy")
        }
        let form = try await checkedForm(request, session)
        let frame = Self.frame(request)
        guard let kind = form["kind"].flatMap(RequestKind.init(rawValue:)), Self.kinds.contains(kind) else {
            throw APIError.validation("kind must be one of \(Self.kinds.map(\.rawValue).joined(separator: ", "))")
        }
        var field: String?
        var value: String?
        if kind == .rectification {
            guard let name = form["field"], Self.correctable.contains(name) else {
                throw APIError.validation("field must be one of \(Self.correctable.joined(separator: ", "))")
            }
            field = name
            value = (form["value"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // A correction that is empty, too long or does not fit the field: the same page, the problem in the page's
        // language next to the field, and what was typed kept.
        let typed = ["kind": kind.rawValue, "field": field ?? "", "value": String((value ?? "").prefix(254))]
        if let value, value.isEmpty || value.count > 254 {
            return try await renderAccount(session, subject, frame: frame, typed: typed,
                                           valueProblem: text("bad_value", frame), status: .unprocessableContent)
        }
        let filed: SubjectRequest
        do {
            filed = try await gateway.createRequest(kind: kind, subject: subject,
                                                    jurisdiction: configuration.jurisdiction, channel: "privacy_center",
                                                    field: field, newValue: value, principal: principal)
        } catch let error as GatewayError where error.code == .invalidArgument && kind == .rectification {
            return try await renderAccount(session, subject, frame: frame, typed: typed,
                                           valueProblem: text("bad_value", frame), status: .unprocessableContent)
        }
        _ = try await gateway.verifyRequest(filed.reference, method: "email_code", principal: principal)
        if kind == .access || kind == .objection {
            _ = try await gateway.runRequest(filed.reference, language: frame.language, principal: principal)
        }
        // An erasure: the account page explains what goes, what the law keeps and until when, and what is next.
        return Self.redirect(kind == .erasure ? "/privacy/me?done=erasure#erasure" : "/privacy/me?done=filed")
    }

    /// For the person's newest open erasure request: what it will destroy, what a legal hold keeps (fields, law,
    /// end) and what happens next, from the policy files (``Gateway/erasureOutlook(of:for:language:principal:)``).
    func erasureExplanation(_ requests: [SubjectRequest], _ subject: SubjectID, language: Language) async throws
        -> [String: Any]?
    {
        guard let open = requests.first(where: { $0.kind == .erasure && $0.state.isOpen }),
            let outlook = try await gateway.erasureOutlook(of: open.reference, for: subject, language: language,
                                                           principal: principal)
        else { return nil }
        var values: [String: Any] = [
            "reference": open.reference, "destroyed": outlook.destroyed.joined(separator: ", "),
            "lastDay": outlook.lastDay.description, "hasHeld": !outlook.held.isEmpty,
        ]
        if !outlook.held.isEmpty {
            values["held"] = outlook.held.joined(separator: ", ")
            values["laws"] = outlook.laws.joined(separator: "; ")
            values["holdEnds"] = outlook.holdEnds?.description ?? "—"
        }
        return values
    }

    /// Gives or withdraws one consent, recording the version of the document the page showed.
    @Sendable func changeConsent(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let session = try await session(request), let subject = SubjectID(session.subject) else {
            return Self.redirect("/privacy")
        }
        let form = try await checkedForm(request, session)
        let purpose = context.parameters.get("purpose") ?? ""
        switch form["action"] {
        case "give":
            let version = try ConsoleRoutes.text(form, "notice_version", limit: 40)
            try await gateway.giveConsent(
                subject, purpose: purpose,
                capture: ConsentCapture(channel: "privacy_center", source: "privacy_center",
                                        evidence: "given in the privacy center after an e-mail code"),
                noticeVersionShown: version, principal: principal)
            return Self.redirect("/privacy/me?done=given")
        case "withdraw":
            let shown = form["notice_version"].flatMap { $0.isEmpty || $0.count > 40 ? nil : $0 }
            try await gateway.withdrawConsent(subject, purpose: purpose, channel: "privacy_center",
                                              source: "privacy_center", noticeVersionShown: shown, principal: principal)
            return Self.redirect("/privacy/me?done=withdrawn")
        default:
            throw APIError.validation("action must be give or withdraw")
        }
    }

    /// A one-time download of an access answer (HTML or JSON), in the session it was made for.
    @Sendable func download(_ request: Request, context: APIRequestContext) async throws -> Response {
        let frame = Self.frame(request)
        guard let session = try await session(request), let subject = SubjectID(session.subject),
            let download = try await sessions.redeem(context.parameters.get("token") ?? "", in: session)
        else {
            return renderer.message(text("error_title", frame), [text("link_void", frame)], frame: frame,
                                    status: .gone)
        }
        let files = try await gateway.accessAnswer(of: download.reference, for: subject, language: frame.language,
                                                   principal: principal)
        let (body, type, name) = download.format == "json"
            ? (files.json, "application/json; charset=utf-8", "\(download.reference).json")
            : (Data(files.html.utf8), "text/html; charset=utf-8", "\(download.reference).html")
        return Response(status: .ok, headers: [
            .contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store",
            .init("X-Content-Type-Options")!: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        ], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The consent document of a purpose, as a person reads it before agreeing (public).
    @Sendable func notice(_ request: Request, context: APIRequestContext) async throws -> Response {
        let document = try gateway.consentDocument(for: context.parameters.get("purpose") ?? "").document
        return Response(status: .ok, headers: [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-cache",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            .init("X-Content-Type-Options")!: "nosniff", .init("Referrer-Policy")!: "same-origin",
        ], body: .init(byteBuffer: ByteBuffer(string: document.html)))
    }
}
