import Gateway
import Core
import Foundation
import Intake
import Keyring
import Policy
import Vault
import Audit
import ConnectorKit

/// Streams one import file (CSV or a workbook sheet, through ``ImportRowSource``) into the vault inside a single
/// transaction.
///
/// Each record is checked (column count, required name and contact, lengths, normalisation); a bad row is
/// reported and skipped, a good one becomes a new subject or is merged into the person it duplicates. A file
/// that cannot be read as CSV at all aborts the transaction, so it writes nothing.
final class CSVImporter {
    let tx: VaultTransaction
    let keyring: Keyring
    private let pool: KeyPool
    let plan: ColumnPlan
    let options: ImportOptions
    let principal: Principal
    let now: Int64
    private let emailIndex: BlindIndex
    private let phoneIndex: BlindIndex
    private let progress: (@Sendable (Int, Int) -> Void)?
    let audit: AuditLog
    /// How this import writes into people already in the vault (its run, `--overwrite-newer`).
    private let importWrite: RecordEditor.ImportWrite
    var report: ImportReport
    var consent = ConsentTally()
    /// The e-mail and phone digests in the vault and added by this import, when the vault was small enough to
    /// load them (``DigestFilter/preloadLimit``); nil means every row is matched by query.
    private var knownDigests: DigestFilter?
    /// Outbox rows announcing a new or changed person to the connectors (none when no connector is configured).
    var outbox = ImportOutbox()
    /// Where rejected rows are written as they come (none: only counted).
    var rejects: RejectsFile?

    init(tx: VaultTransaction, keyring: Keyring, pool: KeyPool, audit: AuditLog, plan: ColumnPlan,
         options: ImportOptions, principal: Principal, now: Int64, report: ImportReport,
         progress: (@Sendable (Int, Int) -> Void)?) throws {
        self.tx = tx
        self.keyring = keyring
        self.pool = pool
        self.plan = plan
        self.options = options
        self.principal = principal
        self.now = now
        self.report = report
        self.progress = progress
        self.audit = audit
        emailIndex = keyring.blindIndex(.email)
        phoneIndex = keyring.blindIndex(.phone)
        importWrite = RecordEditor.ImportWrite(run: report.run, overwritesNewer: options.overwriteNewer,
                                               importTimes: try tx.importTimes())
    }

    /// Reads every data row of `source`.
    ///
    /// Reading and preparing rows (``RowPreparer``: normalising, hashing, sealing) runs on a thread of its own, a
    /// few batches ahead of this one, which matches, merges and writes in file order inside the transaction.
    func run(_ source: some ImportRowSource) throws {
        let handoff = BatchHandoff<PreparedRow>(capacity: 8)
        let preparer = RowPreparer(plan: plan, keyring: keyring, pool: pool, now: now, importRun: report.run)
        let checksSuppression = try tx.hasSuppressedAddresses()
        knownDigests = try loadKnownDigests()
        let reading = SourceReader(source: source, preparer: preparer, handoff: handoff)
        reading.start()
        defer {
            handoff.cancel()
            reading.waitUntilDone()
        }
        var position = (done: 0, total: 0)
        while let batch = try handoff.receive() {
            for row in batch {
                position = (row.bytesRead, row.fileSize)
                report.rows += 1
                switch row.content {
                case .person(let person): try importPerson(person, checkingSuppression: checksSuppression)
                case .rejected(let rejection): try reject(rejection)
                }
                if report.rows % options.progressInterval == 0 {
                    progress?(position.done, position.total)
                }
            }
        }
        progress?(position.total, position.total)
        try flushConsent()
    }

    // MARK: One record

    private func importPerson(_ person: PreparedPerson, checkingSuppression: Bool) throws {
        if checkingSuppression, let reason = try suppressionReason(person) {
            report.suppressed += 1
            report.suppressedRows.append(.init(row: person.number, reason: reason))
            return
        }
        let rowID: Int64
        switch try match(person) {
        case .existing(let existing):
            if let subject = try merge(person, into: existing) {
                consent.remember(existing, subject: subject)
            }
            report.merged += 1
            rowID = existing
        case .new(let doubtfulWith):
            rowID = try insert(person)
            try tx.enqueueOutbox(outbox.newPerson(person.key.subject))
            report.imported += 1
            consent.markNew(rowID, subject: person.key.subject)
            if let other = doubtfulWith, let existing = try tx.subject(rowID: other) {
                report.possibleDuplicates.append(.init(
                    row: person.number, subject: person.key.subject.rawValue, existing: existing.id.rawValue,
                    reason: "same phone as an existing person with a different name; kept apart, please review"))
            }
        }
        for (purpose, answer) in person.consent {
            consent.record(rowID: rowID, purpose: purpose, answer: answer, row: person.number)
        }
    }

    /// Why the row's e-mail or phone is on the suppression list, if it is: such a person is not brought back.
    private func suppressionReason(_ person: PreparedPerson) throws -> String? {
        if let digest = person.suppressionEmailDigest,
            let reason = try tx.suppressionReason(kind: "email", digest: digest) {
            return reason
        }
        if let digest = person.suppressionPhoneDigest {
            return try tx.suppressionReason(kind: "phone", digest: digest)
        }
        return nil
    }

    /// Counts a rejected row and streams it to the rejects report; only the first few stay in memory, for display.
    ///
    /// - Throws: ``ImportStopped`` once the share of rejected rows passes ``ImportOptions/maxRejectShare``.
    private func reject(_ rejection: ImportReport.Rejection) throws {
        report.rejected += 1
        report.rejectedByReason[rejection.reason, default: 0] += 1
        if report.rejections.count < ImportReport.rejectionsPreview { report.rejections.append(rejection) }
        if let rejects {
            try rejects.append(rejection)
            report.rejectsWritten = rejects.written
            report.rejectsNotWritten = rejects.notWritten
        } else {
            report.rejectsNotWritten += 1
        }
        if report.rows >= options.rejectShareMinimumRows,
            Double(report.rejected) > options.maxRejectShare * Double(report.rows) {
            throw ImportStopped(rows: report.rows, rejected: report.rejected, byReason: report.rejectedByReason)
        }
    }

    /// A workbook's date-time (`2024-03-07T14:30:00`) read into a date field keeps its day.
    static func dayOfDateTime(_ value: String, as kind: NormalizerKind) -> String {
        guard kind == .date, value.utf8.count == 19, value.utf8.dropFirst(10).first == UInt8(ascii: "T") else {
            return value
        }
        return String(value.prefix(10))
    }

    static func reason(_ code: ValueProblem.Code) -> String {
        switch code {
        case .invalidEmail: return "bad_email"
        case .invalidPhone: return "bad_phone"
        case .invalidName: return "no_name"
        case .invalidDate: return "bad_date"
        case .invalidAmount: return "bad_amount"
        case .invalidINN: return "bad_inn"
        case .tooLong: return "too_long"
        }
    }

    // MARK: Matching

    /// The person a row belongs to, by the one matching rule (``PersonMatcher``), skipping queries for digests no
    /// subject can hold.
    private func match(_ row: PreparedPerson) throws -> PersonMatcher.Match {
        let matcher = PersonMatcher(keyring: keyring, nameField: plan.nameField.name, emailField: plan.emailField?.name,
                                    mayBeKnown: { [unowned self] digest, kind in mayBeKnown(digest, kind) })
        return try matcher.match(.init(name: row.name, email: row.email, emailDigest: row.emailDigest,
                                       phoneDigest: row.phoneDigest), in: tx)
    }

    // MARK: Writing

    /// Stores a new subject: the record the preparer sealed under the key it reserved, and its blind indexes.
    private func insert(_ row: PreparedPerson) throws -> Int64 {
        pool.markUsed(row.key.subject)
        let rowID = try tx.insertSubject(row.key.subject, record: row.sealed, now: now, importRun: report.run)
        if let digest = row.emailDigest { try addIndex(.email, digest: digest, rowID: rowID) }
        if let digest = row.phoneDigest { try addIndex(.phone, digest: digest, rowID: rowID) }
        return rowID
    }

    private func addIndex(_ kind: BlindIndex.Kind, digest: [UInt8], rowID: Int64) throws {
        try tx.addIndex(kind: kind, digest: digest, rowID: rowID)
        knownDigests?.insert(digest, kind: kind)
    }

    /// False only when no subject can hold `digest`, so the query would find nothing.
    private func mayBeKnown(_ digest: [UInt8], _ kind: BlindIndex.Kind) -> Bool {
        knownDigests?.mayContain(digest, kind: kind) ?? true
    }

    /// A filter of the vault's e-mail and phone digests, or nil when the vault holds too many to be worth loading.
    private func loadKnownDigests() throws -> DigestFilter? {
        let kinds: [BlindIndex.Kind] = [.email, .phone]
        guard try tx.indexRowCount(of: kinds, limit: DigestFilter.preloadLimit + 1) <= DigestFilter.preloadLimit else {
            return nil
        }
        var filter = DigestFilter()
        try tx.forEachIndexDigest(of: kinds) { kind, digest in filter.insert(digest, kind: kind) }
        return filter
    }

    /// Writes a row's values into the person it duplicates, through ``RecordEditor``: a value changed after the
    /// import that wrote it stays unless `--overwrite-newer`; every change is in the person's audit trail, and the
    /// connectors hear of it for the purposes the person may be sent for.
    /// - Returns: The person's pseudonym, or nil when the row id names no subject.
    private func merge(_ row: PreparedPerson, into rowID: Int64) throws -> SubjectID? {
        guard let subject = try tx.subject(rowID: rowID) else { return nil }
        var editor = RecordEditor(subject, key: try keyring.subjectKey(for: subject.id), now: now)
        for (column, value) in row.values {
            guard let field = plan.field(atColumn: column) else { continue }
            let index = blindIndex(of: field.normalizer)
            switch try editor.write(value, to: field.name, index: index, in: tx, byImport: importWrite) {
            case .added, .changed:
                if let index { knownDigests?.insert(index.digest(value), kind: index.kind) }
            case .keptNewer:
                report.keptNewer[field.name, default: 0] += 1
            case .confirmed:
                break
            }
        }
        try editor.save(in: tx)
        guard !editor.changed.isEmpty || !editor.keptNewer.isEmpty else { return subject.id }
        var detail = "run=\(report.run) row=\(row.number) changed=\(editor.changed.count)"
        if !editor.keptNewer.isEmpty { detail += " kept_newer=\(editor.keptNewer.joined(separator: ","))" }
        try audit.append(AuditEntry(at: now, by: principal, action: .importMerge,
                                    subject: subject.id.rawValue, fields: editor.changed, detail: detail), in: tx)
        if !editor.changed.isEmpty {
            report.mergedChanged += 1
            try tx.enqueueOutbox(outbox.changedPerson(subject.id, in: tx))
        }
        return subject.id
    }

    private func blindIndex(of normalizer: NormalizerKind) -> BlindIndex? {
        switch normalizer {
        case .email: emailIndex
        case .phone: phoneIndex
        default: nil
        }
    }
}
