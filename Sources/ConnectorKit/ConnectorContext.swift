/// Values the outbox dispatcher makes available to a connector for the duration of one call.
public enum ConnectorContext {
    /// The outbox event's idempotency key (stable across retries), for APIs that take one.
    @TaskLocal public static var idempotencyKey: String?
    /// The outbox event's id.
    @TaskLocal public static var eventID: String?
}
