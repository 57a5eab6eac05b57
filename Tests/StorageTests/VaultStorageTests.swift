import Core
import Foundation
@testable import Keyring
import Storage
import Testing
@testable import Audit
@testable import Vault

/// The vault's typed operations behave the same on SQLite and on PostgreSQL.
@Suite("Vault storage on every backend")
struct VaultStorageTests {
    func withVault(_ backend: Backend, _ body: (Vault, Keyring) async throws -> Void) async throws {
        let folder = try Backend.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (vaultLocation, keysLocation) = try backend.makeLocations(in: folder)
        try MasterKey.create(at: folder.appendingPathComponent("master.key"))
        let keyring = try Keyring(masterKeyURL: folder.appendingPathComponent("master.key"), keyStore: keysLocation)
        let vault = try Vault(location: vaultLocation)
        defer {
            try? vault.close()
            try? keyring.close()
        }
        try await body(vault, keyring)
    }

    static func record(_ byte: UInt8) -> SealedRecord {
        SealedRecord(fields: [.init(name: "email", keyVersion: 1, box: [byte, 1, 2, 3], createdAt: 1, updatedAt: 2,
                                    confirmedAt: 3)])
    }

    @Test("Subjects, blind indexes and consents round-trip", arguments: Backend.available)
    func subjectsRoundTrip(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            let id = try #require(SubjectID("sub_" + String(repeating: "A", count: 26)))
            let rowID = try await vault.write { tx in
                let rowID = try tx.insertSubject(id, record: Self.record(7), now: 100)
                try tx.addIndex(kind: .email, digest: [1, 2, 3], rowID: rowID)
                try tx.appendConsent(ConsentEvent(subject: id, purpose: "marketing_email", action: .given, at: 5,
                                                  channel: "import", source: "csv:x.csv", provenance: .legacy,
                                                  proven: false, importRow: 4, principal: "cli:test"))
                return rowID
            }
            try await vault.read { tx in
                let stored = try #require(try tx.subject(id))
                #expect(stored.rowID == rowID)
                #expect(stored.record == Self.record(7))
                #expect(try tx.subjects(withDigest: [1, 2, 3], kind: .email) == [rowID])
                #expect(try tx.subjects(withDigest: [9], kind: .email).isEmpty)
                let events = try tx.consentEvents(of: id, purpose: "marketing_email")
                #expect(events.count == 1 && events[0].proven == false && events[0].importRow == 4)
                #expect(try tx.subjectExists(id))
                #expect(try tx.subjectCount() == 1)
                #expect(try tx.statistics().fieldCounts["email"] == 1)
                #expect(try tx.latestConsents(purpose: "marketing_email")[id]?.given == true)
            }
            try await vault.write { tx in
                try tx.updateSubject(rowID: rowID, record: Self.record(9), now: 200)
                try tx.setStatus(.restricted, of: id, now: 200)
            }
            let updated = try await vault.read { tx in try tx.subject(rowID: rowID) }
            #expect(updated?.record == Self.record(9) && updated?.status == .restricted)
            let deleted = try await vault.write { tx in try tx.deleteSubject(id) }
            #expect(deleted)
            let left = try await vault.read { tx in try tx.subjects(withDigest: [1, 2, 3], kind: .email) }
            #expect(left.isEmpty, "index rows go with their subject")
        }
    }

    @Test("A page of subjects reads their consent events and keys at once, each in ledger order",
          arguments: Backend.available)
    func batchedScanReads(backend: Backend) async throws {
        try await withVault(backend) { vault, keyring in
            let ids = (0..<3).map { SubjectID("sub_" + String(repeating: "D", count: 25) + "\($0)")! }
            _ = try keyring.createSubjectKeys(for: ids)
            try await vault.write { tx in
                for (n, action) in [(0, ConsentEvent.Action.given), (2, .given), (0, .withdrawn)] {
                    try tx.appendConsent(ConsentEvent(subject: ids[n], purpose: "marketing_email", action: action,
                                                      at: 1, channel: "api", source: "api", provenance: .captured,
                                                      proven: true, principal: "test"))
                }
            }
            let events = try await vault.read { tx in try tx.consentEvents(of: ids) }
            #expect(events[ids[0]]?.map(\.action) == [.given, .withdrawn])
            #expect(events[ids[1]] == nil && events[ids[2]]?.count == 1)
            try await keyring.destroySubjectKeys([ids[1]])
            let keys = try await keyring.subjectKeys(for: ids)
            #expect(Set(keys.keys) == [ids[0], ids[2]], "an erased subject's key is missing, not an error")
            #expect(keys[ids[2]]?.key.bytes == (try await keyring.subjectKey(for: ids[2])).key.bytes)
        }
    }

    @Test("Shared digests group subjects on every backend", arguments: Backend.available)
    func sharedDigests(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            let groups = try await vault.write { tx in
                var rows: [Int64] = []
                for i in 0..<3 {
                    let id = SubjectID("sub_" + String(repeating: "B", count: 25) + "\(i)")!
                    rows.append(try tx.insertSubject(id, record: Self.record(1), now: 1))
                }
                try tx.addIndex(kind: .phone, digest: [5], rowID: rows[0])
                try tx.addIndex(kind: .phone, digest: [5], rowID: rows[2])
                try tx.addIndex(kind: .phone, digest: [6], rowID: rows[1])
                return (try tx.sharedDigests(kind: .phone), rows)
            }
            #expect(groups.0 == [[groups.1[0], groups.1[2]]])
        }
    }

    @Test("Requests, tokens, incidents, marks and suppression round-trip", arguments: Backend.available)
    func recordsRoundTrip(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            try await vault.write { tx in
                #expect(try tx.nextRequestNumber() == 1)
                try tx.insertRequest(StoredRequest(reference: "R-1", state: "received", deadline: 10, subject: nil,
                                                   record: "{}", payload: [1, 2]))
                var request = try #require(try tx.request(reference: "R-1"))
                request.state = "verified"
                try tx.updateRequest(request, clearPayload: true)
                try tx.insertToken(name: "crm", role: "support", hash: [7, 7], createdAt: 1, expiresAt: 100)
                try tx.insertIncident(StoredIncident(reference: "I-1", state: "open", detectedAt: 3, record: "{}"))
                try tx.setInboundMark(connector: "mailchimp", mark: 50, pulledAt: 1)
                try tx.setInboundMark(connector: "mailchimp", mark: 40, pulledAt: 2)
                try tx.suppress(kind: "email", digest: [4], reason: "erasure", at: 1)
                try tx.markAddress(AddressStatus(subject: "sub_x", kind: "email", status: "invalid", reason: "hard",
                                                 source: "mailchimp", at: 1))
                try tx.recordAct(number: "A-1", subject: "sub_x", createdAt: 1, file: "a.pdf")
            }
            try await vault.read { tx in
                let request = try #require(try tx.request(reference: "R-1"))
                #expect(request.state == "verified" && request.payload == nil)
                #expect(try tx.requests(openOnly: true).map(\.reference) == ["R-1"])
                #expect(try tx.token(hash: [7, 7], now: 50)?.role == "support")
                #expect(try tx.token(hash: [7, 7], now: 150) == nil)
                #expect(try tx.incidents(openOnly: true).map(\.reference) == ["I-1"])
                #expect(try tx.inboundMark(connector: "mailchimp") == 50, "a mark never moves backwards")
                #expect(try tx.suppressionReason(kind: "email", digest: [4]) == "erasure")
                #expect(try tx.hasSuppressedAddresses())
                #expect(try tx.addressStatus(subject: "sub_x", kind: "email")?.reason == "hard")
                #expect(try tx.acts(createdBefore: 5).map(\.number) == ["A-1"])
                #expect(try tx.nextRequestNumber() == 2)
            }
            let revoked = try await vault.write { tx in try tx.revokeToken(name: "crm", now: 60) }
            #expect(revoked)
        }
    }

    @Test("Act numbers never repeat, even after every reservation and act is gone", arguments: Backend.available)
    func actNumbers(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            let first = try await vault.write { tx in
                [try tx.reserveActNumber(now: 1), try tx.reserveActNumber(now: 1)]
            }
            #expect(first == [1, 2])
            try await vault.write { tx in
                try tx.recordAct(number: "A-2", subject: "sub_x", createdAt: 1, file: "a.pdf")
                try tx.deleteAct(number: "A-2")
            }
            #expect(try await vault.write { tx in try tx.reserveActNumber(now: 9) } == 3)
        }
    }

    @Test("Pending sign-ups are held, taken once, and expire", arguments: Backend.available)
    func pendingSignups(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            try await vault.write { tx in
                try tx.holdSignup(digest: [1], sealed: [9, 9], at: 10, expiresAt: 100)
                try tx.holdSignup(digest: [2], sealed: [8], at: 10, expiresAt: 20)
                try tx.holdSignup(digest: [3], sealed: [7], at: 10, expiresAt: 50)
            }
            #expect(try await vault.read { tx in try tx.pendingSignupCount() } == 3)
            #expect(try await vault.write { tx in try tx.takeSignup(digest: [1], now: 30) } == [9, 9])
            let again = try await vault.write { tx in try tx.takeSignup(digest: [1], now: 30) }
            #expect(again == nil, "a link works once")
            #expect(try await vault.write { tx in try tx.takeSignup(digest: [2], now: 30) } == nil, "expired")
            #expect(try await vault.write { tx in try tx.deleteExpiredSignups(now: 60) } == 1)
            #expect(try await vault.read { tx in try tx.pendingSignupCount() } == 0)
        }
    }

    @Test("A copy into PostgreSQL keeps sign-ups and continues the act numbers",
          .enabled(if: Backend.available.contains(.postgres),
                   "no PostgreSQL server (make postgres-deps)"))
    func copyToPostgres() async throws {
        let folder = try Backend.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try Vault(location: try Backend.sqlite.makeLocations(in: folder).vault)
        let target = try Vault(location: try Backend.postgres.makeLocations(in: folder).vault)
        defer {
            try? source.close()
            try? target.close()
        }
        try await source.write { tx in
            _ = try tx.reserveActNumber(now: 1)
            _ = try tx.reserveActNumber(now: 2)
            try tx.recordAct(number: "A-2", subject: "sub_x", createdAt: 2, file: "a.pdf")
            try tx.holdSignup(digest: [1], sealed: [9], at: 1, expiresAt: 100)
        }
        let counts = try await source.copy(to: target)
        #expect(counts["act_number"] == 1 && counts["pending_signup"] == 1)
        #expect(try await target.rowCounts() == (try await source.rowCounts()))
        #expect(try await target.write { tx in try tx.reserveActNumber(now: 3) } == 3)
        #expect(try await target.write { tx in try tx.takeSignup(digest: [1], now: 2) } == [9])
    }

    @Test("The outbox ignores duplicates, leases, completes and counts", arguments: Backend.available)
    func outbox(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            let rows = (0..<4).map { i in
                OutboxRow(eventID: "e\(i)", connector: "mailchimp", operation: "upsert", subject: "sub_\(i % 2)",
                          purpose: "marketing_email", idempotencyKey: "k\(i)", nextAttemptAt: 0, createdAt: 0,
                          payload: i == 0 ? [1] : nil)
            }
            let added = try await vault.write { tx in try tx.enqueueOutbox(rows + [rows[0]]) }
            #expect(added == 4)
            let claimed = try await vault.write { tx in
                try tx.claimOutbox(connector: "mailchimp", limit: 10, owner: "a", now: 1, leaseUntil: 100)
            }
            #expect(claimed.map(\.eventID) == ["e0", "e1"], "one event per person at a time")
            try await vault.write { tx in
                try tx.completeOutbox("e0", result: "ok", at: 2)
                try tx.deadLetterOutbox("e1", owner: "a", attempts: 5, errorCode: "http_400", message: "rejected", at: 2)
            }
            let counts = try await vault.read { tx in try tx.outboxCounts(now: 3)["mailchimp"] }
            #expect(counts?.done == 1 && counts?.dead == 1 && counts?.pending == 2 && counts?.leased == 0)
            let consistency = try await vault.read { tx in try tx.consistency() }
            #expect(consistency.outboxByState == ["done": 1, "dead": 1, "pending": 2])
            #expect(consistency.outboxDuplicates == 0)
        }
    }

    @Test("A dead letter keeps the HTTP status, the service's error type and the attempt history",
          arguments: Backend.available)
    func deadLetterDetail(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            let row = OutboxRow(eventID: "e1", connector: "mailchimp", operation: "erase", subject: "sub_1",
                                purpose: "marketing_email", idempotencyKey: "k1", nextAttemptAt: 0, createdAt: 0,
                                payload: [1])
            _ = try await vault.write { tx in try tx.enqueueOutbox([row]) }
            for attempt in 1...2 {
                let claimed = try await vault.write { tx in
                    try tx.claimOutbox(connector: "mailchimp", limit: 1, owner: "a", now: 10, leaseUntil: 100)
                }
                #expect(claimed.count == 1, "attempt \(attempt)")
                try await vault.write { tx in
                    try tx.rescheduleOutbox("e1", owner: "a", attempts: attempt, nextAttemptAt: 0,
                                            errorCode: "invalidResponse", attempt: "line \(attempt)")
                }
            }
            _ = try await vault.write { tx in
                try tx.claimOutbox(connector: "mailchimp", limit: 1, owner: "a", now: 10, leaseUntil: 100)
            }
            try await vault.write { tx in
                try tx.deadLetterOutbox("e1", owner: "a", attempts: 3, errorCode: "invalidResponse",
                                        message: "mailchimp erase failed", at: 20, status: 404,
                                        errorType: "Resource Not Found", attempt: "line 3")
            }
            let dead = try #require(try await vault.read { tx in try tx.deadLetters(connector: nil, limit: 10) }.first)
            #expect(dead.errorStatus == 404)
            #expect(dead.errorType == "Resource Not Found")
            #expect(dead.attemptLog == "line 1\nline 2\nline 3")
            #expect(dead.attempts == 3)
        }
    }

    @Test("The audit chain appends, checkpoints and verifies", arguments: Backend.available)
    func auditChain(backend: Backend) async throws {
        try await withVault(backend) { vault, keyring in
            let log = AuditLog(signer: keyring.signer, checkpointInterval: 3)
            for i in 0..<7 {
                _ = try await vault.writeGrouped { tx in
                    try log.append(AuditEntry(at: Int64(i), principal: "p\(i % 2)", role: "support",
                                              action: AuditAction("subject.read"), subject: "sub_\(i)",
                                              fields: ["email"]), in: tx)
                }
            }
            let result = try await vault.read { tx in try log.verify(in: tx) }
            #expect(result.isValid && result.entries == 7 && result.checkpoints == 2)
            let window = try await vault.read { tx in try log.entries(from: 2, to: 4, principals: ["p0"], in: tx) }
            #expect(window.map(\.subject) == ["sub_2", "sub_4"])
            let recent = try await vault.read { tx in try log.recent(limit: 2, in: tx) }
            #expect(recent.map(\.seq) == [6, 7])
        }
    }

    @Test("Subject keys are created, read and shredded", arguments: Backend.available)
    func subjectKeys(backend: Backend) async throws {
        try await withVault(backend) { _, keyring in
            let ids = (0..<3).map { SubjectID("sub_" + String(repeating: "C", count: 25) + "\($0)")! }
            let created = try keyring.createSubjectKeys(for: ids)
            let read = try await keyring.subjectKey(for: ids[1])
            #expect(read.key.bytes == created[ids[1]]?.key.bytes)
            #expect(try await keyring.subjectKeyCount() == 3)
            #expect(try await keyring.destroySubjectKeys([ids[0], ids[0]]) == 1)
            #expect(try await keyring.hasKey(for: ids[0]) == false)
            #expect(try await keyring.subjectsWithKeys() == Set(ids[1...].map(\.rawValue)))
        }
    }
}
