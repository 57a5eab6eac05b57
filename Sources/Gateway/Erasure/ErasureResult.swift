public import Foundation

/// What an erasure did.
public struct ErasureResult: Sendable, Codable, Equatable {
    public var subject: String
    /// True when the key was destroyed: nothing of the person is readable any more.
    public var shredded: Bool
    /// Fields kept (blocked) under a legal hold, and when the hold ends.
    public var heldFields: [String]
    public var holdEnds: Date?
    public var act: String?
    /// Path of the act's files (HTML, Markdown and JSON share it, with their extensions).
    public var actFile: String?
}
