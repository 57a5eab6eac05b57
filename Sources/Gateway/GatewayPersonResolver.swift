public import ConnectorKit
import Keyring
import Vault
import Policy

/// Gives a connector, at send time, only people whose purpose has a valid basis now (active, proven consent where
/// the basis is consent; never restricted people) and only the fields that purpose declares. A connector whose
/// recipient is abroad gets nobody until `operator.yaml` records the cross-border transfer notification: the event
/// fails with an `invalidConfiguration` error that says what to record.
public struct GatewayPersonResolver: PersonResolver {
    let gateway: Gateway

    public func person(for subject: String, purpose: String, connector: String) async throws -> ConnectorPerson? {
        // A recipient abroad without the Roskomnadzor notification gets nobody (152-FZ art. 12 p. 4).
        try gateway.transferGate(connector: connector)
        guard let id = SubjectID(subject), let definition = gateway.policies.purpose(named: purpose),
            definition.recipients.isEmpty || definition.recipients.contains(connector)
                || gateway.connectorRoutes.contains(where: { $0.name == connector && $0.purposes.contains(purpose) })
        else { return nil }
        guard let state = try? await gateway.consentState(id, purpose: purpose), state.usable else { return nil }
        guard let stored = try await gateway.vault.read({ tx in try tx.subject(id) }),
            let key = try? await gateway.keyring.subjectKey(for: id)
        else { return nil }
        var fields: [String: String] = [:]
        for name in definition.fields {
            if let sealed = stored.record[name] { fields[name] = try key.open(sealed.box, field: name) }
        }
        let tags = fields["tags"].map { $0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        return ConnectorPerson(subject: subject, fields: fields, tags: tags, purpose: purpose, doubleOptIn: false)
    }
}
