/// A subject's data as a principal may see it: decrypted, masked or left out per role.
public struct SubjectView: Sendable, Codable, Equatable {
    /// One field as shown.
    public struct Field: Sendable, Codable, Equatable {
        public var name: String
        public var category: String
        public var label: String
        /// The value, or its masked form; nil when the role may not see it.
        public var value: String?
        public var masked: Bool
        /// ISO 8601 timestamps: first stored, last changed, last confirmed (how fresh the value is).
        public var createdAt: String
        public var updatedAt: String
        public var confirmedAt: String
    }

    /// The current state of consent for one purpose.
    public struct Consent: Sendable, Codable, Equatable {
        public var purpose: String
        public var active: Bool
        public var provenance: String
        public var proven: Bool
        public var since: String
    }

    public var version = 1
    public var subject: String
    public var status: String
    public var createdAt: String
    public var updatedAt: String
    public var fields: [Field]
    public var consents: [Consent]
}
