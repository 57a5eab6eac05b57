public import Core
import Foundation
import Keyring
import Vault
import Audit
import Policy

extension Gateway {
    /// Changes, confirms or removes fields of one person, through the principal's role.
    ///
    /// Values are normalised as on import; the lookup index follows a changed e-mail or phone. A person keeps a name
    /// and an e-mail or phone. An e-mail or phone that belongs to someone else is refused rather than silently
    /// fusing two people. Restricted people may be changed only by a role that handles erasure. Audited with field
    /// names, never values.
    /// - Parameters:
    ///   - id: The subject.
    ///   - fields: New values by field name; `nil` removes the field.
    ///   - principal: The caller; its role must write every field named (``Policy/Role/canWrite(_:)``).
    /// - Returns: The names of the fields changed, confirmed and removed.
    /// - Throws: ``GatewayError`` `refused`, `notFound`, `invalidArgument` (unknown field, a value that does not
    ///   normalise, a removal that leaves no name or contact, a contact of another person).
    public func updateSubject(_ id: SubjectID, fields input: [String: String?], principal: Principal) async throws
        -> SubjectUpdate
    {
        let role = try await role(of: principal, auditAction: .subjectUpdate, subject: id.rawValue)
        guard !input.isEmpty else { throw GatewayError(.invalidArgument, "no fields to update") }
        let catalogue = policies.fields
        let definitions = try await writableFields(input.keys, role: role, principal: principal,
                                                   auditAction: .subjectUpdate, subject: id)
        let removals = definitions.filter { input[$0.name] == .some(nil) }.map(\.name)
        let given = input.compactMapValues { $0 }
        let values = try normalisedValues(given, definitions: definitions.filter { given[$0.name] != nil })
        let normalisedNames = Set(values.map { $0.0.name })
        let blanks = definitions.filter { given[$0.name] != nil && !normalisedNames.contains($0.name) }
        let removed = Set(removals + blanks.map(\.name))
        let nameField = catalogue.fields.first { $0.normalizer == .name }?.name
        let contactFields = catalogue.fields.filter { $0.normalizer == .email || $0.normalizer == .phone }.map(\.name)
        let status = try await vault.read { tx in try tx.subject(id)?.status }
        guard let status else {
            throw GatewayError(.notFound, "no subject \(id) (never existed or erased)")
        }
        if status == .restricted && !role.allows(.erase) {
            try await refuse(principal, auditAction: .subjectUpdate, subject: id.rawValue,
                             reason: "processing of \(id) is restricted; only the privacy officer may change it")
        }
        let prepared = values.map { ($0.0.name, $0.0.normalizer, $0.1) }
        do {
            return try await applyUpdate(id, prepared: prepared, removed: removed, nameField: nameField,
                                         contactFields: contactFields, principal: principal)
        } catch {
            throw GatewayError.translated(error)
        }
    }

    private func applyUpdate(
        _ id: SubjectID, prepared: [(String, NormalizerKind, String)], removed: Set<String>, nameField: String?,
        contactFields: [String], principal: Principal
    ) async throws -> SubjectUpdate {
        let keyring = self.keyring
        let catalogue = policies.fields
        let now = nowSeconds
        let gateway = self
        return try await audited(by: principal, at: now) { tx, log in
            guard var stored = try tx.subject(id) else {
                throw GatewayError(.notFound, "no subject \(id) (never existed or erased)")
            }
            var editor = RecordEditor(stored, key: try keyring.subjectKey(for: id), now: now)
            var update = SubjectUpdate(subject: id.rawValue, changed: [], confirmed: [], removed: [])
            for (field, kind, value) in prepared {
                let index = Self.indexKind(kind).map { keyring.blindIndex($0) }
                if let index {
                    let owners = try tx.subjects(withDigest: index.digest(value), kind: index.kind)
                    if owners.contains(where: { $0 != stored.rowID }) {
                        throw GatewayError(.invalidArgument,
                            "\(field) belongs to another subject; merging two people is not automatic")
                    }
                }
                if try editor.write(value, to: field, index: index, in: tx) == .confirmed {
                    update.confirmed.append(field)
                } else {
                    update.changed.append(field)
                }
            }
            for field in removed.sorted() {
                let index = catalogue.field(named: field).flatMap { Self.indexKind($0.normalizer) }
                if try editor.remove(field, index: index, in: tx) { update.removed.append(field) }
            }
            stored = editor.subject
            if let nameField, stored.record[nameField] == nil {
                throw GatewayError(.invalidArgument, "a person keeps a name; \(nameField) cannot be removed")
            }
            if !contactFields.contains(where: { stored.record[$0] != nil }) {
                throw GatewayError(.invalidArgument, "a person keeps an e-mail or a phone; both cannot be removed")
            }
            // A new address starts clean: what a service said about the old one no longer applies.
            for field in update.changed + update.removed {
                if let definition = catalogue.field(named: field), let index = Self.indexKind(definition.normalizer) {
                    try tx.clearAddressStatus(subject: id.rawValue, kind: index.rawValue)
                }
            }
            try editor.save(in: tx)
            try log.record(.subjectUpdate, subject: id.rawValue,
                fields: update.changed + update.confirmed + update.removed,
                detail: "changed=\(update.changed.count) confirmed=\(update.confirmed.count) "
                    + "removed=\(update.removed.count)")
            if !update.changed.isEmpty || !update.removed.isEmpty {
                try tx.enqueueOutbox(gateway.upsertRows(subject: id, key: "update-\(now)-\(UUID().uuidString.prefix(8))"))
            }
            return update
        }
    }

    static func indexKind(_ normalizer: NormalizerKind) -> BlindIndex.Kind? {
        switch normalizer {
        case .email: .email
        case .phone: .phone
        default: nil
        }
    }
}
