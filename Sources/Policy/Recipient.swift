/// A recipient of personal data: a system reached through a connector (GDPR art. 30(1)(d), 152-FZ art. 14 p. 7).
public struct Recipient: Sendable, Hashable {
    /// The recipient's name in `purposes.yaml` (`mailchimp`).
    public let name: String
    /// The connector that feeds it.
    public let connector: ConnectorKind
    /// Who the recipient is, for documents.
    public let label: LocalizedText
    /// ISO 3166 code of the country the data is stored in.
    public let country: String
    /// Whether sending data there is a cross-border transfer (152-FZ art. 12).
    public let crossBorder: Bool
    /// The ground and safeguards of a cross-border transfer; present whenever ``crossBorder`` is true.
    public let transferBasis: LocalizedText?
    /// The safeguard used when an EU subject's data goes to this recipient outside the EU/EEA (GDPR art. 46 or 49),
    /// as the person is told in an access answer (art. 15(2)).
    public var euSafeguard: LocalizedText? = nil
    /// An instruction for the operator's staff (`operator_note`): shown in internal records only, never in a
    /// document sent to a person.
    public var operatorNote: LocalizedText? = nil

    /// Whether the recipient keeps data outside the EU/EEA, a third country for an EU subject (GDPR chapter V).
    public var isOutsideEEA: Bool { !Self.eeaCountries.contains(country) }

    /// ISO 3166 codes of the EU member states and the other EEA states (Iceland, Liechtenstein, Norway).
    public static let eeaCountries: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    ]

    /// Creates a recipient.
    public init(
        name: String, connector: ConnectorKind, label: LocalizedText, country: String, crossBorder: Bool,
        transferBasis: LocalizedText?
    ) {
        self.name = name
        self.connector = connector
        self.label = label
        self.country = country
        self.crossBorder = crossBorder
        self.transferBasis = transferBasis
    }
}
