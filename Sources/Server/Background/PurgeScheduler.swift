public import Core
public import Foundation
public import Gateway
public import Logging
import ServiceLifecycle

/// The nightly retention purge inside `pdgate serve`: at a fixed time of day in the operator's time zone, a dry run, then the
/// run itself, under a principal of its own. Logs carry counts only.
///
/// Use it where no cron or systemd timer runs `pdgate purge`; never both (the purge is idempotent, so both would
/// be safe, only wasteful).
public struct PurgeScheduler: Sendable {
    /// When the purge runs each day: hour and minute in ``timeZone``.
    public var hour: Int
    public var minute: Int
    /// The zone the time of day is read in: the operator's (``Policy/PolicySet/operatorTimeZone``).
    public var timeZone: TimeZone
    /// The principal the scheduler acts as; its role must allow `purge`.
    public var principal: Principal

    /// A schedule at `HH:MM`.
    ///
    /// - Throws: ``GatewayError`` `invalidArgument` unless the text is a time of day, `00:00` to `23:59`.
    public init(at text: String, in timeZone: TimeZone,
                principal: Principal = Principal(name: "system:purge-scheduler", role: "privacy_officer")) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else {
            throw GatewayError(.invalidArgument, "the purge time is HH:MM, 00:00 to 23:59 (the operator's time zone)")
        }
        self.hour = hour
        self.minute = minute
        self.timeZone = timeZone
        self.principal = principal
    }

    /// The first scheduled moment strictly after `date`.
    public func nextRun(after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(hour: hour, minute: minute, second: 0)
        return calendar.nextDate(after: date, matching: components, matchingPolicy: .nextTime) ?? date.addingTimeInterval(86_400)
    }

    /// One scheduled purge: the dry run, then the run.
    public func runOnce(_ gateway: Gateway, logger: Logger) async throws -> PurgeReport {
        let preview = try await gateway.purge(dryRun: true, principal: principal)
        logger.info("Scheduled purge preview", metadata: ["pdgate.due": "\(preview.items.count)",
                                                          "pdgate.examined": "\(preview.examined)"])
        let report = try await gateway.purge(dryRun: false, principal: principal)
        logger.notice("Scheduled purge done", metadata: [
            "pdgate.erased": "\(report.erased)", "pdgate.partial": "\(report.partiallyErased)",
            "pdgate.failed": "\(report.failed)", "pdgate.acts_expired": "\(report.actsExpired)",
        ])
        return report
    }
}

/// Runs a ``PurgeScheduler`` beside the HTTP server until graceful shutdown.
struct PurgeSchedulerService: Service {
    let scheduler: PurgeScheduler
    let gateway: Gateway
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    let next = scheduler.nextRun(after: Date())
                    try await Task.sleep(for: .seconds(max(1, next.timeIntervalSinceNow)))
                    do {
                        _ = try await scheduler.runOnce(gateway, logger: logger)
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        // The next night tries again; the purge is idempotent and resumable.
                        logger.error("Scheduled purge failed", metadata: ["pdgate.error": "\(type(of: error))"])
                    }
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
