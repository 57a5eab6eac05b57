/// The credentials loaded for one connector, by the names its configuration gives them.
public struct ConnectorCredentials: Sendable, CustomStringConvertible {
    /// The connector they belong to.
    public let connector: String
    private let secrets: [String: Secret]

    /// Wraps loaded secrets.
    public init(connector: String, secrets: [String: Secret]) {
        self.connector = connector
        self.secrets = secrets
    }

    /// A credential, or `nil` if not configured.
    public subscript(name: String) -> Secret? { secrets[name] }

    /// A credential that must be there.
    ///
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``) naming the credential.
    public func require(_ name: String) throws -> Secret {
        guard let secret = secrets[name] else {
            throw ConnectorError(.invalidConfiguration, "connector \(connector) needs credential \"\(name)\"")
        }
        return secret
    }

    public var description: String { "credentials(\(secrets.keys.sorted().joined(separator: ", ")): ***)" }
}
