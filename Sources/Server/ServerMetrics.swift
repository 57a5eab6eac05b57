import Gateway
import Prometheus

/// The metrics behind `/metrics`, kept in swift-prometheus's `PrometheusCollectorRegistry`, which also writes the
/// Prometheus text exposition (format 0.0.4).
///
/// Labels are the registered route pattern (such as `/v1/subjects/{id}`, never the URI), the method and the status:
/// nothing that identifies a person.
final class ServerMetrics: Sendable {
    /// The content type of ``exposition(counts:)``.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Upper bounds of the request duration histogram's buckets (Prometheus's usual defaults, 5 ms to 10 s).
    static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    // The descriptors are computed: swift-prometheus's `MetricNameDescriptor` is not `Sendable`, so it cannot be a
    // stored static.

    private static var requestsTotal: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "pdgate", metricName: "http_requests", unitName: "total",
            helpText: "HTTP requests by route pattern, method and status.")
    }
    private static var requestDuration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "pdgate", metricName: "http_request_duration", unitName: "seconds",
            helpText: "Time spent answering requests.")
    }
    private static var authFailuresTotal: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "pdgate", metricName: "auth_failures", unitName: "total",
            helpText: "Failed authentications (bad, expired or revoked tokens).")
    }
    private static var up: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "pdgate", metricName: "up", unitName: "",
            helpText: "Whether the gateway could read its vault for this scrape.")
    }
    private static var subjects: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "pdgate", metricName: "subjects", unitName: "",
            helpText: "Data subjects held in the vault.")
    }
    private static var requestsOpen: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "pdgate", metricName: "requests_open", unitName: "",
            helpText: "Data-subject requests not yet completed or refused.")
    }
    private static var requestsOverdue: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "pdgate", metricName: "requests_overdue", unitName: "",
            helpText: "Open data-subject requests past their legal deadline.")
    }
    private static var uptime: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "pdgate", metricName: "uptime", unitName: "seconds",
            helpText: "Seconds since the server started.")
    }

    /// Counters and histograms that live as long as the server.
    private let registry = PrometheusCollectorRegistry()
    private let authFailures: Counter
    private let started = ContinuousClock.now

    init() {
        authFailures = registry.makeCounter(descriptor: Self.authFailuresTotal)
    }

    /// Counts one finished request and its duration.
    ///
    /// - Parameters:
    ///   - route: The registered route pattern (`NotFound` when none matched), never the URI.
    func record(route: String, method: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        registry.makeCounter(descriptor: Self.requestsTotal, labels: labels).increment()
        registry.makeDurationHistogram(descriptor: Self.requestDuration, labels: labels,
                                       buckets: Self.durationBuckets).record(duration)
    }

    /// Counts one failed authentication (bad or revoked token, console login).
    func recordAuthFailure() {
        authFailures.increment()
    }

    /// The Prometheus text exposition (format 0.0.4) of the server's metrics and of this scrape's gauges.
    ///
    /// - Parameter counts: The gateway's counts, or nil when the vault could not be read (then `pdgate_up` is 0 and
    ///   the vault's gauges are left out rather than reported as zero).
    func exposition(counts: OperationalCounts?) -> [UInt8] {
        // The gauges read at scrape time go in a registry of their own, made for this scrape: a gauge the vault
        // could not give this time is absent, never the value of an earlier scrape.
        let scrape = PrometheusCollectorRegistry()
        scrape.makeGauge(descriptor: Self.up).set(to: counts == nil ? 0 : 1)
        if let counts {
            scrape.makeGauge(descriptor: Self.subjects).set(to: Double(counts.subjects))
            scrape.makeGauge(descriptor: Self.requestsOpen).set(to: Double(counts.openRequests))
            scrape.makeGauge(descriptor: Self.requestsOverdue).set(to: Double(counts.overdueRequests))
        }
        let elapsed = (ContinuousClock.now - started).components.seconds
        scrape.makeGauge(descriptor: Self.uptime).set(to: Double(elapsed))
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        scrape.emit(into: &buffer)
        registry.emit(into: &buffer)
        return buffer
    }
}
