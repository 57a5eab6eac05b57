public import Foundation
public import Gateway
import Import
public import Storage
import Keyring
public import Policy
import Requests

/// Measures the request paths: one erasure (local part), one access answer with its sealed bundle, and a purge.
public struct RequestBenchmark: Sendable {
    /// The figures of one run (milliseconds per operation, seconds for the purge).
    public struct Result: Sendable, Codable {
        public var version = 1
        public var customers: Int
        public var samples: Int
        public var erasureMillisecondsMedian: Double
        public var erasureMillisecondsP95: Double
        public var accessMillisecondsMedian: Double
        public var accessMillisecondsP95: Double
        public var purgeErased: Int
        public var purgeSeconds: Double
    }

    public let customers: Int
    public let samples: Int
    public let workDirectory: URL
    public let policies: PolicySet
    public let notices: NoticeLibrary
    /// The vault and key databases to run on (empty PostgreSQL databases), instead of SQLite files.
    public var database: DatabaseLocation?
    public var keyDatabase: DatabaseLocation?

    public init(customers: Int, samples: Int, workDirectory: URL, policies: PolicySet, notices: NoticeLibrary) {
        self.customers = customers
        self.samples = samples
        self.workDirectory = workDirectory
        self.policies = policies
        self.notices = notices
    }

    public func run() async throws -> Result {
        let bench = try await BenchVault(in: workDirectory, customers: customers, policies: policies,
                                         notices: notices, database: database, keyDatabase: keyDatabase)
        let (gateway, officer) = (bench.gateway, bench.officer)
        _ = try gateway.importCSV(bench.csv, principal: officer)
        let ids = try await gateway.vault.read { tx in try tx.allSubjectIDs() }
        var access: [Double] = []
        for id in ids.prefix(samples) {
            let request = SubjectRequest(reference: "REQ-BENCH", kind: .access, subject: id.rawValue, jurisdiction: "RU",
                                         channel: "bench", receivedAt: Date(), deadline: Date())
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try await gateway.accessBundle(for: request, subject: id, language: .ru, principal: officer)
            access.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        var erasure: [Double] = []
        for id in ids.suffix(samples) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try await gateway.shred([ErasurePlan(subject: id, destroyed: [], held: [], holdEnds: nil)],
                                        principal: officer, auditNote: nil)
            erasure.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        // Everyone left is a customer whose last purchase (2025) ages out of the 3-year rules in 2028; the
        // accounting hold keeps their accounting fields, so the purge erases all other fields.
        let later = try Gateway(directory: bench.directory, policies: policies, notices: notices,
                                clock: { Date(timeIntervalSince1970: 1_861_920_000) })   // 2029-01-01
        let purgeStart = Date()
        let purge = try await later.purge(dryRun: false, principal: officer)
        return Result(
            customers: customers, samples: samples,
            erasureMillisecondsMedian: Self.percentile(erasure, 0.5), erasureMillisecondsP95: Self.percentile(erasure, 0.95),
            accessMillisecondsMedian: Self.percentile(access, 0.5), accessMillisecondsP95: Self.percentile(access, 0.95),
            purgeErased: purge.erased + purge.partiallyErased, purgeSeconds: Date().timeIntervalSince(purgeStart))
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }
}
