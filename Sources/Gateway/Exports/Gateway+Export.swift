public import Core
public import Foundation
import Keyring
import Vault
import Audit
import Policy
import Workbook

extension Gateway {
    /// Where exports are written when no file is named: `DATA/exports/`, mode 0700.
    public var exportsFolder: URL { directory.root.appendingPathComponent("exports", isDirectory: true) }

    /// Writes the people usable for one purpose to a CSV file or an `.xlsx` workbook ("download the list").
    ///
    /// Only people with a valid basis for the purpose now (for consent: active, and proven unless the purpose
    /// accepts legacy consent) and only the fields the purpose declares, as the principal's role sees them (masked
    /// or left out). Restricted people are never exported; ``isSuppressedForExport(_:)`` is the hook for the
    /// suppression list. Only a role with the `export` action exports; an export of more people than the role's
    /// limit (`export_limit` in `roles.yaml`, else `quality.yaml`'s review threshold) needs a second person's
    /// approval (``approveExport(purpose:for:people:principal:)``) and is flagged in the audit log. The export is
    /// audited with its count and field names, and with one `export.subject` entry per person it holds (their
    /// pseudonym), so an incident or an access review counts them after the file is gone. The file is written
    /// under a temporary name with mode 0600 and renamed into place, so it is whole or absent.
    ///
    /// - Parameters:
    ///   - request: Purpose, filters and format.
    ///   - url: The file to write.
    ///   - principal: Who exports.
    /// - Throws: ``GatewayError`` `invalidArgument` (unknown purpose), `refused` (no field visible, a filter on a
    ///   field the role cannot read, no `export` action, an export over the limit without a valid approval),
    ///   `storage`.
    public func export(_ request: ExportRequest, to url: URL, principal: Principal) async throws -> ExportResult {
        guard let purpose = policies.purpose(named: request.purpose) else {
            throw GatewayError(.invalidArgument, "no purpose \(request.purpose) in purposes.yaml (known: "
                + policies.purposes.map(\.name).joined(separator: ", ") + ")")
        }
        let (role, columns) = try await exportColumns(request, purpose: purpose, principal: principal)
        let selection = try await selectForExport(request, purpose: purpose)
        let threshold = role.exportLimit ?? policies.quality.exportReviewThreshold
        let flagged = selection.rowIDs.count > threshold
        let approval = flagged
            ? try await checkExportApproval(request.approval, purpose: purpose.name, people: selection.rowIDs.count,
                                            limit: threshold, principal: principal) : nil
        let members: [String]
        do {
            members = try await writeExport(selection.rowIDs, columns: columns, role: role, format: request.format,
                                            to: url)
        } catch let error as WorkbookError {
            throw GatewayError(.storage, "cannot write the export: \(error.message)")
        }
        let masked = columns.filter { role.access(to: $0) == .masked }.map(\.name)
        let filters = [request.tag.map { _ in "tag" }, request.status.map { _ in "status" }].compactMap { $0 }
        let entry = AuditEntry(
            at: nowSeconds, by: principal, action: .exportRun, purpose: purpose.name, fields: columns.map(\.name),
            detail: "people=\(selection.rowIDs.count) format=\(request.format.rawValue)"
                + (filters.isEmpty ? "" : " filters=\(filters.joined(separator: ","))")
                + (masked.isEmpty ? "" : " masked=\(masked.joined(separator: ","))")
                + " threshold=\(threshold)" + (flagged ? " flagged=review" : "")
                + (approval.map { " approved_by=\($0.approver) approval=\($0.seq)" } ?? ""))
        try await register(url, members: members, purpose: purpose.name, columns: columns.map(\.name),
                           entry: entry, principal: principal)
        logger.info("Export written", metadata: ["pdgate.export.people": "\(selection.rowIDs.count)",
                                                 "pdgate.export.flagged": "\(flagged)"])
        return ExportResult(
            purpose: purpose.name, format: request.format.rawValue, people: selection.rowIDs.count,
            fields: columns.map(\.name), masked: masked, withoutBasis: selection.withoutBasis,
            restricted: selection.restricted, filteredOut: selection.filteredOut, reviewThreshold: threshold,
            flagged: flagged, file: url.path)
    }

    /// The role, and the columns of the purpose it sees, after checking it may export them and filter as asked.
    private func exportColumns(_ request: ExportRequest, purpose: Purpose, principal: Principal) async throws
        -> (Role, [FieldDefinition])
    {
        let role = try await role(of: principal, auditAction: .exportRun)
        guard role.allows(.export) else {
            try await refuse(principal, auditAction: .exportRun, reason:
                "role \(principal.role) has no export action in roles.yaml; exporting lists of people needs it")
        }
        let catalogue = policies.fields
        let columns = purpose.fields.compactMap { catalogue.field(named: $0) }.filter { role.access(to: $0) != .none }
        if columns.isEmpty {
            try await refuse(principal, auditAction: .exportRun, reason:
                "role \(principal.role) sees none of the fields of \(purpose.name)")
        }
        for (filterRole, value) in [(FieldRole.tags, request.tag), (.customerStatus, request.status)] where value != nil {
            let name = catalogue.fieldName(for: filterRole) ?? filterRole.rawValue
            guard let field = catalogue.field(named: name), role.access(to: field) == .read else {
                try await refuse(principal, auditAction: .exportRun, fields: [name],
                                 reason: "role \(principal.role) may not filter by \(name), which it cannot read")
            }
        }
        return (role, columns)
    }

    /// Registers the written file and the people it holds with its audit entry: the purge deletes it when its life
    /// ends, an erasure deletes it at once, and an incident counts the people in it (the audit log names each of
    /// them, since the register forgets a file when it is gone).
    private func register(_ url: URL, members: [String], purpose: String, columns: [String], entry: AuditEntry,
                          principal: Principal) async throws {
        let now = entry.at
        let expires = Int64(policies.quality.exportFileLife.expiry(from: self.now, in: TimeZone(identifier: "UTC")!)
            .timeIntervalSince1970)
        let path = registeredPath(of: url)
        let audit = self.audit
        try await vault.write { tx in
            let id = try tx.registerExport(path: path, writtenAt: now, expiresAt: expires, principal: principal.name,
                                           purpose: purpose, subjects: members)
            for member in Set(members).sorted() {
                try audit.append(AuditEntry(at: now, by: principal, action: .exportSubject, purpose: purpose,
                                            subject: member, fields: columns, detail: "export=\(id)"), in: tx)
            }
            var entry = entry
            entry.detail = (entry.detail ?? "") + " export=\(id)"
            try audit.append(entry, in: tx)
            try audit.checkpoint(in: tx, now: now)
        }
    }

    /// Whether a person must be left out of exports because they are on the suppression list.
    ///
    /// A person who objected keeps their record, but their e-mail or phone is on the suppression list: they are
    /// left out of every export, as restricted people are by their status.
    func isSuppressedForExport(_ subject: StoredSubject) async throws -> Bool {
        let digests = await suppressionDigests(of: subject)
        return try await vault.read { tx in
            try digests.contains { try tx.suppressionReason(kind: $0.kind, digest: $0.digest) != nil }
        }
    }

    struct ExportSelection: Sendable {
        var rowIDs: [Int64] = []
        var withoutBasis = 0
        var restricted = 0
        var filteredOut = 0
    }

    /// The row ids of the people to export, in row order, and why the others were left out.
    private func selectForExport(_ request: ExportRequest, purpose: Purpose) async throws -> ExportSelection {
        let keyring = self.keyring
        let name = purpose.name
        let consents = purpose.requiresConsent
            ? try await vault.read { tx in try tx.latestConsents(purpose: name) } : [:]
        let tag = request.tag.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let status = request.status.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let legacyEnough = purpose.legacyConsentSufficient
        let requiresConsent = purpose.requiresConsent
        var selection = ExportSelection()
        let anySuppressed = try await vault.read { tx in try !tx.suppressionCounts().isEmpty }
        for try await batch in subjectBatches(size: 1_000) {
            for subject in batch {
                var leftOut = subject.status == .restricted
                if !leftOut, anySuppressed { leftOut = try await isSuppressedForExport(subject) }
                if leftOut {
                    selection.restricted += 1
                    continue
                }
                if requiresConsent {
                    guard let consent = consents[subject.id], consent.given, consent.proven || legacyEnough else {
                        selection.withoutBasis += 1
                        continue
                    }
                }
                if tag != nil || status != nil {
                    let key = try await keyring.subjectKey(for: subject.id)
                    func value(_ role: FieldRole) throws -> String? {
                        guard let field = policies.fields.fieldName(for: role) else { return nil }
                        return try subject.record[field].map { try key.open($0.box, field: field) }
                    }
                    if let tag {
                        let tags = try value(.tags)?.split(separator: ";")
                            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? []
                        guard tags.contains(tag) else {
                            selection.filteredOut += 1
                            continue
                        }
                    }
                    if let status, try value(.customerStatus)?.trimmingCharacters(in: .whitespaces).lowercased() != status {
                        selection.filteredOut += 1
                        continue
                    }
                }
                selection.rowIDs.append(subject.rowID)
            }
        }
        return selection
    }

    /// Writes the export file and returns the pseudonyms of the people in it.
    private func writeExport(_ rowIDs: [Int64], columns: [FieldDefinition], role: Role, format: ExportRequest.Format,
                             to url: URL) async throws -> [String] {
        var members: [String] = []
        members.reserveCapacity(rowIDs.count)
        let headers = columns.map { $0.headers.first ?? $0.labelRU }
        let access = columns.map { role.access(to: $0) }
        switch format {
        case .csv:
            let temporary = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil,
                                                 attributes: [.posixPermissions: 0o600]),
                let handle = try? FileHandle(forWritingTo: temporary)
            else { throw GatewayError(.storage, "cannot write in \(url.deletingLastPathComponent().path)") }
            var writer = ExportCSVWriter(handle: handle)
            do {
                try writer.append(headers)
                for start in stride(from: 0, to: rowIDs.count, by: 500) {
                    let ids = Array(rowIDs[start..<min(start + 500, rowIDs.count)])
                    let batch = try await exportBatch(ids, columns: columns, access: access)
                    members += batch.subjects
                    for row in batch.rows { try writer.append(row) }
                }
                try writer.flush()
                try handle.close()
            } catch {
                try? handle.close()
                try? FileManager.default.removeItem(at: temporary)
                throw error
            }
            if rename(temporary.path, url.path) != 0 {
                try? FileManager.default.removeItem(at: temporary)
                throw GatewayError(.storage, "cannot move the export into place at \(url.path)")
            }
        case .xlsx:
            let writer = try WorkbookWriter(url: url, sheetName: "pdgate export", strings: .inline)
            try writer.append(headers.map(CellValue.text))
            for start in stride(from: 0, to: rowIDs.count, by: 500) {
                let ids = Array(rowIDs[start..<min(start + 500, rowIDs.count)])
                let batch = try await exportBatch(ids, columns: columns, access: access)
                members += batch.subjects
                for row in batch.rows {
                    try writer.append(zip(row, zip(columns, access)).map { value, column in
                        Self.cell(value, field: column.0, masked: column.1 == .masked)
                    })
                }
            }
            try writer.close()
        }
        return members
    }

    /// One batch of the export: each person's values, and their pseudonyms for the export register.
    private func exportBatch(_ ids: [Int64], columns: [FieldDefinition], access: [AccessLevel]) async throws
        -> (rows: [[String]], subjects: [String])
    {
        let keyring = self.keyring
        return try await vault.read { tx in
            let subjects = try tx.subjects(rowIDs: ids)
            return (try Self.exportValues(subjects, columns: columns, access: access, keyring: keyring),
                    subjects.map(\.id.rawValue))
        }
    }

    /// The values of the columns for each subject, masked where the role sees them masked.
    private static func exportValues(_ subjects: [StoredSubject], columns: [FieldDefinition], access: [AccessLevel],
                                     keyring: Keyring) throws -> [[String]] {
        try subjects.map { subject in
            let key = try keyring.subjectKey(for: subject.id)
            return try zip(columns, access).map { field, level in
                guard let sealed = subject.record[field.name] else { return "" }
                let value = try key.open(sealed.box, field: field.name)
                return level == .masked ? Masking.mask(value, as: field.normalizer) : value
            }
        }
    }

    /// A workbook cell for a stored value: dates as dates, amounts as numbers, everything else as text (phones
    /// and tax numbers stay text, so no digit or leading zero is lost).
    static func cell(_ value: String, field: FieldDefinition, masked: Bool) -> CellValue {
        guard !value.isEmpty else { return .empty }
        guard !masked else { return .text(value) }
        switch field.normalizer {
        case .date:
            let parts = value.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return .text(value) }
            return .date(ExcelDate(year: parts[0], month: parts[1], day: parts[2]))
        case .amount:
            return Double(value) != nil ? .number(value) : .text(value)
        default:
            return .text(value)
        }
    }
}
