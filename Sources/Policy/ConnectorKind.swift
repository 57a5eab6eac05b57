/// The connectors pdgate ships; recipients in `purposes.yaml` name one of them.
public enum ConnectorKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Mailchimp e-mail marketing.
    case mailchimp
    /// UniSender e-mail and SMS marketing.
    case unisender
    /// 1C:Enterprise.
    case onec
    /// Moe Delo online accounting.
    case moedelo
    /// Voximplant cloud telephony.
    case voximplant
    /// A generic signed webhook.
    case webhook
}
