import Foundation
import Hummingbird
import Gateway
import Keyring
import Audit

extension APIRoutes {
    /// `POST /v1/purge/dry-run` and `/run` (the body is optional).
    struct PurgeBody: Decodable {
        /// Judge retention as of this day (`YYYY-MM-DD`, Moscow time), for previews.
        var asOf: String?
    }

    /// The result of checking the audit chain.
    struct AuditCheck: Encodable {
        var valid: Bool
        var entries: Int
        var checkpoints: Int
        var firstBadSeq: Int64?
        var problem: String?
    }

    /// One subject's audit trail.
    struct AuditTrail: Encodable {
        var subject: String
        var entries: [AuditEntry]
    }

    @Sendable func purgeDryRun(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await purge(request, context: context, dryRun: true)
    }

    @Sendable func purgeRun(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await purge(request, context: context, dryRun: false)
    }

    private func purge(_ request: Request, context: APIRequestContext, dryRun: Bool) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await RequestBodyDecoder.json(PurgeBody.self, from: request, fallback: PurgeBody())
        var asOf: Date?
        if let text = body.asOf {
            guard let date = Self.day(text) else { throw APIError.validation("asOf is a day, YYYY-MM-DD") }
            asOf = date
        }
        let report = try await gateway.purge(dryRun: dryRun, asOf: asOf, principal: principal)
        return try JSONResponse.make(report)
    }

    @Sendable func verifyAudit(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let result = try await gateway.verifyAudit(principal: principal)
        return try JSONResponse.make(AuditCheck(valid: result.isValid, entries: result.entries,
                                                checkpoints: result.checkpoints, firstBadSeq: result.firstBadSeq,
                                                problem: result.problem))
    }

    @Sendable func auditTrail(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try Self.subjectID(context)
        let entries = try await gateway.auditTrail(of: id, principal: principal)
        return try JSONResponse.make(AuditTrail(subject: id.rawValue, entries: entries))
    }

    @Sendable func statistics(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try JSONResponse.make(try await gateway.statistics(principal: principal))
    }

    /// A `YYYY-MM-DD` day in Moscow time.
    static func day(_ text: String) -> Date? {
        guard text.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil else { return nil }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
        return formatter.date(from: text)
    }
}
