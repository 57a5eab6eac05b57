import GRDB

/// The row a GRDB statement is on while it is stepped: each value is read from the statement when asked for.
///
/// Valid only until the statement steps again.
struct GRDBLiveRow: SQLRowReading {
    let statement: Statement

    func value(at index: Int) -> SQLValue {
        GRDBExecutor.value(of: DatabaseValue(sqliteStatement: statement.sqliteStatement, index: CInt(index)))
    }

    func value(_ column: String) -> SQLValue {
        guard let index = statement.index(ofColumn: column) else { return .null }
        return value(at: index)
    }
}
