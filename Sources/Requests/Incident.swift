public import Foundation

/// A personal-data breach in the register: what happened, when it was detected, who and what was involved, whom
/// it affects (computed from the audit log), and the notification deadlines with their state (152-FZ art. 21
/// p. 3.1: Roskomnadzor within 24 hours, then within 72 hours with the investigation's results; GDPR art. 33: the
/// authority within 72 hours).
///
/// Holds ids, counts, field names and the officer's own descriptions, never personal values; the affected people are
/// listed by pseudonym.
public struct Incident: Sendable, Codable, Equatable {
    /// One notification the law requires, with its deadline counted in clock hours from detection.
    public struct Deadline: Sendable, Codable, Equatable {
        /// `ru_initial`, `ru_followup` or `eu_authority`.
        public var name: String
        /// The jurisdiction (`RU`, `EU`).
        public var jurisdiction: String
        /// The article it rests on.
        public var basis: String
        public var due: Date
        /// When the notification was sent, once it was.
        public var sentAt: Date?
        /// The regulator's or the operator's reference for what was sent.
        public var sentReference: String?

        public init(name: String, jurisdiction: String, basis: String, due: Date) {
            self.name = name
            self.jurisdiction = jurisdiction
            self.basis = basis
            self.due = due
        }

        /// The state at `now`: `sent`, `overdue`, `due_soon` (under 6 hours left) or `pending`.
        public func state(at now: Date) -> String {
            if sentAt != nil { return "sent" }
            if now > due { return "overdue" }
            return due.timeIntervalSince(now) < 6 * 3600 ? "due_soon" : "pending"
        }

        /// Whole hours and minutes left at `now` (negative when overdue), as `13h 05m` or `-2h 10m`.
        public func remaining(at now: Date) -> String {
            let seconds = Int(due.timeIntervalSince(now))
            let sign = seconds < 0 ? "-" : ""
            let minutes = abs(seconds) / 60
            let rest = minutes % 60
            return "\(sign)\(minutes / 60)h \(rest < 10 ? "0" : "")\(rest)m"
        }
    }

    /// A note added to the incident.
    public struct Update: Sendable, Codable, Equatable {
        public var at: Date
        public var by: String
        public var note: String

        public init(at: Date, by: String, note: String) {
            self.at = at
            self.by = by
            self.note = note
        }
    }

    public var version = 1
    /// `INC-2026-000001`.
    public var reference: String
    /// `open` or `closed`.
    public var state: String
    /// When the operator detected the incident; the deadlines count from here.
    public var detectedAt: Date
    public var openedAt: Date
    public var openedBy: String
    /// What happened, in the officer's words (no personal data).
    public var summary: String
    /// Systems involved (`vault`, `mailchimp`, `crm-export`).
    public var systems: [String]
    /// Principals involved (`token:crm`, `cli:anna`), whose audited reads define who is affected.
    public var principals: [String]
    /// The window of the audit log searched for affected people.
    public var windowStart: Date
    public var windowEnd: Date
    /// Distinct people whose data the principals read, exported or changed in the window.
    public var affectedCount: Int
    /// Categories of the data concerned (`contact`, `identity`, …).
    public var affectedCategories: [String]
    /// Fields concerned.
    public var affectedFields: [String]
    /// The affected people by pseudonym, for the officer.
    public var affectedSubjects: [String]
    public var deadlines: [Deadline]
    /// Presumed causes (initial notification) and then the investigation's findings (follow-up).
    public var cause: String?
    /// Harm presumed for the people concerned.
    public var consequences: String?
    /// Measures taken to remove the consequences.
    public var measures: String?
    public var updates: [Update]
    public var closedAt: Date?

    public init(reference: String, detectedAt: Date, openedAt: Date, openedBy: String, summary: String,
                systems: [String], principals: [String], windowStart: Date, windowEnd: Date, deadlines: [Deadline]) {
        self.reference = reference
        self.state = "open"
        self.detectedAt = detectedAt
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.summary = summary
        self.systems = systems
        self.principals = principals
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.affectedCount = 0
        self.affectedCategories = []
        self.affectedFields = []
        self.affectedSubjects = []
        self.deadlines = deadlines
        self.updates = []
    }

    /// Whether a deadline is overdue or due within 6 hours at `now` (the register highlights it).
    public func needsAttention(at now: Date) -> Bool {
        state == "open" && deadlines.contains { ["overdue", "due_soon"].contains($0.state(at: now)) }
    }
}
