public import GRDB
import Foundation

/// The SQLite executor: runs statements on a GRDB connection inside its transaction.
///
/// Statements are prepared once per connection and kept (GRDB's statement cache), except those with many
/// arguments, whose SQL varies with a list's length and would only fill the cache.
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

    public func fetchAll(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let statement = try statement(sql, arguments)
        let columns = statement.columnNames
        var rows: [SQLRow] = []
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            rows.append(SQLRow(columns: columns, values: row.databaseValues.map(Self.value(of:))))
        }
        return rows
    }

    public func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        let statement = try statement(sql, arguments)
        let columns = statement.columnNames
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            try body(SQLRow(columns: columns, values: row.databaseValues.map(Self.value(of:))))
        }
    }

    public func fetchOne(_ sql: String, _ arguments: [SQLValue]) throws -> SQLRow? {
        let statement = try statement(sql, arguments)
        guard let row = try Row.fetchOne(statement) else { return nil }
        return SQLRow(columns: statement.columnNames, values: row.databaseValues.map(Self.value(of:)))
    }

    /// SQLite admits one writer at a time: the write transaction already holds every lock.
    public func lockUntilCommit(_ name: String) throws {}

    // MARK: Conversions

    private func statement(_ sql: String, _ arguments: [SQLValue]) throws -> Statement {
        let statement = arguments.count <= 32 ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        try statement.setArguments(StatementArguments(arguments.map(Self.databaseValue(of:))))
        return statement
    }

    static func databaseValue(of value: SQLValue) -> DatabaseValue {
        switch value {
        case .null: return .null
        case .integer(let value): return value.databaseValue
        case .real(let value): return value.databaseValue
        case .text(let value): return value.databaseValue
        case .blob(let value): return value.databaseValue
        }
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
