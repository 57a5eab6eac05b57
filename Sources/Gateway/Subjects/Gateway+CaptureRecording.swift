import Core
import Foundation
import Keyring
import Vault
import Audit
import Policy

extension Gateway {
    /// Records a prepared capture inside one vault transaction: lifts a suppression only for new proven consent,
    /// finds the person by the one matching rule (``PersonMatcher``), writes their values through the one editor
    /// (``RecordEditor``) or stores a new record, appends the consents, audits, and queues the connectors.
    func recordCapture(_ capture: SubjectCapture, in tx: VaultTransaction) throws -> CreatedSubject {
        let lifted = try liftSuppression(for: capture, in: tx)
        var capture = capture
        let (rowID, doubtful) = try match(&capture, in: tx)
        let stored = try rowID.flatMap { try tx.subject(rowID: $0) }
        var result = CreatedSubject(subject: capture.newID.rawValue, created: stored == nil,
                                    fields: capture.values.map(\.field), changedFields: [], consents: [],
                                    needsReview: doubtful != nil)
        let subject: SubjectID
        switch stored {
        case .some(let stored) where !capture.authority.mayOverwrite:
            result.proposedChanges = try differences(of: capture, from: stored)
            result.fields = []
            subject = stored.id
        case .some(let stored):
            result.changedFields = try write(capture, into: stored, in: tx)
            subject = stored.id
        case .none:
            subject = try insertCaptured(capture, in: tx)
        }
        result.subject = subject.rawValue
        result.liftedSuppression = lifted
        try auditCapture(capture, of: subject, result: result, doubtful: doubtful, in: tx)
        for var event in capture.consentEvents {
            event.subject = subject
            try tx.appendConsent(event)
            result.consents.append(event.purpose)
            try audit.append(AuditEntry(at: capture.now, by: capture.principal, action: .consentGive, purpose: event.purpose,
                                        subject: subject.rawValue, detail: "channel=\(event.channel)"), in: tx)
        }
        // Connectors learn of the person (or the merged values) in the same transaction; the resolver sends only
        // purposes with a valid basis, so a person without consent is queued but never sent.
        try tx.enqueueOutbox(upsertRows(subject: subject, key: "subject-\(capture.now)-\(result.created)"))
        try audit.checkpoint(in: tx, now: capture.now)
        return result
    }

    /// An erased or objecting person comes back only through new, proven consent, which lifts the suppression
    /// (returned, by kind); otherwise nothing is written.
    private func liftSuppression(for capture: SubjectCapture, in tx: VaultTransaction) throws -> [String] {
        var lifted: [String] = []
        for entry in suppressionDigests(email: capture.email, phone: capture.phone) {
            guard let reason = try tx.suppressionReason(kind: entry.kind, digest: entry.digest) else { continue }
            guard !capture.consentEvents.isEmpty else {
                throw GatewayError(.suppressed, "this person was erased at their request or objected "
                    + "(\(reason)); record them again only with a new consent given on this form")
            }
            try tx.liftSuppression(kind: entry.kind, digest: entry.digest)
            lifted.append(entry.kind)
        }
        return lifted
    }

    /// The matched row and a person to review beside it. A public call never stores a phone that is on file for
    /// someone else (it could not prove it): the phone is dropped from `capture` and the holder flagged.
    private func match(_ capture: inout SubjectCapture, in tx: VaultTransaction) throws
        -> (rowID: Int64?, doubtful: Int64?)
    {
        let matcher = PersonMatcher(keyring: keyring, nameField: capture.nameField, emailField: capture.emailField)
        var (rowID, doubtful): (Int64?, Int64?)
        switch try matcher.match(capture.contact, in: tx) {
        case .existing(let row): (rowID, doubtful) = (row, nil)
        case .new(let other): (rowID, doubtful) = (nil, other)
        }
        if !capture.authority.mayMergeByPhone, rowID == nil, let digest = capture.phoneDigest,
            let other = try tx.subjects(withDigest: digest, kind: .phone).first {
            capture.values.removeAll { $0.field == capture.phoneField }
            doubtful = other
        }
        return (rowID, doubtful)
    }

    /// The fields whose given value differs from the one on file (a public call files them for the officer).
    private func differences(of capture: SubjectCapture, from stored: StoredSubject) throws -> [String] {
        let key = try keyring.subjectKey(for: stored.id)
        return try capture.values.filter { value in
            try stored.record[value.field].map { try key.open($0.box, field: value.field) } != value.value
        }.map(\.field)
    }

    /// Writes the operator's values into the matched person; returns the fields added or changed.
    private func write(_ capture: SubjectCapture, into stored: StoredSubject, in tx: VaultTransaction) throws
        -> [String]
    {
        var editor = RecordEditor(stored, key: try keyring.subjectKey(for: stored.id), now: capture.now)
        for value in capture.values {
            let index = Self.indexKind(value.normalizer).map { keyring.blindIndex($0) }
            try editor.write(value.value, to: value.field, index: index, in: tx)
        }
        try editor.save(in: tx)
        return editor.changed
    }

    /// A new person: key first (committed to the key store), then the vault row, so a key without a subject is
    /// swept, never a subject without a key.
    private func insertCaptured(_ capture: SubjectCapture, in tx: VaultTransaction) throws -> SubjectID {
        guard let key = try keyring.createSubjectKeys(for: [capture.newID])[capture.newID] else {
            throw GatewayError(.crypto, "no key was created for the new subject")
        }
        var record = SealedRecord()
        for value in capture.values {
            record.set(.init(name: value.field, keyVersion: key.version, box: key.seal(value.value, field: value.field),
                             createdAt: capture.now, updatedAt: capture.now, confirmedAt: capture.now))
        }
        let rowID = try tx.insertSubject(capture.newID, record: record, now: capture.now)
        if let digest = capture.emailDigest { try tx.addIndex(kind: .email, digest: digest, rowID: rowID) }
        if let digest = capture.phoneDigest, capture.values.contains(where: { $0.field == capture.phoneField }) {
            try tx.addIndex(kind: .phone, digest: digest, rowID: rowID)
        }
        return capture.newID
    }

    /// The capture's audit entries: what was created or merged (field names, never values), what was proposed,
    /// the person to review beside it, and a lifted suppression.
    private func auditCapture(_ capture: SubjectCapture, of subject: SubjectID, result: CreatedSubject,
                              doubtful: Int64?, in tx: VaultTransaction) throws {
        var detail = "channel=\(capture.capture.channel)"
        if !result.changedFields.isEmpty { detail += " changed=" + result.changedFields.joined(separator: ",") }
        if !result.proposedChanges.isEmpty { detail += " proposed=" + result.proposedChanges.joined(separator: ",") }
        if let doubtful, let other = try tx.subject(rowID: doubtful) {
            let reason = capture.authority.mayMergeByPhone ? "same_phone_other_name" : "public_call_phone_on_file"
            detail += " review_with=\(other.id.rawValue) reason=\(reason)"
        }
        let principal = capture.principal
        try audit.append(AuditEntry(at: capture.now, by: principal,
                                    action: result.created ? .subjectCreate : .subjectMerge,
                                    subject: subject.rawValue, fields: result.fields, detail: detail), in: tx)
        guard !result.liftedSuppression.isEmpty else { return }
        try audit.append(AuditEntry(at: capture.now, by: principal,
                                    action: .suppressionLift, subject: subject.rawValue,
                                    fields: result.liftedSuppression,
                                    detail: "new consent: " + capture.consentEvents.map(\.purpose).joined(separator: ",")),
                         in: tx)
    }
}
