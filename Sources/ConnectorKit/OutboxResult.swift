/// What a delivered outbox event achieved, recorded by the store when it marks the event done.
public enum OutboxResult: Sendable, Codable, Equatable {
    /// The person was created or updated; the service's id when it gave one.
    case upserted(externalID: String?)
    /// The resolver found no valid basis any more: nothing was sent.
    case skipped
    /// Processing was stopped at the service.
    case suppressed
    /// The erasure outcome, for the erasure act.
    case erasure(ErasureOutcome)
}
