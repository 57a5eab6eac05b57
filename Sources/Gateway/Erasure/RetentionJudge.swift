import Foundation
import Keyring
import Policy
import Vault

/// Decides, for one person, whether a retention rule has ended and what the purge must do: the rules of
/// `retention.yaml` applied to the person's sealed dates, consent history and accounting hold.
///
/// Pure and synchronous, so a purge can judge a page of people it loaded in a few queries. Date arithmetic is
/// memoised per rule and day: a million customers share a few thousand purchase dates, and calendar arithmetic
/// dominated a purge that recomputed it for each.
final class RetentionJudge {
    /// A rule that has ended for a person.
    struct Due {
        var rule: String
        var expired: Date
        /// Whether accounting fields stay under a legal hold (erase everything else).
        var partial: Bool
        /// For a withdrawn purpose's data: the fields destroyed, the person otherwise kept as is.
        var fields: [String]? = nil
    }

    private let policies: PolicySet
    /// Retention days are the operator's days (looked up once: the purge asks for every person).
    private let zone: TimeZone
    private var days: [String: Date?] = [:]
    private var expiries: [ExpiryKey: Date] = [:]

    private struct ExpiryKey: Hashable {
        var rule: String
        var from: Date
    }

    init(policies: PolicySet) {
        self.policies = policies
        self.zone = policies.operatorTimeZone
    }

    /// The accounting hold on a person, if a legal-hold rule applies: the held fields and when the hold ends.
    func legalHold(for stored: StoredSubject, key: SubjectKey) throws -> (fields: [String], ends: Date)? {
        guard let date = try day(.lastPurchase, of: stored, key: key) else { return nil }
        var result: (fields: [String], ends: Date)?
        for purpose in policies.purposes where purpose.legalBasis == .legalObligation {
            for name in purpose.retentionRules {
                guard let rule = policies.retention.rule(named: name), rule.legalHold != nil else { continue }
                let ends = expiry(of: rule, from: date)
                let fields = purpose.fields.filter { stored.record[$0] != nil }
                if let current = result {
                    result = (Array(Set(current.fields + fields)).sorted(), max(current.ends, ends))
                } else {
                    result = (fields, ends)
                }
            }
        }
        return result
    }

    /// The rule that has ended for a person by `date`, or nil when the person is kept.
    ///
    /// Each rule is counted from its own `anchor` (``anchorDate(_:of:events:key:)``). A customer is kept until the
    /// longest of the customer rules has ended; a lead until the lead rule has, unless a consent keeps them. Only a
    /// proven consent keeps a person for as long as it lasts; an unproven legacy one (a spreadsheet's "да") keeps
    /// them for `legacy_consent_life` from when it was recorded, after which the re-permission is taken to have
    /// failed. A withdrawal with no consent left starts the withdrawal rule (30 days) for everyone.
    func due(_ stored: StoredSubject, events: [ConsentEvent], key: SubjectKey, asOf date: Date) throws -> Due? {
        let rules = policies.retention
        let hold = try legalHold(for: stored, key: key)
        // A person already reduced to held fields: purge completes the erasure when the hold ends.
        if stored.status == .restricted, let hold, Set(stored.record.fields.map(\.name)).isSubset(of: Set(hold.fields)) {
            return hold.ends <= date ? Due(rule: "accounting", expired: hold.ends, partial: false) : nil
        }
        var latest: [String: ConsentEvent] = [:]
        for event in events { latest[event.purpose] = event }
        let keepingConsent = latest.values.contains { keeps($0, asOf: date) }
        if try day(.lastPurchase, of: stored, key: key) != nil {
            var longest: (rule: RetentionRule, ends: Date)?
            for rule in rules.rules where rule.appliesTo.rawValue == "customers" {
                guard let anchor = try anchorDate(rule.anchor, of: stored, events: events, key: key) else { continue }
                let ends = expiry(of: rule, from: anchor)
                if longest.map({ ends > $0.ends }) ?? true { longest = (rule, ends) }
            }
            guard let longest, longest.ends <= date else { return nil }
            return Due(rule: longest.rule.name, expired: longest.ends, partial: hold.map { $0.ends > date } ?? false)
        }
        if let withdrawalRule = rules.rule(named: rules.backups.withdrawalRule), !keepingConsent,
            let withdrawn = try anchorDate(.consentWithdrawn, of: stored, events: events, key: key) {
            let ends = expiry(of: withdrawalRule, from: withdrawn)
            if ends <= date { return Due(rule: withdrawalRule.name, expired: ends, partial: false) }
        }
        // A lead who consents to a purpose is kept for it while the consent lasts.
        guard !keepingConsent, let leadRule = rules.rules.first(where: { $0.appliesTo.rawValue == "leads" }),
            let anchor = try anchorDate(leadRule.anchor, of: stored, events: events, key: key)
        else {
            return nil
        }
        let ends = expiry(of: leadRule, from: anchor)
        return ends <= date ? Due(rule: leadRule.name, expired: ends, partial: false) : nil
    }

    /// The fields a person's data holds only for consent purposes they withdrew, once the withdrawal rule (30 days)
    /// has run since the latest such withdrawal; nil when there are none. Fields any purpose with a basis still uses
    /// (a contract, a legal obligation, a legitimate interest, or a consent that still keeps the person) stay.
    func endedPurposeFields(_ stored: StoredSubject, events: [ConsentEvent], asOf date: Date) -> Due? {
        guard let rule = policies.retention.rule(named: policies.retention.backups.withdrawalRule) else { return nil }
        var latest: [String: ConsentEvent] = [:]
        for event in events { latest[event.purpose] = event }
        var ended: Set<String> = []
        var kept: Set<String> = []
        var since = Date.distantPast
        for purpose in policies.purposes {
            guard purpose.requiresConsent else {
                kept.formUnion(purpose.fields)
                continue
            }
            guard let event = latest[purpose.name] else { continue }
            if keeps(event, asOf: date) {
                kept.formUnion(purpose.fields)
            } else if event.action == .withdrawn {
                let expired = expiry(of: rule, from: Date(timeIntervalSince1970: TimeInterval(event.at)))
                guard expired <= date else {
                    kept.formUnion(purpose.fields)
                    continue
                }
                ended.formUnion(purpose.fields)
                since = max(since, expired)
            }
        }
        let stored = Set(stored.record.fields.map(\.name))
        let destroyed = ended.subtracting(kept).intersection(stored)
        guard !destroyed.isEmpty, destroyed != stored else { return nil }
        return Due(rule: rule.name, expired: since, partial: true, fields: destroyed.sorted())
    }

    /// Whether a purpose's latest consent event keeps the person on `date`: a given consent that is proven, or an
    /// unproven legacy one younger than `legacy_consent_life`.
    func keeps(_ event: ConsentEvent, asOf date: Date) -> Bool {
        guard event.action == .given else { return false }
        if event.proven { return true }
        let recorded = Date(timeIntervalSince1970: TimeInterval(event.at))
        return policies.retention.legacyConsentLife.expiry(from: recorded, in: zone) > date
    }

    /// The date a rule's `anchor` names for this person, or nil when the person has no such event.
    func anchorDate(_ anchor: RetentionAnchor, of stored: StoredSubject, events: [ConsentEvent], key: SubjectKey)
        throws -> Date?
    {
        let created = Date(timeIntervalSince1970: TimeInterval(stored.createdAt))
        switch anchor {
        case .lastPurchase, .lastTransaction:
            return try day(.lastPurchase, of: stored, key: key)
        case .lastContact:
            // The latest sign of the person: first contact, a purchase, or a consent they gave or withdrew.
            let own = events.filter { $0.provenance == .captured }.map { Date(timeIntervalSince1970: TimeInterval($0.at)) }
            let dates = [try day(.firstContact, of: stored, key: key),
                         try day(.lastPurchase, of: stored, key: key)].compactMap { $0 } + own
            return dates.max() ?? created
        case .consentWithdrawn:
            return events.filter { $0.action == .withdrawn }.map(\.at).max()
                .map { Date(timeIntervalSince1970: TimeInterval($0)) }
        case .collected:
            return try day(.firstContact, of: stored, key: key) ?? created
        case .purposeAchieved:
            return nil
        }
    }

    /// The day a person's field of `role` holds (`fields.yaml` says which field that is).
    private func day(_ role: FieldRole, of stored: StoredSubject, key: SubjectKey) throws -> Date? {
        guard let field = policies.fields.fieldName(for: role), let sealed = stored.record[field] else { return nil }
        let text = try key.open(sealed.box, field: field)
        if let known = days[text] { return known }
        let day = Gateway.isoDay(text, in: zone)
        days[text] = day
        return day
    }

    private func expiry(of rule: RetentionRule, from date: Date) -> Date {
        let key = ExpiryKey(rule: rule.name, from: date)
        if let known = expiries[key] { return known }
        let expiry = rule.duration.expiry(from: date, in: zone)
        expiries[key] = expiry
        return expiry
    }
}
