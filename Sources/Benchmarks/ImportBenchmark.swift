import Core
public import Foundation
public import Gateway
public import Import
public import Storage
import Keyring
public import Policy
import Vault
import Workbook

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
        /// With `--format xlsx`: the same customers as a workbook (shared strings, dates and amounts as numbers).
        public var workbook: WorkbookFigures?
    }

    /// The figures of importing the same customers from an `.xlsx` workbook.
    public struct WorkbookFigures: Sendable, Codable {
        public var fileMegabytes: Double
        public var sheetMegabytes: Double
        public var importSeconds: Double
        public var customersPerSecond: Double
        /// Peak resident memory during the workbook import alone (Linux: the high-water mark is reset before it).
        public var peakResidentMegabytes: Double
        /// The same measure for the CSV import, for comparison.
        public var csvPeakResidentMegabytes: Double
        public var imported: Int
        public var merged: Int
        public var rejected: Int
    }

    public let rows: Int
    public let workDirectory: URL
    public let policies: PolicySet
    /// `.csv`, or `.xlsx` to import the same customers from a workbook as well.
    public let format: Gateway.ImportFormat
    /// The vault and key databases to import into (empty PostgreSQL databases), instead of SQLite files in the
    /// work directory. The bare loop and the workbook import stay on SQLite.
    public var database: DatabaseLocation?
    public var keyDatabase: DatabaseLocation?

    public init(rows: Int, workDirectory: URL, policies: PolicySet, format: Gateway.ImportFormat = .csv) {
        self.rows = rows
        self.workDirectory = workDirectory
        self.policies = policies
        self.format = format
    }

    /// Generates the file, imports it into a fresh data directory, then runs the bare loop.
    public func run() async throws -> Result {
        let fm = FileManager.default
        try? fm.removeItem(at: workDirectory)
        try fm.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        let csv = workDirectory.appendingPathComponent("customers.csv")
        try SyntheticCustomers.write(rows: rows, to: csv)
        let size = Double((try fm.attributesOfItem(atPath: csv.path)[.size] as? NSNumber)?.intValue ?? 0)
        let directory = DataDirectory(root: workDirectory.appendingPathComponent("data"), database: database,
                                      keyDatabase: keyDatabase)
        let gateway = try await Gateway.initialise(directory, policies: policies,
                                                   principal: Principal(name: "bench", role: "privacy_officer"))
        var book: URL?
        if format == .xlsx {
            book = workDirectory.appendingPathComponent("customers.xlsx")
            try SyntheticCustomers.convertToWorkbook(csv, to: book!)
        }
        Self.resetPeakResident()
        let start = Date()
        let report = try gateway.importCSV(csv, principal: Principal(name: "bench", role: "privacy_officer"))
        let importSeconds = Date().timeIntervalSince(start)
        let peak = Self.peakResidentMegabytes()
        var workbook: WorkbookFigures?
        if let book {
            let bookDirectory = DataDirectory(root: workDirectory.appendingPathComponent("data-xlsx"))
            let bookGateway = try await Gateway.initialise(
                bookDirectory, policies: policies, principal: Principal(name: "bench", role: "privacy_officer"))
            Self.resetPeakResident()
            let started = Date()
            let bookReport = try bookGateway.importFile(book, format: .xlsx,
                                                        principal: Principal(name: "bench", role: "privacy_officer"))
            let seconds = Date().timeIntervalSince(started)
            let bookSize = Double((try fm.attributesOfItem(atPath: book.path)[.size] as? NSNumber)?.intValue ?? 0)
            let sheetSize = try Workbook(url: book).sheets[0].size
            workbook = WorkbookFigures(
                fileMegabytes: bookSize / 1_048_576, sheetMegabytes: Double(sheetSize) / 1_048_576,
                importSeconds: seconds, customersPerSecond: Double(rows) / seconds,
                peakResidentMegabytes: Self.peakResidentMegabytes(), csvPeakResidentMegabytes: peak,
                imported: bookReport.imported, merged: bookReport.merged, rejected: bookReport.rejected)
        }
        let bare = try bareLoop(csv: csv)
        return Result(
            rows: rows, fileMegabytes: size / 1_048_576, importSeconds: importSeconds,
            customersPerSecond: Double(rows) / importSeconds, peakResidentMegabytes: peak, bareLoopSeconds: bare,
            bareLoopCustomersPerSecond: Double(rows) / bare, ratioToBareLoop: importSeconds / bare,
            imported: report.imported, merged: report.merged, rejected: report.rejected, workbook: workbook)
    }

    /// Seals the same 14 fields per customer under one key and inserts one row each into an unindexed table,
    /// in one transaction: what the hardware allows with no parsing, validation, merging or indexing.
    func bareLoop(csv: URL) throws -> Double {
        let database = try SQLDatabase(location: .sqlite(workDirectory.appendingPathComponent("bare.sqlite")))
        defer { try? database.close() }
        _ = try database.writeBlocking { sql in
            try sql.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, fields BLOB NOT NULL)")
        }
        let key = try Keyring.benchmarkKey()
        let values = ["Иванов Пётр", "+79120000000", "customer@example.com", "рекомендация", "2024-01-01",
                      "2025-01-01", "47893.38", "активный", "", "ООО Пример", "7707083893", "постоянный; кофе", "да",
                      "Полина"]
        let names = ["full_name", "phone", "email", "source", "first_contact_date", "last_purchase_date",
                     "last_purchase_amount", "status", "birthday", "company", "inn", "tags", "consent", "manager"]
        let start = Date()
        try database.writeBlocking { sql in
            let statement = try sql.prepare("INSERT INTO t (fields) VALUES (?)")
            for _ in 0..<rows {
                var record = SealedRecord()
                for (name, value) in zip(names, values) where !value.isEmpty {
                    record.set(.init(name: name, keyVersion: 1, box: key.seal(value, field: name),
                                     createdAt: 0, updatedAt: 0, confirmedAt: 0))
                }
                try statement.execute([.blob(Data(record.encoded()))])
            }
        }
        return Date().timeIntervalSince(start)
    }

    /// Returns freed memory to the system and resets the kernel's high-water mark of resident memory (Linux), so
    /// the next ``peakResidentMegabytes()`` measures what follows.
    static func resetPeakResident() {
        #if os(Linux)
        // glibc's malloc_trim, looked up at run time (its header is not part of the Glibc module).
        if let symbol = dlsym(nil, "malloc_trim") {
            typealias Trim = @convention(c) (Int) -> Int32
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        #endif
    }

    static func peakResidentMegabytes() -> Double {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        {
            return kilobytes / 1024
        }
        #endif
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_maxrss) / 1024
    }
}
