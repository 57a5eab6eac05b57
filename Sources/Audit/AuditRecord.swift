import Vault
import Storage
/// One link of the audit chain as the vault stores it; the Audit module gives it meaning and checks the hashes.
public struct AuditRecord: Sendable, Equatable {
    public var seq: Int64
    /// Unix seconds.
    public var at: Int64
    public var principal: String
    public var role: String
    public var action: String
    public var purpose: String?
    public var subject: String?
    /// Field names joined by commas.
    public var fields: String
    public var outcome: String
    public var detail: String?
    public var previousHash: [UInt8]
    public var hash: [UInt8]

    public init(seq: Int64, at: Int64, principal: String, role: String, action: String, purpose: String?,
                subject: String?, fields: String, outcome: String, detail: String?, previousHash: [UInt8],
                hash: [UInt8]) {
        self.seq = seq
        self.at = at
        self.principal = principal
        self.role = role
        self.action = action
        self.purpose = purpose
        self.subject = subject
        self.fields = fields
        self.outcome = outcome
        self.detail = detail
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// A signed checkpoint of the audit chain's head.
public struct AuditCheckpointRecord: Sendable, Equatable {
    public var seq: Int64
    public var hash: [UInt8]
    public var signature: [UInt8]
    public var publicKey: [UInt8]
    /// Unix seconds.
    public var at: Int64

    public init(seq: Int64, hash: [UInt8], signature: [UInt8], publicKey: [UInt8], at: Int64) {
        self.seq = seq
        self.hash = hash
        self.signature = signature
        self.publicKey = publicKey
        self.at = at
    }
}
