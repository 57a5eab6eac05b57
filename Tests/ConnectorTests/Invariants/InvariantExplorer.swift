import Core
import ConnectorKit
import Foundation
import Gateway
import Import
import Keyring
import Storage
import Vault

/// Runs generated sequences of operations against a real gateway and checks, after every step, what must always
/// hold (DESIGN.md "Invariants"); a failing sequence is shrunk to the shortest one that still fails.
struct InvariantExplorer {
    /// What broke, after which step.
    struct Violation: Error, CustomStringConvertible {
        var step: Int
        var what: String
        var description: String { "after step \(step): \(what)" }
    }

    /// Where the gateway keeps its stores (SQLite files, or PostgreSQL databases made per run).
    var locations: @Sendable () throws -> (vault: String?, keys: String?)
    /// The mailing services, started once and reset for each run.
    var services: InvariantServices
    /// How many people the spreadsheet holds.
    var people = InvariantWorld.people

    /// Replays `steps` on a fresh gateway; the first violation, or nil.
    func run(_ steps: [InvariantStep]) async throws -> Violation? {
        let stores = try locations()
        let world = try await InvariantWorld(database: stores.vault, keyDatabase: stores.keys, services: services,
                                             people: people)
        defer { world.remove() }
        if let problem = try await check(world, afterSync: false) { return Violation(step: 0, what: problem) }
        for (index, step) in steps.enumerated() {
            do {
                try await apply(step, to: world)
            } catch let broken as Violation {
                return Violation(step: index + 1, what: broken.what)
            }
            let drained = step == .sync(faults: true) || step == .sync(faults: false)
            if let problem = try await check(world, afterSync: drained) {
                return Violation(step: index + 1, what: problem)
            }
        }
        return nil
    }

    /// The shortest sub-sequence of `steps` (removing one step at a time while it still fails) and its violation.
    func shrink(_ steps: [InvariantStep], budget: Int = 40) async throws -> ([InvariantStep], Violation?) {
        var current = steps
        var violation = try await run(current)
        if let failing = violation { current = Array(current.prefix(failing.step)) }
        var tries = 0
        var index = current.count - 1
        while index >= 0, tries < budget {
            var candidate = current
            candidate.remove(at: index)
            tries += 1
            if let failing = try await run(candidate) {
                current = Array(candidate.prefix(failing.step))
                violation = failing
                index = min(index, current.count) - 1
            } else {
                index -= 1
            }
        }
        return (current, violation)
    }

    // MARK: Steps

    func apply(_ step: InvariantStep, to world: InvariantWorld) async throws {
        let gateway = world.gateway
        let officer = InvariantWorld.officer
        switch step {
        case .reimport:
            let spreadsheet = world.spreadsheet
            _ = try await InvariantWorld.offPool { try gateway.importCSV(spreadsheet, options: ImportOptions(),
                                                                         principal: officer) }
        case .give(let person, let purpose):
            guard !world.gone.contains(person), let id = world.ids[person] else { return }
            _ = try await gateway.giveConsent(id, purpose: purpose,
                                              capture: ConsentCapture(channel: "web_form", source: "form:explorer"),
                                              principal: officer)
            world.choose(person, purpose: purpose, given: true)
        case .withdraw(let person, let purpose):
            guard !world.gone.contains(person), let id = world.ids[person] else { return }
            _ = try await gateway.withdrawConsent(id, purpose: purpose, channel: "email_link", principal: officer)
            world.choose(person, purpose: purpose, given: false)
        case .object(let person):
            guard !world.gone.contains(person), let id = world.ids[person] else { return }
            _ = try await gateway.object(id, principal: officer)
            for purpose in ["marketing_email", "marketing_sms"] { world.choose(person, purpose: purpose, given: false) }
        case .unsubscribeAtService(let person):
            guard !world.gone.contains(person) else { return }
            if try await world.services.unsubscribeAtMailchimp(InvariantWorld.email(person), gateway: gateway,
                                                                at: world.now) {
                world.choose(person, purpose: "marketing_email", given: false)
            }
        case .rectify(let person, let name):
            guard !world.gone.contains(person), let id = world.ids[person] else { return }
            _ = try await gateway.updateSubject(id, fields: ["full_name": name], principal: officer)
            world.names[person] = name
        case .erase(let person):
            guard !world.gone.contains(person), let id = world.ids[person] else { return }
            let before = try await fieldNames(of: id, in: world)
            let result = try await gateway.erase(id, reason: "request", principal: officer)
            world.gone.insert(person)
            world.erasures.append((id, world.now, before.subtracting(result.heldFields)))
        case .backup:
            guard world.directory.database == nil else { return }
            // Backups are named by the second they were taken.
            world.advance(seconds: 2)
            let report = try await gateway.backup(to: world.backups, principal: officer)
            world.backupFiles.append(InvariantWorld.Backup(
                afterErasures: world.erasures.count, names: world.names, vault: URL(fileURLWithPath: report.vaultFile),
                keys: URL(fileURLWithPath: report.keysFile)))
        case .restore:
            try await restore(world)
        case .killedErase(let person, let delay):
            guard world.realClockAgrees, !world.gone.contains(person), let id = world.ids[person] else { return }
            let before = try await fieldNames(of: id, in: world)
            try await restart(world) {
                _ = try await KilledCommand.run(["erase", id.rawValue, "--reason", "request"], in: world, after: delay)
            }
            let after = try await fieldNames(of: id, in: world)
            let status = try await world.gateway.vault.read { tx in try tx.subject(id)?.status }
            if status == nil || status == .restricted {
                world.gone.insert(person)
                world.erasures.append((id, world.now, before.subtracting(after)))
            }
        case .killedImport(let delay):
            guard world.realClockAgrees else { return }
            let spreadsheet = world.spreadsheet.path
            try await restart(world) { _ = try await KilledCommand.run(["import", spreadsheet], in: world, after: delay) }
        case .sync(let faults):
            _ = try await world.services.sync(gateway, clock: world.clock, faults: faults, principal: officer)
        case .purge(let days):
            world.advance(days: days)
            var before: [Int: Set<String>] = [:]
            for person in 0..<world.people where !world.gone.contains(person) {
                if let id = world.ids[person] { before[person] = try await fieldNames(of: id, in: world) }
            }
            _ = try await gateway.purge(dryRun: false, principal: officer)
            for (person, fields) in before {
                guard let id = world.ids[person] else { continue }
                let after = try await fieldNames(of: id, in: world)
                let status = try await gateway.vault.read { tx in try tx.subject(id)?.status }
                if status == nil || status == .restricted {
                    world.gone.insert(person)
                    world.erasures.append((id, world.now, fields.subtracting(after)))
                }
            }
        }
    }

    /// Restores the latest backup as `pdgate restore` does and reopens the gateway. What the model keeps: every
    /// consent choice and erasure (replayed), the backup's names.
    private func restore(_ world: InvariantWorld) async throws {
        guard world.directory.database == nil, let backup = world.backupFiles.last else { return }
        world.advance(seconds: 2)
        try world.gateway.vault.close()
        try world.gateway.keyring.close()
        let clock = world.clock
        let report = try await Gateway.restore(
            vault: backup.vault, keys: backup.keys, into: world.directory, policies: world.policies,
            notices: GatewaySyncTests.notices, connectors: InvariantWorld.routes, principal: InvariantWorld.officer,
            logger: InvariantWorld.quiet, clock: { clock.now })
        world.gateway = try InvariantWorld.open(world.directory, policies: world.policies, clock: world.clock)
        guard report.consistent else {
            let check = try await world.gateway.checkConsistency(principal: InvariantWorld.officer)
            throw Violation(step: 0, what: "the restore's check is not consistent: \(check.problems)")
        }
        // Consents and withdrawals are replayed from the consent ledger: every choice stands. Corrections made
        // after the backup are not replayed.
        world.names = backup.names
    }

    /// Stops the world's gateway, runs `work` (a `pdgate` process on the same stores), and starts it again as a
    /// restart after a crash does: recovery first.
    private func restart(_ world: InvariantWorld, around work: () async throws -> Void) async throws {
        try world.gateway.vault.close()
        try world.gateway.keyring.close()
        try await work()
        world.gateway = try InvariantWorld.open(world.directory, policies: world.policies, clock: world.clock)
        try await world.gateway.recover()
    }

    private func fieldNames(of id: SubjectID, in world: InvariantWorld) async throws -> Set<String> {
        try await world.gateway.vault.read { tx in Set(try tx.subject(id)?.record.fields.map(\.name) ?? []) }
    }
}
