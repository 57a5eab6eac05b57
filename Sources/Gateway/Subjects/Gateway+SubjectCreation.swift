public import Core
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
        let captured = try await prepareCapture(fields: input, consents: purposes, capture: capture,
                                                principal: principal, authority: authority)
        let gateway = self
        let result: CreatedSubject
        do {
            result = try await vault.write { tx in try gateway.recordCapture(captured, in: tx) }
        } catch {
            // The vault row was not committed: a key made for it would only be garbage.
            _ = try? await keyring.destroySubjectKeys([captured.newID])
            throw GatewayError.translated(error)
        }
        if case .publicCall(_, let jurisdiction) = authority, !result.proposedChanges.isEmpty {
            try await proposeRectifications(result, values: captured.values, jurisdiction: jurisdiction,
                                            channel: capture.channel, principal: principal)
        }
        if !result.liftedSuppression.isEmpty {
            // After the commit: a log line lost here re-suppresses the person on restore, never the other way round.
            try? SuppressionLedgerFile(directory: directory).lifted(
                suppressionDigests(email: captured.email, phone: captured.phone)
                    .filter { result.liftedSuppression.contains($0.kind) },
                at: captured.now)
        }
        logger.info("Subject captured", metadata: [
            "pdgate.subject": "\(result.subject)", "pdgate.created": "\(result.created)",
            "pdgate.consents": "\(result.consents.count)",
        ])
        return result
    }

    /// Checks the caller's rights and the values, normalises them and prepares the consent events: everything that
    /// needs no transaction.
    private func prepareCapture(
        fields input: [String: String], consents purposes: [String], capture: ConsentCapture, principal: Principal,
        authority: MergeAuthority
    ) async throws -> SubjectCapture {
        let role = try await role(of: principal, auditAction: .subjectCreate)
        let definitions = try await writableFields(input.keys, role: role, principal: principal,
                                                   auditAction: .subjectCreate)
        if !purposes.isEmpty && !role.allows(.consent) {
            try await refuse(principal, auditAction: .subjectCreate,
                             reason: "role \(principal.role) may not record consent")
        }
        try Self.checkCapture(capture)
        let values = try normalisedValues(input, definitions: definitions)
        let catalogue = policies.fields
        let emailField = catalogue.fieldName(for: .email), phoneField = catalogue.fieldName(for: .phone)
        func value(_ field: String?) -> String? { values.first { $0.0.name == field }?.1 }
        guard let nameField = catalogue.fieldName(for: .name), let name = value(nameField) else {
            throw GatewayError(.invalidArgument, "a person needs a name (full_name)")
        }
        let email = value(emailField), phone = value(phoneField)
        guard email != nil || phone != nil else {
            throw GatewayError(.invalidArgument, "a person needs an e-mail or a phone to be kept")
        }
        if case .publicCall(let proven, _) = authority, email != proven {
            throw GatewayError(.invalidArgument, "a public sign-up is recorded under the e-mail it confirmed")
        }
        let newID = SubjectID.generate(now: self.now)
        let now = nowSeconds
        return SubjectCapture(
            values: values.map { .init(field: $0.0.name, normalizer: $0.0.normalizer, value: $0.1) },
            name: name, email: email, phone: phone,
            emailDigest: email.map { keyring.blindIndex(.email).digest($0) },
            phoneDigest: phone.map { keyring.blindIndex(.phone).digest($0) },
            nameField: nameField, emailField: emailField, phoneField: phoneField,
            consentEvents: try consentEvents(purposes, for: newID, capture: capture, at: now, principal: principal),
            capture: capture, authority: authority, principal: principal, newID: newID, now: now)
    }

    /// Consent given on the form: proven, tied to the exact notice document of each purpose.
    private func consentEvents(_ purposes: [String], for subject: SubjectID, capture: ConsentCapture, at now: Int64,
                               principal: Principal) throws -> [ConsentEvent] {
        try Array(Set(purposes)).sorted().map { purposeName in
            guard let purpose = policies.purpose(named: purposeName) else {
                throw GatewayError(.invalidArgument, "no purpose \(purposeName) in purposes.yaml")
            }
            guard purpose.requiresConsent else {
                throw GatewayError(.invalidArgument,
                    "purpose \(purposeName) rests on \(purpose.legalBasis.rawValue), not consent")
            }
            let notice = try notices.consentDocument(for: purpose, policies: policies).notice
            return ConsentEvent(subject: subject, purpose: purpose.name, action: .given, at: now,
                                channel: capture.channel, source: capture.source, provenance: .captured, proven: true,
                                noticeID: notice.id, noticeVersion: notice.version, noticeHash: notice.sha256,
                                evidence: capture.evidence ?? "separate document \(notice.id)@\(notice.version)",
                                principal: principal.name)
        }
    }

    /// Files one rectification request per value a public call gave that differs from what is on file: the officer
    /// decides, the record stays as it was.
    private func proposeRectifications(_ result: CreatedSubject, values: [SubjectCapture.Value],
                                       jurisdiction: String, channel: String, principal: Principal) async throws {
        guard let subject = SubjectID(result.subject) else { return }
        for field in result.proposedChanges {
            guard let value = values.first(where: { $0.field == field })?.value else { continue }
            _ = try await createRequest(kind: .rectification, subject: subject, jurisdiction: jurisdiction,
                                        channel: channel, field: field, newValue: value, principal: principal)
        }
    }
}
