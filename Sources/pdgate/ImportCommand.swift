import ArgumentParser
import Foundation
import Gateway
import Import
import Intake

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import customers from a CSV export (';' or ',' delimited; UTF-8 or Windows-1251) or an .xlsx workbook.",
        discussion: """
            Known Russian and English headers map to the fields of fields.yaml; map others with \
            --map "Мобильный=phone" (or "=ignore"). Bad rows are skipped and listed with row number, field and \
            reason in reports/import-N.rejects.csv; duplicates of one person (same e-mail, or same phone and \
            name) are merged. A file that cannot be read imports nothing.
            Re-importing never goes back in time: a value changed since the import that wrote it (a rectification, \
            the person, a form) stays unless --overwrite-newer, and the consent column never overrides a consent or \
            withdrawal recorded through another channel ("yes" never re-creates consent after a withdrawal).
            A workbook (.xlsx) is streamed: its first visible sheet, or --sheet NAME; the header may sit below a \
            title row, and merged header cells count for every column they span. Phones stored as numbers keep \
            every digit; dates stored as serial numbers are read as dates.
            Exit codes: 0 ok (even with rejected rows), 1 failure, 64 usage.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The CSV or .xlsx file to import.")
    var file: String

    @Option(help: "The sheet of a workbook to import (default: the first visible sheet).")
    var sheet: String?

    @Option(name: .customLong("map-file"),
            help: "A file of column mappings, one \"HEADER=field\" per line ('#' starts a comment).")
    var mapFile: String?

    @Option(name: .customLong("map"), help: "Map a column to a field: \"HEADER=field\" (repeatable).")
    var mappings: [String] = []

    @Option(help: "Force the encoding: utf8 or windows1251 (default: detect).")
    var encoding: String?

    @Option(help: "Force the delimiter: ';', ',' or 'tab' (default: detect).")
    var delimiter: String?

    @Option(name: .customLong("consent-evidence"),
            help: "Evidence behind the file's consent column (e.g. \"signed forms, archive 2023\").")
    var consentEvidence: String?

    @Flag(name: .customLong("overwrite-newer"),
          help: ArgumentHelp("Let the file's values replace values changed after the import that wrote them "
            + "(rectified, or changed by the person or a form), and its \"no\" withdraw consent given elsewhere."))
    var overwriteNewer = false

    @Option(name: .customLong("max-reject-share"),
            help: ArgumentHelp("Stop, importing nothing, when more than this percentage of rows is rejected "
                + "(checked from row 1,000 on; default 50)."))
    var maxRejectShare: Double = 50

    @Option(name: .customLong("max-rejects-written"),
            help: "The most rejected rows written to the rejects report; the rest are counted (default 100000).")
    var maxRejectsWritten = 100_000

    @Option(name: .customLong("max-sheet-mb"),
            help: "Refuse a workbook sheet that inflates to more than this many MB, before reading it (default 1024).")
    var maxSheetMegabytes = 1_024

    @Flag(name: .customLong("no-progress"), help: "Do not draw a progress bar.")
    var noProgress = false

    func validate() throws {
        for mapping in mappings where !mapping.contains("=") {
            throw ValidationError("--map takes \"HEADER=field\", got \"\(mapping)\"")
        }
        if let encoding, TextEncoding(rawValue: encoding) == nil {
            throw ValidationError("--encoding must be utf8 or windows1251")
        }
        if let delimiter, ![";", ",", "tab", "\t"].contains(delimiter) {
            throw ValidationError("--delimiter must be ';', ',' or 'tab'")
        }
        guard (0...100).contains(maxRejectShare) else {
            throw ValidationError("--max-reject-share is a percentage from 0 to 100")
        }
        guard maxRejectsWritten >= 0 else { throw ValidationError("--max-rejects-written cannot be negative") }
        guard (1...65_536).contains(maxSheetMegabytes) else {
            throw ValidationError("--max-sheet-mb must be from 1 to 65536")
        }
    }

    func run() async throws {
        try await runReporting { try await execute() }
    }

    func makeOptions() throws -> ImportOptions {
        var columnMappings: [String: String] = [:]
        var all: [String] = []
        if let mapFile {
            all += try MappingFile.lines(at: mapFile)
        }
        all += mappings
        for mapping in all {
            let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
            columnMappings[parts[0]] = parts.count > 1 ? parts[1] : "ignore"
        }
        var delimiterByte: UInt8?
        switch delimiter {
        case ";": delimiterByte = UInt8(ascii: ";")
        case ",": delimiterByte = UInt8(ascii: ",")
        case "tab", "\t": delimiterByte = UInt8(ascii: "\t")
        default: delimiterByte = nil
        }
        var options = ImportOptions(
            columnMappings: columnMappings, encoding: encoding.flatMap(TextEncoding.init(rawValue:)),
            delimiter: delimiterByte, consentEvidence: consentEvidence)
        options.sheet = sheet
        options.overwriteNewer = overwriteNewer
        options.maxRejectShare = maxRejectShare / 100
        options.maxRejectsWritten = maxRejectsWritten
        options.maxSheetBytes = maxSheetMegabytes << 20
        return options
    }

    func execute() async throws {
            let gateway = try await global.openGateway()
            let options = try makeOptions()
            let bar = (noProgress || global.json) ? nil : ProgressBar.forStandardError()
            var progress: (@Sendable (Int, Int) -> Void)?
            if let bar {
                progress = { done, total in bar.update(done, of: total) }
            }
            let url = URL(fileURLWithPath: file)
            let principal = global.principal
            let report: ImportReport = try CLIFailure.mapping {
                try gateway.importFile(url, options: options, principal: principal, progress: progress)
            }
            bar?.finish()
            if global.json {
                try printJSON(report)
            } else {
                let origin = report.sheet.map { " (sheet \"\($0)\", header in row \(report.headerRow))" } ?? ""
                print("Imported \(report.file)\(origin): \(report.rows) rows -> \(report.imported) new, \(report.merged) merged, "
                      + "\(report.rejected) rejected (\(String(format: "%.2f", report.seconds)) s)")
                if !report.rejectedByReason.isEmpty {
                    let reasons = report.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                    print("  rejected: " + reasons.joined(separator: ", "))
                }
                print("  consent (\(report.consentUnproven == report.consentGiven && report.consentGiven > 0 ? "legacy, unproven" : "legacy")): "
                      + "\(report.consentGiven) given, \(report.consentWithdrawn) withdrawn, "
                      + "\(report.consentConflicts.count) conflicts resolved to no")
                if !report.keptNewer.isEmpty || report.consentKeptNewer > 0 {
                    let fields = report.keptNewer.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                    print("  kept newer values (changed after the import that wrote them): "
                          + (fields.isEmpty ? "" : fields.joined(separator: ", ") + "; ")
                          + "\(report.consentKeptNewer) consent answers; --overwrite-newer lets the file win")
                }
                if report.suppressed > 0 {
                    print("  skipped \(report.suppressed) rows of people erased at their request or who objected "
                          + "(suppression list; row numbers in the summary)")
                }
                if !report.possibleDuplicates.isEmpty {
                    print("  \(report.possibleDuplicates.count) possible duplicates kept apart (see the summary)")
                }
                if !report.ignoredColumns.isEmpty {
                    print("  columns not imported: " + report.ignoredColumns.joined(separator: ", "))
                }
                print("  rejects: \(report.rejectsFile ?? "-")"
                      + (report.rejectsNotWritten > 0 ? " (\(report.rejectsWritten) written, "
                         + "\(report.rejectsNotWritten) more not written: --max-rejects-written)" : ""))
                print("  summary: \(report.summaryFile ?? "-")")
            }
    }
}
