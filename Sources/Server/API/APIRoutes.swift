import Core
import Foundation
import Hummingbird
import Gateway
import Keyring

/// The `/v1` routes: thin adapters from HTTP to ``Gateway`` calls, under the caller's token principal.
///
/// Every gateway call checks the role and writes the audit log itself; the routes only read parameters and bodies,
/// and shape results as JSON. Nothing here blocks a thread: gateway calls are async, files are streamed by
/// Hummingbird's `FileIO` off the cooperative pool, and CSV import is deliberately not exposed.
struct APIRoutes: Sendable {
    let gateway: Gateway
    let clock: @Sendable () -> Date

    /// Registers every route on `group` (already mounted at `/v1`, behind authentication).
    func register(on group: RouterGroup<APIRequestContext>, table: RouteTable) {
        let prefix = "/v1"
        func add(_ method: HTTPRequest.Method, _ path: String,
                 _ handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response) {
            table.add(method, path, prefix: prefix, on: group, use: handler)
        }
        add(.post, "subjects", createSubject)
        add(.get, "subjects", findSubjects)
        add(.post, "subjects/search", searchSubjects)
        add(.get, "subjects/{id}", showSubject)
        add(.patch, "subjects/{id}", updateSubject)
        add(.get, "subjects/{id}/consents", consentHistory)
        add(.post, "subjects/{id}/consents", giveConsent)
        add(.post, "subjects/{id}/consents/{purpose}/withdraw", withdrawConsent)
        add(.get, "requests", listRequests)
        add(.post, "requests", createRequest)
        add(.get, "requests/{reference}", showRequest)
        add(.post, "requests/{reference}/verify", verifyRequest)
        add(.post, "requests/{reference}/run", runRequest)
        add(.post, "requests/{reference}/refuse", refuseRequest)
        add(.post, "requests/{reference}/extend", extendRequest)
        add(.get, "requests/{reference}/bundle", downloadBundle)
        add(.get, "requests/{reference}/act", downloadAct)
        add(.post, "purge/dry-run", purgeDryRun)
        add(.post, "purge/run", purgeRun)
        add(.get, "audit/verify", verifyAudit)
        add(.get, "audit/subjects/{id}", auditTrail)
        add(.get, "stats", statistics)
        add(.get, "connectors/status", connectorStatus)
        add(.post, "connectors/dead-letters/{event}/requeue", requeueDeadLetter)
        registerIncidents(add)
        registerExports(on: group, table: table)
    }

    // MARK: Parameters

    /// The `{id}` path parameter as a subject id (400 when it is not one).
    static func subjectID(_ context: APIRequestContext) throws -> SubjectID {
        guard let text = context.parameters.get("id"), let id = SubjectID(text) else {
            throw APIError.badRequest("the subject id must look like sub_ followed by 26 characters")
        }
        return id
    }

    /// The `{reference}` path parameter (404 when it cannot be a request reference).
    static func reference(_ context: APIRequestContext) throws -> String {
        guard let text = context.parameters.get("reference"), isReference(text) else {
            throw APIError.notFound("no such request; references look like REQ-2026-000001")
        }
        return text
    }

    /// Whether `text` has the shape of a request reference, `REQ-YYYY-NNNNNN`.
    static func isReference(_ text: String) -> Bool {
        text.range(of: #"^REQ-[0-9]{4}-[0-9]{6,}$"#, options: .regularExpression) != nil
    }

    /// A boolean query parameter, as the OpenAPI document declares it: `true` or `false` (absent is false).
    /// Anything else is a 422 naming the parameter, not a silent false.
    static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let value = request.uri.queryParameters.get(name) else { return false }
        switch value {
        case "true": return true
        case "false": return false
        default: throw APIError.validation("\(name) is true or false")
        }
    }
}
