public import Core
import Audit
import Policy
import Vault

/// Aggregates without personal data: what an analyst may see.
public struct VaultStatistics: Sendable, Codable, Equatable {
    public var version = 1
    public var subjects: Int
    public var restricted: Int
    /// Share of subjects holding each field (0...1).
    public var fieldFill: [String: Double]
    /// People with active consent per purpose, and how many of those are proven.
    public var activeConsent: [String: Int]
    public var provenConsent: [String: Int]
}

extension Gateway {
    /// Counts per field and purpose for roles with `aggregates: true`; no value is decrypted.
    public func statistics(principal: Principal) async throws -> VaultStatistics {
        let role = try await role(of: principal, auditAction: .statsRead)
        guard role.aggregates else {
            try await refuse(principal, auditAction: .statsRead, reason: "role \(principal.role) has no aggregates")
        }
        let now = nowSeconds
        return try await audited(by: principal, at: now, as: .read) { tx, log in
            let counts = try tx.statistics()
            try log.record(.statsRead, detail: "subjects=\(counts.subjects)")
            let total = max(counts.subjects, 1)
            return VaultStatistics(
                subjects: counts.subjects, restricted: counts.restricted,
                fieldFill: counts.fieldCounts.mapValues { Double($0) / Double(total) },
                activeConsent: counts.activeConsent, provenConsent: counts.provenConsent)
        }
    }
}
