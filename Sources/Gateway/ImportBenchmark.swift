public import Foundation
import GRDB
import Keyring
public import Policy
import Vault

/// Measures import throughput and peak memory against the local physical limit (a bare seal-and-insert loop).
public struct ImportBenchmark: Sendable {
    /// The figures of one run.
    public struct Result: Sendable, Codable {
        public var version = 1
        public var rows: Int
        public var fileMegabytes: Double
        public var importSeconds: Double
        public var customersPerSecond: Double
        public var peakResidentMegabytes: Double
        public var bareLoopSeconds: Double
        public var bareLoopCustomersPerSecond: Double
        /// Import time divided by bare-loop time (target: at most 3).
        public var ratioToBareLoop: Double
        public var imported: Int
        public var merged: Int
        public var rejected: Int
    }

    public let rows: Int
    public let workDirectory: URL
    public let policies: PolicySet

    public init(rows: Int, workDirectory: URL, policies: PolicySet) {
        self.rows = rows
        self.workDirectory = workDirectory
        self.policies = policies
    }

    /// Generates the file, imports it into a fresh data directory, then runs the bare loop.
    public func run() async throws -> Result {
        let fm = FileManager.default
        try? fm.removeItem(at: workDirectory)
        try fm.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        let csv = workDirectory.appendingPathComponent("customers.csv")
        try SyntheticCustomers.write(rows: rows, to: csv)
        let size = Double((try fm.attributesOfItem(atPath: csv.path)[.size] as? NSNumber)?.intValue ?? 0)
        let directory = DataDirectory(root: workDirectory.appendingPathComponent("data"))
        let gateway = try await Gateway.initialise(directory, policies: policies,
                                                   principal: Principal(name: "bench", role: "privacy_officer"))
        let start = Date()
        let report = try gateway.importCSV(csv, principal: Principal(name: "bench", role: "privacy_officer"))
        let importSeconds = Date().timeIntervalSince(start)
        let peak = Self.peakResidentMegabytes()
        let bare = try bareLoop(csv: csv)
        return Result(
            rows: rows, fileMegabytes: size / 1_048_576, importSeconds: importSeconds,
            customersPerSecond: Double(rows) / importSeconds, peakResidentMegabytes: peak, bareLoopSeconds: bare,
            bareLoopCustomersPerSecond: Double(rows) / bare, ratioToBareLoop: importSeconds / bare,
            imported: report.imported, merged: report.merged, rejected: report.rejected)
    }

    /// Seals the same 14 fields per customer under one key and inserts one row each into an unindexed table,
    /// in one transaction: what the hardware allows with no parsing, validation, merging or indexing.
    func bareLoop(csv: URL) throws -> Double {
        let path = workDirectory.appendingPathComponent("bare.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, fields BLOB NOT NULL)")
        }
        let key = try Keyring.benchmarkKey()
        let values = ["Иванов Пётр", "+79120000000", "customer@example.com", "рекомендация", "2024-01-01",
                      "2025-01-01", "47893.38", "активный", "", "ООО Пример", "7707083893", "постоянный; кофе", "да",
                      "Полина"]
        let names = ["full_name", "phone", "email", "source", "first_contact_date", "last_purchase_date",
                     "last_purchase_amount", "status", "birthday", "company", "inn", "tags", "consent", "manager"]
        let start = Date()
        try queue.write { db in
            let statement = try db.makeStatement(sql: "INSERT INTO t (fields) VALUES (?)")
            for _ in 0..<rows {
                var record = SealedRecord()
                for (name, value) in zip(names, values) where !value.isEmpty {
                    record.set(.init(name: name, keyVersion: 1, box: key.seal(value, field: name),
                                     createdAt: 0, updatedAt: 0, confirmedAt: 0))
                }
                try statement.execute(arguments: [Data(record.encoded())])
            }
        }
        return Date().timeIntervalSince(start)
    }

    static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_maxrss) / 1024
    }
}
