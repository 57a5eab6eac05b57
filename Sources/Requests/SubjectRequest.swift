public import Foundation
public import Policy

/// A person's request to exercise a right: access, erasure, rectification, restriction, objection, a demand to stop
/// processing, or the withdrawal of consent.
///
/// Holds no personal data: the person is referred to by pseudonym; a rectification's new value is kept sealed in
/// the vault, not here.
public struct SubjectRequest: Sendable, Codable, Equatable {
    /// The kinds of request a person can make.
    public static let kinds: [RequestKind] = [
        .access, .erasure, .rectification, .restriction, .objection, .stopProcessing, .withdrawal,
    ]

    /// Public reference, `REQ-2026-000042`.
    public var reference: String
    public var kind: RequestKind
    /// The person, or nil when no one matched the e-mail or phone given (the answer is then "we hold nothing").
    public var subject: String?
    /// `RU` or `EU`.
    public var jurisdiction: String
    public var state: RequestState
    /// How it arrived: `email`, `letter`, `privacy_center`, `phone`, ...
    public var channel: String
    public var receivedAt: Date
    /// The legal deadline (end of the last day, in the jurisdiction's time zone).
    public var deadline: Date
    /// Set once, when the deadline was extended, with the reason the person was told.
    public var extendedDeadline: Date?
    public var extensionReason: String?
    /// How far the deadline in force can be relied on; `nil` (records written before this existed) means official.
    /// A provisional deadline is recomputed when the missing or provisional calendar year is loaded or confirmed.
    public var deadlineCertainty: DeadlineCertainty?
    /// The production-calendar years the deadline was counted on that were provisional or not loaded.
    public var provisionalCalendarYears: [Int]?
    public var verifiedAt: Date?
    /// How identity was checked: `email_code`, `passport_in_person`, `signed_letter`, ...
    public var verification: String?
    public var completedAt: Date?
    /// The reason given to the person when refused.
    public var refusalReason: String?
    /// For rectification: the field to correct.
    public var field: String?
    /// What was done, in words without personal data ("12 fields exported", "erased; accounting fields held").
    public var outcome: String?
    /// Internal notes, oldest first (``RequestNote``); nil on records without any.
    public var notes: [RequestNote]?

    public init(reference: String, kind: RequestKind, subject: String?, jurisdiction: String, channel: String,
                receivedAt: Date, deadline: Date) {
        self.reference = reference
        self.kind = kind
        self.subject = subject
        self.jurisdiction = jurisdiction
        self.state = .received
        self.channel = channel
        self.receivedAt = receivedAt
        self.deadline = deadline
    }

    /// The deadline in force (extended or not).
    public var effectiveDeadline: Date { extendedDeadline ?? deadline }

    /// Whether the deadline in force is provisional (counted on a provisional or missing production calendar).
    public var deadlineIsProvisional: Bool { deadlineCertainty?.isProvisional ?? false }

    /// What the privacy officer must know about a provisional deadline, or `nil` when it is official.
    public var deadlineWarning: String? {
        let years = (provisionalCalendarYears ?? []).map(String.init).joined(separator: ", ")
        switch deadlineCertainty ?? .official {
        case .official:
            return nil
        case .provisionalCalendar:
            return "the deadline is counted on the production calendar for \(years), which is marked provisional "
                + "(provisional: true in its calendar file); check it against the official decree"
        case .weekdaysOnly:
            return "provisional deadline: the production calendar for \(years) is not loaded, so its days were "
                + "counted Monday–Friday without holidays; add the year's file to calendars/ and run "
                + "`pdgate request recompute-deadlines`"
        }
    }

    /// Whether an open request is past its deadline at `now`.
    public func isOverdue(at now: Date) -> Bool { state.isOpen && now > effectiveDeadline }

    /// Where the request stands against its deadline at `now`, counted in `timeZone` (the jurisdiction's).
    public func deadlineStatus(in timeZone: TimeZone, at now: Date) -> DeadlineStatus {
        DeadlineStatus(of: self, in: timeZone, at: now)
    }
}
