/// A statement run many times in one PostgreSQL transaction: its SQL, sent with each set of arguments.
///
/// The server parses each run (postgres-nio's unnamed statements); what it saves over
/// ``PostgresExecutor/execute(_:_:)`` is only the caller's repetition.
struct PostgresRepeatedStatement: SQLPreparedStatement {
    let executor: PostgresExecutor
    let sql: String

    @discardableResult
    func execute(_ arguments: [SQLValue]) throws -> Int {
        try executor.execute(sql, arguments)
    }

    func insert(_ arguments: [SQLValue]) throws -> Int64 {
        try executor.insert(sql, arguments)
    }
}
