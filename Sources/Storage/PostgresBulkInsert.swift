/// The queued rows of one insert in a PostgreSQL transaction, sent as one multi-row `INSERT … VALUES (…), (…)`.
///
/// Rows that need their id get one from the table's identity sequence, reserved in blocks (one round trip per
/// block, growing from 16 to 1,024 so a short transaction wastes few), and are sent with it.
final class PostgresBulkInsert: SQLBulkInsert {
    /// Most rows sent in one statement.
    static let rowsPerStatement = 500
    /// Most bound values in one statement (PostgreSQL's protocol admits 65,535).
    static let valuesPerStatement = 30_000

    private unowned let executor: PostgresExecutor
    private let table: String
    private let columns: [String]
    private var values: [SQLValue] = []
    private var rows = 0
    /// Whether the queued rows carry an id in front of their values.
    private var queuedWithIDs = false
    private var reservedIDs: ArraySlice<Int64> = []
    private var nextReservation = 16

    init(executor: PostgresExecutor, table: String, columns: [String]) {
        self.executor = executor
        self.table = table
        self.columns = columns
    }

    /// Whether rows wait to be sent.
    var hasQueuedRows: Bool { rows > 0 }

    func add(_ values: [SQLValue]) throws {
        try queue(values, id: nil)
    }

    func addReturningID(_ values: [SQLValue]) throws -> Int64 {
        if reservedIDs.isEmpty { reservedIDs = try reserveIDs()[...] }
        let id = reservedIDs.removeFirst()
        try queue(values, id: id)
        return id
    }

    /// Sends this insert's queued rows (alone: ``PostgresExecutor/sendQueuedRows()`` keeps the order between inserts).
    func send() throws {
        guard rows > 0 else { return }
        let width = columns.count + (queuedWithIDs ? 1 : 0)
        var sql = "INSERT INTO \(table) (\(queuedWithIDs ? "id, " : "")\(columns.joined(separator: ", "))) VALUES "
        sql.reserveCapacity(sql.utf8.count + rows * width * 7)
        var number = 0
        for row in 0..<rows {
            sql += row == 0 ? "(" : ", ("
            for column in 0..<width {
                number += 1
                sql += column == 0 ? "$\(number)" : ", $\(number)"
            }
            sql += ")"
        }
        let sending = values
        values.removeAll(keepingCapacity: true)
        rows = 0
        _ = try executor.send(numberedSQL: sql, sending)
    }

    /// Forgets the queued rows (the transaction is rolled back).
    func discardQueuedRows() {
        values.removeAll()
        rows = 0
    }

    // MARK: Internals

    private func queue(_ row: [SQLValue], id: Int64?) throws {
        precondition(row.count == columns.count, "an insert into \(table) takes \(columns.count) values")
        if rows > 0, queuedWithIDs != (id != nil) { try executor.sendQueuedRows() }
        queuedWithIDs = id != nil
        if let id { values.append(.integer(id)) }
        values.append(contentsOf: row)
        rows += 1
        if rows >= Self.rowsPerStatement || values.count + columns.count + 1 > Self.valuesPerStatement {
            // Every queue, in order: rows of an insert prepared earlier may be what these rows refer to.
            try executor.sendQueuedRows()
        }
    }

    private func reserveIDs() throws -> [Int64] {
        let count = nextReservation
        nextReservation = min(nextReservation * 4, 1_024)
        let result = try executor.send(
            numberedSQL: "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)",
            [.text(table), .integer(Int64(count))])
        return try result.rows.map { row in
            guard let cell = row.first(where: { _ in true }), case .integer(let id) = try PostgresExecutor.value(of: cell)
            else { throw StorageError(.statementFailed, "no id was reserved in \(table)") }
            return id
        }
    }
}
