import Dispatch
import Foundation
import PDGateTesting
@testable import Storage
import Synchronization
import Testing

/// Write transactions that lose to a concurrent one on PostgreSQL (deadlock, serialisation failure) run again, a
/// bounded number of times; other failures are never retried.
@Suite("Conflict retry of write transactions")
struct ConflictRetryTests {
    @Test("Two transactions that deadlock both commit: the one PostgreSQL aborts runs again",
          .enabled(if: Backend.available.contains(.postgres),
                   "no PostgreSQL server (make postgres-deps)"), .timeLimit(.minutes(1)))
    func deadlockedTransactionIsRetried() throws {
        let cluster = try #require(PostgresCluster.shared())
        guard case .postgres(let location) = try DatabaseLocation(parsing: try cluster.makeDatabase(prefix: "retry"))
        else {
            Issue.record("not a PostgreSQL location")
            return
        }
        let store = try PostgresStore(location: location)
        defer { store.close() }
        try store.writeBlocking { sql in
            try sql.execute("CREATE TABLE pair (id BIGINT PRIMARY KEY, value BIGINT NOT NULL)")
            try sql.execute("INSERT INTO pair (id, value) VALUES (1, 0), (2, 0)")
        }
        let runs = Atomic<Int>(0)
        let holding = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        let done = DispatchGroup()
        let failures = Mutex<[String]>([])
        for (mine, theirs) in [(0, 1), (1, 0)] {
            DispatchQueue.global().async(group: done) {
                var first = true
                do {
                    try store.writeBlocking { sql in
                        runs.add(1, ordering: .relaxed)
                        try sql.execute("UPDATE pair SET value = value + 1 WHERE id = ?", [.integer(Int64(mine + 1))])
                        if first {
                            // Each holds its own row, then reaches for the other's: a deadlock, once.
                            first = false
                            holding[mine].signal()
                            holding[theirs].wait()
                        }
                        try sql.execute("UPDATE pair SET value = value + 1 WHERE id = ?", [.integer(Int64(theirs + 1))])
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        done.wait()
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(runs.load(ordering: .relaxed) == 3, "the deadlock victim ran a second time, nobody a third")
        let values = try store.readBlocking { sql in try sql.fetchColumn("SELECT value FROM pair ORDER BY id", as: Int.self) }
        #expect(values == [2, 2], "each transaction's two updates counted once")
    }

    @Test("A conflict that keeps coming back ends the retries after the attempts; other failures are not retried",
          arguments: [("40001", 3), ("40P01", 3), ("23505", 1), ("42P01", 1)])
    func retriesAreBounded(state: String, expectedRuns: Int) {
        let retry = ConflictRetry(attempts: 3, baseDelay: 0)
        var runs = 0
        var retried: [Int] = []
        let error = #expect(throws: StorageError.self) {
            try retry.run {
                runs += 1
                throw StorageError(["40001", "40P01", "23505"].contains(state) ? .conflict : .statementFailed,
                                   "collided", state: state)
            } retrying: { _, attempt in retried.append(attempt) }
        }
        #expect(error?.state == state)
        #expect(runs == expectedRuns)
        #expect(retried == Array(1..<expectedRuns))
    }

    @Test("Pauses double from the base and are jittered by half either way")
    func pausesGrowWithJitter() {
        let retry = ConflictRetry(attempts: 5, baseDelay: 0.01)
        for attempt in 1...4 {
            let nominal = 0.01 * Double(1 << (attempt - 1))
            let delays = (0..<50).map { _ in retry.delay(after: attempt) }
            #expect(delays.allSatisfy { (nominal * 0.5...nominal * 1.5).contains($0) })
            #expect(Set(delays).count > 1, "jittered")
        }
    }
}
