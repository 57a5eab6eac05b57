public import Gateway
public import Core
public import Foundation
import Intake
import Keyring
import Vault
import Audit
import ConnectorKit

extension Gateway {
    /// Imports a CSV export of customers.
    ///
    /// Streams the file inside one vault transaction: good rows become subjects or merge into the person they
    /// duplicate, bad rows are skipped and reported by row number, field and reason. A file that is not readable
    /// CSV (unterminated quote, binary content, no usable header) raises an error and leaves the vault as it was.
    /// The summary and the rejects report are written under `reports/` and hold no personal values.
    ///
    /// Blocks the calling thread for the duration of the import; call it from a command, not a server task.
    /// - Parameters:
    ///   - file: The CSV file.
    ///   - options: Encoding, delimiter, mappings and consent evidence.
    ///   - principal: Who runs the import.
    ///   - progress: Called with bytes read and file size as the import advances.
    /// - Throws: ``GatewayError`` `malformedInput`, `invalidArgument` or `storage`.
    public func importCSV(
        _ file: URL, options: ImportOptions = ImportOptions(), principal: Principal,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> ImportReport {
        try importFile(file, format: .csv, options: options, principal: principal, progress: progress)
    }

    /// The formats ``importFile(_:format:options:principal:progress:)`` reads.
    public enum ImportFormat: String, Sendable, CaseIterable {
        case csv
        case xlsx

        /// The format of a file: `.xlsx` by its name or, whatever the name, by its ZIP signature; CSV otherwise.
        public static func detect(_ file: URL) -> ImportFormat {
            if file.pathExtension.lowercased() == "xlsx" { return .xlsx }
            guard let handle = try? FileHandle(forReadingFrom: file) else { return .csv }
            defer { try? handle.close() }
            let head = (try? handle.read(upToCount: 4)) ?? Data()
            return head == Data([0x50, 0x4B, 0x03, 0x04]) ? .xlsx : .csv
        }
    }

    /// Imports a CSV export or a sheet of an `.xlsx` workbook of customers.
    ///
    /// Both go through the same column mapping, normalisation, merging, rejects report and summary; only the
    /// reading differs (see ``importCSV(_:options:principal:progress:)``). A workbook is streamed sheet by sheet
    /// (``ImportOptions/sheet`` names one; the first visible sheet otherwise) and its rows keep Excel's numbers.
    ///
    /// Blocks the calling thread for the duration of the import; call it from a command, not a server task.
    /// - Parameter format: The file's format, or nil to detect it (``ImportFormat/detect(_:)``).
    /// - Throws: ``GatewayError`` `malformedInput`, `invalidArgument` or `storage`.
    public func importFile(
        _ file: URL, format: ImportFormat? = nil, options: ImportOptions = ImportOptions(), principal: Principal,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> ImportReport {
        let started = Date()
        if !authorizer.allows(.import, principal) {
            try refuseNow(principal, auditAction: .importRun, reason: "role \(principal.role) may not import")
        }
        let sha256 = try Self.fileSHA256(file)
        let (source, plan) = try openImportSource(file, format: format, options: options)
        let run = ImportRun(startedAt: nowSeconds, fileName: file.lastPathComponent, fileSHA256: sha256,
                            encoding: source.encodingName, delimiter: source.layoutName, principal: principal.name)
        let pool = KeyPool(keyring: keyring)
        var rejects: RejectsFile?
        var report: ImportReport
        do {
            try directory.createFolders()
            report = try vault.writeBlocking { tx in
                try self.runImport(run, of: source, plan: plan, options: options, pool: pool, rejects: &rejects,
                                   principal: principal, progress: progress, in: tx)
            }
        } catch {
            // Nothing of the run was committed: its keys would only be garbage.
            _ = try? keyring.destroySubjectKeysNow(pool.allCreated)
            try? recordFailure(principal: principal, file: file, error: error, now: run.startedAt)
            throw importFailure(error, file: file, options: options, rejects: rejects, at: run.startedAt)
        }
        _ = try? keyring.destroySubjectKeysNow(pool.unused)
        if let rejects { report.rejectsFile = try rejects.commit().path }
        // The run is committed; copying its log back into the vault now keeps the next small write from paying
        // for it. A checkpoint that cannot finish (a long reader) is left to SQLite's own.
        try? vault.checkpointNow()
        report.seconds = Date().timeIntervalSince(started)
        try writeReports(&report)
        logger.info("Import finished", metadata: [
            "pdgate.import.run": "\(report.run)", "pdgate.import.rows": "\(report.rows)",
            "pdgate.import.imported": "\(report.imported)", "pdgate.import.merged": "\(report.merged)",
            "pdgate.import.rejected": "\(report.rejected)",
        ])
        return report
    }

    /// The file's rows and how its columns map onto `fields.yaml` (the header is found by the mapping that
    /// recognises the most columns).
    private func openImportSource(_ file: URL, format: ImportFormat?, options: ImportOptions) throws
        -> (any ImportRowSource, ColumnPlan)
    {
        let source: any ImportRowSource
        switch format ?? ImportFormat.detect(file) {
        case .csv: source = try CSVRowSource(url: file, options: options)
        case .xlsx: source = try WorkbookRowSource(url: file, options: options)
        }
        let catalogue = policies.fields
        let mappings = options.columnMappings
        let header = try source.readHeader { labels in
            (try? ColumnPlan(header: labels, catalogue: catalogue, mappings: mappings))?.targets
                .filter { $0 != .ignored }.count
        }
        return (source, try ColumnPlan(header: header, catalogue: catalogue, mappings: mappings))
    }

    /// One import run inside its vault transaction: registered, streamed through ``CSVImporter``, finished and
    /// audited (field names and counts, never values).
    private func runImport(
        _ run: ImportRun, of source: any ImportRowSource, plan: ColumnPlan, options: ImportOptions, pool: KeyPool,
        rejects: inout RejectsFile?, principal: Principal, progress: (@Sendable (Int, Int) -> Void)?,
        in tx: VaultTransaction
    ) throws -> ImportReport {
        let runID = try tx.beginImport(run)
        rejects?.discard()
        rejects = try RejectsFile(reports: directory.reports, run: runID, limit: options.maxRejectsWritten)
        var initial = ImportReport(run: runID, file: run.fileName, sha256: run.fileSHA256, encoding: run.encoding,
                                   delimiter: run.delimiter)
        initial.format = source.format
        initial.sheet = source.sheetName
        initial.headerRow = source.headerRow
        let importer = try CSVImporter(tx: tx, keyring: keyring, pool: pool, audit: audit, plan: plan,
                                       options: options, principal: principal, now: run.startedAt, report: initial,
                                       progress: progress)
        importer.report.ignoredColumns = plan.ignoredColumns
        importer.outbox = importOutbox(run: runID)
        importer.rejects = rejects
        try importer.run(source)
        importer.report.ignoredColumns += source.unnamedColumns
        let result = importer.report
        var finished = run
        finished.id = runID
        finished.finishedAt = run.startedAt
        finished.rows = result.rows
        finished.imported = result.imported
        finished.merged = result.merged
        finished.rejected = result.rejected
        try tx.finishImport(finished)
        try audit.append(AuditEntry(
            at: run.startedAt, by: principal, action: .importRun,
            fields: plan.targets.compactMap { if case .field(let f) = $0 { return f.name } else { return nil } },
            detail: "run=\(runID) rows=\(result.rows) imported=\(result.imported) merged=\(result.merged) "
                + "rejected=\(result.rejected) consent_given=\(result.consentGiven)"), in: tx)
        try audit.checkpoint(in: tx, now: run.startedAt)
        return result
    }

    /// The error an import that wrote nothing reports: a stopped import keeps its rejects report so far (named in
    /// the message), any other failure discards it.
    private func importFailure(_ error: any Error, file: URL, options: ImportOptions, rejects: RejectsFile?,
                               at now: Int64) -> any Error {
        if let stopped = error as? ImportStopped {
            let kept = rejects?.keepStopped(at: directory.reports.appendingPathComponent(
                "import-stopped-\(now)-\(UUID().uuidString.prefix(8)).rejects.csv"))
            return GatewayError(.malformedInput, Self.stoppedMessage(stopped, file: file, options: options,
                                                                     rejects: kept))
        }
        rejects?.discard()
        switch error {
        case let error as CSVError:
            return GatewayError(.malformedInput, "\(file.lastPathComponent): \(error.message); nothing was imported")
        case is GatewayError, is VaultError, is KeyringError:
            return GatewayError.translated(error)
        default:
            return GatewayError(.storage, "import failed (\(type(of: error))); nothing was imported")
        }
    }

    /// The outbox rows of import `run`, for the configured connectors.
    private func importOutbox(run: Int64) -> ImportOutbox {
        let consentPurposes = connectorPurposes.filter { policies.purpose(named: $0)?.requiresConsent ?? false }
        return ImportOutbox(purposes: connectorPurposes, consentPurposes: Set(consentPurposes)) { [self] operation, subject, purpose, ref in
            outboxRows(operation, subject: subject, purpose: purpose, ref: ref, key: "import-\(run)",
                       reason: operation == .suppress ? .withdrawal : nil)
        }
    }

    private func recordFailure(principal: Principal, file: URL, error: any Error, now: Int64) throws {
        let audit = self.audit
        var code = (error as? CSVError)?.code.rawValue ?? (error as? GatewayError)?.code.rawValue ?? "error"
        if let stopped = error as? ImportStopped {
            code = "too_many_rejects rows=\(stopped.rows) rejected=\(stopped.rejected)"
        }
        try vault.writeBlocking { tx in
            try audit.append(AuditEntry(at: now, by: principal, action: .importRun,
                                        outcome: .failed, detail: "code=\(code)"), in: tx)
            try audit.checkpoint(in: tx, now: now)
        }
    }

    /// What an import stopped on too many rejected rows says: the limit, what was read, that nothing was
    /// committed, where the rejected rows are, and what to fix.
    static func stoppedMessage(_ stopped: ImportStopped, file: URL, options: ImportOptions, rejects: URL?) -> String {
        func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }
        let reasons = stopped.byReason.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3)
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "\(file.lastPathComponent): stopped after \(stopped.rows) rows, \(stopped.rejected) of them rejected "
            + "(\(percent(Double(stopped.rejected) / Double(max(stopped.rows, 1))))), more than the limit of "
            + "\(percent(options.maxRejectShare)) (--max-reject-share); nothing was imported, the vault is as it was. "
            + "Most rejected: \(reasons). "
            + (rejects.map { "The rejected rows read so far are listed in \($0.path). " } ?? "")
            + "Check the column mapping (--map), the encoding (--encoding) and the delimiter (--delimiter), fix the "
            + "rows, or raise --max-reject-share if the file is right."
    }

    private func writeReports(_ report: inout ImportReport) throws {
        let base = directory.reports.appendingPathComponent("import-\(report.run)")
        report.summaryFile = base.appendingPathExtension("json").path
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(report).write(to: base.appendingPathExtension("json"), options: .atomic)
        } catch {
            throw GatewayError(.storage, "cannot write the import reports under \(directory.reports.path)")
        }
    }

    static func fileSHA256(_ file: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: file) else {
            throw GatewayError(.malformedInput, "cannot read \(file.path)")
        }
        defer { try? handle.close() }
        var hasher = SHA256Stream()
        while true {
            guard let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty else { break }
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        return Sodium.hex(hasher.finish())
    }
}
