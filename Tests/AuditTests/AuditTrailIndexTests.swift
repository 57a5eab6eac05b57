import Core
import Foundation
import Storage
import Testing
@testable import Audit
@testable import Keyring
@_spi(Testing) @testable import Vault

/// The per-subject index of the audit chain on SQLite, filled in bulk behind a mark: a subject's trail must be the
/// same whatever part of the chain the merges have reached, interrupted or not.
@Suite("Audit trails through the bulk index")
struct AuditTrailIndexTests {
    let vault: Vault
    let log: AuditLog
    let subjects = ["A", "B", "C"].map { SubjectID("sub_" + String(repeating: $0, count: 26))! }

    init() throws {
        let fixture = try AuditTestVault("pdgate-trail")
        vault = fixture.vault
        log = fixture.log
    }

    /// Appends `count` entries cycling over the three subjects and entries about no one; returns what was appended.
    func append(_ count: Int, from start: Int) async throws -> [AuditEntry] {
        let (log, subjects) = (self.log, self.subjects)
        return try await vault.write { tx in
            var appended: [AuditEntry] = []
            for i in start..<(start + count) {
                let subject = i % 4 == 3 ? nil : subjects[i % 4].rawValue
                var entry = AuditEntry(at: Int64(10_000 + i), principal: "p", role: "r",
                                       action: AuditAction(i % 2 == 0 ? "subject.read" : "subject.find.match"), subject: subject,
                                       fields: ["email"], detail: "n=\(i)")
                entry.seq = try log.append(entry, in: tx)
                appended.append(entry)
            }
            return appended
        }
    }

    func trail(_ subject: SubjectID) async throws -> [String] {
        let log = self.log
        return try await vault.read { tx in try log.entries(subject: subject, in: tx) }.map { $0.detail ?? "" }
    }

    func expect(_ appended: [AuditEntry], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for subject in subjects {
            let expected = appended.filter { $0.subject == subject.rawValue }.map { $0.detail ?? "" }
            #expect(try await trail(subject) == expected, sourceLocation: sourceLocation)
        }
        let log = self.log
        let order = [subjects[2], subjects[0], subjects[1]]
        let batch = try await vault.read { tx in try log.entries(subjects: order, in: tx) }.map { $0.detail ?? "" }
        let expected = order.flatMap { subject in appended.filter { $0.subject == subject.rawValue }.map { $0.detail ?? "" } }
        #expect(batch == expected, sourceLocation: sourceLocation)
    }

    @Test("Trails are whole before a merge, after it, past it, and after an interrupted one, never doubled")
    func trailsAcrossMerges() async throws {
        var appended = try await append(40, from: 0)
        try await expect(appended)
        #expect(try await vault.indexAuditTrails(minimumBacklog: 1_000) == 0, "a small backlog waits")

        #expect(try await vault.indexAuditTrails(minimumBacklog: 0, chunk: 7) == 30, "the 30 entries naming someone")
        try await expect(appended)

        appended += try await append(25, from: 40)
        try await expect(appended)

        // A merge that stopped after adding some index rows, before moving the mark.
        let tail = try await vault.read { tx in try tx.auditSubjectTail(after: 40, through: 65) }
        try await vault.write { tx in try tx.addAuditSubjects(Array(tail.prefix(10))) }
        try await expect(appended)

        #expect(try await vault.indexAuditTrails(minimumBacklog: 0) == tail.count)
        #expect(try await vault.read { tx in try tx.auditSubjectMark() } == 65)
        try await expect(appended)
        let verification = try await vault.read { [log] tx in try log.verify(in: tx) }
        #expect(verification.isValid && verification.entries == 65)
    }

    @Test("A long backlog is merged a window at a time, the mark following each window")
    func windows() async throws {
        let appended = try await append(50, from: 0)
        #expect(try await vault.indexAuditTrails(minimumBacklog: 0, chunk: 4, pause: .zero, window: 12)
                    == appended.filter { $0.subject != nil }.count)
        #expect(try await vault.read { tx in try tx.auditSubjectMark() } == 50)
        let indexRows = try await vault.read { tx in
            try tx.executor.fetchValue("SELECT COUNT(*) FROM audit_subject", as: Int.self)
        }
        #expect(indexRows == 38)
        try await expect(appended)
    }

    @Test("Verification finds an entry missing from the index, or an index row moved to another person")
    func verificationChecksTheIndex() async throws {
        _ = try await append(20, from: 0)
        try await vault.indexAuditTrails(minimumBacklog: 0, pause: .zero)
        let log = self.log
        #expect(try await vault.read { tx in try log.verify(in: tx) }.isValid)

        try await vault.write { tx in _ = try tx.executor.execute("DELETE FROM audit_subject WHERE seq = 6") }
        var verification = try await vault.read { tx in try log.verify(in: tx) }
        #expect(verification.firstBadSeq == 6)
        #expect(verification.problem?.contains("missing from the index") == true)

        try await vault.write { tx in
            _ = try tx.executor.execute("INSERT INTO audit_subject (subject, seq) SELECT subject, 6 FROM audit_log WHERE seq = 6")
            _ = try tx.executor.execute("UPDATE audit_subject SET subject = 'sub_" + String(repeating: "Z", count: 26)
                                        + "' WHERE seq = 9")
        }
        verification = try await vault.read { tx in try log.verify(in: tx) }
        #expect(verification.firstBadSeq == 9)
    }

    @Test("Index rows past the mark, left by an interrupted merge, verify when right and are named when wrong")
    func rowsPastTheMark() async throws {
        _ = try await append(12, from: 0)
        try await vault.indexAuditTrails(minimumBacklog: 0, pause: .zero)
        _ = try await append(8, from: 12)
        let tail = try await vault.read { tx in try tx.auditSubjectTail(after: 12, through: 20) }
        try await vault.write { tx in try tx.addAuditSubjects(tail) }
        let log = self.log
        #expect(try await vault.read { tx in try log.verify(in: tx) }.isValid)

        try await vault.write { tx in
            _ = try tx.executor.execute("UPDATE audit_subject SET subject = 'sub_" + String(repeating: "Z", count: 26)
                                        + "' WHERE seq = 17")
        }
        let verification = try await vault.read { tx in try log.verify(in: tx) }
        #expect(verification.firstBadSeq == 17)
        #expect(verification.problem?.contains("another person") == true)
    }

    @Test("The migration indexes the entries of a vault made before the bulk index")
    func migrationIndexesExistingEntries() async throws {
        let appended = try await append(20, from: 0)
        let url = try #require(vault.url)
        // Put the vault back as version 10 left it: the per-row index, no bulk index, no record of the migration.
        try await vault.write { tx in
            for statement in ["DROP TABLE audit_subject", "DROP TABLE audit_subject_mark",
                              "CREATE INDEX audit_log_subject ON audit_log(subject, seq)",
                              "DELETE FROM grdb_migrations WHERE identifier LIKE 'v11 %'"] {
                _ = try tx.executor.execute(statement)
            }
        }
        try vault.close()
        let reopened = try Vault(url: url)
        defer { try? reopened.close() }
        let log = self.log
        #expect(try await reopened.read { tx in try tx.auditSubjectMark() } == 20)
        let trail = try await reopened.read { tx in try log.entries(subject: subjects[1], in: tx) }
        #expect(trail.map { $0.detail ?? "" } == appended.filter { $0.subject == subjects[1].rawValue }.map { $0.detail ?? "" })
        let indexRows = try await reopened.read { tx in
            try tx.executor.fetchValue("SELECT COUNT(*) FROM audit_subject", as: Int.self)
        }
        #expect(indexRows == 15)
    }
}
