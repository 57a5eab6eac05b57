import Foundation
import Intake
import Keyring
import Vault
import Audit
import Policy

extension Gateway {
    /// Records a person from a web form or an API call, with the consents they gave on it.
    ///
    /// Values are normalised as an import normalises them and matched the same way: the same e-mail is the same
    /// person; the same phone is the same person only when the names agree (otherwise a new subject is made and the
    /// pair is flagged for review). A match is merged, not duplicated: given values replace stored ones and are
    /// marked confirmed. A new person's key is created in `keys.sqlite` before their vault row, inside the vault
    /// transaction (on the database's own queue, not the caller's). Consent is captured consent: proven, tied to
    /// the exact notice document of each purpose. Everything is audited with field names and purposes, never values.
    /// - Parameters:
    ///   - fields: Values by field name of `fields.yaml`; blank values are ignored. A name and an e-mail or phone
    ///     are required.
    ///   - consents: Consent-based purposes the person agreed to.
    ///   - capture: How the consent was captured (`web_form`, `api`, ...); its channel and source are recorded.
    ///   - principal: The caller; its role must write every given field, and allow `consent` when consents are given.
    ///   - authority: Who vouches for the match (``MergeAuthority``): the operator's own data may merge and correct;
    ///     a public call joins only the person with its proven e-mail on file and files its differences as
    ///     rectification requests, so it never changes where that person's codes are sent.
    /// - Throws: ``GatewayError`` `refused`, `invalidArgument` (unknown field or purpose, a value that does not
    ///   normalise, no name or contact; messages name the field, never the value), `policy` (missing notice),
    ///   `storage` or `crypto`.
    public func createSubject(
        fields input: [String: String], consents purposes: [String], capture: ConsentCapture, principal: Principal,
        authority: MergeAuthority = .operatorRecord
    ) async throws -> CreatedSubject {
        let role = try await role(of: principal, auditAction: "subject.create")
        let catalogue = policies.fields
        let definitions = try await writableFields(input.keys, role: role, principal: principal,
                                                   auditAction: "subject.create")
        if !purposes.isEmpty && !role.allows(.consent) {
            try await refuse(principal, auditAction: "subject.create",
                             reason: "role \(principal.role) may not record consent")
        }
        try Self.checkCapture(capture)
        let values = try normalisedValues(input, definitions: definitions)
        guard let nameField = catalogue.fields.first(where: { $0.normalizer == .name }),
            let name = values.first(where: { $0.0 == nameField })?.1
        else {
            throw GatewayError(.invalidArgument, "a person needs a name (full_name)")
        }
        let emailField = catalogue.fields.first { $0.normalizer == .email }
        let phoneField = catalogue.fields.first { $0.normalizer == .phone }
        let email = values.first { $0.0 == emailField }?.1
        let phone = values.first { $0.0 == phoneField }?.1
        guard email != nil || phone != nil else {
            throw GatewayError(.invalidArgument, "a person needs an e-mail or a phone to be kept")
        }
        if case .publicCall(let proven, _) = authority, email != proven {
            throw GatewayError(.invalidArgument, "a public sign-up is recorded under the e-mail it confirmed")
        }
        var notices: [(Purpose, NoticeLibrary.Notice)] = []
        for purposeName in Array(Set(purposes)).sorted() {
            guard let purpose = policies.purpose(named: purposeName) else {
                throw GatewayError(.invalidArgument, "no purpose \(purposeName) in purposes.yaml")
            }
            guard purpose.requiresConsent else {
                throw GatewayError(.invalidArgument,
                    "purpose \(purposeName) rests on \(purpose.legalBasis.rawValue), not consent")
            }
            notices.append((purpose, try self.notices.consentDocument(for: purpose, policies: policies).notice))
        }
        let keyring = self.keyring
        let audit = self.audit
        let gateway = self
        let now = nowSeconds
        let newID = SubjectID.generate(now: self.now)
        let emailDigest = email.map { keyring.blindIndex(.email).digest($0) }
        let phoneDigest = phone.map { keyring.blindIndex(.phone).digest($0) }
        let prepared = values.map { ($0.0.name, $0.0.normalizer, $0.1) }
        let consentEvents = notices.map { purpose, notice in
            ConsentEvent(subject: newID, purpose: purpose.name, action: .given, at: now, channel: capture.channel,
                         source: capture.source, provenance: .captured, proven: true, noticeID: notice.id,
                         noticeVersion: notice.version, noticeHash: notice.sha256,
                         evidence: capture.evidence ?? "separate document \(notice.id)@\(notice.version)",
                         principal: principal.name)
        }
        let result: CreatedSubject
        do {
            let suppression = suppressionDigests(email: email, phone: phone)
            result = try await vault.write { tx in
                // An erased or objecting person comes back only through new, proven consent, which lifts the
                // suppression (recorded); otherwise nothing is written.
                var lifted: [String] = []
                for entry in suppression {
                    guard let reason = try tx.suppressionReason(kind: entry.kind, digest: entry.digest) else { continue }
                    guard !consentEvents.isEmpty else {
                        throw GatewayError(.suppressed, "this person was erased at their request or objected "
                            + "(\(reason)); record them again only with a new consent given on this form")
                    }
                    try tx.liftSuppression(kind: entry.kind, digest: entry.digest)
                    lifted.append(entry.kind)
                }
                var match = try Self.match(tx: tx, keyring: keyring, emailDigest: emailDigest,
                                           phoneDigest: authority.mayMergeByPhone ? phoneDigest : nil,
                                           name: name, email: email, nameField: nameField.name,
                                           emailField: emailField?.name)
                // A public call never stores a phone that is on file for someone else: it could not prove it.
                var prepared = prepared
                if !authority.mayMergeByPhone, let phoneDigest, let phoneField {
                    let holders = try tx.subjects(withDigest: phoneDigest, kind: .phone)
                    if let other = holders.first(where: { $0 != match.rowID }), match.rowID == nil {
                        prepared.removeAll { $0.0 == phoneField.name }
                        match.doubtful = other
                    }
                }
                var result = CreatedSubject(subject: newID.rawValue, created: match.rowID == nil,
                                            fields: prepared.map(\.0), changedFields: [], consents: [],
                                            needsReview: match.doubtful != nil)
                let subject: SubjectID
                if let rowID = match.rowID, !authority.mayOverwrite, let stored = try tx.subject(rowID: rowID) {
                    // Joined by the proven e-mail: consent is added below; values that differ go to the officer.
                    subject = stored.id
                    let key = try keyring.subjectKey(for: subject)
                    for (field, _, value) in prepared {
                        let current = try stored.record[field].map { try key.open($0.box, field: field) }
                        if current != value { result.proposedChanges.append(field) }
                    }
                    result.fields = []
                } else if let rowID = match.rowID, var stored = try tx.subject(rowID: rowID) {
                    subject = stored.id
                    let key = try keyring.subjectKey(for: subject)
                    for (field, kind, value) in prepared {
                        if var current = stored.record[field] {
                            current.confirmedAt = now
                            if try key.open(current.box, field: field) != value {
                                current.box = key.seal(value, field: field)
                                current.keyVersion = key.version
                                current.updatedAt = now
                                result.changedFields.append(field)
                                try Self.reindex(tx: tx, keyring: keyring, kind: kind, value: value, rowID: rowID)
                            }
                            stored.record.set(current)
                        } else {
                            stored.record.set(.init(name: field, keyVersion: key.version,
                                                    box: key.seal(value, field: field),
                                                    createdAt: now, updatedAt: now, confirmedAt: now))
                            try Self.reindex(tx: tx, keyring: keyring, kind: kind, value: value, rowID: rowID)
                        }
                    }
                    try tx.updateSubject(rowID: rowID, record: stored.record, now: now)
                } else {
                    // Key first (committed to keys.sqlite), then the vault row: a key without a subject is swept.
                    guard let key = try keyring.createSubjectKeys(for: [newID])[newID] else {
                        throw GatewayError(.crypto, "no key was created for the new subject")
                    }
                    subject = newID
                    var record = SealedRecord()
                    for (field, _, value) in prepared {
                        record.set(.init(name: field, keyVersion: key.version, box: key.seal(value, field: field),
                                         createdAt: now, updatedAt: now, confirmedAt: now))
                    }
                    let rowID = try tx.insertSubject(newID, record: record, now: now)
                    if let emailDigest { try tx.addIndex(kind: .email, digest: emailDigest, rowID: rowID) }
                    if let phoneDigest, prepared.contains(where: { $0.0 == phoneField?.name }) {
                        try tx.addIndex(kind: .phone, digest: phoneDigest, rowID: rowID)
                    }
                }
                result.subject = subject.rawValue
                var detail = "channel=\(capture.channel)"
                if !result.changedFields.isEmpty { detail += " changed=" + result.changedFields.joined(separator: ",") }
                if !result.proposedChanges.isEmpty {
                    detail += " proposed=" + result.proposedChanges.joined(separator: ",")
                }
                if let doubtful = match.doubtful, let other = try tx.subject(rowID: doubtful) {
                    let reason = authority.mayMergeByPhone ? "same_phone_other_name" : "public_call_phone_on_file"
                    detail += " review_with=\(other.id.rawValue) reason=\(reason)"
                }
                try audit.append(AuditEntry(at: now, principal: principal.name, role: principal.role,
                                            action: result.created ? "subject.create" : "subject.merge",
                                            subject: subject.rawValue, fields: result.fields, detail: detail), in: tx)
                result.liftedSuppression = lifted
                if !lifted.isEmpty {
                    try audit.append(AuditEntry(at: now, principal: principal.name, role: principal.role,
                                                action: "suppression.lift", subject: subject.rawValue, fields: lifted,
                                                detail: "new consent: "
                                                    + consentEvents.map(\.purpose).joined(separator: ",")), in: tx)
                }
                for var event in consentEvents {
                    event.subject = subject
                    try tx.appendConsent(event)
                    result.consents.append(event.purpose)
                    try audit.append(AuditEntry(at: now, principal: principal.name, role: principal.role,
                                                action: "consent.give", purpose: event.purpose,
                                                subject: subject.rawValue, detail: "channel=\(event.channel)"), in: tx)
                }
                // Connectors learn of the person (or the merged values) in the same transaction; the resolver sends
                // only purposes with a valid basis, so a person without consent is queued but never sent.
                try tx.enqueueOutbox(gateway.upsertRows(subject: subject, key: "subject-\(now)-\(result.created)"))
                try audit.checkpoint(in: tx, now: now)
                return result
            }
        } catch {
            // The vault row was not committed: a key made for it would only be garbage.
            _ = try? await keyring.destroySubjectKeys([newID])
            switch error {
            case let error as GatewayError: throw error
            case let error as KeyringError:
                throw GatewayError(error.code == .storage ? .storage : .crypto, error.message)
            case let error as VaultError: throw GatewayError(.storage, error.message)
            default: throw error
            }
        }
        if case .publicCall(_, let jurisdiction) = authority, !result.proposedChanges.isEmpty {
            try await proposeRectifications(result, values: values, jurisdiction: jurisdiction,
                                            channel: capture.channel, principal: principal)
        }
        if !result.liftedSuppression.isEmpty {
            // After the commit: a log line lost here re-suppresses the person on restore, never the other way round.
            try? SuppressionLedgerFile(directory: directory).lifted(
                suppressionDigests(email: email, phone: phone).filter { result.liftedSuppression.contains($0.kind) },
                at: now)
        }
        logger.info("Subject captured", metadata: [
            "pdgate.subject": "\(result.subject)", "pdgate.created": "\(result.created)",
            "pdgate.consents": "\(result.consents.count)",
        ])
        return result
    }

    /// Files one rectification request per value a public call gave that differs from what is on file: the officer
    /// decides, the record stays as it was.
    private func proposeRectifications(_ result: CreatedSubject, values: [(FieldDefinition, String)],
                                       jurisdiction: String, channel: String, principal: Principal) async throws {
        guard let subject = SubjectID(result.subject) else { return }
        for field in result.proposedChanges {
            guard let value = values.first(where: { $0.0.name == field })?.1 else { continue }
            _ = try await createRequest(kind: .rectification, subject: subject, jurisdiction: jurisdiction,
                                        channel: channel, field: field, newValue: value, principal: principal)
        }
    }

    /// The definitions of the named fields in name order; an unknown name is `invalidArgument`, and a field the
    /// role may not write is refused (audited, with the fields named).
    func writableFields(_ names: some Collection<String>, role: Role, principal: Principal, auditAction: String,
                        subject: SubjectID? = nil) async throws -> [FieldDefinition] {
        var definitions: [FieldDefinition] = []
        for name in names.sorted() {
            guard let definition = policies.fields.field(named: name) else {
                throw GatewayError(.invalidArgument, "no field \(name) in fields.yaml")
            }
            definitions.append(definition)
        }
        let unwritable = definitions.filter { !role.canWrite($0) }.map(\.name)
        if !unwritable.isEmpty {
            try await refuse(principal, auditAction: auditAction, subject: subject?.rawValue, fields: unwritable,
                             reason: "role \(principal.role) may not write \(unwritable.joined(separator: ", "))")
        }
        return definitions
    }

    func normalisedValues(_ input: [String: String], definitions: [FieldDefinition]) throws
        -> [(FieldDefinition, String)]
    {
        var values: [(FieldDefinition, String)] = []
        for definition in definitions {
            let trimmed = (input[definition.name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            if trimmed.count > definition.maxLength {
                throw GatewayError(.invalidArgument,
                    "\(definition.name) is \(trimmed.count) characters; the limit is \(definition.maxLength)")
            }
            do {
                values.append((definition, try CSVImporter.normalise(trimmed, as: definition.normalizer)))
            } catch {
                throw GatewayError(.invalidArgument, "\(definition.name): \(error.message)")
            }
        }
        return values
    }

    /// Channels are short identifiers and sources short labels: both end up in the audit log.
    static func checkCapture(_ capture: ConsentCapture) throws {
        let channelOK = (1...40).contains(capture.channel.utf8.count)
            && capture.channel.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "_" }
        guard channelOK else {
            throw GatewayError(.invalidArgument, "a consent channel is 1 to 40 lowercase letters or _ (web_form, api)")
        }
        for (label, text) in [("source", capture.source), ("evidence", capture.evidence ?? "")] {
            guard text.count <= 200, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                throw GatewayError(.invalidArgument, "a consent \(label) is at most 200 characters, on one line")
            }
        }
        guard !capture.source.isEmpty else {
            throw GatewayError(.invalidArgument, "a consent source names the form or page (form:landing-2026)")
        }
    }

    /// The person a new record belongs to, by the import's rules: the same e-mail, or the same phone with an
    /// agreeing name and no conflicting e-mail. `doubtful` is someone sharing the phone under another name.
    static func match(
        tx: VaultTransaction, keyring: Keyring, emailDigest: [UInt8]?, phoneDigest: [UInt8]?, name: String,
        email: String?, nameField: String, emailField: String?
    ) throws -> (rowID: Int64?, doubtful: Int64?) {
        if let emailDigest, let existing = try tx.subjects(withDigest: emailDigest, kind: .email).first {
            return (existing, nil)
        }
        guard let phoneDigest else { return (nil, nil) }
        let candidates = try tx.subjects(withDigest: phoneDigest, kind: .phone)
        for candidate in candidates {
            guard let subject = try tx.subject(rowID: candidate) else { continue }
            let key = try keyring.subjectKey(for: subject.id)
            let storedName = try subject.record[nameField].map { try key.open($0.box, field: $0.name) } ?? ""
            guard PersonName.agree(storedName, name) else { continue }
            if let email, let emailField, let stored = subject.record[emailField],
                try key.open(stored.box, field: stored.name) != email {
                return (nil, candidate)
            }
            return (candidate, nil)
        }
        return (nil, candidates.first)
    }

    /// Replaces the blind-index row of an e-mail or phone field.
    static func reindex(tx: VaultTransaction, keyring: Keyring, kind: NormalizerKind, value: String, rowID: Int64)
        throws
    {
        let index: BlindIndex.Kind
        switch kind {
        case .email: index = .email
        case .phone: index = .phone
        default: return
        }
        try tx.removeIndex(kind: index, rowID: rowID)
        try tx.addIndex(kind: index, digest: keyring.blindIndex(index).digest(value), rowID: rowID)
    }
}
