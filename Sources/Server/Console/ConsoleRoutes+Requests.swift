import Core
import Foundation
import Hummingbird
import Gateway
import Policy
import Requests
import Keyring

extension ConsoleRoutes {
    /// How identity can be verified, offered in the verify form.
    static let verificationMethods = ["email_code", "signed_letter", "passport_in_person", "esia"]

    @Sendable func requestPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try APIRoutes.reference(context)
        let found = try await gateway.request(reference, principal: principal)
        let chrome = Self.chrome(request, context)
        let done = request.uri.queryParameters.get("done").flatMap { key -> String? in
            ["created", "verified", "refused", "extended", "completed", "identity_asked", "noted", "reviewed",
             "answer_link"].contains(key)
                ? ConsoleStrings.text("done_\(key)", chrome.language) : nil
        }
        var extra: [String: Any] = done.map { ["flash": $0] } ?? [:]
        extra.merge(try await erasurePreview(of: found, principal: principal, language: chrome.language)) { $1 }
        extra.merge(try await timeline(of: found, principal: principal, language: chrome.language)) { $1 }
        return renderRequest(found, chrome: chrome, extra: extra)
    }

    /// For an erasure request that can run: what it will destroy and what the legal hold keeps, until when.
    func erasurePreview(of item: SubjectRequest, principal: Principal, language: Language) async throws
        -> [String: Any]
    {
        guard item.kind == .erasure, RequestTransitions.Action.run.isAllowed(for: item), item.outcome == nil,
            let subject = item.subject.flatMap(SubjectID.init),
            let preview = try? await gateway.erasurePreview(of: subject, principal: principal)
        else { return [:] }
        func labels(_ names: [String]) -> String {
            names.map { gateway.policies.fields.field(named: $0)?.label(in: language) ?? $0 }.joined(separator: ", ")
        }
        var values: [String: Any] = ["destroyed": labels(preview.destroyed)]
        if !preview.held.isEmpty {
            values["held"] = labels(preview.held)
            values["holdEnds"] = preview.holdEnds.map { Self.day($0) } ?? ""
        }
        return ["erasurePreview": values]
    }

    @Sendable func verify(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await perform(on: request, context: context, done: "verified") { form, reference, principal in
            let method = try Self.text(form, "method", limit: 100)
            _ = try await RequestTransitions(gateway: gateway).perform(.verify, reference, principal) {
                try await gateway.verifyRequest(reference, method: method, principal: principal)
            }
            return nil
        }
    }

    @Sendable func run(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await perform(on: request, context: context, done: "completed") { form, reference, principal in
            let language = Language(rawValue: form["language"] ?? "")
            let item = try await gateway.request(reference, principal: principal)
            if item.kind == .erasure, item.outcome == nil, form["confirm"] != "yes" {
                let language = Self.chrome(request, context).language
                throw APIError.validation(ConsoleStrings.text("confirm_required", language))
            }
            let result = try await RequestTransitions(gateway: gateway).perform(.run, reference, principal) {
                try await gateway.runRequest(reference, language: language, principal: principal)
            }
            return result
        }
    }

    @Sendable func refuse(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await perform(on: request, context: context, done: "refused") { form, reference, principal in
            let reason = try Self.text(form, "reason")
            guard form["confirm"] == "yes" else {
                let language = Self.chrome(request, context).language
                throw APIError.validation(ConsoleStrings.text("confirm_required", language))
            }
            _ = try await RequestTransitions(gateway: gateway).perform(.refuse, reference, principal) {
                try await gateway.refuseRequest(reference, reason: reason, principal: principal)
            }
            return nil
        }
    }

    @Sendable func extend(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await perform(on: request, context: context, done: "extended") { form, reference, principal in
            let reason = try Self.text(form, "reason")
            _ = try await RequestTransitions(gateway: gateway).perform(.extend, reference, principal) {
                try await gateway.extendRequest(reference, reason: reason, principal: principal)
            }
            return nil
        }
    }

    @Sendable func askIdentity(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await perform(on: request, context: context, done: "identity_asked") { _, reference, principal in
            try await gateway.askForIdentity(reference, principal: principal)
            return nil
        }
    }

    /// Sends the person a new one-time link to their access answer; the earlier link stops working at once.
    @Sendable func reissueAnswerLink(_ request: Request, context: APIRequestContext) async throws -> Response {
        let language = Self.chrome(request, context).language
        return try await perform(on: request, context: context, done: "answer_link") { _, reference, principal in
            let outcome = try await gateway.issueAnswerLink(for: reference, principal: principal)
            // Not sent (no e-mail on file and no SMS route, or the mailer failed): say so, never "sent".
            guard outcome == "sent" else {
                throw APIError.validation(ConsoleStrings.text("answer_link_not_sent", language) + " (\(outcome))")
            }
            return nil
        }
    }

    @Sendable func bundle(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try APIRoutes.reference(context)
        let file = try await gateway.accessBundleFile(for: reference, principal: principal)
        return try await Downloads.file(file, name: "\(reference).bundle", type: "application/octet-stream",
                                        context: context)
    }

    @Sendable func act(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try APIRoutes.reference(context)
        guard let format = Gateway.ActFormat(rawValue: request.uri.queryParameters.get("format") ?? "html") else {
            throw APIError.badRequest("format is html, md or json")
        }
        let file = try await gateway.destructionActFile(for: reference, format: format, principal: principal)
        return try await Downloads.file(file, name: file.lastPathComponent, type: Downloads.contentType(of: format),
                                        context: context)
    }

    // MARK: Internals

    /// Runs a form action on a request. Success: back to the request page (303), or the page itself when the
    /// action produced something to show once (a delivery key). A refusal, conflict or bad value: the request page
    /// again, with the problem and the matching status.
    private func perform(
        on request: Request, context: APIRequestContext, done: String,
        _ body: @Sendable ([String: String], String, Principal) async throws -> RequestRunResult?
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try APIRoutes.reference(context)
        let form = try await checkedForm(request, context)
        let chrome = Self.chrome(request, context)
        do {
            if let result = try await body(form, reference, principal) {
                var extra: [String: Any] = ["flash": ConsoleStrings.text("done_\(done)", chrome.language)]
                if let key = result.deliveryKey { extra["deliveryKey"] = key }
                if let manifest = result.manifestSHA256 { extra["manifest"] = manifest }
                return renderRequest(result.request, chrome: chrome, extra: extra)
            }
            return Response.redirect(to: "/console/requests/\(reference)?done=\(done)", type: .normal)
        } catch let error as GatewayError where error.code != .refused && error.status.code < 500 {
            let current = try await gateway.request(reference, principal: principal)
            return renderRequest(current, chrome: chrome, extra: ["problem": error.apiMessage], status: error.status)
        } catch let error as APIError where error.status == .conflict || error.status == .unprocessableContent {
            let current = try await gateway.request(reference, principal: principal)
            return renderRequest(current, chrome: chrome, extra: ["problem": error.message], status: error.status)
        }
    }

    /// The request page.
    func renderRequest(_ item: SubjectRequest, chrome: ConsoleRenderer.Chrome, extra: [String: Any] = [:],
                       status: HTTPResponse.Status = .ok) -> Response {
        let strings = ConsoleStrings.table(chrome.language)
        let deadlineStatus = gateway.deadlineStatus(of: item)
        let zone = gateway.timeZone(ofJurisdiction: item.jurisdiction)
        let base = "/console/requests/\(item.reference)"
        let links = RequestResource.links(for: item)
        var values: [String: Any] = [
            "reference": item.reference, "kind": strings["kind_\(item.kind.rawValue)"] ?? item.kind.rawValue,
            "state": strings["state_\(item.state.rawValue)"] ?? item.state.rawValue,
            "stateClass": item.state.rawValue, "overdue": deadlineStatus.isOverdue,
            "jurisdiction": item.jurisdiction, "channel": strings["channel_\(item.channel)"] ?? item.channel,
            "received": Self.minute(item.receivedAt, in: zone),
            "deadline": Self.day(item.deadline, in: zone),
            "daysLeft": item.state.isOpen ? "\(deadlineStatus.daysLeft)" : "",
            "canVerify": RequestTransitions.Action.verify.isAllowed(for: item),
            "canAskIdentity": item.state == .received && gateway.sendsRequesterMessages && item.subject != nil,
            "messagesOff": !gateway.sendsRequesterMessages,
            "canRun": RequestTransitions.Action.run.isAllowed(for: item),
            "canRefuse": RequestTransitions.Action.refuse.isAllowed(for: item),
            "canExtend": RequestTransitions.Action.extend.isAllowed(for: item),
            "langRU": item.jurisdiction != "EU", "nav_requests": true,
            "methods": Self.verificationMethods.map {
                ["value": $0, "label": strings["method_\($0)"] ?? $0]
            },
            "hasDocuments": links.bundle != nil || links.act != nil,
        ]
        if let subject = item.subject { values["subjectID"] = subject }
        if let certainty = item.deadlineCertainty, certainty.isProvisional {
            values["deadlineNote"] = strings["certainty_\(certainty.rawValue)"] ?? certainty.rawValue
        }
        if let extended = item.extendedDeadline {
            values["extendedDeadline"] = Self.day(extended, in: zone)
            values["extensionReason"] = item.extensionReason ?? ""
        }
        if let verified = item.verifiedAt {
            values["verifiedAt"] = Self.minute(verified, in: zone)
            values["verification"] = strings["method_\(item.verification ?? "")"] ?? item.verification ?? ""
        }
        if let field = item.field { values["field"] = field }
        if let completed = item.completedAt { values["completedAt"] = Self.minute(completed, in: zone) }
        if let reason = item.refusalReason { values["refusalReason"] = reason }
        if let outcome = item.outcome { values["outcome"] = outcome }
        if links.bundle != nil { values["bundleURL"] = base + "/bundle" }
        if item.kind == .access, item.subject != nil { values["reviewURL"] = base + "/review" }
        if item.kind == .access, item.state == .completed, item.subject != nil, gateway.deliversAnswerLinks {
            values["canSendAnswerLink"] = true
        }
        if links.act != nil {
            values["acts"] = ["html": base + "/act?format=html", "md": base + "/act?format=md",
                              "json": base + "/act?format=json"]
        }
        values.merge(extra) { _, new in new }
        return renderer.page("request", title: "\(strings["request_title"] ?? "") \(item.reference)",
                             chrome: chrome, values: values, status: status)
    }
}
