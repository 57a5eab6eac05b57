/// Runs SQL inside one transaction of one backend.
///
/// Statements are written in the subset both backends share, with `?` placeholders (translated to `$1, $2, …` for
/// PostgreSQL). An executor is valid only during the transaction closure that received it and must not escape it.
public protocol SQLExecutor {
    /// The backend's dialect.
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows and returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int

    /// Runs an `INSERT` into a table whose `id` column is generated and returns the new row's id.
    func insert(_ sql: String, _ arguments: [SQLValue]) throws -> Int64

    /// Runs a query and returns every row.
    func fetchAll(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]

    /// Runs a query and hands each row to `body` in turn, without collecting them first (a cursor on SQLite).
    func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws

    /// Runs a query and returns its first row, if any.
    func fetchOne(_ sql: String, _ arguments: [SQLValue]) throws -> SQLRow?

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

    /// The first column of the first row, if any.
    public func fetchValue<T: SQLValueConvertible>(_ sql: String, _ arguments: [SQLValue] = [], as type: T.Type = T.self)
        throws -> T?
    {
        guard let row = try fetchOne(sql, arguments), let first = row.values.first else { return nil }
        return T(sqlValue: first)
    }

    /// The first column of every row.
    public func fetchColumn<T: SQLValueConvertible>(_ sql: String, _ arguments: [SQLValue] = [], as type: T.Type = T.self)
        throws -> [T]
    {
        try fetchAll(sql, arguments).compactMap { row in row.values.first.flatMap(T.init(sqlValue:)) }
    }
}
