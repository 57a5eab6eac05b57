import ConnectorKit
import Foundation
import PDGateTesting
import Storage
import Testing

/// The acceptance scenario: against Mailchimp and UniSender answering about 30 % of calls with errors, rate
/// limits and dropped connections, after withdrawals, objections, unsubscribes at the service, erasures (under the
/// accounting hold and in full), renewed consents and a re-import of the original spreadsheet, each service holds
/// each person exactly as pdgate says: the explorer's recipient invariant, person by person, with 0 differences.
@Suite("Recipients agree with the vault after faults", .serialized, .timeLimit(.minutes(10)))
struct RecipientAgreementTests {
    static let people = 40

    static var scenario: [InvariantStep] {
        var steps = (0..<32).map { InvariantStep.give(person: $0, purpose: "marketing_email") }
        steps.append(.sync(faults: true))
        steps += (0..<5).map { InvariantStep.withdraw(person: $0, purpose: "marketing_email") }
        steps += (5..<9).map { InvariantStep.object(person: $0) }
        steps += (9..<12).map { InvariantStep.unsubscribeAtService(person: $0) }
        steps += (12..<20).map { InvariantStep.erase(person: $0) }
        steps += (32..<35).map { InvariantStep.erase(person: $0) }
        steps += (0..<2).map { InvariantStep.give(person: $0, purpose: "marketing_email") }
        steps.append(.reimport)
        steps.append(.sync(faults: true))
        return steps
    }

    @Test("Every service's state matches pdgate's view, person by person", arguments: ["sqlite", "postgres"])
    func agreeAfterFaults(_ backend: String) async throws {
        let services = try await InvariantServices.start()
        defer { services.stop() }
        let explorer = try InvariantTests.explorer(backend, services: services)
        let stores = try explorer.locations()
        let world = try await InvariantWorld(database: stores.vault, keyDatabase: stores.keys, services: services,
                                             people: Self.people)
        defer { world.remove() }
        for step in Self.scenario { try await explorer.apply(step, to: world) }

        #expect(try await explorer.check(world, afterSync: true) == nil)
        // Not vacuous: faults were injected, people are subscribed, held and erased people are gone from both.
        // UniSender takes the upserts in importContacts batches (32 people in one call), so it answers far fewer
        // calls than Mailchimp, and fewer of them are faults.
        for (emulator, least) in [(world.services.mailchimp, 10), (world.services.unisender, 0)] {
            let stats = try await emulator.stats()
            let faults = stats.objectValue?.filter { $0.key.hasPrefix("fault_") }.compactMap(\.value.intValue)
                .reduce(0, +) ?? 0
            #expect(faults > least, "faults injected: \(faults)")
        }
        var subscribed = 0, absentErased = 0
        for person in 0..<Self.people {
            let holdings = try await world.services.holdings(of: InvariantWorld.email(person))
            if holdings.values.allSatisfy({ $0 == .subscribed }) { subscribed += 1 }
            if world.gone.contains(person), holdings.values.allSatisfy({ $0 == .absent }) { absentErased += 1 }
        }
        // 32 consented − 5 withdrawn − 4 objected − 3 unsubscribed at Mailchimp − 8 erased; 2 withdrawn gave again
        // (still unsubscribed at the services: only the person can subscribe there again).
        #expect(subscribed == 12)
        #expect(absentErased == 11)
    }
}
