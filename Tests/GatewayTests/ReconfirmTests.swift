import Core
import ConnectorKit
import Foundation
import PDGateTesting
import Gateway
import Keyring
import Testing
import Vault

/// Re-permission: who is asked to confirm legacy consent, through which connectors, and what a confirmation does.
@Suite("Re-permission of legacy consent")
struct ReconfirmTests {
    static let officer = TestGateway.officer
    static let month: TimeInterval = 30 * 86_400

    /// Routes: UniSender runs double opt-in for marketing e-mail; a CRM webhook serves the same purpose without it.
    static func routed(_ test: TestGateway) throws -> Gateway {
        try Gateway(directory: test.directory, policies: test.gateway.policies, notices: test.gateway.notices,
                    connectors: [ConnectorRoute(name: "unisender", purposes: ["marketing_email"],
                                                confirmsSubscriptions: true),
                                 ConnectorRoute(name: "crm", purposes: ["marketing_email"])])
    }

    /// One person per situation; `;` columns as TestGateway.person expects (status, tags, consent).
    static func people(_ test: TestGateway) async throws -> [String: SubjectID] {
        var ids: [String: SubjectID] = [:]
        func add(_ key: String, status: String = "", tags: String = "", consent: String = "да") async throws {
            ids[key] = try await test.person("Человек \(key);;\(key)@example.com;;;;;\(status);;;;\(tags);\(consent);;")
        }
        try await add("vip", status: "VIP", tags: "кофе")
        try await add("plain", tags: "чай")
        try await add("none", consent: "")
        try await add("proven")
        try await add("withdrawn")
        try await add("restricted")
        try await add("bounced")
        let gateway = test.gateway
        try await gateway.giveConsent(ids["proven"]!, purpose: "marketing_email",
                                      capture: ConsentCapture(channel: "web_form", source: "test"), principal: officer)
        try await gateway.withdrawConsent(ids["withdrawn"]!, purpose: "marketing_email", channel: "email_link",
                                          principal: officer)
        try await gateway.restrict(ids["restricted"]!, principal: officer, reason: "dispute")
        let bounced = ids["bounced"]!.rawValue
        try await gateway.vault.write { tx in
            try tx.markAddress(AddressStatus(subject: bounced, kind: "email", status: "invalid", reason: "hard",
                                             source: "mailchimp", at: 0))
        }
        return ids
    }

    @Test("Only active, unproven legacy consent is considered; restricted people and invalid addresses are skipped")
    func whoIsAsked() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await Self.people(test)
        let gateway = try Self.routed(test)
        let dry = try await gateway.reconfirm(purpose: "marketing_email", window: Self.month, dryRun: true,
                                              principal: Self.officer)
        #expect(dry.legacy == 4, "vip, plain, restricted, bounced: never none, proven or withdrawn")
        #expect(dry.requested == 2 && dry.skippedRestricted == 1 && dry.skippedNoEmail == 1)
        #expect(dry.connectors == ["unisender"], "only connectors that run double opt-in are asked")
        let tagged = try await gateway.reconfirm(purpose: "marketing_email", selection: ReconfirmSelection(tag: "Кофе"),
                                                 window: Self.month, dryRun: true, principal: Self.officer)
        #expect(tagged.requested == 1 && tagged.skippedSelection == 2, "plain and bounced carry no such tag")
        let status = try await gateway.reconfirm(purpose: "marketing_email",
                                                 selection: ReconfirmSelection(status: "vip"), window: Self.month,
                                                 dryRun: true, principal: Self.officer)
        #expect(status.requested == 1)
        let queued = try await gateway.outbox.stats(now: Date(timeIntervalSince1970: 9e9)).total.unfinished
        #expect(queued == 0, "a dry run queues nothing")
    }

    @Test("A run queues one reconfirm event per person for the double opt-in connectors, and not again within the window")
    func queueAndWindow() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ids = try await Self.people(test)
        let gateway = try Self.routed(test)
        let first = try await gateway.reconfirm(purpose: "marketing_email", selection: ReconfirmSelection(tag: "кофе"),
                                                window: Self.month, principal: Self.officer)
        #expect(first.requested == 1)
        let events = try await gateway.vault.write { tx in
            try tx.claimOutbox(connector: "unisender", limit: 10, owner: "test", now: 9e9, leaseUntil: 9e9)
        }
        #expect(events.map(\.operation) == ["reconfirm"] && events.map(\.subject) == [ids["vip"]!.rawValue])
        let crm = try await gateway.vault.write { tx in
            try tx.claimOutbox(connector: "crm", limit: 10, owner: "test", now: 9e9, leaseUntil: 9e9)
        }
        #expect(crm.isEmpty)
        let second = try await gateway.reconfirm(purpose: "marketing_email", window: Self.month, principal: Self.officer)
        #expect(second.requested == 1 && second.skippedRecent == 1, "plain is asked now; vip was asked already")
        let noWindow = try await gateway.reconfirm(purpose: "marketing_email", window: 0, principal: Self.officer)
        #expect(noWindow.requested == 2)
        #expect(!test.logs.text.contains("@example.com"))
    }

    @Test("The resolver sends a reconfirmation only while consent is legacy; a confirmation proves it once")
    func confirmation() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ids = try await Self.people(test)
        let gateway = try Self.routed(test)
        let resolver = gateway.personResolver
        let vip = ids["vip"]!.rawValue
        #expect(try await resolver.person(for: vip, purpose: "marketing_email", connector: "unisender") == nil,
                "legacy consent is not enough to mail")
        let asked = try #require(try await resolver.personToReconfirm(for: vip, purpose: "marketing_email",
                                                                      connector: "unisender"))
        #expect(asked.reconfirm && asked.doubleOptIn && asked.email == "vip@example.com")
        for key in ["proven", "withdrawn", "none", "restricted"] {
            #expect(try await resolver.personToReconfirm(for: ids[key]!.rawValue, purpose: "marketing_email",
                                                         connector: "unisender") == nil, "\(key)")
        }

        _ = try await gateway.reconfirm(purpose: "marketing_email", window: Self.month, principal: Self.officer)
        let inbound = Principal(name: "inbound:unisender", role: "connector")
        let at = Date().addingTimeInterval(60)
        let report = try await gateway.applyInbound([
            InboundEvent(kind: .confirmation, email: "VIP@example.com", at: at, serviceEvent: "subscribe"),
            InboundEvent(kind: .confirmation, email: "proven@example.com", at: at, serviceEvent: "subscribe"),
            InboundEvent(kind: .confirmation, email: "stranger@example.com", at: at, serviceEvent: "subscribe"),
        ], connector: "unisender", principal: inbound)
        #expect(report.confirmed == 1 && report.ignored == 1 && report.unknown == 1)
        let state = try await gateway.consentState(ids["vip"]!, purpose: "marketing_email")
        #expect(state.proven && state.usable)
        #expect(try await resolver.personToReconfirm(for: vip, purpose: "marketing_email", connector: "unisender") == nil)
        #expect(try await resolver.person(for: vip, purpose: "marketing_email", connector: "unisender") != nil)
        let replay = try await gateway.applyInbound([
            InboundEvent(kind: .confirmation, email: "vip@example.com", at: at, serviceEvent: "subscribe"),
        ], connector: "unisender", principal: inbound)
        #expect(replay.confirmed == 0 && replay.duplicates == 1)
        let history = try await gateway.consentHistory(ids["vip"]!, principal: Self.officer)
        #expect(history.map(\.provenance) == [.legacy, .captured])
        #expect(history.last?.evidence?.contains("@") == false, "evidence names the event, never the address")
    }

    @Test("A purpose not resting on consent, or with no double opt-in connector, is refused")
    func refusals() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let gateway = try Self.routed(test)
        for purpose in ["order_fulfilment", "marketing_sms", "no_such_purpose"] {
            let error = try await #require(throws: GatewayError.self) {
                try await gateway.reconfirm(purpose: purpose, window: Self.month, principal: Self.officer)
            }
            #expect(error.code == .invalidArgument, "\(purpose)")
        }
        let analyst = Principal(name: "test:analyst", role: "analyst")
        let refused = try await #require(throws: GatewayError.self) {
            try await gateway.reconfirm(purpose: "marketing_email", window: Self.month, principal: analyst)
        }
        #expect(refused.code == .refused)
    }
}
