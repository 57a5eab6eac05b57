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
    }

    private let policies: PolicySet
    private let zone = TimeZone(identifier: "Europe/Moscow")!
    private var days: [String: Date?] = [:]
    private var expiries: [ExpiryKey: Date] = [:]

    private struct ExpiryKey: Hashable {
        var rule: String
        var from: Date
    }

    init(policies: PolicySet) {
        self.policies = policies
    }

    /// The accounting hold on a person, if a legal-hold rule applies: the held fields and when the hold ends.
    func legalHold(for stored: StoredSubject, key: SubjectKey) throws -> (fields: [String], ends: Date)? {
        guard let date = try day("last_purchase_date", of: stored, key: key) else { return nil }
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
    func due(_ stored: StoredSubject, events: [ConsentEvent], key: SubjectKey, asOf date: Date) throws -> Due? {
        let rules = policies.retention
        let hold = try legalHold(for: stored, key: key)
        // A person already reduced to held fields: purge completes the erasure when the hold ends.
        if stored.status == .restricted, let hold, Set(stored.record.fields.map(\.name)).isSubset(of: Set(hold.fields)) {
            return hold.ends <= date ? Due(rule: "accounting", expired: hold.ends, partial: false) : nil
        }
        var latest: [String: ConsentEvent] = [:]
        for event in events { latest[event.purpose] = event }
        let activeConsent = latest.values.contains { $0.action == .given }
        if let lastPurchase = try day("last_purchase_date", of: stored, key: key) {
            let customerRules = rules.rules.filter { $0.appliesTo.rawValue == "customers" }
            guard let longest = customerRules.max(by: {
                expiry(of: $0, from: lastPurchase) < expiry(of: $1, from: lastPurchase)
            }) else { return nil }
            let ends = expiry(of: longest, from: lastPurchase)
            guard ends <= date else { return nil }
            return Due(rule: longest.name, expired: ends, partial: hold.map { $0.ends > date } ?? false)
        }
        if let withdrawalRule = rules.rule(named: rules.backups.withdrawalRule), !activeConsent,
            let lastWithdrawal = latest.values.filter({ $0.action == .withdrawn }).map(\.at).max() {
            let ends = expiry(of: withdrawalRule, from: Date(timeIntervalSince1970: TimeInterval(lastWithdrawal)))
            if ends <= date { return Due(rule: withdrawalRule.name, expired: ends, partial: false) }
        }
        // A lead who consents to a purpose is kept for it while the consent lasts.
        guard !activeConsent, let leadRule = rules.rules.first(where: { $0.appliesTo.rawValue == "leads" }) else {
            return nil
        }
        let lastContact = try day("first_contact_date", of: stored, key: key)
            ?? Date(timeIntervalSince1970: TimeInterval(stored.createdAt))
        let ends = expiry(of: leadRule, from: lastContact)
        return ends <= date ? Due(rule: leadRule.name, expired: ends, partial: false) : nil
    }

    private func day(_ field: String, of stored: StoredSubject, key: SubjectKey) throws -> Date? {
        guard let sealed = stored.record[field] else { return nil }
        let text = try key.open(sealed.box, field: field)
        if let known = days[text] { return known }
        let day = Gateway.isoDay(text)
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
