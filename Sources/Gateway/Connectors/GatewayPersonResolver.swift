import Core
public import ConnectorKit
import Foundation
import Intake
import Keyring
import Vault
import Policy

/// Gives a connector, at send time, only people whose purpose has a valid basis now (active, proven consent where
/// the basis is consent; never restricted people), whom the purpose covers (they belong to one of its
/// `data_subjects`: an accounting system gets customers with a purchase, not every imported lead), and only the
/// fields that purpose declares. A connector whose recipient is abroad gets nobody until `operator.yaml` records
/// the cross-border transfer notification: the event fails with an `invalidConfiguration` error that says what to
/// record. Re-permission sends (double opt-in) go only to people whose consent is still legacy and unproven.
///
/// An ИНН whose check digits are wrong is never sent (the data-quality report lists it); the person goes without it.
public struct GatewayPersonResolver: PersonResolver {
    let gateway: Gateway

    /// A person as a connector would get them, or why they are withheld.
    enum Resolution {
        case send(ConnectorPerson)
        case withheld(reason: String)
    }

    public func person(for subject: String, purpose: String, connector: String) async throws -> ConnectorPerson? {
        guard case .send(let person) = try await resolve(subject, purpose: purpose, connector: connector,
                                                         when: { state in state.usable }) else { return nil }
        return person
    }

    /// A person whose consent to the purpose is still legacy and unproven, for the service's double opt-in: the
    /// basis need not hold yet (that is what the confirmation is for), but the person must not be restricted,
    /// must not have withdrawn, and must not already be proven.
    public func personToReconfirm(for subject: String, purpose: String, connector: String) async throws
        -> ConnectorPerson?
    {
        guard case .send(var person) = try await resolve(subject, purpose: purpose, connector: connector, when: {
            state in state.active && !state.proven
        }), person.email != nil else { return nil }
        person.reconfirm = true
        person.doubleOptIn = true
        return person
    }

    public func externalID(for subject: String, connector: String) async throws -> String? {
        guard let text = try await gateway.vault.read({ tx in
                  try tx.lastUpsertResult(of: subject, connector: connector)
              }),
              case .upserted(let id)? = try? JSONDecoder().decode(OutboxResult.self, from: Data(text.utf8))
        else { return nil }
        return id
    }

    /// The person with the purpose's fields when `eligible` accepts their consent state and the purpose covers
    /// them; otherwise the reason, in words without personal data (the dry run counts people by it).
    func resolve(_ subject: String, purpose: String, connector: String,
                 when eligible: (ConsentState) -> Bool) async throws -> Resolution {
        // A recipient abroad without the Roskomnadzor notification gets nobody (152-FZ art. 12 p. 4).
        try gateway.transferGate(connector: connector)
        guard let id = SubjectID(subject), let definition = gateway.policies.purpose(named: purpose) else {
            return .withheld(reason: "unknown purpose")
        }
        guard definition.recipients.isEmpty || definition.recipients.contains(connector)
                || gateway.connectorRoutes.contains(where: { $0.name == connector && $0.purposes.contains(purpose) })
        else { return .withheld(reason: "not a recipient of the purpose") }
        // The person and what a service reported about their e-mail, in one read.
        let (found, emailStatus) = try await gateway.vault.read { tx in
            (try tx.subject(id), try tx.addressStatus(subject: subject, kind: "email"))
        }
        guard let stored = found else { return .withheld(reason: "erased") }
        guard stored.status == .active else { return .withheld(reason: "restricted") }
        guard let state = try? await gateway.consentState(id, purpose: purpose), eligible(state) else {
            return .withheld(reason: "no valid basis (consent not given, withdrawn or unproven)")
        }
        if let outside = gateway.outsideDataSubjects(stored, of: definition) {
            return .withheld(reason: outside)
        }
        guard let key = try? await gateway.keyring.subjectKey(for: id) else { return .withheld(reason: "erased") }
        var fields: [String: String] = [:]
        for name in definition.fields {
            if let sealed = stored.record[name] { fields[name] = try key.open(sealed.box, field: name) }
        }
        let catalogue = gateway.policies.fields
        if let innField = catalogue.fieldName(for: .inn), let inn = fields[innField], !Normalizer.innChecksumIsValid(inn) {
            fields[innField] = nil
        }
        // An address a service reported undeliverable (a hard bounce) is not sent again until it changes; with no
        // address left the person is not sent at all.
        if let emailField = catalogue.fieldName(for: .email), fields[emailField] != nil,
            emailStatus?.status == "invalid" {
            fields[emailField] = nil
            let phone = catalogue.fieldName(for: .phone).flatMap { fields[$0] }
            if phone == nil { return .withheld(reason: "the e-mail was reported undeliverable (hard bounce)") }
        }
        let tags = catalogue.fieldName(for: .tags).flatMap { fields[$0] }.map { $0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        // Names are written in the order of the operator's jurisdiction (ФИО, family name first, in Russia).
        let order = PersonNameOrder.default(forJurisdiction: gateway.policies.operatorProfile?.jurisdiction)
        return .send(ConnectorPerson(subject: subject, fields: fields, tags: tags, purpose: purpose,
                                     doubleOptIn: false, nameOrder: order))
    }
}
