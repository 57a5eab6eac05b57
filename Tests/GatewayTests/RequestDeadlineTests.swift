import Foundation
import PDGateTesting
import Gateway
import Policy
import Requests
import Testing

@Suite("Request deadlines: extensions in time, provisional calendars, every kind a person files")
struct RequestDeadlineTests {
    static let anna = RequestTests.anna
    static let officer = TestGateway.officer

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
        return formatter.string(from: date)
    }

    /// The repository's policies plus a production calendar for 2028 (holidays of the Labour Code only).
    static func policiesWith2028() throws -> PolicySet {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-policies-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Repository.policies, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let calendar = """
            version: 1
            calendar: ru
            year: 2028
            source: test calendar
            non_working_weekdays: [2028-01-03, 2028-01-04, 2028-01-05, 2028-01-06, 2028-01-07, 2028-02-23,
                                   2028-03-08, 2028-05-01, 2028-05-09, 2028-06-12]

            """
        try calendar.write(to: copy.appendingPathComponent("calendars/ru-2028.yaml"), atomically: true,
                           encoding: .utf8)
        return try PolicySet.load(from: copy)
    }

    @Test("An extension after the deadline has passed is refused, with the date it passed")
    func extensionAfterDeadline() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.person(Self.anna)
        let march = try test.at(moscow("2026-03-02 10:00"))
        let request = try await march.createRequest(kind: .access, lookup: .email("anna.smirnova@example.com"),
                                                    jurisdiction: "RU", channel: "email", principal: Self.officer)
        #expect(Self.day(request.deadline) == "2026-03-17")
        let late = try test.at(moscow("2026-03-18 09:00"))
        do {
            _ = try await late.extendRequest(request.reference, reason: "complex", principal: Self.officer)
            Issue.record("an extension after the deadline was accepted")
        } catch let error as GatewayError {
            #expect(error.message.contains("deadline passed on 2026-03-17"))
        }
        let stored = try await late.request(request.reference, principal: Self.officer)
        #expect(stored.extendedDeadline == nil && stored.extensionReason == nil)
        // On the last day it is still in time.
        let lastDay = try test.at(moscow("2026-03-17 23:00"))
        let extended = try await lastDay.extendRequest(request.reference, reason: "complex", principal: Self.officer)
        #expect(Self.day(try #require(extended.extendedDeadline)) == "2026-03-24")
    }

    @Test("A RU request received 24.12.2027 registers with a provisional Monday–Friday deadline and a warning")
    func missingCalendarYear() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.person(Self.anna)
        let christmasEve = try test.at(moscow("2027-12-24 10:00"))
        let request = try await christmasEve.createRequest(
            kind: .access, lookup: .email("anna.smirnova@example.com"), jurisdiction: "RU", channel: "email",
            principal: Self.officer)
        // 27–30 December 2027 (31 December is a day off) and 3–7, 10 January 2028 counted Monday–Friday.
        #expect(Self.day(request.deadline) == "2028-01-10")
        #expect(request.deadlineCertainty == .weekdaysOnly && request.deadlineIsProvisional)
        #expect(request.provisionalCalendarYears == [2027, 2028])
        #expect(request.deadlineWarning?.contains("2028") == true)
        #expect(request.deadlineWarning?.contains("not loaded") == true)
        let stored = try await christmasEve.request(request.reference, principal: Self.officer)
        #expect(stored.deadlineCertainty == .weekdaysOnly)
    }

    @Test("A provisional deadline is counted again once the year's calendar is loaded, and stored on recompute")
    func recomputedWhenCalendarLoaded() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.person(Self.anna)
        let request = try await test.at(moscow("2027-12-24 10:00")).createRequest(
            kind: .access, lookup: .email("anna.smirnova@example.com"), jurisdiction: "RU", channel: "email",
            principal: Self.officer)
        let loaded = try Gateway(directory: test.directory, policies: try Self.policiesWith2028(),
                                 notices: test.gateway.notices, logger: test.logs.makeLogger(),
                                 clock: { moscow("2027-12-27 10:00") })
        let read = try await loaded.request(request.reference, principal: Self.officer)
        // The New Year holidays of 2028 now count: 10–14 and 17 January.
        #expect(Self.day(read.deadline) == "2028-01-17")
        // 2027 is still provisional: a warning remains, naming that year.
        #expect(read.deadlineCertainty == .provisionalCalendar)
        #expect(read.provisionalCalendarYears == [2027])
        #expect(read.deadlineWarning?.contains("provisional") == true)
        let changed = try await loaded.recomputeDeadlines(principal: Self.officer)
        #expect(changed.map(\.reference) == [request.reference])
        #expect(try await loaded.recomputeDeadlines(principal: Self.officer).isEmpty)
    }

    @Test("A deadline counted on the provisional 2027 calendar carries a warning; 2026 does not")
    func provisionalCalendarWarning() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let in2027 = try await test.at(moscow("2027-03-01 10:00")).createRequest(
            kind: .access, lookup: .email("nobody@example.com"), jurisdiction: "RU", channel: "email",
            principal: Self.officer)
        #expect(in2027.deadlineCertainty == .provisionalCalendar)
        #expect(in2027.deadlineWarning?.contains("2027") == true)
        let in2026 = try await test.at(moscow("2026-03-02 10:00")).createRequest(
            kind: .access, lookup: .email("nobody@example.com"), jurisdiction: "RU", channel: "email",
            principal: Self.officer)
        #expect(in2026.deadlineCertainty == nil && in2026.deadlineWarning == nil)
    }

    @Test("stop_processing (10 working days) and withdrawal (30 days) are filed and carried out")
    func stopProcessingAndWithdrawal() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.anna)
        let gateway = try test.at(moscow("2026-03-02 10:00"))
        let stop = try await gateway.createRequest(kind: .stopProcessing, lookup: .email("anna.smirnova@example.com"),
                                                   jurisdiction: "RU", channel: "letter", principal: Self.officer)
        #expect(Self.day(stop.deadline) == "2026-03-17")
        let withdrawal = try await gateway.createRequest(
            kind: .withdrawal, lookup: .email("anna.smirnova@example.com"), jurisdiction: "RU", channel: "email",
            principal: Self.officer)
        #expect(Self.day(withdrawal.deadline) == "2026-04-01")
        _ = try await gateway.verifyRequest(withdrawal.reference, method: "email_code", principal: Self.officer)
        let withdrawn = try await gateway.runRequest(withdrawal.reference, principal: Self.officer)
        #expect(withdrawn.request.state == .completed)
        #expect(withdrawn.request.outcome?.contains("consents withdrawn") == true)
        #expect(try await gateway.consentState(id, purpose: "marketing_email").active == false)
        _ = try await gateway.verifyRequest(stop.reference, method: "signed_letter", principal: Self.officer)
        let stopped = try await gateway.runRequest(stop.reference, principal: Self.officer)
        #expect(stopped.request.state == .completed)
        #expect(stopped.request.outcome?.contains("processing on consent stopped") == true)
    }
}

@Suite("Refusal and extension letters")
struct RequestLetterTests {
    @Test("A RU refusal writes a reasoned letter in Russian with the right to complain to Roskomnadzor")
    func russianRefusal() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let gateway = test.gateway
        let request = try await gateway.createRequest(kind: .erasure, lookup: .email("nobody@example.com"),
                                                      jurisdiction: "RU", channel: "letter",
                                                      principal: TestGateway.officer)
        _ = try await gateway.refuseRequest(request.reference, reason: "Личность заявителя не подтверждена",
                                            principal: TestGateway.officer)
        let file = gateway.letterFile(for: request.reference, kind: .refusal)
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.contains("Мотивированный отказ"))
        #expect(html.contains("Личность заявителя не подтверждена"))
        #expect(html.contains("Роскомнадзор"))
        #expect(html.contains("ст. 17 152-ФЗ"))
        #expect(!html.contains("supervisory authority"))
        #expect(FileManager.default.fileExists(
            atPath: file.deletingPathExtension().appendingPathExtension("md").path))
    }

    @Test("An EU extension writes an English letter with the new deadline and the supervisory authority")
    func europeanExtension() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let gateway = try test.at(moscow("2026-03-02 10:00"))
        let request = try await gateway.createRequest(kind: .access, lookup: .email("nobody@example.com"),
                                                      jurisdiction: "EU", channel: "email",
                                                      principal: TestGateway.officer)
        let extended = try await gateway.extendRequest(request.reference, reason: "Numerous requests",
                                                       principal: TestGateway.officer)
        let html = try String(contentsOf: gateway.letterFile(for: request.reference, kind: .extensionNotice),
                              encoding: .utf8)
        #expect(html.contains("Extension of the time to answer your request"))
        #expect(html.contains("Numerous requests"))
        #expect(html.contains("GDPR Art. 12(3)"))
        #expect(html.contains("supervisory authority"))
        #expect(html.contains("2 June 2026") && extended.extendedDeadline != nil)
        #expect(!html.contains("Роскомнадзор"))
    }
}
