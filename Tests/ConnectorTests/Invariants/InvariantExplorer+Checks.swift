import Foundation
import Gateway
import Keyring
import Storage
import Vault

extension InvariantExplorer {
    /// Every invariant, in order; the first that fails, described without personal data.
    func check(_ world: InvariantWorld, afterSync: Bool) async throws -> String? {
        if let problem = try await erasedStayUnreadable(world) { return problem }
        if afterSync, let problem = try await recipientsAgree(world) { return problem }
        if let problem = try await choicesStand(world) { return problem }
        if let problem = try await goneStaysGone(world) { return problem }
        // `pdgate check` verifies the audit chain too: one pass over it per step.
        let consistency = try await world.gateway.checkConsistency(principal: InvariantWorld.officer)
        let audit = consistency.audit
        if !audit.isValid { return "the audit chain does not verify: \(audit.problem ?? "entry \(audit.firstBadSeq ?? 0)")" }
        if !consistency.unreadableSubjects.isEmpty || !consistency.erasedButPresent.isEmpty
            || consistency.pendingErasures > 0 {
            return "pdgate check: \(consistency.unreadableSubjects.count) unreadable, "
                + "\(consistency.erasedButPresent.count) erased but present, \(consistency.pendingErasures) pending"
        }
        return nil
    }

    /// 1. An erased field opens with no combination of a vault (current or any backup) and a key store from after
    ///    the erasure (the current one, or a key backup taken after it). Two backups never change, so each pair of
    ///    them is checked once per erasure.
    private func erasedStayUnreadable(_ world: InvariantWorld) async throws -> String? {
        guard !world.erasures.isEmpty else { return nil }
        let kept = world.backupFiles.indices.filter { FileManager.default.fileExists(atPath: world.backupFiles[$0].vault.path) }
        for (number, erasure) in world.erasures.enumerated() where !erasure.fields.isEmpty {
            let keySources: [Int?] = [nil] + kept.filter { world.backupFiles[$0].afterErasures > number }
            for vaultSource in [nil] + kept.map(Optional.some) {
                let stored = if let vaultSource {
                    try await world.backupStores(vaultSource).vault.read { tx in try tx.subject(erasure.subject) }
                } else {
                    try await world.gateway.vault.read { tx in try tx.subject(erasure.subject) }
                }
                guard let stored else { continue }
                for keySource in keySources {
                    let pair = vaultSource.flatMap { v in keySource.map { "\(number)-\(v)-\($0)" } }
                    if let pair, world.clearedPairs.contains(pair) { continue }
                    let keyring = if let keySource { try world.backupStores(keySource).keyring } else {
                        world.gateway.keyring
                    }
                    if let key = try? await keyring.subjectKey(for: erasure.subject) {
                        for field in erasure.fields.sorted() {
                            guard let sealed = stored.record[field], (try? key.open(sealed.box, field: field)) != nil
                            else { continue }
                            return "erased field \(field) of \(erasure.subject) opens with the "
                                + (vaultSource.map { "vault backup \($0 + 1)" } ?? "current vault") + " and the "
                                + (keySource.map { "key backup \($0 + 1)" } ?? "current keys")
                        }
                    }
                    if let pair { world.clearedPairs.insert(pair) }
                }
            }
        }
        return nil
    }

    /// 2. A person's own choice stands: a withdrawal until a newer proven consent, a proven consent against an
    ///    older spreadsheet's "нет"; and a corrected name against the older spreadsheet's value.
    private func choicesStand(_ world: InvariantWorld) async throws -> String? {
        for (person, purposes) in world.choices.sorted(by: { $0.key < $1.key }) where !world.gone.contains(person) {
            guard let id = world.ids[person] else { continue }
            for (purpose, given) in purposes.sorted(by: { $0.key < $1.key }) {
                let state = try await world.gateway.consentState(id, purpose: purpose)
                if state.active != given {
                    return "person #\(person)'s \(given ? "proven consent" : "withdrawal") of \(purpose) was undone "
                        + "(now \(state.active ? "active" : "inactive"), provenance \(state.provenance ?? "-"))"
                }
            }
        }
        for (person, name) in world.names.sorted(by: { $0.key < $1.key }) where !world.gone.contains(person) {
            guard let id = world.ids[person] else { continue }
            let view = try await world.gateway.showSubject(id, principal: InvariantWorld.officer)
            if view.fields.first(where: { $0.name == "full_name" })?.value != name {
                return "person #\(person)'s corrected name was reverted"
            }
        }
        return nil
    }

    /// 3. An erased or purged person is never found again by their e-mail (the suppression list keeps the next
    ///    spreadsheet from bringing them back).
    private func goneStaysGone(_ world: InvariantWorld) async throws -> String? {
        for person in world.gone.sorted() {
            let found = try await world.gateway.findSubjects(.email(InvariantWorld.email(person)),
                                                             principal: InvariantWorld.officer)
            if !found.isEmpty { return "erased person #\(person) is found again by e-mail" }
        }
        return nil
    }

    /// 4. After a drain, each mailing service holds each person as pdgate says: an erased person not at all; a
    ///    person without a usable consent (withdrawn, objected, restricted, only the spreadsheet's unproven tick)
    ///    not as subscribed; a person with one as subscribed, or unsubscribed where they once left (a service keeps
    ///    an unsubscribe: only the person can subscribe again there).
    private func recipientsAgree(_ world: InvariantWorld) async throws -> String? {
        for person in 0..<world.people {
            guard let id = world.ids[person] else { continue }
            let holdings = try await world.services.holdings(of: InvariantWorld.email(person))
            if world.gone.contains(person) {
                if let (service, holding) = holdings.sorted(by: { $0.key < $1.key }).first(where: { $0.value != .absent }) {
                    return "erased person #\(person) is still held by \(service) (\(holding))"
                }
                continue
            }
            let state = try await world.gateway.consentState(id, purpose: "marketing_email")
            let status = try await world.gateway.vault.read { tx in try tx.subject(id)?.status }
            let basis = state.usable && status == .active
            let everLeft = world.choiceLog.contains { $0.person == person && !$0.given }
            for (service, holding) in holdings.sorted(by: { $0.key < $1.key }) {
                let agrees = switch holding {
                case .subscribed, .pending: basis
                case .unsubscribed: !basis || everLeft
                case .absent: !basis
                }
                if !agrees {
                    return "person #\(person) is \(holding) at \(service), but pdgate holds marketing_email "
                        + (basis ? "usable" : "not usable (\(state.active ? "unproven" : "inactive"), \(status.map { "\($0)" } ?? "-"))")
                }
            }
        }
        return nil
    }
}
