import Foundation
import Policy
import Testing

/// Policy does not list the connectors: `purposes.yaml` names any connector type, and the program checks it
/// against the connector modules it ships, so a new connector is a module of its own.
@Suite("Connector kinds in purposes.yaml")
struct ConnectorKindTests {
    static func purposes(connector: String) -> [String: String?] {
        let text = PolicyFixtures.minimal["purposes.yaml"]!
            .replacingOnce("connector: unisender", with: "connector: \(connector)")
        return ["purposes.yaml": text]
    }

    @Test("A kind no module ships loads, and the program's check names the recipient and the kinds that exist")
    func unknownKindIsNamedByTheProgramsCheck() throws {
        var files = PolicyFixtures.minimal
        files["purposes.yaml"] = Self.purposes(connector: "sendpulse")["purposes.yaml"]!
        let policies = try PolicyFixtures.withFolder(files) { try PolicySet.load(from: $0) }
        #expect(policies.recipients.first?.connector.rawValue == "sendpulse")
        #expect(throws: Never.self) { try policies.checkConnectorKinds(["sendpulse", "unisender"]) }
        let error = try #require(throws: PolicyError.self) { try policies.checkConnectorKinds(["mailchimp", "unisender"]) }
        #expect(error.file == "purposes.yaml" && error.keyPath == "recipients.unisender.connector")
        #expect(error.message.contains("'sendpulse'") && error.message.contains("mailchimp, unisender"))
    }

    @Test("A connector type that is not a lowercase identifier is refused at load, with its line",
          arguments: ["Mailchimp", "uni-sender", "", "1c"])
    func malformedKindIsRefused(_ kind: String) throws {
        let error = try #require(try PolicyFixtures.loadError(replacing: Self.purposes(connector: "\"\(kind)\"")))
        #expect(error.code == .invalidValue && error.file == "purposes.yaml" && error.line != nil)
    }
}

/// Operator-facing days are counted in the operator's jurisdiction's time zone, not a fixed one.
@Suite("The operator's time zone")
struct OperatorTimeZoneTests {
    @Test("The shipped RU operator counts in Moscow; a jurisdiction's own zone wins for its requests")
    func operatorZone() throws {
        let policies = try PolicyFixtures.shipped.get()
        #expect(policies.operatorTimeZone.identifier == "Europe/Moscow")
        let eu = try #require(policies.jurisdiction(code: "EU"))
        #expect(policies.timeZone(ofJurisdiction: "EU") == eu.timeZone)
        #expect(policies.timeZone(ofJurisdiction: "XX") == policies.operatorTimeZone)
    }
}
