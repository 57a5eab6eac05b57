import Core
import Keyring
import Vault

extension Gateway {
    /// People's records as they stand now, read a few hundred at a time (the erased and the unknown are left out):
    /// on PostgreSQL each read is a round trip, and one per person made a purge batch several times slower there
    /// than on SQLite. The one batch read of the erasure path, the suppression list and the outbox.
    func currentRecords(of subjects: [SubjectID]) async throws -> [StoredSubject] {
        var records: [StoredSubject] = []
        for start in stride(from: 0, to: subjects.count, by: Self.batchReadChunk) {
            let chunk = Array(subjects[start..<min(start + Self.batchReadChunk, subjects.count)])
            records += try await vault.read { tx in try tx.subjects(chunk) }
        }
        return records
    }

    /// ``currentRecords(of:)`` with each person's key, for reading their fields (people whose key is already gone
    /// are left out). The keys of a chunk are read together, as the records are.
    func currentRecordsWithKeys(of subjects: [SubjectID]) async throws -> [(stored: StoredSubject, key: SubjectKey)] {
        var result: [(stored: StoredSubject, key: SubjectKey)] = []
        for start in stride(from: 0, to: subjects.count, by: Self.batchReadChunk) {
            let chunk = Array(subjects[start..<min(start + Self.batchReadChunk, subjects.count)])
            let records = try await vault.read { tx in try tx.subjects(chunk) }
            let keys = try await keyring.subjectKeys(for: records.map(\.id))
            result += records.compactMap { stored in keys[stored.id].map { (stored, $0) } }
        }
        return result
    }

    /// People read together by ``currentRecords(of:)``.
    static let batchReadChunk = 500
}
