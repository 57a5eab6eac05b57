import ArgumentParser
import Benchmarks
import Foundation
import Gateway
import Import

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure pdgate on this machine.",
        subcommands: [Import.self, Requests.self, Purge.self, PrivacyCodes.self, Lookup.self, Deliver.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a generated file of synthetic customers; report customers/s, peak memory and the "
                + "bare seal-and-insert loop for comparison.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Number of customers to generate.") var rows = 100_000
        @Option(help: "Scratch directory (deleted and recreated).") var work = ".bench/import"
        @Option(help: "csv, or xlsx to import the same customers from a workbook as well.") var format = "csv"

        func validate() throws {
            guard Gateway.ImportFormat(rawValue: format) != nil else {
                throw ValidationError("--format must be csv or xlsx")
            }
        }

        func run() async throws {
            try await runReporting {
                let policies = try global.loadPolicies()
                var bench = ImportBenchmark(rows: rows, workDirectory: URL(fileURLWithPath: work), policies: policies,
                                            format: Gateway.ImportFormat(rawValue: format) ?? .csv)
                bench.database = global.directory.database
                bench.keyDatabase = global.directory.keyDatabase
                let result = try await bench.run()
                if global.json {
                    try printJSON(result)
                    return
                }
                print(String(format: "import   %d customers (%.1f MB CSV) in %.2f s: %.0f customers/s",
                             result.rows, result.fileMegabytes, result.importSeconds, result.customersPerSecond))
                print(String(format: "bare     seal+insert loop %.2f s: %.0f customers/s (import is %.2fx of it)",
                             result.bareLoopSeconds, result.bareLoopCustomersPerSecond, result.ratioToBareLoop))
                print(String(format: "memory   peak resident %.1f MB", result.peakResidentMegabytes))
                print("counts   imported \(result.imported), merged \(result.merged), rejected \(result.rejected)")
                if let book = result.workbook {
                    print(String(format: "xlsx     %d customers (%.1f MB workbook, %.1f MB sheet XML) in %.2f s: "
                                     + "%.0f customers/s", result.rows, book.fileMegabytes, book.sheetMegabytes,
                                 book.importSeconds, book.customersPerSecond))
                    print(String(format: "xlsx     peak resident %.1f MB during the workbook import (CSV import: %.1f MB)",
                                 book.peakResidentMegabytes, book.csvPeakResidentMegabytes))
                    print("xlsx     imported \(book.imported), merged \(book.merged), rejected \(book.rejected)")
                }
            }
        }
    }

    struct Requests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time an erasure (local part), an access answer with its sealed bundle, and a retention purge.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Customers to generate and import.") var customers = 10_000
        @Option(help: "Erasures and access answers to time.") var samples = 200
        @Option(help: "Scratch directory (deleted and recreated).") var work = ".bench/requests"

        func run() async throws {
            try await runReporting {
                let policies = try global.loadPolicies()
                var bench = RequestBenchmark(
                    customers: customers, samples: samples, workDirectory: URL(fileURLWithPath: work),
                    policies: policies, notices: global.notices)
                bench.database = global.directory.database
                bench.keyDatabase = global.directory.keyDatabase
                let result = try await bench.run()
                if global.json { try printJSON(result); return }
                print(String(format: "erasure  median %.2f ms, p95 %.2f ms (%d people, local part)",
                             result.erasureMillisecondsMedian, result.erasureMillisecondsP95, result.samples))
                print(String(format: "access   median %.2f ms, p95 %.2f ms (JSON + HTML + Markdown, sealed)",
                             result.accessMillisecondsMedian, result.accessMillisecondsP95))
                print(String(format: "purge    %d of %d people in %.1f s", result.purgeErased, result.customers,
                             result.purgeSeconds))
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Purge a generated vault in which a share of the customers' retention has ended; report the "
                + "dry run, the purge and peak memory.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Customers to generate and import.") var customers = 1_000_000
        @Option(help: "Every n-th customer is due for erasure.") var lapsedEvery = 10
        @Option(help: "Scratch directory (deleted and recreated).") var work = ".bench/purge"

        func run() async throws {
            try await runReporting {
                let policies = try global.loadPolicies()
                let bench = PurgeBenchmark(
                    customers: customers, lapsedEvery: lapsedEvery, workDirectory: URL(fileURLWithPath: work),
                    policies: policies, notices: global.notices)
                let result = try await bench.run()
                if global.json { try printJSON(result); return }
                print(String(format: "import   %d customers in %.1f s", result.customers, result.importSeconds))
                print(String(format: "dry run  %d due of %d in %.1f s", result.due, result.customers, result.dryRunSeconds))
                print(String(format: "purge    %d erased in %.1f s; %d people remain", result.erased, result.purgeSeconds,
                             result.remaining))
                print(String(format: "memory   peak resident %.1f MB (dry run and purge)", result.peakResidentMegabytes))
            }
        }
    }
}
