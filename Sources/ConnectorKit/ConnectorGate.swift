internal import Foundation

/// Per-connector pause shared by the dispatcher's workers (after a 429 or refused credentials).
actor ConnectorGate {
    private(set) var pausedUntil: Date?

    func pause(until date: Date) {
        pausedUntil = max(pausedUntil ?? date, date)
    }
}
