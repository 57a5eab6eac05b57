/// A breach-register entry as the vault keeps it: reference, state, detection time and the JSON record the gateway
/// owns (ids, counts, codes and the officer's own descriptions; never personal values).
public struct StoredIncident: Sendable, Equatable {
    public var reference: String
    /// `open` or `closed`.
    public var state: String
    /// Unix seconds.
    public var detectedAt: Int64
    public var record: String

    public init(reference: String, state: String, detectedAt: Int64, record: String) {
        self.reference = reference
        self.state = state
        self.detectedAt = detectedAt
        self.record = record
    }
}
