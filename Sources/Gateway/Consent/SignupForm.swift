/// What a person submitted on a web form, waiting for their double opt-in confirmation.
public struct SignupForm: Sendable, Codable, Equatable {
    /// Values by field name of `fields.yaml`; a name and an e-mail are required (the confirmation goes there).
    public var fields: [String: String]
    /// The consent purposes ticked, each with the version of its consent document the form showed: one checkbox
    /// and one document per purpose, never bundled.
    public var consents: [String: String]
    /// Where the form was: `form:<site>` and the UTM tags of the visit (`utm_source=yandex utm_campaign=spring`),
    /// recorded as the consent's source. Never personal data.
    public var source: String

    public init(fields: [String: String], consents: [String: String], source: String) {
        self.fields = fields
        self.consents = consents
        self.source = source
    }
}
