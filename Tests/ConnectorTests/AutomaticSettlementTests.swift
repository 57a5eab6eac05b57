import ConnectorKit
import Foundation
import Gateway
import Keyring
import Testing

/// Nobody re-runs an erasure request for it to finish: the dispatcher's answers complete it, and the act gets each
/// recipient's outcome in place of "pending".
@Suite("Erasure requests and acts settle when the recipients answer", .serialized, .timeLimit(.minutes(3)))
struct AutomaticSettlementTests {
    static let officer = InvariantWorld.officer

    @Test("A dispatcher pass that hears every recipient completes the request and writes the outcomes into the act")
    func settlesByItself() async throws {
        let services = try await InvariantServices.start()
        defer { services.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-settle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let directory = DataDirectory(root: folder.appendingPathComponent("data"))
        let policies = try GatewaySyncTests.policiesWithTransfers(in: folder)
        _ = try await Gateway.initialise(directory, policies: policies, notices: GatewaySyncTests.notices,
                                         principal: Self.officer)
        let clock = MovableClock(Date())
        let gateway = try InvariantWorld.open(directory, policies: policies, clock: clock)
        let created = try await gateway.createSubject(
            fields: ["full_name": "Козлов Олег", "email": "oleg.kozlov@example.com"], consents: ["marketing_email"],
            capture: ConsentCapture(channel: "web_form", source: "form:test"), principal: Self.officer)
        _ = try await services.sync(gateway, clock: clock, faults: false, principal: Self.officer)
        #expect(try await services.holdings(of: "oleg.kozlov@example.com").values.allSatisfy { $0 == .subscribed })

        let request = try await gateway.createRequest(kind: .erasure, lookup: .email("oleg.kozlov@example.com"),
                                                      jurisdiction: "RU", channel: "email", principal: Self.officer)
        _ = try await gateway.verifyRequest(request.reference, method: "email_code", principal: Self.officer)
        let run = try await gateway.runRequest(request.reference, principal: Self.officer)
        #expect(run.request.state == .inProgress)
        let actFile = try #require(run.erasure?.actFile)
        #expect(try String(contentsOfFile: actFile + ".json", encoding: .utf8).contains("\"pending\""))

        _ = try await services.sync(gateway, clock: clock, faults: true, principal: Self.officer)
        let settled = try await gateway.request(request.reference, principal: Self.officer)
        #expect(settled.state == .completed, "completed by the dispatcher's pass, without a re-run")
        #expect(settled.outcome?.contains("awaiting") == false)
        let act = try String(contentsOfFile: actFile + ".json", encoding: .utf8)
        #expect(!act.contains("\"pending\""))
        #expect(act.components(separatedBy: "подтверждено").count - 1 == 2, "each recipient confirmed")
        #expect(try await services.holdings(of: "oleg.kozlov@example.com").values.allSatisfy { $0 == .absent })
        #expect(created.subject.hasPrefix("sub_"))
    }
}
