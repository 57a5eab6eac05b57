import ConnectorKit
import Core
import Foundation
import Gateway

/// After `pdgate bench deliver`: what each emulator holds, checked against the vault.
///
/// The vault must hold `people` people with proven consent to `marketing_email` (none merged away or doubled);
/// each service must hold exactly their addresses, each once (none lost, none doubled, none extra); and a sample of
/// people found in the vault by address must resolve (as the dispatcher resolves them) to the address the services
/// hold.
struct DeliveryCheck {
    var summary: String
    var passed: Bool

    static func run(gateway: Gateway, principal: Principal, people: Int, mailchimpPort: Int, unisenderPort: Int)
        async throws -> DeliveryCheck {
        let statistics = try await gateway.statistics(principal: principal)
        let expected = Set((0..<people).map(DeliverySetup.email))
        var lines = ["vault    \(statistics.subjects) people, "
            + "\(statistics.provenConsent["marketing_email"] ?? 0) with proven consent to marketing_email"]
        var passed = statistics.subjects == people && statistics.provenConsent["marketing_email"] == people
        for (service, port) in [("mailchimp", mailchimpPort), ("unisender", unisenderPort)] {
            let held = try await emails(port: port)
            let distinct = Set(held.map { $0.lowercased() })
            let lost = expected.subtracting(distinct).count
            let extra = distinct.subtracting(expected).count
            let doubled = held.count - distinct.count
            let (requests, faults) = try await stats(port: port)
            let perPerson = String(format: "%.4f", Double(requests) / Double(max(people, 1)))
            lines.append("\(service.padding(toLength: 10, withPad: " ", startingAt: 0))\(held.count) contacts: "
                + "\(lost) lost, \(doubled) doubled, \(extra) unknown; \(requests) API calls (\(perPerson) per "
                + "person), \(faults) faults injected")
            passed = passed && lost == 0 && doubled == 0 && extra == 0
        }
        let sample = try await sampleResolves(gateway: gateway, principal: principal, people: people)
        lines.append("sample   \(sample.checked) people found by address in the vault resolve to that address: "
            + "\(sample.matching) of \(sample.checked)")
        passed = passed && sample.matching == sample.checked
        return DeliveryCheck(summary: lines.joined(separator: "\n"), passed: passed)
    }

    /// Every 1,000th person: exactly one subject in the vault for the address, resolved to the same address.
    private static func sampleResolves(gateway: Gateway, principal: Principal, people: Int) async throws
        -> (checked: Int, matching: Int) {
        var checked = 0
        var matching = 0
        for index in stride(from: 0, to: people, by: max(1, people / 100)) {
            checked += 1
            let email = DeliverySetup.email(index)
            let found = try await gateway.findSubjects(.email(email), principal: principal)
            guard found.count == 1 else { continue }
            let person = try await gateway.personResolver.person(for: found[0].rawValue, purpose: "marketing_email",
                                                                 connector: "mailchimp")
            if person?.email?.lowercased() == email { matching += 1 }
        }
        return (checked, matching)
    }

    private static func emails(port: Int) async throws -> [String] {
        let json = try await control(port: port, "/__emails")
        return json["emails"]?.arrayValue.compactMap(\.stringValue) ?? []
    }

    private static func stats(port: Int) async throws -> (requests: Int, faults: Int) {
        let json = try await control(port: port, "/__stats")
        let counters = json.objectValue ?? [:]
        let faults = counters.filter { $0.key.hasPrefix("fault_") }.compactMap { $0.value.intValue }.reduce(0, +)
        return (Int(counters["requests"]?.intValue ?? 0), Int(faults))
    }

    private static func control(port: Int, _ path: String) async throws -> JSONValue {
        let url = URL(string: "http://127.0.0.1:\(port)\(path)")!
        let response = try await URLSessionTransport(timeout: .seconds(120)).send(.json("GET", url))
        guard let json = response.json else {
            throw CLIFailure(message: "error: emulator \(path) answered HTTP \(response.status)", exitCode: 1)
        }
        return json
    }
}
