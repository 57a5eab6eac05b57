/// Runs SQL inside one transaction of one backend.
///
/// Statements are written in the subset both backends share, with `?` placeholders (translated to `$1, $2, …` for
/// PostgreSQL). An executor is valid only during the transaction closure that received it and must not escape it.
///
/// Hot paths decode rows in place: ``forEachRow(_:_:_:)``, ``fetchOne(_:_:decoding:)`` and
/// ``fetchAll(_:_:decoding:)`` hand the caller the live row (on SQLite, the statement being stepped), so nothing
/// is copied into ``SQLRow`` values first; ``prepare(_:)`` keeps one statement for the many rows of a bulk write.
public protocol SQLExecutor {
    /// The backend's dialect.
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows and returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int

    /// Runs an `INSERT` into a table whose `id` column is generated and returns the new row's id.
    func insert(_ sql: String, _ arguments: [SQLValue]) throws -> Int64

    /// Prepares a statement to run many times in this transaction with different arguments.
    func prepare(_ sql: String) throws -> any SQLPreparedStatement

    /// Prepares an insert of many rows of `columns` into `table`, which the backend may send several rows at a
    /// time (see ``SQLBulkInsert``).
    func prepareInsert(into table: String, columns: [String]) throws -> any SQLBulkInsert

    /// Runs a query and returns every row, collected with its column names.
    func fetchAll(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]

    /// Runs a query and hands each row to `body` in turn, without collecting them first.
    ///
    /// The row is valid only during the call of `body` that received it (on SQLite, it reads the statement being
    /// stepped).
    func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRowReading) throws -> Void) throws

    /// Runs a query and returns its first row, if any, collected with its column names.
    func fetchOne(_ sql: String, _ arguments: [SQLValue]) throws -> SQLRow?

    /// Runs a query and decodes its first row, if any, in place.
    func fetchOne<T>(_ sql: String, _ arguments: [SQLValue], decoding: (any SQLRowReading) throws -> T) throws -> T?

    /// Whether the transaction is still open: SQLite ends it on a few errors (a full disk, say), after which a
    /// statement would run on its own. Always true on PostgreSQL, where a failed statement leaves the transaction
    /// open until it is rolled back.
    var isInsideTransaction: Bool { get }

    /// Undoes what the transaction did since `SAVEPOINT name` (the savepoint stays), rows still queued by bulk
    /// inserts included.
    func rollbackToSavepoint(_ name: String) throws

    /// Holds a named lock until the transaction ends, waiting for another transaction that holds it.
    ///
    /// Serialises read-then-write sequences between processes (the audit chain's head, numbering). A no-op where
    /// the backend admits one writer at a time (SQLite).
    func lockUntilCommit(_ name: String) throws
}

extension SQLExecutor {
    /// Runs a statement without arguments.
    @discardableResult
    public func execute(_ sql: String) throws -> Int {
        try execute(sql, [])
    }

    /// Runs a query and decodes every row in place.
    public func fetchAll<T>(_ sql: String, _ arguments: [SQLValue], decoding: (any SQLRowReading) throws -> T)
        throws -> [T]
    {
        var decoded: [T] = []
        try forEachRow(sql, arguments) { row in decoded.append(try decoding(row)) }
        return decoded
    }

    /// The first column of the first row, if any.
    public func fetchValue<T: SQLValueConvertible>(_ sql: String, _ arguments: [SQLValue] = [], as type: T.Type = T.self)
        throws -> T?
    {
        try fetchOne(sql, arguments) { row in T(sqlValue: row.value(at: 0)) } ?? nil
    }

    /// The first column of every row.
    public func fetchColumn<T: SQLValueConvertible>(_ sql: String, _ arguments: [SQLValue] = [], as type: T.Type = T.self)
        throws -> [T]
    {
        try fetchAll(sql, arguments) { row in T(sqlValue: row.value(at: 0)) }.compactMap { $0 }
    }
}
