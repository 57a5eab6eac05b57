public import Core
public import Foundation
import Vault
import Audit
import Policy

/// The periodic access review: who can reach personal data (principals, tokens, roles), when each last acted, how
/// much each read or exported, and which ones read or exported unusually many people in a short window (the
/// departing-employee case). Counts, names and pseudonym counts only; never personal values.
public struct AccessReview: Sendable, Codable, Equatable {
    /// One principal's activity in the period.
    public struct PrincipalActivity: Sendable, Codable, Equatable {
        public var principal: String
        /// The roles it acted under in the period.
        public var roles: [String]
        /// The last time it appears in the whole audit log.
        public var lastSeen: Date?
        /// Entries per audit action in the period.
        public var actions: [String: Int]
        /// Distinct people it read or exported in the period.
        public var peopleRead: Int
        /// Refused attempts in the period.
        public var refusals: Int
        /// The most distinct people read or exported within any window of ``AccessReview/windowHours``.
        public var peakInWindow: Int
        /// When that window started.
        public var peakWindowStart: Date?
        /// Whether ``peakInWindow`` is unusual: above the threshold, or far above the principal's own history.
        public var flagged: Bool
        /// The principal's own peak in any window of the ``AccessReview/historyDays`` days before the period; `nil`
        /// when it read or exported nobody then.
        public var usualPeak: Int? = nil
        /// Why it is flagged: `threshold` (more than ``AccessReview/threshold``), `history` (at least
        /// ``AccessReview/historyMinimum`` people and more than ``AccessReview/historyFactor`` times ``usualPeak``).
        public var flagReasons: [String] = []
    }

    /// How many days before the period a principal's history covers.
    public static let historyDays = 90
    /// A peak more than this many times the principal's usual peak is unusual…
    public static let historyFactor = 3
    /// …when it reaches at least this many people (3 people against a usual 1 is noise).
    public static let historyMinimum = 10

    /// One API token.
    public struct TokenEntry: Sendable, Codable, Equatable {
        public var name: String
        public var role: String
        public var expiresAt: Date
        /// `live`, `expired` or `revoked`.
        public var state: String
        /// The last time `token:<name>` appears in the audit log.
        public var lastUsed: Date?
        /// Live but unused in the period: a candidate for revocation.
        public var idle: Bool
    }

    public var version = 1
    public var since: Date
    public var until: Date
    /// The sliding window the volume flag counts in.
    public var windowHours: Int
    /// More distinct people than this in one window flags the principal.
    public var threshold: Int
    public var principals: [PrincipalActivity]
    public var tokens: [TokenEntry]
    /// The roles of roles.yaml with the actions they allow.
    public var roles: [String: [String]]
}

extension Gateway {
    /// Audit actions that read or export a person's data, counted for the volume flag.
    static let readingActions: Set<String> = Set([AuditAction.subjectRead, .subjectExport, .exportSubject].map(\.rawValue))

    /// Reviews access for the period from `since` to now.
    ///
    /// A principal is flagged when the most distinct people it read or exported (exports count each person, by the
    /// `export.subject` entries) in one window exceeds `threshold`, or when it is far above the principal's own
    /// peak over the ``AccessReview/historyDays`` days before the period (an 864-person export by someone who
    /// usually opens a dozen records).
    ///
    /// - Parameters:
    ///   - since: The period's start (the quarter under review).
    ///   - threshold: A principal reading or exporting more distinct people than this in one window is flagged.
    ///   - windowHours: The sliding window's length.
    /// - Throws: ``GatewayError`` `refused` without `audit`.
    public func accessReview(since: Date, threshold: Int = 100, windowHours: Int = 24, principal: Principal)
        async throws -> AccessReview
    {
        try await require(.audit, principal, auditAction: .accessReview)
        let until = now
        let audit = self.audit
        let seconds = nowSeconds
        let (entries, last, tokens) = try await audited(by: principal, at: seconds) { tx, log in
            let entries = try audit.entries(from: Int64(since.timeIntervalSince1970), to: seconds, in: tx)
            let last = try audit.lastActivity(in: tx)
            let tokens = try tx.tokens()
            try log.record(.accessReview,
                detail: "since=\(Int64(since.timeIntervalSince1970)) entries=\(entries.count)")
            return (entries, last, tokens)
        }
        let window = Int64(windowHours) * 3600
        var byPrincipal: [String: [AuditEntry]] = [:]
        for entry in entries { byPrincipal[entry.principal, default: []].append(entry) }
        let readers = byPrincipal.filter { !Self.reads($0.value).isEmpty }.map(\.key)
        let usual = try await usualPeaks(of: readers, before: Int64(since.timeIntervalSince1970), window: window)
        let activities = byPrincipal.keys.sorted().map { name -> AccessReview.PrincipalActivity in
            let own = byPrincipal[name] ?? []
            let reads = Self.reads(own)
            let peak = Self.peakDistinct(reads, window: window)
            var reasons: [String] = []
            if peak.count > threshold { reasons.append("threshold") }
            if let usual = usual[name], peak.count >= AccessReview.historyMinimum,
                peak.count > AccessReview.historyFactor * usual
            {
                reasons.append("history")
            }
            return AccessReview.PrincipalActivity(
                principal: name, roles: Array(Set(own.map(\.role))).sorted(),
                lastSeen: last[name].map { Date(timeIntervalSince1970: TimeInterval($0)) },
                actions: own.reduce(into: [:]) { $0[$1.action, default: 0] += 1 },
                peopleRead: Set(reads.compactMap(\.subject)).count,
                refusals: own.filter { $0.outcome == .refused }.count, peakInWindow: peak.count,
                peakWindowStart: peak.start.map { Date(timeIntervalSince1970: TimeInterval($0)) },
                flagged: !reasons.isEmpty, usualPeak: usual[name], flagReasons: reasons)
        }
        let tokenEntries = tokens.map { token -> AccessReview.TokenEntry in
            let used = last["token:\(token.name)"]
            let state = token.revoked ? "revoked" : (token.expiresAt <= seconds ? "expired" : "live")
            return AccessReview.TokenEntry(
                name: token.name, role: token.role, expiresAt: Date(timeIntervalSince1970: TimeInterval(token.expiresAt)),
                state: state, lastUsed: used.map { Date(timeIntervalSince1970: TimeInterval($0)) },
                idle: state == "live" && (used ?? 0) < Int64(since.timeIntervalSince1970))
        }
        let roles = Dictionary(uniqueKeysWithValues: policies.roles.map { role in
            (role.name, RoleAction.allCases.filter { role.allows($0) }.map(\.rawValue))
        })
        return AccessReview(since: since, until: until, windowHours: windowHours, threshold: threshold,
                            principals: activities, tokens: tokenEntries, roles: roles)
    }

    /// The successful entries that read or exported a person.
    static func reads(_ entries: [AuditEntry]) -> [AuditEntry] {
        entries.filter { $0.outcome == .ok && readingActions.contains($0.action) && $0.subject != nil }
    }

    /// Each principal's peak of distinct people in one window over the ``AccessReview/historyDays`` days before
    /// `start`; principals that read nobody then are absent.
    private func usualPeaks(of principals: [String], before start: Int64, window: Int64) async throws
        -> [String: Int]
    {
        guard !principals.isEmpty else { return [:] }
        let audit = self.audit
        let from = start - Int64(AccessReview.historyDays) * 86_400
        let history = try await vault.read { tx in
            try audit.entries(from: from, to: start - 1, principals: principals, in: tx)
        }
        var byPrincipal: [String: [AuditEntry]] = [:]
        for entry in Self.reads(history) { byPrincipal[entry.principal, default: []].append(entry) }
        return byPrincipal.mapValues { Self.peakDistinct($0, window: window).count }
    }

    /// The most distinct subjects in any window of `window` seconds over entries sorted by time, and where the
    /// window starts.
    static func peakDistinct(_ entries: [AuditEntry], window: Int64) -> (count: Int, start: Int64?) {
        var counts: [String: Int] = [:]
        var best = (count: 0, start: Int64?.none)
        var left = 0
        for right in entries.indices {
            counts[entries[right].subject ?? "", default: 0] += 1
            while entries[right].at - entries[left].at >= window {
                let subject = entries[left].subject ?? ""
                counts[subject, default: 1] -= 1
                if counts[subject] == 0 { counts[subject] = nil }
                left += 1
            }
            if counts.count > best.count { best = (counts.count, entries[left].at) }
        }
        return best
    }
}
