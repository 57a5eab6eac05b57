public import Foundation

/// The enabled connectors, built from the configuration, and which purposes each serves.
public struct ConnectorRegistry: Sendable {
    /// One built connector with its configuration.
    public struct Entry: Sendable {
        /// The connector.
        public let connector: any Connector
        /// Its configuration entry (credential sources only, no values).
        public let config: ConnectorConfig
    }

    /// The enabled connectors by name.
    public let entries: [String: Entry]

    /// Builds every enabled connector.
    ///
    /// - Parameters:
    ///   - config: The validated configuration.
    ///   - factories: One factory per connector type.
    ///   - transport: The HTTP transport every connector uses.
    ///   - environment: Where `env` credentials are read (the process environment in production).
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``): an unknown type, a missing
    ///   or insecure credential, bad settings. Disabled entries are not checked beyond their shape.
    public init(
        config: ConnectorsConfig,
        factories: [any ConnectorFactory],
        transport: any HTTPTransport,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        try config.validate()
        let byType = Dictionary(factories.map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [String: Entry] = [:]
        for entry in config.connectors where entry.enabled {
            guard let factory = byType[entry.type] else {
                throw ConnectorError(.invalidConfiguration, "connector \(entry.name) has unknown type \(entry.type)")
            }
            let credentials = try entry.loadCredentials(environment: environment)
            let connector = try factory.makeConnector(config: entry, credentials: credentials, transport: transport)
            entries[entry.name] = Entry(connector: connector, config: entry)
        }
        self.entries = entries
    }

    /// The enabled connectors, by name.
    public var connectors: [any Connector] { entries.keys.sorted().compactMap { entries[$0]?.connector } }

    /// A connector by name, if enabled.
    public func connector(named name: String) -> (any Connector)? { entries[name]?.connector }

    /// The enabled connectors serving a purpose: where a change for that purpose must go.
    public func connectors(forPurpose purpose: String) -> [any Connector] {
        entries.keys.sorted().compactMap { name in
            guard let entry = entries[name], entry.config.purposes.contains(purpose) else { return nil }
            return entry.connector
        }
    }

    /// Configured concurrency per connector, for ``OutboxDispatcher/Configuration/concurrency``.
    public var concurrency: [String: Int] {
        entries.compactMapValues { $0.config.concurrency }
    }
}
