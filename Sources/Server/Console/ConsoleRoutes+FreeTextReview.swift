import Foundation
import Hummingbird
import Gateway

extension ConsoleRoutes {
    /// `GET /console/requests/{reference}/review`: an access answer's free text (notes that may name other people)
    /// with a form to release each field as written, redacted, or to withhold it, before the answer goes out.
    @Sendable func freeTextReviewPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try APIRoutes.reference(context)
        let chrome = Self.chrome(request, context)
        let items = try await gateway.accessAnswerAwaitingReview(reference, principal: principal)
        let fields: [[String: Any]] = items.map { ["field": $0.field, "label": $0.label, "value": $0.value] }
        return renderer.page("request_review", title: "\(ConsoleStrings.text("review_title", chrome.language)) "
                             + reference, chrome: chrome,
                             values: ["reference": reference, "fields": fields, "nothing": fields.isEmpty,
                                      "nav_requests": true])
    }

    /// `POST /console/requests/{reference}/review`: `text.<field>` is the text to release; `withhold.<field>` set
    /// withholds the field. Audited by the gateway with field names and which were changed, never the texts.
    @Sendable func freeTextReview(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try APIRoutes.reference(context)
        let form = try await checkedForm(request, context)
        var released: [String: String] = [:]
        for (name, value) in form where name.hasPrefix("text.") {
            let field = String(name.dropFirst("text.".count))
            guard value.count <= 10_000 else { throw APIError.validation("\(field): at most 10,000 characters") }
            released[field] = form["withhold.\(field)"] == nil ? value.trimmingCharacters(in: .whitespacesAndNewlines)
                : ""
        }
        try await gateway.reviewAccessAnswer(reference, released: released, principal: principal)
        return Response.redirect(to: "/console/requests/\(reference)?done=reviewed", type: .normal)
    }
}
