import Foundation
import Gateway
import Synchronization

/// Request counters for `/metrics`, by route pattern, method and status; nothing that identifies a person.
final class ServerMetrics: Sendable {
    private struct Key: Hashable, Comparable {
        var route: String
        var method: String
        var status: Int

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.route, lhs.method, lhs.status) < (rhs.route, rhs.method, rhs.status)
        }
    }

    private struct Tally {
        var count = 0
        var seconds = 0.0

        mutating func add(_ duration: Double) {
            count += 1
            seconds += duration
        }
    }

    private let requests = Mutex<[Key: Tally]>([:])
    private let authFailures = Mutex<Int>(0)
    private let started = Date()

    /// Counts one finished request.
    func record(route: String, method: String, status: Int, seconds: Double) {
        requests.withLock { table in
            table[Key(route: route, method: method, status: status), default: Tally()].add(seconds)
        }
    }

    /// Counts one failed authentication (bad or revoked token, console login).
    func recordAuthFailure() {
        authFailures.withLock { $0 += 1 }
    }

    /// The Prometheus text exposition (format 0.0.4).
    ///
    /// - Parameter counts: The gateway's counts, or nil when the vault could not be read (then `pdgate_up` is 0).
    func render(counts: OperationalCounts?) -> String {
        let snapshot = requests.withLock { $0 }.sorted { $0.key < $1.key }
        var out = ""
        out += "# HELP pdgate_up Whether the gateway could read its vault for this scrape.\n"
        out += "# TYPE pdgate_up gauge\n"
        out += "pdgate_up \(counts == nil ? 0 : 1)\n"
        out += "# HELP pdgate_http_requests_total HTTP requests by route pattern, method and status.\n"
        out += "# TYPE pdgate_http_requests_total counter\n"
        for (key, tally) in snapshot {
            out += "pdgate_http_requests_total\(labels(key)) \(tally.count)\n"
        }
        out += "# HELP pdgate_http_request_duration_seconds Time spent answering requests.\n"
        out += "# TYPE pdgate_http_request_duration_seconds summary\n"
        for (key, tally) in snapshot {
            out += "pdgate_http_request_duration_seconds_sum\(labels(key)) \(String(format: "%.6f", tally.seconds))\n"
            out += "pdgate_http_request_duration_seconds_count\(labels(key)) \(tally.count)\n"
        }
        out += "# HELP pdgate_auth_failures_total Failed authentications (bad, expired or revoked tokens).\n"
        out += "# TYPE pdgate_auth_failures_total counter\n"
        out += "pdgate_auth_failures_total \(authFailures.withLock { $0 })\n"
        if let counts {
            out += "# HELP pdgate_subjects Data subjects held in the vault.\n"
            out += "# TYPE pdgate_subjects gauge\n"
            out += "pdgate_subjects \(counts.subjects)\n"
            out += "# HELP pdgate_requests_open Data-subject requests not yet completed or refused.\n"
            out += "# TYPE pdgate_requests_open gauge\n"
            out += "pdgate_requests_open \(counts.openRequests)\n"
            out += "# HELP pdgate_requests_overdue Open data-subject requests past their legal deadline.\n"
            out += "# TYPE pdgate_requests_overdue gauge\n"
            out += "pdgate_requests_overdue \(counts.overdueRequests)\n"
        }
        out += "# HELP pdgate_uptime_seconds Seconds since the server started.\n"
        out += "# TYPE pdgate_uptime_seconds gauge\n"
        out += "pdgate_uptime_seconds \(Int(Date().timeIntervalSince(started)))\n"
        return out
    }

    private func labels(_ key: Key) -> String {
        "{route=\"\(Self.escape(key.route))\",method=\"\(Self.escape(key.method))\",status=\"\(key.status)\"}"
    }

    /// Escapes a label value: backslash, double quote and line feed.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
