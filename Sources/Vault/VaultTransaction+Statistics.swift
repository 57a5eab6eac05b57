import Foundation
internal import Storage

/// Counts over the vault that need no key: how many subjects, which fields they hold, consent per purpose.
public struct VaultCounts: Sendable, Equatable {
    public var subjects = 0
    public var restricted = 0
    public var fieldCounts: [String: Int] = [:]
    public var activeConsent: [String: Int] = [:]
    public var provenConsent: [String: Int] = [:]
}

extension VaultTransaction {
    /// Aggregate counts; field names come from the sealed records' headers, values stay sealed.
    public func statistics() throws -> VaultCounts {
        var counts = VaultCounts()
        var last: Int64 = 0
        while true {
            let page = try sql.fetchAll("SELECT id, status, fields FROM subject WHERE id > ? ORDER BY id LIMIT 5000",
                                        [.integer(last)])
            for row in page {
                counts.subjects += 1
                if (row["status"] as String) == StoredSubject.Status.restricted.rawValue { counts.restricted += 1 }
                let record = try SealedRecord(encoded: row["fields"])
                for field in record.fields { counts.fieldCounts[field.name, default: 0] += 1 }
                last = row["id"]
            }
            if page.count < 5000 { break }
        }
        let latest = try sql.fetchAll("""
            SELECT e.purpose, e.action, e.proven FROM consent_event e
            JOIN (SELECT subject, purpose, MAX(id) AS id FROM consent_event GROUP BY subject, purpose) last
              ON last.id = e.id
            JOIN subject s ON s.pseudonym = e.subject
            """, [])
        for row in latest where (row["action"] as String) == "given" {
            let purpose: String = row["purpose"]
            counts.activeConsent[purpose, default: 0] += 1
            if row["proven"] as Bool { counts.provenConsent[purpose, default: 0] += 1 }
        }
        return counts
    }
}
