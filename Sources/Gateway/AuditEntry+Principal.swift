public import Core
public import Audit

extension AuditEntry {
    /// An entry for what `principal` did: the one way the gateway names who acted and under which role.
    public init(
        at: Int64, by principal: Principal, action: AuditAction, purpose: String? = nil, subject: String? = nil,
        fields: [String] = [], outcome: Outcome = .ok, detail: String? = nil
    ) {
        self.init(at: at, principal: principal.name, role: principal.role, action: action, purpose: purpose,
                  subject: subject, fields: fields, outcome: outcome, detail: detail)
    }
}
