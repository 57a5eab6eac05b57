import Intake
import Keyring
import Policy
import Vault

/// One import row made ready away from the vault's writer: checked and normalised, with its blind-index and
/// suppression digests, and its fields already sealed under a key reserved for it in case it is a new person.
struct PreparedRow: Sendable {
    enum Content: Sendable {
        case person(PreparedPerson)
        case rejected(ImportReport.Rejection)
    }

    var content: Content
    /// Bytes of the file read up to this row, and the file's size (for the progress bar).
    var bytesRead: Int
    var fileSize: Int
}

/// A row that names a person: its normalised values and what the writer needs to match and store them.
struct PreparedPerson: Sendable {
    var number: Int
    /// The normalised values by column (``ColumnPlan/field(atColumn:)`` names each one's field).
    var values: [(column: Int, value: String)]
    var consent: [(purpose: String, answer: Bool)]
    var name: String
    var email: String?
    var phone: String?
    var emailDigest: [UInt8]?
    var phoneDigest: [UInt8]?
    var suppressionEmailDigest: [UInt8]?
    var suppressionPhoneDigest: [UInt8]?
    /// The key reserved for the row should it become a new subject, and the row's fields sealed under it. A row
    /// that merges into an existing person leaves both unused.
    var key: SubjectKey
    var sealed: SealedRecord
}

/// Turns the raw rows of an import into ``PreparedRow``s: the CPU-heavy part of an import (normalising, hashing,
/// sealing) that needs no database, so it runs on its own thread while the writer stores earlier rows.
struct RowPreparer: Sendable {
    let plan: ColumnPlan
    let pool: KeyPool
    let now: Int64
    /// The import run: the values it seals are marked as its file's.
    let importRun: Int64
    private let emailIndex: BlindIndex
    private let phoneIndex: BlindIndex
    private let suppressionEmail: BlindIndex
    private let suppressionPhone: BlindIndex
    /// The columns of the name, e-mail and phone (compared by position, not by field, for every cell).
    private let nameColumn: Int?
    private let emailColumn: Int?
    private let phoneColumn: Int?
    /// What to do with each column, in plain values: the hot loop copies no shared ``FieldDefinition`` (each copy
    /// is several reference-count updates that the preparing threads and the writer would contend for).
    private let rules: [ColumnRule]

    private enum ColumnRule {
        case ignored
        case consent(purpose: String)
        case field(name: String, normalizer: NormalizerKind, maxLength: Int)
    }

    init(plan: ColumnPlan, keyring: Keyring, pool: KeyPool, now: Int64, importRun: Int64) {
        self.plan = plan
        self.pool = pool
        self.now = now
        self.importRun = importRun
        emailIndex = keyring.blindIndex(.email)
        phoneIndex = keyring.blindIndex(.phone)
        suppressionEmail = keyring.blindIndex(.suppressionEmail)
        suppressionPhone = keyring.blindIndex(.suppressionPhone)
        func column(of field: FieldDefinition?) -> Int? {
            guard let field else { return nil }
            return plan.targets.firstIndex { $0 == .field(field) }
        }
        nameColumn = column(of: plan.nameField)
        emailColumn = column(of: plan.emailField)
        phoneColumn = column(of: plan.phoneField)
        rules = plan.targets.map { target in
            switch target {
            case .ignored: .ignored
            case .consent(let purpose): .consent(purpose: purpose)
            case .field(let field): .field(name: field.name, normalizer: field.normalizer, maxLength: field.maxLength)
            }
        }
    }

    /// Prepares one step of the source.
    ///
    /// - Throws: ``KeyringError`` when no subject key can be reserved (the import cannot go on).
    func prepare(_ step: ImportRowStep, bytesRead: Int, fileSize: Int) throws -> PreparedRow {
        switch step {
        case .undecodable(let row, let reason, let message):
            // One undecodable record is that row's problem, not the file's: reject it and read on.
            let rejection = ImportReport.Rejection(row: row, field: nil, reason: reason, message: message)
            return PreparedRow(content: .rejected(rejection), bytesRead: bytesRead, fileSize: fileSize)
        case .record(let record):
            switch parse(record) {
            case .failure(let rejection):
                return PreparedRow(content: .rejected(rejection), bytesRead: bytesRead, fileSize: fileSize)
            case .success(let parsed):
                return PreparedRow(content: .person(try digestAndSeal(parsed)), bytesRead: bytesRead,
                                   fileSize: fileSize)
            }
        }
    }

    private struct ParsedRow {
        var number: Int
        var values: [(column: Int, value: String)] = []
        var consent: [(purpose: String, answer: Bool)] = []
        var name = ""
        var email: String?
        var phone: String?
    }

    private func digestAndSeal(_ row: ParsedRow) throws -> PreparedPerson {
        let key = try pool.reserve()
        var sealed = SealedRecord()
        for (column, value) in row.values {
            guard case .field(let name, _, _) = rules[column] else { continue }
            sealed.set(.init(name: name, keyVersion: key.version, box: key.seal(value, field: name),
                             createdAt: now, updatedAt: now, confirmedAt: now, importRun: importRun))
        }
        return PreparedPerson(
            number: row.number, values: row.values, consent: row.consent, name: row.name, email: row.email,
            phone: row.phone, emailDigest: row.email.map(emailIndex.digest), phoneDigest: row.phone.map(phoneIndex.digest),
            suppressionEmailDigest: row.email.map(suppressionEmail.digest),
            suppressionPhoneDigest: row.phone.map(suppressionPhone.digest), key: key, sealed: sealed)
    }

    private func parse(_ record: CSVRecord) -> Result<ParsedRow, ImportReport.Rejection> {
        let expected = plan.header.count
        guard record.fields.count == expected else {
            return .failure(.init(row: record.number, field: nil, reason: "short_row",
                message: "row has \(record.fields.count) columns, the header has \(expected); check for a missing "
                    + "delimiter or an unquoted \(record.fields.count < expected ? "line break" : "delimiter")"))
        }
        var row = ParsedRow(number: record.number)
        row.values.reserveCapacity(rules.count)
        for index in rules.indices {
            let raw = record.fields[index]
            switch rules[index] {
            case .ignored:
                continue
            case .consent(let purpose):
                row.consent.append((purpose, Normalizer.consentAnswer(raw) ?? false))
            case .field(let name, let normalizer, let maxLength):
                let trimmed = raw.trimmingBlanks()
                if trimmed.isEmpty { continue }
                if trimmed.utf8.count > maxLength, trimmed.count > maxLength {
                    return .failure(.init(row: record.number, field: name, reason: "too_long",
                        message: "\(name) is \(trimmed.count) characters; the limit is \(maxLength) "
                            + "(fields.yaml); shorten it or move it to a document"))
                }
                do {
                    let value = try normalizer.normalise(CSVImporter.dayOfDateTime(trimmed, as: normalizer))
                    row.values.append((index, value))
                    if index == nameColumn { row.name = value }
                    if index == emailColumn { row.email = value }
                    if index == phoneColumn { row.phone = value }
                } catch {
                    return .failure(.init(row: record.number, field: name, reason: CSVImporter.reason(error.code),
                                          message: "\(name): \(error.message)"))
                }
            }
        }
        if row.name.isEmpty {
            return .failure(.init(row: record.number, field: plan.nameField.name, reason: "no_name",
                message: "\(plan.nameField.name) is empty; every person needs a name"))
        }
        if row.email == nil && row.phone == nil {
            return .failure(.init(row: record.number, field: nil, reason: "no_contact",
                message: "neither e-mail nor phone is given; a person must be reachable to be kept"))
        }
        return .success(row)
    }
}
