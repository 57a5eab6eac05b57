package import Core
import Audit
package import Policy
import Vault

/// Checks a principal's role against `roles.yaml`, auditing every refusal.
package struct Authorizer {
    let policies: PolicySet
    let audit: AuditLog

    /// The role of a principal.
    ///
    /// - Throws: ``GatewayError`` `refused` for a role `roles.yaml` does not define.
    func role(of principal: Principal) throws -> Role {
        guard let role = policies.role(named: principal.role) else {
            throw GatewayError(.refused, "role \(principal.role) is not defined in roles.yaml")
        }
        return role
    }

    /// Whether the principal's role allows an action.
    package func allows(_ action: RoleAction, _ principal: Principal) -> Bool {
        (try? role(of: principal))?.allows(action) ?? false
    }
}

extension Gateway {
    package var authorizer: Authorizer { Authorizer(policies: policies, audit: audit) }

    /// Throws `refused` (exit 3, HTTP 403) unless the principal's role allows `action`; the refusal is audited.
    func require(
        _ action: RoleAction, _ principal: Principal, auditAction: AuditAction, subject: String? = nil
    ) async throws {
        guard authorizer.allows(action, principal) else {
            try await refuse(principal, auditAction: auditAction, subject: subject,
                             reason: "role \(principal.role) may not \(action.rawValue)")
        }
    }

    /// The principal's role; an undefined role is refused (and audited).
    func role(of principal: Principal, auditAction: AuditAction, subject: String? = nil) async throws -> Role {
        guard let role = policies.role(named: principal.role) else {
            try await refuse(principal, auditAction: auditAction, subject: subject,
                             reason: "role \(principal.role) is not defined in roles.yaml")
        }
        return role
    }

    /// Audits a refusal and throws it.
    func refuse(_ principal: Principal, auditAction: AuditAction, subject: String? = nil, fields: [String] = [],
                reason: String) async throws -> Never {
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: auditAction, subject: subject, fields: fields, outcome: .refused,
                                    detail: reason))
        throw GatewayError(.refused, "refused: \(reason)")
    }

    /// Synchronous audit of a refusal, for callers outside async contexts (import).
    package func refuseNow(_ principal: Principal, auditAction: AuditAction, reason: String) throws -> Never {
        let audit = self.audit
        let now = nowSeconds
        try vault.writeBlocking { tx in
            try audit.append(AuditEntry(at: now, by: principal,
                                        action: auditAction, outcome: .refused, detail: reason), in: tx)
            try audit.checkpoint(in: tx, now: now)
        }
        throw GatewayError(.refused, "refused: \(reason)")
    }
}
