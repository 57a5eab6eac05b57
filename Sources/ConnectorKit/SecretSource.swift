public import Foundation

/// Where a credential comes from: an environment variable or a file only its owner can read.
///
/// In the configuration: `{"env": "PDGATE_MAILCHIMP_API_KEY"}` or `{"file": "/etc/pdgate/mailchimp.key"}`.
/// The configuration names the source; it never holds the value.
public enum SecretSource: Sendable, Codable, Equatable {
    /// An environment variable's name.
    case environment(String)
    /// A file path; the file must not be readable or writable by group or others (mode 0600 or 0400).
    case file(String)

    private enum CodingKeys: String, CodingKey { case env, file }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .env) {
            self = .environment(name)
        } else if let path = try container.decodeIfPresent(String.self, forKey: .file) {
            self = .file(path)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a credential needs \"env\" or \"file\""))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .environment(let name): try container.encode(name, forKey: .env)
        case .file(let path): try container.encode(path, forKey: .file)
        }
    }

    /// Reads the credential.
    ///
    /// - Parameter environment: The process environment (injected in tests).
    /// - Throws: ``ConnectorError`` with ``ConnectorError/Code/invalidConfiguration`` when the variable is unset,
    ///   the file is missing, empty, or readable by group or others. The message names the variable or path.
    public func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Secret {
        switch self {
        case .environment(let name):
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                throw ConnectorError(.invalidConfiguration, "environment variable \(name) is not set")
            }
            return Secret(value)
        case .file(let path):
            let attributes: [FileAttributeKey: Any]
            do {
                attributes = try FileManager.default.attributesOfItem(atPath: path)
            } catch {
                throw ConnectorError(.invalidConfiguration, "secret file \(path) cannot be read")
            }
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
            guard mode & 0o077 == 0 else {
                throw ConnectorError(.invalidConfiguration, "secret file \(path) is accessible to group or others "
                    + "(mode \(String(mode & 0o777, radix: 8))); run chmod 600 on it")
            }
            guard let data = FileManager.default.contents(atPath: path),
                let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
                !text.isEmpty
            else {
                throw ConnectorError(.invalidConfiguration, "secret file \(path) is empty or not UTF-8")
            }
            return Secret(text)
        }
    }
}
