import Core
import Foundation
import Keyring

/// The erasure ledger kept beside the databases, `erasures.log`: one line per erasure, appended before the
/// erasure commits.
///
/// A line is `subject seconds kind key-version field,field,…`: `full` (key destroyed), `partial` (the listed fields
/// destroyed and the person re-keyed to `key-version`, the held fields kept) or `merged` (the subject was merged
/// into another and its key destroyed; no act of its own). Lines written before kinds existed (`subject seconds`)
/// are full erasures. It outlives any restore of `vault.sqlite` or `keys.sqlite` from a backup:
/// ``Gateway/reapplyErasures()`` applies every entry again. It holds pseudonyms, dates and field names only.
struct ErasureLedgerFile {
    /// One erasure as the ledger records it.
    struct Entry: Equatable, Sendable {
        enum Kind: String, Sendable {
            case full, partial, merged
            /// The fields only a withdrawn consent purpose held, destroyed 30 days after the withdrawal; the person
            /// stays active, re-keyed like a partial erasure.
            case purpose

            /// Whether the subject's key was destroyed (the person must have neither row nor key).
            var shredsSubject: Bool { self == .full || self == .merged }
        }
        var subject: SubjectID
        var at: Int64
        var kind: Kind
        /// For a partial erasure, the key version the held fields were re-sealed under.
        var keyVersion: Int
        /// The fields destroyed.
        var fields: [String]

        var line: String {
            "\(subject.rawValue) \(at) \(kind.rawValue) \(keyVersion) \(fields.isEmpty ? "-" : fields.joined(separator: ","))\n"
        }

        init(subject: SubjectID, at: Int64, kind: Kind, keyVersion: Int = 0, fields: [String]) {
            self.subject = subject
            self.at = at
            self.kind = kind
            self.keyVersion = keyVersion
            self.fields = fields
        }

        init?(line: Substring) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let subject = SubjectID(String(parts[0])), let at = Int64(parts[1]) else {
                return nil
            }
            self.subject = subject
            self.at = at
            kind = parts.count > 2 ? Kind(rawValue: String(parts[2])) ?? .full : .full
            keyVersion = parts.count > 3 ? Int(parts[3]) ?? 0 : 0
            fields = parts.count > 4 && parts[4] != "-" ? parts[4].split(separator: ",").map(String.init) : []
        }
    }

    let log: DurableLog

    init(directory: DataDirectory) {
        log = DurableLog(name: "erasures.log", directory: directory)
    }

    /// The copy in the data directory.
    var url: URL { log.primary }

    /// Appends entries to the data directory's copy and beside every key backup, synced, before the erasure commits.
    func append(_ entries: [Entry]) throws {
        try log.append(entries.map { String($0.line.dropLast()) })
    }

    /// Every entry, oldest first.
    func entries() -> [Entry] {
        log.lines().compactMap { Entry(line: Substring($0)) }
    }

    /// Subjects whose key was destroyed (full erasures and merges): they must have neither row nor key.
    func subjects() -> [SubjectID] {
        var seen: Set<SubjectID> = []
        return entries().filter(\.kind.shredsSubject).map(\.subject).filter { seen.insert($0).inserted }
    }
}
