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
