import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL executor: runs statements on one connection inside its transaction, blocking the calling thread
/// until the server answers.
///
/// The rows of its bulk inserts (``prepareInsert(into:columns:)``) wait here and are sent before any other
/// statement, the transaction's `COMMIT` included.
///
/// It runs only on threads that may block (the store's thread pool, or a command's own thread), never on an event
/// loop or the cooperative pool's tasks of a server.
public final class PostgresExecutor: SQLExecutor {
    let connection: PostgresConnection
    let logger: Logger
    /// The bulk inserts of this transaction, in the order they were prepared (the order their rows are sent in).
    private var bulkInserts: [PostgresBulkInsert] = []

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    public var dialect: SQLDialect { .postgres }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    public func insert(_ sql: String, _ arguments: [SQLValue]) throws -> Int64 {
        guard let row = try run(sql + " RETURNING id", arguments).rows.first, let cell = row.first(where: { _ in true }),
            case .integer(let id) = try Self.value(of: cell)
        else {
            throw StorageError(.statementFailed, "an insert returned no id")
        }
        return id
    }

    public func prepare(_ sql: String) throws -> any SQLPreparedStatement {
        PostgresRepeatedStatement(executor: self, sql: sql)
    }

    public func prepareInsert(into table: String, columns: [String]) throws -> any SQLBulkInsert {
        let insert = PostgresBulkInsert(executor: self, table: table, columns: columns)
        bulkInserts.append(insert)
        return insert
    }

    public func fetchAll(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        guard let first = result.rows.first else { return [] }
        let columns = first.map(\.columnName)
        return try result.rows.map { row in SQLRow(columns: columns, values: try row.map(Self.value(of:))) }
    }

    public func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRowReading) throws -> Void) throws {
        try fetchAll(sql, arguments).forEach(body)
    }

    public func fetchOne(_ sql: String, _ arguments: [SQLValue]) throws -> SQLRow? {
        try fetchAll(sql, arguments).first
    }

    public func fetchOne<T>(_ sql: String, _ arguments: [SQLValue], decoding: (any SQLRowReading) throws -> T)
        throws -> T?
    {
        try fetchOne(sql, arguments).map(decoding)
    }

    /// Takes a transaction-level advisory lock (`pg_advisory_xact_lock`), released at commit or rollback.
    public func lockUntilCommit(_ name: String) throws {
        try execute("SELECT pg_advisory_xact_lock(?)", [.integer(AdvisoryLockKey.key(for: name))])
    }

    // MARK: Internals

    /// Sends the queued rows of the bulk inserts, then runs `sql`.
    func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        try sendQueuedRows()
        return try send(numberedSQL: PostgresPlaceholders.numbered(sql), arguments)
    }

    /// Sends the queued rows of every bulk insert, in the order the inserts were prepared.
    func sendQueuedRows() throws {
        for insert in bulkInserts where insert.hasQueuedRows { try insert.send() }
    }

    public var isInsideTransaction: Bool { true }

    /// Drops the rows still queued (a statement before the savepoint would have sent those queued before it) and
    /// rolls back to the savepoint.
    public func rollbackToSavepoint(_ name: String) throws {
        for insert in bulkInserts { insert.discardQueuedRows() }
        _ = try send(numberedSQL: "ROLLBACK TO SAVEPOINT \(name)", [])
    }

    /// Rolls the transaction back, dropping the rows still queued.
    func rollback() throws {
        for insert in bulkInserts { insert.discardQueuedRows() }
        _ = try send(numberedSQL: "ROLLBACK", [])
    }

    /// Runs a statement already in PostgreSQL's `$n` placeholders, without sending queued rows first.
    func send(numberedSQL sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        let query = PostgresQuery(unsafeSQL: sql, binds: Self.bindings(arguments))
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            throw PostgresErrors.storageError(error)
        }
    }

    /// The values bound to a statement's `$n` placeholders.
    static func bindings(_ arguments: [SQLValue]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .blob(let value): binds.append(ByteBuffer(bytes: value))
            }
        }
        return binds
    }

    /// One row of an answer as the storage layer's row.
    static func row(_ row: PostgresRow) throws -> SQLRow {
        var columns: [String] = [], values: [SQLValue] = []
        for cell in row {
            columns.append(cell.columnName)
            values.append(try value(of: cell))
        }
        return SQLRow(columns: columns, values: values)
    }

    static func value(of cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid:
            return .integer(try cell.decode(Int64.self))
        case .float4, .float8:
            return .real(try cell.decode(Double.self))
        case .bool:
            return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea:
            return .blob(Data(try cell.decode(ByteBuffer.self).readableBytesView))
        case .numeric:
            let number = NSDecimalNumber(decimal: try cell.decode(Decimal.self))
            let double = number.doubleValue
            if double.rounded() == double, abs(double) < 9e15 { return .integer(Int64(double)) }
            return .real(double)
        default:
            return .text(try cell.decode(String.self))
        }
    }
}
