public import Foundation

/// What the officer changes on an incident; `nil` leaves a value as it is.
public struct IncidentChange: Sendable {
    public var summary: String?
    public var systems: [String]?
    public var principals: [String]?
    public var windowStart: Date?
    public var windowEnd: Date?
    public var cause: String?
    public var consequences: String?
    public var measures: String?
    /// A note for the incident's history.
    public var note: String?
    /// A notification sent: the deadline's name (`ru_initial`, `ru_followup`, `eu_authority`), when, and its
    /// reference.
    public var sent: (deadline: String, at: Date, reference: String)?

    public init(summary: String? = nil, systems: [String]? = nil, principals: [String]? = nil,
                windowStart: Date? = nil, windowEnd: Date? = nil, cause: String? = nil, consequences: String? = nil,
                measures: String? = nil, note: String? = nil,
                sent: (deadline: String, at: Date, reference: String)? = nil) {
        self.summary = summary
        self.systems = systems
        self.principals = principals
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.cause = cause
        self.consequences = consequences
        self.measures = measures
        self.note = note
        self.sent = sent
    }
}
