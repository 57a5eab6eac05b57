public import ConnectorKit
import Keyring
import Vault
import Policy

/// Gives a connector, at send time, only people whose purpose has a valid basis now (active, proven consent where
/// the basis is consent; never restricted people) and only the fields that purpose declares. A connector whose
/// recipient is abroad gets nobody until `operator.yaml` records the cross-border transfer notification: the event
/// fails with an `invalidConfiguration` error that says what to record. Re-permission sends (double opt-in) go
/// only to people whose consent is still legacy and unproven.
public struct GatewayPersonResolver: PersonResolver {
    let gateway: Gateway

    public func person(for subject: String, purpose: String, connector: String) async throws -> ConnectorPerson? {
        try await person(subject, purpose: purpose, connector: connector) { state in state.usable }
    }

    /// A person whose consent to the purpose is still legacy and unproven, for the service's double opt-in: the
    /// basis need not hold yet (that is what the confirmation is for), but the person must not be restricted,
    /// must not have withdrawn, and must not already be proven.
    public func personToReconfirm(for subject: String, purpose: String, connector: String) async throws
        -> ConnectorPerson?
    {
        guard var person = try await person(subject, purpose: purpose, connector: connector, when: { state in
            state.active && !state.proven
        }), person.email != nil else { return nil }
        person.reconfirm = true
        person.doubleOptIn = true
        return person
    }

    /// The person with the purpose's fields, when `eligible` accepts their consent state.
    private func person(_ subject: String, purpose: String, connector: String,
                        when eligible: (ConsentState) -> Bool) async throws -> ConnectorPerson? {
        // A recipient abroad without the Roskomnadzor notification gets nobody (152-FZ art. 12 p. 4).
        try gateway.transferGate(connector: connector)
        guard let id = SubjectID(subject), let definition = gateway.policies.purpose(named: purpose),
            definition.recipients.isEmpty || definition.recipients.contains(connector)
                || gateway.connectorRoutes.contains(where: { $0.name == connector && $0.purposes.contains(purpose) })
        else { return nil }
        guard let state = try? await gateway.consentState(id, purpose: purpose), eligible(state) else { return nil }
        guard let stored = try await gateway.vault.read({ tx in try tx.subject(id) }), stored.status == .active,
            let key = try? await gateway.keyring.subjectKey(for: id)
        else { return nil }
        var fields: [String: String] = [:]
        for name in definition.fields {
            if let sealed = stored.record[name] { fields[name] = try key.open(sealed.box, field: name) }
        }
        let tags = fields["tags"].map { $0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        // Names are written in the order of the operator's jurisdiction (ФИО, family name first, in Russia).
        let order = PersonNameOrder.default(forJurisdiction: gateway.policies.operatorProfile?.jurisdiction)
        return ConnectorPerson(subject: subject, fields: fields, tags: tags, purpose: purpose, doubleOptIn: false,
                               nameOrder: order)
    }
}
