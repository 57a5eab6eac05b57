public import Core
public import Foundation
import Vault
import Audit
import Policy
import Requests

extension Gateway {
    /// The formats a destruction act is written in.
    public enum ActFormat: String, Sendable, CaseIterable {
        case html, md, json
    }

    /// The sealed access bundle of a completed access request, for download; the download is audited.
    ///
    /// The file is encrypted (secretstream); the delivery key was shown once when the request ran and travels to
    /// the person by another channel.
    /// - Throws: ``GatewayError`` `refused` without `export`, `notFound` for an unknown request or a missing file,
    ///   `invalidArgument` when the request is not a completed access request.
    public func accessBundleFile(for reference: String, principal: Principal) async throws -> URL {
        let request = try await request(reference, principal: principal)
        try await require(.export, principal, auditAction: .requestBundle, subject: request.subject)
        guard request.kind == .access, request.state == .completed else {
            throw GatewayError(.invalidArgument,
                "\(reference) is a \(request.state.rawValue) \(request.kind.rawValue) request; only a completed "
                    + "access request has a bundle")
        }
        let file = directory.root.appendingPathComponent("exports").appendingPathComponent("\(reference).bundle")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw GatewayError(.notFound, "the bundle of \(reference) is no longer kept")
        }
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: .requestBundle, subject: request.subject, detail: reference))
        return file
    }

    /// The destruction act written when an erasure request ran, for download; the download is audited.
    ///
    /// - Parameter format: HTML (readable, printable), Markdown or JSON.
    /// - Throws: ``GatewayError`` `refused` unless the role may `erase` or `audit`, `notFound` when the request has
    ///   no act (not an erasure, not run yet, or nothing was held).
    public func destructionActFile(for reference: String, format: ActFormat = .html, principal: Principal)
        async throws -> URL
    {
        let request = try await request(reference, principal: principal)
        if !authorizer.allows(.erase, principal) && !authorizer.allows(.audit, principal) {
            try await refuse(principal, auditAction: .requestAct, subject: request.subject,
                             reason: "role \(principal.role) may not read destruction acts")
        }
        guard let number = Self.actNumber(in: request.outcome) else {
            throw GatewayError(.notFound, "\(reference) has no destruction act")
        }
        let acts = try await vault.read { tx in try tx.acts(createdBefore: Int64.max) }
        guard let base = acts.first(where: { $0.number == number })?.file else {
            throw GatewayError(.notFound, "the act of \(reference) is no longer kept")
        }
        let file = actURL(base).appendingPathExtension(format.rawValue)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw GatewayError(.notFound, "the act of \(reference) is no longer kept")
        }
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: .requestAct, subject: request.subject, detail: "\(reference) \(number)"))
        return file
    }

    /// The act number (`ACT-2026-000001`) in a request's outcome, as ``runRequest(_:language:principal:)`` writes it.
    static func actNumber(in outcome: String?) -> String? {
        guard let outcome, let range = outcome.range(of: #"ACT-[0-9]{4}-[0-9]{6}"#, options: .regularExpression) else {
            return nil
        }
        return String(outcome[range])
    }
}
