public import Foundation

/// The connectors configuration file: `{"connectors": [ConnectorConfig, ...]}`.
///
/// JSON so that ConnectorKit needs only Foundation; the gateway can decode the same shape from YAML.
public struct ConnectorsConfig: Sendable, Codable, Equatable {
    /// The entries, enabled or not.
    public var connectors: [ConnectorConfig]

    /// Creates a configuration.
    public init(connectors: [ConnectorConfig]) {
        self.connectors = connectors
    }

    /// Reads and validates a configuration file.
    ///
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``) naming the file and key.
    public static func load(path: String) throws -> Self {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConnectorError(.invalidConfiguration, "connectors configuration \(path) cannot be read")
        }
        return try parse(data, name: path)
    }

    /// Parses and validates configuration JSON.
    public static func parse(_ data: Data, name: String = "connectors configuration") throws -> Self {
        let config: Self
        do {
            config = try JSONDecoder().decode(Self.self, from: data)
        } catch let error as DecodingError {
            throw ConnectorError(.invalidConfiguration, "\(name): \(ConnectorConfig.describe(error))")
        } catch {
            throw ConnectorError(.invalidConfiguration, "\(name) is not JSON")
        }
        try config.validate(name: name)
        return config
    }

    /// Checks names are unique and usable, and every enabled connector serves a purpose.
    public func validate(name: String = "connectors configuration") throws {
        var seen: Set<String> = []
        for (index, entry) in connectors.enumerated() {
            let location = "\(name): connectors.\(index)"
            guard !entry.name.isEmpty, entry.name.allSatisfy({ $0.isLetter || $0.isNumber || "_-".contains($0) }) else {
                throw ConnectorError(.invalidConfiguration, "\(location).name must be letters, digits, _ or -")
            }
            guard seen.insert(entry.name).inserted else {
                throw ConnectorError(.invalidConfiguration, "\(location).name \(entry.name) is used twice")
            }
            if entry.enabled && entry.purposes.isEmpty {
                throw ConnectorError(.invalidConfiguration, "\(location).purposes is empty")
            }
            if let concurrency = entry.concurrency, concurrency < 1 {
                throw ConnectorError(.invalidConfiguration, "\(location).concurrency must be at least 1")
            }
            if let url = entry.baseURL, !["http", "https"].contains(url.scheme?.lowercased() ?? "") {
                throw ConnectorError(.invalidConfiguration, "\(location).baseURL must be http or https")
            }
        }
    }
}
