import Core
import Foundation
import Gateway
import Logging
import Server
import Testing

@Suite("The nightly purge inside pdgate serve")
struct PurgeSchedulerTests {
    static let moscowZone = TimeZone(identifier: "Europe/Moscow")!

    static func moscow(_ text: String, in zone: TimeZone = moscowZone) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    @Test("The next run is the next HH:MM in the operator's time zone, never the same moment again")
    func nextRun() throws {
        let scheduler = try PurgeScheduler(at: "03:00", in: Self.moscowZone)
        #expect(scheduler.nextRun(after: Self.moscow("2026-11-23 02:59")) == Self.moscow("2026-11-23 03:00"))
        #expect(scheduler.nextRun(after: Self.moscow("2026-11-23 03:00")) == Self.moscow("2026-11-24 03:00"))
        #expect(scheduler.nextRun(after: Self.moscow("2026-12-31 23:30")) == Self.moscow("2027-01-01 03:00"))
        for bad in ["3:00", "24:00", "03:60", "0300", "", "03:00:00", "ab:cd"] {
            #expect(throws: GatewayError.self, "\(bad)") { _ = try PurgeScheduler(at: bad, in: Self.moscowZone) }
        }
        // An operator under the EU regime (operator.yaml) purges at 03:00 Berlin time, not Moscow time.
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let eu = try PurgeScheduler(at: "03:00", in: berlin)
        #expect(eu.nextRun(after: Self.moscow("2026-11-23 02:59", in: berlin))
            == Self.moscow("2026-11-23 03:00", in: berlin))
    }

    @Test("A scheduled run previews, then erases who is due, under its own audited principal")
    func runOnce() async throws {
        let test = try await TestServer.make()
        defer { test.cleanup() }
        let lead = try await test.person(extra: ["first_contact_date": "01.02.2020"])
        let report = try await PurgeScheduler(at: "03:00", in: Self.moscowZone).runOnce(test.gateway, logger: Logger(label: "test"))
        #expect(report.erased == 1 && !report.dryRun)
        #expect(try await test.gateway.findSubjects(.email("anna.test@example.com"), principal: TestServer.officer)
            .isEmpty)
        let trail = try await test.gateway.auditTrail(of: lead, principal: TestServer.officer)
        #expect(!trail.isEmpty)
        let refused = try PurgeScheduler(at: "03:00", in: Self.moscowZone, principal: Principal(name: "system:x", role: "manager"))
        await #expect(throws: GatewayError.self) { _ = try await refused.runOnce(test.gateway, logger: Logger(label: "t")) }
    }
}
