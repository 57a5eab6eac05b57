/// What a connector achieved when asked to erase a person.
public enum ErasureOutcome: Sendable, Codable, Equatable {
    /// The service no longer holds the person's data.
    case erased
    /// The service held nothing about the person.
    case notFound
    /// Some data stays at the service; `reason` says plainly what and why, for the erasure act.
    case cannotErase(reason: String)
}
