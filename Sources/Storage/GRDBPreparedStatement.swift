import GRDB

/// An SQLite statement kept for the many rows of a bulk write (from the connection's statement cache); as a
/// ``SQLBulkInsert`` it writes each row at once.
struct GRDBPreparedStatement: SQLPreparedStatement, SQLBulkInsert {
    let db: Database
    let statement: Statement

    @discardableResult
    func execute(_ arguments: [SQLValue]) throws -> Int {
        try run(arguments)
        return db.changesCount
    }

    func insert(_ arguments: [SQLValue]) throws -> Int64 {
        try run(arguments)
        return db.lastInsertedRowID
    }

    func add(_ values: [SQLValue]) throws {
        try run(values)
    }

    func addReturningID(_ values: [SQLValue]) throws -> Int64 {
        try insert(values)
    }

    private func run(_ arguments: [SQLValue]) throws {
        try SQLiteBindings.bind(arguments, to: statement)
        try statement.execute()
    }
}
