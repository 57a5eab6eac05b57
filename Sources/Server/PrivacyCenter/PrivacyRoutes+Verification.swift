import Core
import Foundation
import Gateway
import Keyring
import Hummingbird
import Mailer

extension PrivacyRoutes {
    /// The start page: name an e-mail or phone to get a code.
    @Sendable func startPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let frame = Self.frame(request)
        if try await session(request) != nil, request.uri.queryParameters.get("lang") == nil {
            return Self.redirect("/privacy/me")
        }
        return renderStart(frame, problem: nil)
    }

    /// Sends a code to the e-mail on file of the person the contact names, if any; the page is the same either way.
    ///
    /// The answer is given before anyone is looked up: the page checks only the contact's form and the limits (the
    /// same work for everyone), issues a challenge that names nobody yet, and queues a job that looks the person up
    /// in the background, binds the challenge to them and mails the code. A customer and a stranger therefore get the
    /// same page after the same work, so the answer's timing does not tell who is a customer.
    @Sendable func sendCode(_ request: Request, context: APIRequestContext) async throws -> Response {
        try ConsoleRoutes.refuseCrossSite(request, publicURL: configuration.publicBaseURL)
        let frame = Self.frame(request)
        guard outbox.mailer != nil else { return renderStart(frame, problem: nil) }
        let form = try await RequestBodyDecoder.form(from: request)
        let contact = (form["contact"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...254).contains(contact.count), Gateway.normalisedContact(contact) != nil else {
            return renderStart(frame, problem: text("bad_contact", frame), status: .unprocessableContent)
        }
        let lookup: Gateway.Lookup = contact.contains("@") ? .email(contact) : .phone(contact)
        try await admit(resolver.client(of: request, context: context), in: clientLimiter)
        try await admit(addressKey(contact), in: addressLimiter)
        let challenge = try await challenges.issue()
        let (gateway, principal, challenges, logger) = (self.gateway, self.principal, self.challenges, context.logger)
        let subject = text("mail_code_subject", frame)
        let body = text("mail_code_body", frame).replacingOccurrences(of: "%@", with: challenge.code)
        let sms = text("sms_code", frame).replacingOccurrences(of: "%@", with: challenge.code)
        outbox.send(kind: "verification_code") {
            // The job starts once this answer is on its way, so its work (which differs: a key opened, a mail
            // composed) never competes with the answer it belongs to. A code arrives a moment later; nobody waits.
            try? await Task.sleep(for: Self.lookupDelay)
            let person: (subject: SubjectID, route: CodeRoute)?
            do {
                person = try await gateway.codeRoute(for: lookup, principal: principal)
            } catch {
                logger.error("Verification code lookup failed", metadata: ["pdgate.error": "\(type(of: error))"])
                return nil
            }
            guard let person, (try? await challenges.assign(challenge.token, to: person.subject.rawValue)) == true
            else { return nil }
            switch person.route {
            case .email(let address): return .mail(MailMessage(to: address, subject: subject, text: body))
            case .phone(let number): return .text(TextMessage(to: number, text: sms))
            }
        }
        return renderer.page("privacy-code", title: text("code_title", frame), frame: frame,
                             values: ["challenge": challenge.token])
    }

    /// How long the background lookup of a code request waits before it starts.
    static let lookupDelay = Duration.milliseconds(25)

    /// Checks a code; the right one signs the person in.
    @Sendable func verify(_ request: Request, context: APIRequestContext) async throws -> Response {
        try ConsoleRoutes.refuseCrossSite(request, publicURL: configuration.publicBaseURL)
        let frame = Self.frame(request)
        let form = try await RequestBodyDecoder.form(from: request)
        let client = resolver.client(of: request, context: context)
        if let seconds = try await wrongCodeLimiter.retryAfter(for: client) {
            throw APIError(code: "too_many_requests", status: .tooManyRequests,
                           message: "too many wrong codes; retry in \(seconds) s", headers: [.retryAfter: "\(seconds)"])
        }
        let token = form["challenge"] ?? ""
        switch try await challenges.verify(token: token, code: form["code"] ?? "") {
        case .verified(let subject):
            let session = try await sessions.open(subject: subject)
            var response = Self.redirect("/privacy/me")
            response.headers[values: .setCookie].append(SiteCookies.privacy.session(
                session.id, maxAge: sessions.seconds, secure: secureCookies))
            return response
        case .wrong(let left):
            try await wrongCodeLimiter.recordFailure(for: client)
            return renderer.page("privacy-code", title: text("code_title", frame), frame: frame,
                                 values: ["challenge": token, "problem": "\(text("wrong_code", frame)) \(left)"],
                                 status: .unprocessableContent)
        case .void:
            try await wrongCodeLimiter.recordFailure(for: client)
            return renderStart(frame, problem: text("code_void", frame), status: .gone)
        }
    }

    /// Signs out.
    @Sendable func logout(_ request: Request, context: APIRequestContext) async throws -> Response {
        if let session = try await session(request) {
            _ = try await checkedForm(request, session)
            try await sessions.close(session.id)
        }
        var response = Self.redirect("/privacy")
        response.headers[values: .setCookie].append(SiteCookies.privacy.clearSession(secure: secureCookies))
        return response
    }

    /// The start page, saying so when no mailer is configured (503: the center cannot verify anyone).
    func renderStart(_ frame: PrivacyRenderer.Frame, problem: String?, status: HTTPResponse.Status = .ok) -> Response {
        let configured = outbox.mailer != nil
        var values: [String: Any] = ["configured": configured,
                                     "operatorEmail": gateway.policies.operatorDetails.contactEmail]
        if let problem { values["problem"] = problem }
        return renderer.page("privacy-start", title: text("start_title", frame), frame: frame, values: values,
                             status: configured ? status : .serviceUnavailable)
    }
}
