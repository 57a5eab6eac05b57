package import Core
import Foundation
package import ConnectorKit
import Keyring
package import Vault
import Policy

extension Gateway {
    /// The outbox store over the vault, for a dispatcher.
    public var outbox: VaultOutboxStore { VaultOutboxStore(vault: vault, keyring: keyring) }

    /// The resolver that gives a connector only cleaned, consented data at send time.
    public var personResolver: GatewayPersonResolver { GatewayPersonResolver(gateway: self) }

    /// Upserts of one person for every purpose any connector serves: the resolver decides at send time whether the
    /// basis is valid and which fields the purpose may carry, so queuing them is always safe.
    func upsertRows(subject: SubjectID, key: String) -> [OutboxRow] {
        connectorPurposes.flatMap { outboxRows(.upsert, subject: subject, purpose: $0, ref: nil, key: key) }
    }

    /// Outbox rows announcing a change to every connector it concerns.
    ///
    /// Each row's reference carries only the identifiers its purpose declares (for a change without a purpose, those
    /// of the purposes the connector serves): an e-mail consent withdrawal names the e-mail, never the phone, so the
    /// service unsubscribes that channel only, and no call sends a field the purpose does not allow.
    ///
    /// - Parameters:
    ///   - purpose: Only connectors serving this purpose (nil: every connector, for erasure and restriction).
    ///   - ref: For suppressions and erasures, the identifiers the service keys on, sealed into the payload.
    ///   - key: Makes the idempotency key unique per change (a consent event id, a request reference, ...).
    package func outboxRows(_ operation: OutboxEvent.Operation, subject: SubjectID, purpose: String?, ref: PersonRef?,
                    key: String, reason: SuppressionReason? = nil) -> [OutboxRow] {
        let now = clock().timeIntervalSince1970
        var rows: [OutboxRow] = []
        for route in connectorRoutes {
            let purposes = purpose.map { route.purposes.contains($0) ? [$0] : [] } ?? [route.purposes.first ?? "-"]
            // What the change may name: its purpose's fields, or (no purpose) those of every purpose served here.
            let declared = Set((purpose.map { [$0] } ?? route.purposes)
                .flatMap { policies.purpose(named: $0)?.fields ?? [] })
            for purpose in purposes {
                let eventID = "evt_" + UUID().uuidString.lowercased()
                let payload = ref.map { keyring.sealOutboxPayload(
                    OutboxPayload(ref: Self.reference($0, limitedTo: declared), reason: reason).encoded(),
                    event: eventID) }
                rows.append(OutboxRow(
                    eventID: eventID, connector: route.name, operation: operation.rawValue, subject: subject.rawValue,
                    purpose: purpose, idempotencyKey: "\(operation.rawValue):\(route.name):\(purpose):\(subject):\(key)",
                    nextAttemptAt: now, createdAt: now, payload: payload))
            }
        }
        return rows
    }

    /// `ref` with only the e-mail and phone that `fields` names (the subject and the service's own id stay).
    static func reference(_ ref: PersonRef, limitedTo fields: Set<String>) -> PersonRef {
        PersonRef(subject: ref.subject, email: fields.contains("email") ? ref.email : nil,
                  phone: fields.contains("phone") ? ref.phone : nil, externalID: ref.externalID)
    }

    /// The e-mail and phone a service may key a person on, read while the subject key still exists.
    func personRef(_ subject: SubjectID) async throws -> PersonRef {
        try await personRefs([subject])[subject] ?? PersonRef(subject: subject.rawValue)
    }

    /// ``personRef(_:)`` of many people (an erasure batch), read together with their keys. Every subject asked for
    /// has an entry (only the identifier where the key is already gone).
    func personRefs(_ subjects: [SubjectID]) async throws -> [SubjectID: PersonRef] {
        var refs = Dictionary(subjects.map { ($0, PersonRef(subject: $0.rawValue)) }, uniquingKeysWith: { $1 })
        guard !connectorRoutes.isEmpty else { return refs }
        for (stored, key) in try await currentRecordsWithKeys(of: subjects) {
            let contacts = contacts(of: stored, key: key)
            refs[stored.id] = PersonRef(subject: stored.id.rawValue, email: contacts.email, phone: contacts.phone)
        }
        return refs
    }

    /// A subject's e-mail and phone, decrypted (nil where absent, or once the key is gone).
    func contacts(of stored: StoredSubject) async -> (email: String?, phone: String?) {
        guard let key = try? await keyring.subjectKey(for: stored.id) else { return (nil, nil) }
        return contacts(of: stored, key: key)
    }

    /// ``contacts(of:)`` with the person's key already at hand (a batch read them together).
    func contacts(of stored: StoredSubject, key: SubjectKey) -> (email: String?, phone: String?) {
        func value(_ role: FieldRole) -> String? {
            guard let field = policies.fields.fieldName(for: role) else { return nil }
            return stored.record[field].flatMap { try? key.open($0.box, field: field) }
        }
        return (value(.email), value(.phone))
    }
}
