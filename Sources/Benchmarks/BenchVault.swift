import Core
import Foundation
import Gateway
import Policy
import Storage

/// The scratch vault a benchmark starts from: its work directory emptied and recreated, generated customers
/// written to `customers.csv` there, and a gateway initialised in `data/` (or on the given PostgreSQL databases) for a
/// bench privacy officer. Importing the file is left to the benchmark, which may time it.
struct BenchVault {
    let csv: URL
    let directory: DataDirectory
    let gateway: Gateway
    let officer = Principal(name: "bench", role: "privacy_officer")

    init(in workDirectory: URL, customers: Int, lapsedEvery: Int? = nil, policies: PolicySet,
         notices: NoticeLibrary, database: DatabaseLocation? = nil,
         keyDatabase: DatabaseLocation? = nil) async throws {
        let fm = FileManager.default
        try? fm.removeItem(at: workDirectory)
        try fm.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        csv = workDirectory.appendingPathComponent("customers.csv")
        try SyntheticCustomers.write(rows: customers, to: csv, lapsedEvery: lapsedEvery)
        directory = DataDirectory(root: workDirectory.appendingPathComponent("data"), database: database,
                                  keyDatabase: keyDatabase)
        gateway = try await Gateway.initialise(directory, policies: policies, notices: notices, principal: officer)
    }
}
