public import Foundation

/// A staff member's internal note on a request (the case timeline in the console): never sent to the person.
///
/// Kept on the request record like an extension's reason, so it holds the case's facts, not personal data: the
/// person is the request's pseudonym.
public struct RequestNote: Sendable, Codable, Equatable {
    public var at: Date
    /// The principal who wrote it (`token:anna.officer`, `cli:anna`).
    public var by: String
    public var text: String

    public init(at: Date, by: String, text: String) {
        self.at = at
        self.by = by
        self.text = text
    }
}
