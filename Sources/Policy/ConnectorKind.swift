/// The type of connector that feeds a recipient in `purposes.yaml` (`mailchimp`, `unisender`, `onec`, …): the
/// `type` of a connector module's factory.
///
/// Policy does not list the connectors: a new connector is a module of its own. The program that loads policies
/// checks the kinds against the connector modules it ships (``PolicySet/checkConnectorKinds(_:)``).
public struct ConnectorKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// A kind is a lowercase identifier: letters, digits and `_`, starting with a letter.
    public init?(rawValue: String) {
        guard let first = rawValue.unicodeScalars.first, ("a"..."z").contains(first), rawValue.count <= 40,
            rawValue.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}

extension PolicySet {
    /// Checks that every recipient is fed by a connector type the program ships.
    ///
    /// - Parameter known: The types of the connector factories (`ConnectorFactory.type`).
    /// - Throws: ``PolicyError`` naming `purposes.yaml`, the recipient and the types that exist.
    public func checkConnectorKinds(_ known: Set<String>) throws(PolicyError) {
        for recipient in recipients where !known.contains(recipient.connector.rawValue) {
            throw PolicyError(
                .invalidValue, file: "purposes.yaml", keyPath: "recipients.\(recipient.name).connector",
                message: "'\(recipient.connector)' is not a connector of this program; use one of: "
                    + known.sorted().joined(separator: ", "))
        }
    }
}
