import Foundation
import Hummingbird
import Gateway

extension ConsoleRoutes {
    /// `GET /console/connectors`: queue counts per connector and the dead letters, with a requeue button each.
    @Sendable func connectorsPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        var extra: [String: Any] = [:]
        if let done = request.uri.queryParameters.get("done"), done == "requeued" {
            extra["flash"] = ConsoleStrings.text("done_requeued", Self.chrome(request, context).language)
        }
        return try await renderConnectors(request, context, extra: extra)
    }

    /// `POST /console/connectors/{name}/test`: one harmless authenticated call to the service (Mailchimp's ping,
    /// UniSender's list of lists), then the page with ok or the service's error title; audited without personal data.
    @Sendable func testConnector(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        _ = try await checkedForm(request, context)
        let name = context.parameters.get("name") ?? ""
        let language = Self.chrome(request, context).language
        let result = try await gateway.checkConnector(name, principal: principal)
        let extra: [String: Any] = switch result {
        case .ok: ["flash": "\(name): " + ConsoleStrings.text("connector_test_ok", language)]
        case .failed(let code, let title):
            ["problem": "\(name): " + ConsoleStrings.text("connector_test_failed", language) + " "
                + ([title, code].compactMap { $0 }.joined(separator: " · "))]
        case .unavailable: ["problem": "\(name): " + ConsoleStrings.text("connector_test_unavailable", language)]
        }
        return try await renderConnectors(request, context, extra: extra)
    }

    /// The connectors page, with a flash or a problem from an action.
    private func renderConnectors(_ request: Request, _ context: APIRequestContext, extra: [String: Any]) async throws
        -> Response
    {
        let principal = try context.requirePrincipal()
        let chrome = Self.chrome(request, context)
        let status = try await gateway.connectorStatus(limit: 100, principal: principal)
        let names = Set(status.routes.keys).union(status.outbox.connectors.keys).sorted()
        func purpose(_ name: String) -> String {
            gateway.policies.purpose(named: name)?.description[chrome.language] ?? name
        }
        let rows: [[String: Any]] = names.map { name in
            let counts = status.outbox.connectors[name] ?? .init()
            var row: [String: Any] = [
                "name": name, "purposes": (status.routes[name] ?? []).map(purpose).joined(separator: ", "),
                "configured": status.routes[name] != nil, "pending": counts.pending, "leased": counts.leased,
                "done": counts.done, "dead": counts.deadLettered, "hasDead": counts.deadLettered > 0,
            ]
            if let due = counts.nextDueAt { row["nextDue"] = Self.minute(due) }
            return row
        }
        let letters: [[String: Any]] = status.deadLetters.map { letter in
            ["event": letter.event, "connector": letter.connector, "operation": letter.operation.rawValue,
             "subject": letter.subject, "purpose": purpose(letter.purpose), "attempts": letter.attempts,
             "code": letter.code.rawValue, "failed": Self.minute(letter.failedAt),
             "message": letter.message + ([letter.status.map { "HTTP \($0)" }, letter.apiErrorType].compactMap { $0 }
                 .joined(separator: ", ").nonEmptyParenthesised)]
        }
        var values: [String: Any] = [
            "connectors": rows, "hasConnectors": !rows.isEmpty, "letters": letters, "hasLetters": !letters.isEmpty,
            "nav_connectors": true,
        ]
        values.merge(extra) { _, new in new }
        return renderer.page("connectors", title: ConsoleStrings.text("connectors_title", chrome.language),
                             chrome: chrome, values: values)
    }

    /// `POST /console/connectors/dead-letters/{event}/requeue`.
    @Sendable func requeue(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        _ = try await checkedForm(request, context)
        let event = context.parameters.get("event") ?? ""
        guard try await gateway.requeueDeadLetter(event, principal: principal) else {
            throw APIError.notFound("no dead letter with that event id; it may have been requeued already")
        }
        return Response.redirect(to: "/console/connectors?done=requeued", type: .normal)
    }
}

extension String {
    /// ` (text)` for a non-empty string, else the empty string.
    fileprivate var nonEmptyParenthesised: String { isEmpty ? "" : " (\(self))" }
}
