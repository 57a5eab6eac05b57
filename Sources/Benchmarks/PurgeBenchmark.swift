public import Foundation
public import Gateway
import Import
public import Policy
import Keyring
import Vault

/// Measures the retention purge at scale: a vault of `customers` people of whom every `lapsedEvery`-th last bought
/// in 2020, purged as of 1 June 2026, when exactly those have passed every customer and accounting rule.
public struct PurgeBenchmark: Sendable {
    /// The figures of one run.
    public struct Result: Sendable, Codable {
        public var customers: Int
        public var importSeconds: Double
        public var dryRunSeconds: Double
        public var due: Int
        public var purgeSeconds: Double
        public var erased: Int
        public var remaining: Int
        public var peakResidentMegabytes: Double
    }

    public let customers: Int
    public let lapsedEvery: Int
    public let workDirectory: URL
    public let policies: PolicySet
    public let notices: NoticeLibrary

    public init(customers: Int, lapsedEvery: Int, workDirectory: URL, policies: PolicySet, notices: NoticeLibrary) {
        self.customers = customers
        self.lapsedEvery = lapsedEvery
        self.workDirectory = workDirectory
        self.policies = policies
        self.notices = notices
    }

    public func run() async throws -> Result {
        let bench = try await BenchVault(in: workDirectory, customers: customers, lapsedEvery: lapsedEvery,
                                         policies: policies, notices: notices)
        let officer = bench.officer
        let importStart = Date()
        _ = try bench.gateway.importCSV(bench.csv, principal: officer)
        let importSeconds = Date().timeIntervalSince(importStart)
        let later = try Gateway(directory: bench.directory, policies: policies, notices: notices,
                                clock: { Date(timeIntervalSince1970: 1_780_272_000) })  // 2026-06-01
        ImportBenchmark.resetPeakResident()
        let dryStart = Date()
        let preview = try await later.purge(dryRun: true, principal: officer)
        let dryRunSeconds = Date().timeIntervalSince(dryStart)
        let purgeStart = Date()
        let purge = try await later.purge(dryRun: false, principal: officer)
        let purgeSeconds = Date().timeIntervalSince(purgeStart)
        let remaining = try await later.vault.read { tx in try tx.subjectCount() }
        return Result(customers: customers, importSeconds: importSeconds, dryRunSeconds: dryRunSeconds,
                      due: preview.items.count, purgeSeconds: purgeSeconds,
                      erased: purge.erased + purge.partiallyErased, remaining: remaining,
                      peakResidentMegabytes: ImportBenchmark.peakResidentMegabytes())
    }
}
