public import Core
import Keyring

/// A subject as stored: pseudonym, processing status and sealed fields. Nothing in it is readable without a key.
public struct StoredSubject: Sendable, Equatable {
    /// Processing status of a subject.
    public enum Status: String, Sendable, Codable {
        /// Processed normally.
        case active
        /// Processing restricted (blocked): kept, but not used or shared.
        case restricted
    }

    /// Row id inside this vault; never leaves the process.
    public let rowID: Int64
    public let id: SubjectID
    public var status: Status
    public var record: SealedRecord
    public let createdAt: Int64
    public var updatedAt: Int64
}
