internal import Foundation

/// Per-connector state shared by the dispatcher's workers: the adaptive window of requests in flight, and a pause
/// (after refused credentials, or a 429 when the window is already down to one request).
actor ConnectorGate {
    private(set) var pausedUntil: Date?
    private(set) var concurrency: AdaptiveConcurrency

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

    /// Records a 429 or 503; returns whether the window was already at one request.
    func recordOverload() -> Bool {
        concurrency.recordOverload()
    }
}
