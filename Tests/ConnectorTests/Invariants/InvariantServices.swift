import Core
import ConnectorKit
import Foundation
import Gateway
import MailchimpConnector
import UniSenderConnector

/// The two mailing services the explorer's gateway sends to, as strict loopback emulators, and what each holds.
struct InvariantServices: Sendable {
    static let audience = "a1b2c3d4e5"
    static let uniSenderList = 134

    let mailchimp: Emulator
    let unisender: Emulator
    let connectors: [any Connector]

    /// How a service holds a person's e-mail address.
    enum Holding: String, Sendable, CustomStringConvertible {
        case absent, subscribed, unsubscribed, pending
        var description: String { rawValue }
    }

    static func start() async throws -> InvariantServices {
        let mailchimp = try await Emulator.start("mailchimp.py")
        let unisender = try await Emulator.start("unisender.py")
        let transport = URLSessionTransport(timeout: .seconds(5))
        let connectors: [any Connector] = [
            try MailchimpConnector(
                apiKey: Secret("0123456789abcdef0123456789abcdef-us14"),
                settings: MailchimpSettings(listID: audience), transport: transport,
                baseURL: mailchimp.url("/3.0")),
            UniSenderConnector(apiKey: Secret("unisender-test-key"),
                               settings: UniSenderSettings(listIDs: [uniSenderList]), transport: transport,
                               baseURL: unisender.baseURL),
        ]
        return InvariantServices(mailchimp: mailchimp, unisender: unisender, connectors: connectors)
    }

    func stop() {
        mailchimp.stop()
        unisender.stop()
    }

    /// Both services forget everyone (a fresh world starts).
    func reset() async throws {
        for emulator in [mailchimp, unisender] { try await emulator.reset() }
    }

    /// Delivers every due event. With `faults`, about 30 % of the services' answers are errors, rate limits or
    /// dropped connections (some after the change was applied); then, faults off, the officer requeues what
    /// ended as a dead letter and it is delivered. Returns how many dead letters were requeued.
    func sync(_ gateway: Gateway, clock: MovableClock, faults: Bool, principal: Principal) async throws -> Int {
        let spec: JSONValue = faults
            ? ["p500": 0.1, "p503": 0.05, "p429": 0.05, "retry_after": 1, "p_drop": 0.05, "p_drop_after": 0.05]
            : [:]
        for emulator in [mailchimp, unisender] { try await emulator.setFaults(spec) }
        try await dispatcher(gateway, clock).drain()
        for emulator in [mailchimp, unisender] { try await emulator.setFaults([:]) }
        let dead = try await gateway.connectorStatus(principal: principal).deadLetters
        for letter in dead { _ = try await gateway.requeueDeadLetter(letter.event, principal: principal) }
        if !dead.isEmpty { try await dispatcher(gateway, clock).drain() }
        return dead.count
    }

    private func dispatcher(_ gateway: Gateway, _ clock: MovableClock) -> OutboxDispatcher {
        OutboxDispatcher(
            store: gateway.outbox, connectors: connectors, resolver: gateway.personResolver, clock: clock,
            configuration: .init(retry: RetryPolicy(maxAttempts: 6, baseDelay: 1, maxDelay: 30),
                                 afterPass: { _ in _ = try? await gateway.settleRecipients() }))
    }

    /// What each service holds of `email`, by connector name.
    func holdings(of email: String) async throws -> [String: Holding] {
        let members = try await mailchimp.state()["lists"]?[Self.audience]?["members"]
        let member = members?[MailchimpConnector.subscriberHash(email)]
        let mailchimpHolding: Holding = switch member?["status"]?.stringValue {
        case nil: .absent
        case "subscribed": .subscribed
        case "pending": .pending
        default: .unsubscribed
        }
        let contact = try await unisender.state()["contacts"]?[email.lowercased()]
        var uniSenderHolding = Holding.absent
        if let contact, contact.objectValue != nil {
            let entry = contact["lists"]?[String(Self.uniSenderList)]?["status"]?.stringValue
            uniSenderHolding = switch (contact["email_status"]?.stringValue, entry) {
            case (_, nil): .unsubscribed
            case ("unsubscribed", _), (_, "unsubscribed"): .unsubscribed
            case (_, "invited"): .pending
            default: .subscribed
            }
        }
        return ["mailchimp": mailchimpHolding, "unisender": uniSenderHolding]
    }

    /// The person unsubscribes at Mailchimp (its own page): the service marks them, and its webhook tells pdgate.
    /// Returns false when Mailchimp does not hold them subscribed (nothing to unsubscribe from).
    func unsubscribeAtMailchimp(_ email: String, gateway: Gateway, at date: Date) async throws -> Bool {
        guard try await holdings(of: email)["mailchimp"] == .subscribed else { return false }
        _ = try await mailchimp.act(["email": .string(email), "action": "unsubscribe", "fire": false])
        let event = InboundEvent(kind: .unsubscribe, email: email, at: date, serviceEvent: "member:unsubscribed")
        _ = try await gateway.applyInbound([event], connector: "mailchimp",
                                           principal: Principal(name: "inbound:mailchimp", role: "connector"))
        return true
    }
}
