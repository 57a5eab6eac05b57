/// What ``Gateway/updateSubject(_:fields:principal:)`` changed: field names only.
public struct SubjectUpdate: Sendable, Codable, Equatable {
    public var version = 1
    public var subject: String
    /// Fields whose value was set or replaced.
    public var changed: [String]
    /// Fields given with the value they already had (now marked confirmed).
    public var confirmed: [String]
    /// Fields removed.
    public var removed: [String]
}
