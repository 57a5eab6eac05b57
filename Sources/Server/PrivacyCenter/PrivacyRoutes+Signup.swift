import Foundation
import Gateway
import Hummingbird
import Mailer
import Policy

extension PrivacyRoutes {
    /// The fields the lead form takes: a name and an e-mail (the confirmation goes there), a phone if given.
    static let signupFields = ["full_name", "email", "phone"]
    /// The UTM tags recorded as the consent's source.
    static let utmTags = ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"]
    /// The hidden field bots fill in and people never see.
    static let honeypot = "website"

    /// The lead form as a page of the privacy center.
    @Sendable func signupPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let frame = Self.frame(request)
        return renderer.page("privacy-signup", title: text("signup_title", frame), frame: frame,
                             values: signupValues(request, language: frame.language, base: ""))
    }

    /// The lead form alone, with absolute URLs, for a site to paste into its pages (it posts here).
    @Sendable func signupSnippet(_ request: Request, context: APIRequestContext) async throws -> Response {
        let language = Self.frame(request).language
        let html = renderer.fragment("privacy-signup-form", language: language,
                                     values: signupValues(request, language: language, base: configuration.publicBaseURL))
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache",
                                               .init("X-Content-Type-Options")!: "nosniff"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The lead form's post (from this page or a site's): always "check your e-mail", whoever it is.
    @Sendable func signup(_ request: Request, context: APIRequestContext) async throws -> Response {
        let form = try await RequestBodyDecoder.form(from: request)
        var frame = Self.frame(request)
        if let language = form["lang"].flatMap(Language.init(rawValue:)) { frame.language = language }
        let consents = form.filter { $0.key.hasPrefix("consent_") && !$0.value.isEmpty }
            .reduce(into: [String: String]()) { $0[String($1.key.dropFirst(8))] = $1.value }
        let fields = Self.signupFields.reduce(into: [String: String]()) { $0[$1] = form[$1] }
        let utm = Self.utmTags.reduce(into: [String: String]()) { $0[$1] = form[$1] }
        do {
            try await acceptSignup(fields: fields, consents: consents, formName: form["form"], utm: utm,
                                   trap: form[Self.honeypot], language: frame.language, request: request,
                                   context: context)
        } catch let error as GatewayError where error.code == .invalidArgument || error.code == .refused {
            var values = signupValues(request, language: frame.language, base: "")
            values["problem"] = error.apiMessage
            return renderer.page("privacy-signup", title: text("signup_title", frame), frame: frame, values: values,
                                 status: .unprocessableContent)
        }
        return renderer.message(text("signup_done_title", frame), [text("signup_done", frame)], frame: frame)
    }

    /// The JSON description of the lead form for sites building their own: fields, honeypot, and one consent
    /// document per purpose with its current version (send that version back with the tick).
    @Sendable func signupDescription(_ request: Request, context: APIRequestContext) async throws -> Response {
        let base = configuration.publicBaseURL
        let purposes = gateway.policies.purposes.filter(\.requiresConsent).compactMap { purpose -> SignupPurpose? in
            guard let notice = try? gateway.consentDocument(for: purpose.name).notice else { return nil }
            return SignupPurpose(purpose: purpose.name,
                                 description: ["ru": purpose.description.ru, "en": purpose.description.en],
                                 noticeID: notice.id, noticeVersion: notice.version, noticeSHA256: notice.sha256,
                                 document: "\(base)/privacy/notices/\(purpose.name)")
        }
        return try JSONResponse.make(SignupDescription(endpoint: "\(base)/privacy/api/signup", required: ["full_name", "email"],
                                                       optional: ["phone"], honeypot: Self.honeypot,
                                                       utm: Self.utmTags, purposes: purposes))
    }

    /// The JSON sign-up: 202 `confirmation_sent` whoever it is (the confirmation link goes by e-mail).
    @Sendable func signupJSON(_ request: Request, context: APIRequestContext) async throws -> Response {
        let body = try await RequestBodyDecoder.json(SignupRequest.self, from: request)
        let language = body.lang.flatMap(Language.init(rawValue:)) ?? .ru
        let unknown = Set(body.fields.keys).subtracting(Self.signupFields)
        guard unknown.isEmpty else {
            throw APIError.validation("fields may be \(Self.signupFields.joined(separator: ", ")); not "
                + unknown.sorted().joined(separator: ", "))
        }
        try await acceptSignup(fields: body.fields, consents: body.consents ?? [:], formName: body.form,
                               utm: body.utm ?? [:], trap: body.website, language: language, request: request,
                               context: context)
        return try JSONResponse.make(["status": "confirmation_sent"], status: .accepted)
    }

    /// The confirmation page behind the e-mail's link: a button, because mail scanners open links by themselves.
    @Sendable func confirmPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let frame = Self.frame(request)
        return renderer.page("privacy-confirm", title: text("confirm_title", frame), frame: frame,
                             values: ["token": context.parameters.get("token") ?? ""])
    }

    /// Confirms a sign-up: the person is recorded with their consents, now proven (double opt-in).
    @Sendable func confirm(_ request: Request, context: APIRequestContext) async throws -> Response {
        try ConsoleRoutes.refuseCrossSite(request, publicURL: configuration.publicBaseURL)
        let form = try await RequestBodyDecoder.form(from: request)
        var frame = Self.frame(request)
        if let language = form["lang"].flatMap(Language.init(rawValue:)) { frame.language = language }
        let title = text("confirm_title", frame)
        switch try await gateway.confirmSignup(token: context.parameters.get("token") ?? "",
                                                  jurisdiction: configuration.jurisdiction, principal: principal) {
        case .recorded(_, let outdated):
            let descriptions = outdated.compactMap { gateway.policies.purpose(named: $0)?.description[frame.language] }
            return renderer.message(title, [text("confirmed", frame)]
                                        + (outdated.isEmpty ? [] : [text("confirmed_outdated", frame)]),
                                    list: descriptions, frame: frame)
        case .suppressed:
            return renderer.message(title, [text("confirm_suppressed", frame)], frame: frame)
        case .expired:
            return renderer.message(title, [text("confirm_expired", frame)], frame: frame, status: .gone)
        }
    }

    // MARK: Helpers

    /// Checks limits and the honeypot, holds the sign-up and sends its confirmation link. A filled honeypot is
    /// answered like a real sign-up, and nothing is kept or sent.
    func acceptSignup(fields: [String: String], consents: [String: String], formName: String?,
                      utm: [String: String], trap: String?, language: Language, request: Request,
                      context: APIRequestContext) async throws {
        guard outbox.mailer != nil else {
            throw APIError(code: "not_configured", status: .serviceUnavailable,
                           message: "e-mail confirmation is not configured on this server")
        }
        try await admit(resolver.client(of: request, context: context), in: clientLimiter)
        if let trap, !trap.isEmpty { return }
        if let email = fields["email"], !email.isEmpty { try await admit(addressKey(email), in: addressLimiter) }
        let source = Self.source(form: formName, utm: utm)
        let held = try await gateway.holdSignup(
            SignupForm(fields: fields.filter { !$0.value.isEmpty }, consents: consents, source: source),
            lifetime: configuration.signupLifetime, principal: principal)
        let link = "\(configuration.publicBaseURL)/privacy/signup/confirm/\(held.token)?lang=\(language.rawValue)"
        outbox.send(MailMessage(to: held.email, subject: PrivacyStrings.text("mail_signup_subject", language),
                                text: PrivacyStrings.text("mail_signup_body", language)
                                    .replacingOccurrences(of: "%@", with: link)),
                    kind: "signup_confirmation")
    }

    /// `form:<name>` and the UTM tags, each reduced to letters, digits, `.`, `_` and `-` (at most 40 characters):
    /// what the consent records as its source.
    static func source(form: String?, utm: [String: String]) -> String {
        func clean(_ text: String?) -> String {
            String((text ?? "").unicodeScalars.filter {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
            }.prefix(40).map(Character.init))
        }
        let name = clean(form)
        var parts = ["form:" + (name.isEmpty ? "privacy-center" : name)]
        for tag in utmTags {
            let value = clean(utm[tag])
            if !value.isEmpty { parts.append("\(tag)=\(value)") }
        }
        return parts.joined(separator: " ")
    }

    /// The values of the form template: one checkbox per consent purpose with its document's version, the UTM
    /// tags of the visit as hidden fields.
    func signupValues(_ request: Request, language: Language, base: String) -> [String: Any] {
        let purposes: [[String: Any]] = gateway.policies.purposes.filter(\.requiresConsent).compactMap { purpose in
            guard let notice = try? gateway.consentDocument(for: purpose.name).notice else { return nil }
            return ["purpose": purpose.name, "description": purpose.description[language], "version": notice.version]
        }
        let utm: [[String: String]] = Self.utmTags.compactMap { tag in
            request.uri.queryParameters.get(tag).map { ["name": tag, "value": String($0.prefix(40))] }
        }
        return ["purposes": purposes, "utm": utm, "base": base,
                "form": String((request.uri.queryParameters.get("form") ?? "privacy-center").prefix(40))]
    }

    /// The JSON body of a sign-up.
    struct SignupRequest: Decodable {
        var fields: [String: String]
        /// Ticked purposes, each with the version of the document shown (from `GET /privacy/api/signup`).
        var consents: [String: String]?
        var form: String?
        var utm: [String: String]?
        /// The honeypot: leave it out or empty.
        var website: String?
        var lang: String?
    }

    struct SignupPurpose: Encodable {
        var purpose: String
        var description: [String: String]
        var noticeID: String
        var noticeVersion: String
        var noticeSHA256: String
        var document: String
    }

    struct SignupDescription: Encodable {
        var version = 1
        var endpoint: String
        var required: [String]
        var optional: [String]
        var honeypot: String
        var utm: [String]
        var purposes: [SignupPurpose]
    }
}
