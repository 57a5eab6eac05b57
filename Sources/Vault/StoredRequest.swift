/// A data-subject request as stored: indexed columns plus the request's own JSON record (no personal data), and an
/// optional sealed payload (a rectification's new value, sealed under the subject's key).
public struct StoredRequest: Sendable, Equatable {
    public var id: Int64?
    public var reference: String
    public var state: String
    /// Unix seconds of the deadline in force.
    public var deadline: Int64
    public var subject: String?
    public var record: String
    public var payload: [UInt8]?

    public init(id: Int64? = nil, reference: String, state: String, deadline: Int64, subject: String?, record: String,
                payload: [UInt8]? = nil) {
        self.id = id
        self.reference = reference
        self.state = state
        self.deadline = deadline
        self.subject = subject
        self.record = record
        self.payload = payload
    }
}
