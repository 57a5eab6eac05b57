internal import Foundation

/// Per-connector state shared by the dispatcher's workers: the adaptive window of requests in flight, and a pause
/// (after refused credentials, or a 429 when the window is already down to one request).
actor ConnectorGate {
    private(set) var pausedUntil: Date?
    private(set) var concurrency: AdaptiveConcurrency
    /// Per person and purpose: when this dispatcher last resolved an upsert that the service then accepted, and the
    /// id it answered. Lost on restart (the next event is simply sent); cleared when it grows large.
    private var upserts: [String: (resolvedAt: Date, externalID: String?)] = [:]

    init(concurrency: AdaptiveConcurrency) {
        self.concurrency = concurrency
    }

    /// The number of requests that may be in flight now.
    var window: Int { concurrency.window }

    func pause(until date: Date) {
        pausedUntil = max(pausedUntil ?? date, date)
    }

    func recordSuccess() {
        concurrency.recordSuccess()
    }

    /// The last accepted upsert of `subject` for `purpose`, if this dispatcher sent one.
    func lastUpsert(of subject: String, purpose: String) -> (resolvedAt: Date, externalID: String?)? {
        upserts[subject + "\u{1F}" + purpose]
    }

    func recordUpsert(of subject: String, purpose: String, resolvedAt: Date, externalID: String?) {
        if upserts.count >= 200_000 { upserts.removeAll(keepingCapacity: true) }
        let key = subject + "\u{1F}" + purpose
        if let known = upserts[key], known.resolvedAt > resolvedAt { return }
        upserts[key] = (resolvedAt, externalID)
    }

    /// Records a 429 or 503; returns whether the window was already at one request.
    func recordOverload() -> Bool {
        concurrency.recordOverload()
    }
}
