public import Core
import Foundation
import Keyring
import Vault
import Audit

extension Gateway {
    /// Checks the invariants a crash must never break, after ``recover()`` has finished interrupted work.
    ///
    /// Every subject row must open whole with its key; every erased subject must have neither row nor key; no
    /// erasure may be left pending; no index row may outlive its subject; no import may be half recorded; no outbox
    /// event may be stored twice; the audit chain must verify. Subjects are opened in memory only, nothing is
    /// printed; the check itself is audited with its counts.
    ///
    /// - Parameter principal: Needs the `audit` action.
    /// - Throws: ``GatewayError`` (`refused`, `storage`).
    public func checkConsistency(principal: Principal) async throws -> ConsistencyReport {
        try await require(.audit, principal, auditAction: .consistencyCheck)
        let audit = self.audit
        let (counts, verification) = try await vault.read { tx in (try tx.consistency(), try audit.verify(in: tx)) }
        var report = ConsistencyReport(audit: verification)
        report.subjects = counts.subjects
        report.orphanIndexRows = counts.orphanIndexRows
        report.unfinishedImports = counts.unfinishedImports
        report.finishedImports = counts.finishedImports
        report.pendingErasures = counts.pendingErasures.count
        report.erasedSubjects = counts.erasedSubjects.count
        report.outbox = counts.outboxByState
        report.outboxDuplicates = counts.outboxDuplicates

        let keys = try await keyring.subjectsWithKeys()
        let present = try await openEverySubject(keys: keys, into: &report)
        report.orphanKeys = keys.subtracting(present).count
        // The vault's ledger goes back with a restored vault; erasures.log does not.
        let ledger = ErasureLedgerFile(directory: directory)
        let everErased = Set(counts.erasedSubjects).union(ledger.subjects().map(\.rawValue))
        report.erasedButPresent = everErased.filter { present.contains($0) || keys.contains($0) }.sorted()
        report.undonePartialErasures = try await undonePartialErasures(ledger.entries()).map(\.subject.rawValue)
        for entry in ledger.entries() where !entry.kind.shredsSubject && !everErased.contains(entry.subject.rawValue) {
            if let key = try? await keyring.subjectKey(for: entry.subject), key.version < entry.keyVersion,
                !report.undonePartialErasures.contains(entry.subject.rawValue) {
                report.undonePartialErasures.append(entry.subject.rawValue)
            }
        }
        let routes = Set(connectorRoutes.map(\.name))
        if !routes.isEmpty {
            report.erasuresWithoutConnectorEvents = counts.erasedSubjects.filter {
                !routes.isSubset(of: counts.erasureEventConnectors[$0] ?? [])
            }
        }

        let problems = report.describedProblems
        report.problems = problems
        report.consistent = problems.isEmpty
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: .consistencyCheck, outcome: problems.isEmpty ? .ok : .failed,
                                    detail: "subjects=\(report.subjects) whole=\(report.wholeSubjects) "
                                        + "erased=\(report.erasedSubjects) problems=\(problems.count)"))
        return report
    }

    /// Opens every field of every person with their key, counting whole people and listing those that cannot be
    /// read whole. Returns the pseudonyms present in the vault.
    private func openEverySubject(keys: Set<String>, into report: inout ConsistencyReport) async throws -> Set<String> {
        var present: Set<String> = []
        for try await batch in subjectBatches(size: 500) {
            for stored in batch {
                present.insert(stored.id.rawValue)
                guard keys.contains(stored.id.rawValue), let key = try? await keyring.subjectKey(for: stored.id) else {
                    report.unreadableSubjects.append(stored.id.rawValue)
                    continue
                }
                var whole = true
                for field in stored.record.fields {
                    if (try? key.open(field.box, field: field.name)) == nil {
                        whole = false
                    } else {
                        report.fieldsOpened += 1
                    }
                }
                if whole { report.wholeSubjects += 1 } else { report.unreadableSubjects.append(stored.id.rawValue) }
            }
        }
        return present
    }
}
