internal import Foundation

/// The payload of suppression and erasure events: a ``PersonRef`` as JSON, plus the suppression reason.
///
/// The JSON decodes as a plain ``PersonRef`` too (the extra `reason` key is ignored), so a store or tool that
/// only knows ``PersonRef`` can read it.
public struct OutboxPayload: Sendable, Codable, Equatable {
    /// Who the event is about.
    public var ref: PersonRef
    /// For suppression events: why.
    public var reason: SuppressionReason?

    /// Creates a payload.
    public init(ref: PersonRef, reason: SuppressionReason? = nil) {
        self.ref = ref
        self.reason = reason
    }

    private enum CodingKeys: String, CodingKey { case reason }

    public init(from decoder: any Decoder) throws {
        ref = try PersonRef(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reason = try container.decodeIfPresent(SuppressionReason.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        try ref.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(reason, forKey: .reason)
    }

    /// The payload as bytes for ``OutboxEvent/payload``.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a struct of strings cannot fail.
        return (try? [UInt8](encoder.encode(self))) ?? []
    }

    /// Decodes a payload.
    ///
    /// - Throws: ``ConnectorError`` with code ``ConnectorError/Code/permanent`` if the bytes are not one.
    public static func decode(_ bytes: [UInt8]) throws -> Self {
        do {
            return try JSONDecoder().decode(Self.self, from: Data(bytes))
        } catch {
            throw ConnectorError(.permanent, "outbox payload is not a person reference")
        }
    }
}
