public import Core

/// One audit record: who did what to whom, under which role and purpose, touching which fields — never values.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// The outcome of the audited operation.
    public enum Outcome: String, Sendable, Codable {
        case ok
        /// Refused by policy or role.
        case refused
        case failed
    }

    /// Position in the chain (assigned on append).
    public var seq: Int64?
    /// Unix seconds.
    public var at: Int64
    public var principal: String
    public var role: String
    /// A dotted verb such as `subject.read`, `import.run`, `consent.give`, `request.erase`.
    public var action: String
    public var purpose: String?
    /// Subject pseudonym, when the action concerns one person.
    public var subject: String?
    /// Names of the fields read or changed.
    public var fields: [String]
    public var outcome: Outcome
    /// Counts, codes or ids only (`imported=870 merged=81`); never personal data.
    public var detail: String?

    public init(
        at: Int64, principal: String, role: String, action: AuditAction, purpose: String? = nil, subject: String? = nil,
        fields: [String] = [], outcome: Outcome = .ok, detail: String? = nil
    ) {
        self.at = at
        self.principal = principal
        self.role = role
        self.action = action.rawValue
        self.purpose = purpose
        self.subject = subject
        self.fields = fields
        self.outcome = outcome
        self.detail = detail
    }

    /// The canonical bytes hashed into the chain: every value length-prefixed, so no two entries share an encoding.
    func canonicalBytes(seq: Int64) -> [UInt8] {
        var out: [UInt8] = Array("pdgate.audit.v1".utf8)
        func put(_ text: String?) {
            guard let text else {
                out.append(0)
                return
            }
            out.append(1)
            let bytes = Array(text.utf8)
            var length = UInt32(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
            out.append(contentsOf: bytes)
        }
        put(String(seq))
        put(String(at))
        put(principal)
        put(role)
        put(action)
        put(purpose)
        put(subject)
        put(fields.joined(separator: ","))
        put(outcome.rawValue)
        put(detail)
        return out
    }
}
