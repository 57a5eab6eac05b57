import GRDB
@testable import Storage
import Testing

/// Arguments bound straight to SQLite come back as they went in, and a statement reused after a failed step works.
@Suite("SQLite argument binding")
struct SQLiteBindingsTests {
    @Test("Every kind of value round-trips, empty text and blob included")
    func valuesRoundTrip() throws {
        let queue = try DatabaseQueue()
        let values: [SQLValue] = [.null, .integer(-7), .real(2.5), .text(""), .text("Ёлка ✓"), .blob(.init()),
                                  .blob(.init([0, 1, 255]))]
        let read = try queue.write { db in
            let sql = GRDBExecutor(db)
            try sql.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, v)")
            let insert = try sql.prepare("INSERT INTO t (n, v) VALUES (?, ?)")
            for (n, value) in values.enumerated() { try insert.execute([.integer(Int64(n)), value]) }
            return try sql.fetchAll("SELECT v FROM t ORDER BY n", []) { row in row.value(at: 0) }
        }
        #expect(read == values)
    }

    @Test("A wrong argument count is an error naming counts only; a statement whose step failed is used again")
    func countsAndReuse() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            let sql = GRDBExecutor(db)
            try sql.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
            let error = #expect(throws: StorageError.self) { try sql.execute("INSERT INTO t (n) VALUES (?)", []) }
            #expect(error?.message == "statement expects 1 arguments, got 0")
            let insert = try sql.prepare("INSERT INTO t (n) VALUES (?)")
            try insert.execute([.integer(1)])
            #expect(throws: DatabaseError.self) { try insert.execute([.integer(1)]) }
            try insert.execute([.integer(2)])
            #expect(try sql.fetchValue("SELECT COUNT(*) FROM t", as: Int.self) == 2)
        }
    }
}
