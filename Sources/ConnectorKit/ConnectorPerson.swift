internal import Foundation

/// What a connector may send about one person for one purpose, resolved at send time.
///
/// ``fields`` is already filtered to the purpose's declared fields; a connector sends nothing else. Common
/// keys: `full_name`, `email`, `phone` (E.164), `company`, `inn`, `birthday` (ISO `yyyy-MM-dd`), `address`.
public struct ConnectorPerson: Sendable, Equatable {
    /// The pseudonymous subject id (`sub_…`).
    public var subject: String
    /// Field name → normalised value, only the purpose's declared fields.
    public var fields: [String: String]
    /// Tags the purpose allows to be sent.
    public var tags: [String]
    /// The purpose this send serves (`marketing_email`, `accounting`, ...).
    public var purpose: String
    /// Whether the service must ask the person to confirm (double opt-in) before mailing them.
    public var doubleOptIn: Bool
    /// Whether to ask again even when the service already lists the person (re-permission of legacy consent):
    /// Mailchimp sets the member `pending`, UniSender subscribes with `double_optin=0`. Implies ``doubleOptIn``.
    public var reconfirm: Bool
    /// The id the service gave this person earlier, when known.
    public var externalID: String?
    /// How `full_name` is written, from the operator's jurisdiction (a connector's settings may override it);
    /// `nil` when unknown.
    public var nameOrder: PersonNameOrder?

    /// Creates a person.
    public init(
        subject: String,
        fields: [String: String],
        tags: [String] = [],
        purpose: String,
        doubleOptIn: Bool = false,
        reconfirm: Bool = false,
        externalID: String? = nil,
        nameOrder: PersonNameOrder? = nil
    ) {
        self.subject = subject
        self.fields = fields
        self.tags = tags
        self.purpose = purpose
        self.doubleOptIn = doubleOptIn || reconfirm
        self.reconfirm = reconfirm
        self.externalID = externalID
        self.nameOrder = nameOrder
    }

    /// The normalised e-mail, if the purpose declares it and it is not blank.
    public var email: String? { nonBlank("email") }
    /// The normalised phone, if the purpose declares it and it is not blank.
    public var phone: String? { nonBlank("phone") }

    /// A field's value, or `nil` when absent or blank.
    public func nonBlank(_ key: String) -> String? {
        guard let value = fields[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// A reference to this person, for suppression, erasure or reading.
    public var ref: PersonRef { PersonRef(subject: subject, email: email, phone: phone, externalID: externalID) }
}
