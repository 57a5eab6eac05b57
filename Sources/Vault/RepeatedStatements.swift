internal import Storage

/// The statements a transaction may run once per row of a bulk write (an import, a purge's audit entries), each
/// prepared at its first use and kept until the transaction ends, so a row costs no statement look-up.
final class RepeatedStatements {
    /// The statements kept.
    enum Kind: Int, CaseIterable {
        case insertSubject, addIndex, appendConsent, insertAuditRecord
    }

    private let sql: any SQLExecutor
    private var kept: [(any SQLPreparedStatement)?] = Array(repeating: nil, count: Kind.allCases.count)

    init(_ sql: any SQLExecutor) {
        self.sql = sql
    }

    /// The statement of `kind`, prepared from `text` the first time this transaction asks for it.
    func prepared(_ kind: Kind, _ text: @autoclosure () -> String) throws -> any SQLPreparedStatement {
        if let statement = kept[kind.rawValue] { return statement }
        let statement = try sql.prepare(text())
        kept[kind.rawValue] = statement
        return statement
    }
}
