import Foundation
import PDGateTesting
import Gateway
import Keyring
import Testing
import Vault

/// Honest completion: an erasure request is completed only when every recipient has answered.
@Suite("Erasure requests wait for their recipients")
struct ErasureRecipientTests {
    @Test("An erasure request stays in progress until every recipient's event is settled; the outcome lists each")
    func waitsForRecipients() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.person("Козлов Олег;+79160000021;oleg.kozlov@example.com;сайт;10.01.2024;;;лид;;;;;да;;")
        let officer = TestGateway.officer
        let gw = try Gateway(directory: test.directory, policies: test.gateway.policies, notices: test.gateway.notices,
                             connectors: [ConnectorRoute(name: "unisender", purposes: ["marketing_email"]),
                                          ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"])])
        let request = try await gw.createRequest(kind: .erasure, lookup: .email("oleg.kozlov@example.com"),
                                                 jurisdiction: "RU", channel: "email", principal: officer)
        _ = try await gw.verifyRequest(request.reference, method: "email_code", principal: officer)
        let run = try await gw.runRequest(request.reference, principal: officer)
        #expect(run.erasure?.shredded == true)
        #expect(run.request.state == .inProgress, "not completed before any recipient acted")
        #expect(run.request.outcome?.contains("awaiting mailchimp, unisender") == true, "\(run.request.outcome ?? "")")
        // The act lists each recipient instead of "not transferred".
        let act = try String(contentsOfFile: try #require(run.erasure?.actFile) + ".md", encoding: .utf8)
        #expect(act.contains("unisender") && act.contains("mailchimp"))

        // One recipient answers: still waiting for the other.
        let later = Date().timeIntervalSince1970 + 60
        let first = try await gw.vault.write { tx in
            let rows = try tx.claimOutbox(connector: "unisender", limit: 10, owner: "t", now: later, leaseUntil: later + 60)
            for row in rows where row.operation == "erase" { try tx.completeOutbox(row.eventID, result: "erased", at: later) }
            return rows.count
        }
        #expect(first > 0)
        let half = try await gw.runRequest(request.reference, principal: officer)
        #expect(half.request.state == .inProgress)
        #expect(half.request.outcome?.contains("awaiting mailchimp") == true)

        // The other ends as a dead letter: the request completes, saying so.
        try await gw.vault.write { tx in
            let rows = try tx.claimOutbox(connector: "mailchimp", limit: 10, owner: "t", now: later, leaseUntil: later + 60)
            for row in rows where row.operation == "erase" {
                try tx.deadLetterOutbox(row.eventID, owner: "t", attempts: 8, errorCode: "http_500", message: "-", at: later)
            }
        }
        let done = try await gw.runRequest(request.reference, principal: officer)
        #expect(done.request.state == .completed)
        let outcome = done.request.outcome ?? ""
        #expect(outcome.contains("unisender: erased") && outcome.contains("mailchimp: failed (http_500)"), "\(outcome)")
        #expect(outcome.contains("act ACT-"))
    }
}
