package import Storage

/// The inserts a transaction may run once per row of a bulk write (an import, a purge's audit entries), each
/// prepared at its first use and kept until the transaction ends, so a row costs no statement look-up; on
/// PostgreSQL their rows are queued and sent many to a statement (``SQLBulkInsert``).
package final class BulkInserts {
    /// The inserts kept, in the order a table comes before the tables that refer to it.
    package enum Kind: Int, CaseIterable {
        case subject, subjectIndex, consentEvent, auditRecord, erasureIntent, destructionAct

        var table: String {
            switch self {
            case .subject: "subject"
            case .subjectIndex: "subject_index"
            case .consentEvent: "consent_event"
            case .auditRecord: "audit_log"
            case .erasureIntent: "erasure_ledger"
            case .destructionAct: "destruction_act"
            }
        }

        var columns: [String] {
            switch self {
            case .subject: ["pseudonym", "status", "fields", "created_at", "updated_at", "import_run"]
            case .subjectIndex: ["kind", "digest", "subject_id"]
            case .consentEvent:
                ["subject", "purpose", "action", "at", "channel", "source", "provenance", "proven", "notice_id",
                 "notice_version", "notice_hash", "evidence", "import_run", "import_row", "principal"]
            case .auditRecord:
                ["seq", "at", "principal", "role", "action", "purpose", "subject", "fields", "outcome", "detail",
                 "prev_hash", "hash"]
            case .erasureIntent: ["subject", "requested_at", "state"]
            case .destructionAct: ["number", "subject", "created_at", "file"]
            }
        }
    }

    private let sql: any SQLExecutor
    private var kept: [(any SQLBulkInsert)?] = Array(repeating: nil, count: Kind.allCases.count)

    init(_ sql: any SQLExecutor) {
        self.sql = sql
    }

    /// The insert of `kind`, prepared the first time this transaction asks for it.
    ///
    /// On PostgreSQL, where queued rows are sent in the order their inserts were prepared, the inserts of the kinds
    /// before it are prepared first, so a subject's row always goes before its index rows.
    package func callAsFunction(_ kind: Kind) throws -> any SQLBulkInsert {
        if let insert = kept[kind.rawValue] { return insert }
        let kinds = sql.dialect == .postgres ? Array(Kind.allCases.prefix(through: kind.rawValue)) : [kind]
        for earlier in kinds where kept[earlier.rawValue] == nil {
            kept[earlier.rawValue] = try sql.prepareInsert(into: earlier.table, columns: earlier.columns)
        }
        return kept[kind.rawValue]!
    }
}
