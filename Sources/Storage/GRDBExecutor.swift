public import GRDB
import Foundation

/// The SQLite executor: runs statements on a GRDB connection inside its transaction.
///
/// Statements are prepared once per connection and kept (GRDB's statement cache), except those with many
/// arguments, whose SQL varies with a list's length and would only fill the cache. Rows are decoded where they
/// are, on the statement being stepped, except where a caller asks for collected ``SQLRow`` values.
public struct GRDBExecutor: SQLExecutor {
    /// The connection, valid only during the transaction closure.
    let db: Database

    /// Wraps a connection for the duration of a transaction closure.
    public init(_ db: Database) {
        self.db = db
    }

    public var dialect: SQLDialect { .sqlite }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try statement(sql, arguments).execute()
        return db.changesCount
    }

    public func insert(_ sql: String, _ arguments: [SQLValue]) throws -> Int64 {
        try statement(sql, arguments).execute()
        return db.lastInsertedRowID
    }

    public func prepare(_ sql: String) throws -> any SQLPreparedStatement {
        GRDBPreparedStatement(db: db, statement: try db.cachedStatement(sql: sql))
    }

    public func prepareInsert(into table: String, columns: [String]) throws -> any SQLBulkInsert {
        let placeholders = columns.map { _ in "?" }.joined(separator: ", ")
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
        return GRDBPreparedStatement(db: db, statement: try db.cachedStatement(sql: sql))
    }

    public func fetchAll(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let statement = try statement(sql, arguments)
        let columns = statement.columnNames
        var rows: [SQLRow] = []
        try step(statement) { row in
            rows.append(SQLRow(columns: columns, values: (0..<columns.count).map(row.value(at:))))
        }
        return rows
    }

    public func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRowReading) throws -> Void) throws {
        try step(try statement(sql, arguments), body)
    }

    public func fetchOne(_ sql: String, _ arguments: [SQLValue]) throws -> SQLRow? {
        let statement = try statement(sql, arguments)
        let columns = statement.columnNames
        return try fetchFirst(statement) { row in SQLRow(columns: columns, values: (0..<columns.count).map(row.value(at:))) }
    }

    public func fetchOne<T>(_ sql: String, _ arguments: [SQLValue], decoding: (any SQLRowReading) throws -> T)
        throws -> T?
    {
        try fetchFirst(try statement(sql, arguments), decoding)
    }

    public var isInsideTransaction: Bool { db.isInsideTransaction }

    public func rollbackToSavepoint(_ name: String) throws {
        try execute("ROLLBACK TO SAVEPOINT \(name)")
    }

    /// SQLite admits one writer at a time: the write transaction already holds every lock.
    public func lockUntilCommit(_ name: String) throws {}

    // MARK: Stepping

    /// Steps `statement` to its end, handing `body` the row it is on each time.
    private func step(_ statement: Statement, _ body: (any SQLRowReading) throws -> Void) throws {
        let cursor = try Row.fetchCursor(statement)
        let row = GRDBLiveRow(statement: statement)
        // The cursor resets the statement when it is released: keep it alive while rows are read.
        try withExtendedLifetime(cursor) {
            while try cursor.next() != nil { try body(row) }
        }
    }

    /// Steps `statement` once and decodes the row it is on, if any.
    private func fetchFirst<T>(_ statement: Statement, _ decoding: (any SQLRowReading) throws -> T) throws -> T? {
        let cursor = try Row.fetchCursor(statement)
        // The cursor resets the statement when it is released, which frees the row's text and blobs: past its last
        // use (`next()`) the optimiser may release it, so it is kept alive until the row is decoded.
        return try withExtendedLifetime(cursor) {
            guard try cursor.next() != nil else { return nil }
            return try decoding(GRDBLiveRow(statement: statement))
        }
    }

    // MARK: Conversions

    private func statement(_ sql: String, _ arguments: [SQLValue]) throws -> Statement {
        let statement = arguments.count <= 32 ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        try SQLiteBindings.bind(arguments, to: statement)
        return statement
    }

    static func value(of value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: return .null
        case .int64(let value): return .integer(value)
        case .double(let value): return .real(value)
        case .string(let value): return .text(value)
        case .blob(let value): return .blob(value)
        }
    }
}
