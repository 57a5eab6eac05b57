public import Core
import Foundation
import Intake
import Keyring
import Vault
public import Audit
import Policy

extension Gateway {
    /// What to search a person by.
    public enum Lookup: Sendable {
        case email(String)
        case phone(String)
    }

    /// Finds subjects by e-mail or phone through the blind index; returns pseudonyms only.
    ///
    /// The value is normalised first, so `+7 (912) 000-00-00` finds `89120000000`. The lookup is audited with the
    /// kind of key searched and the ids found, never the value.
    /// - Throws: ``GatewayError`` `invalidArgument` when the value is not a valid e-mail or phone.
    public func findSubjects(_ lookup: Lookup, principal: Principal) async throws -> [SubjectID] {
        let kind: BlindIndex.Kind
        let normalised: String
        do {
            switch lookup {
            case .email(let value):
                kind = .email
                normalised = try Normalizer.email(value)
            case .phone(let value):
                kind = .phone
                normalised = try Normalizer.phone(value)
            }
        } catch {
            throw GatewayError(.invalidArgument, "cannot search: \(error.message)")
        }
        let role = try await role(of: principal, auditAction: .subjectFind)
        let searched = policies.fields.fields.first { $0.normalizer == (kind == .email ? .email : .phone) }
        if let searched, role.access(to: searched) == .none {
            try await refuse(principal, auditAction: .subjectFind, fields: [kind.rawValue],
                             reason: "role \(principal.role) may not look people up by \(kind.rawValue)")
        }
        let digest = keyring.blindIndex(kind).digest(normalised)
        // One entry per person the search revealed (`subject.find.match`, which incident extracts read), each
        // with how many were found; a search that found no one leaves one `subject.find` entry.
        return try await auditedRead(by: principal, query: .subjectIDs(withDigest: digest, kind: kind)) { ids, log in
            if ids.isEmpty {
                try log.record(.subjectFind, fields: [kind.rawValue], detail: "found=0")
            }
            for id in ids {
                try log.record(.subjectFindMatch, subject: id.rawValue, fields: [kind.rawValue],
                               detail: "found=\(ids.count)")
            }
            return ids
        }
    }

    /// Decrypts one subject for a principal; the read is audited with the field names, never the values.
    ///
    /// - Throws: ``GatewayError`` `notFound` for an unknown or erased subject.
    public func showSubject(_ id: SubjectID, principal: Principal) async throws -> SubjectView {
        let now = nowSeconds
        let role = try await role(of: principal, auditAction: .subjectRead, subject: id.rawValue)
        let visible = policies.fields.fields.filter { role.access(to: $0) != .none }
        if visible.isEmpty {
            try await refuse(principal, auditAction: .subjectRead, subject: id.rawValue,
                             reason: "role \(principal.role) sees no personal fields; use aggregates")
        }
        guard let (subject, consents) = try await vault.read({ tx -> (StoredSubject, [ConsentEvent])? in
            guard let subject = try tx.subject(id) else { return nil }
            return (subject, try tx.consentEvents(of: id))
        }) else {
            try await record(AuditEntry(at: now, by: principal,
                                        action: .subjectRead, subject: id.rawValue, outcome: .failed,
                                        detail: "not_found"))
            throw GatewayError(.notFound, "no subject \(id) (never existed or erased)")
        }
        if subject.status == .restricted && !role.allows(.export) && !role.allows(.erase) {
            try await refuse(principal, auditAction: .subjectRead, subject: id.rawValue,
                             reason: "processing of \(id) is restricted; only the privacy officer may read it")
        }
        let key: SubjectKey
        do {
            key = try await keyring.subjectKey(for: id)
        } catch let error as KeyringError where error.code == .subjectKeyMissing {
            // Read between an erasure's key destruction and its row deletion: the person is erased.
            throw GatewayError(.notFound, "no subject \(id) (never existed or erased)")
        } catch let error as KeyringError {
            throw GatewayError(.crypto, error.message)
        }
        let fields = try visibleFields(of: subject, key: key, role: role)
        let masked = fields.filter(\.masked).map(\.name)
        try await record(AuditEntry(at: now, by: principal, action: .subjectRead,
                                    subject: id.rawValue, fields: fields.map(\.name),
                                    detail: masked.isEmpty ? nil : "masked=" + masked.joined(separator: ",")))
        return SubjectView(subject: id.rawValue, status: subject.status.rawValue,
                           createdAt: Self.iso(subject.createdAt), updatedAt: Self.iso(subject.updatedAt),
                           fields: fields, consents: Self.currentConsents(consents))
    }

    /// The person's fields the role sees, opened (masked where the role sees only a mask), in catalogue order.
    private func visibleFields(of subject: StoredSubject, key: SubjectKey, role: Role) throws -> [SubjectView.Field] {
        let catalogue = policies.fields
        var fields: [SubjectView.Field] = []
        for stored in subject.record.fields {
            guard let definition = catalogue.field(named: stored.name) else { continue }
            let access = role.access(to: definition)
            if access == .none { continue }
            var value: String
            do {
                value = try key.open(stored.box, field: stored.name)
            } catch where stored.keyVersion != key.version {
                // Read in the middle of a partial erasure's re-keying.
                throw GatewayError(.notFound, "\(subject.id) is being erased; read it again after the erasure")
            } catch {
                throw GatewayError(.crypto, "field \(stored.name) of \(subject.id) does not open; the vault may be damaged")
            }
            if access == .masked { value = Masking.mask(value, as: definition.normalizer) }
            fields.append(.init(
                name: stored.name, category: definition.category.rawValue,
                label: definition.labelEN, value: value, masked: access == .masked,
                createdAt: Self.iso(stored.createdAt), updatedAt: Self.iso(stored.updatedAt),
                confirmedAt: Self.iso(stored.confirmedAt)))
        }
        let order = Dictionary(uniqueKeysWithValues: catalogue.fields.enumerated().map { ($1.name, $0) })
        return fields.sorted { (order[$0.name] ?? Int.max) < (order[$1.name] ?? Int.max) }
    }

    /// Each purpose's latest consent event, as the person's current state.
    private static func currentConsents(_ events: [ConsentEvent]) -> [SubjectView.Consent] {
        var latest: [String: ConsentEvent] = [:]
        for event in events { latest[event.purpose] = event }
        return latest.values.sorted { $0.purpose < $1.purpose }.map {
            SubjectView.Consent(purpose: $0.purpose, active: $0.action == .given, provenance: $0.provenance.rawValue,
                                proven: $0.proven, since: Self.iso($0.at))
        }
    }

    /// Checks the audit chain and its signed checkpoints.
    public func verifyAudit(principal: Principal) async throws -> AuditVerification {
        try await require(.audit, principal, auditAction: .auditVerify)
        let audit = self.audit
        return try await vault.read { tx in try audit.verify(in: tx) }
    }

    /// One subject's audit trail.
    public func auditTrail(of id: SubjectID, principal: Principal) async throws -> [AuditEntry] {
        try await require(.audit, principal, auditAction: .auditExtract, subject: id.rawValue)
        let audit = self.audit
        let now = nowSeconds
        return try await audited(by: principal, at: now) { tx, log in
            let entries = try audit.entries(subject: id, in: tx)
            try log.record(.auditExtract, subject: id.rawValue,
                detail: "entries=\(entries.count)")
            return entries
        }
    }

    static func iso(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
