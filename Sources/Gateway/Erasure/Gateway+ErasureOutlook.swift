public import Core
import Foundation
import Audit
import Keyring
import Vault
public import Policy
import Requests

extension Gateway {
    /// What a person's erasure request will do, in words the person reads (the privacy center, the confirmation
    /// message): field labels, the law behind a legal hold and the day it ends, from the policy files.
    public struct ErasureOutlook: Sendable, Equatable {
        /// Labels of the fields destroyed.
        public var destroyed: [String]
        /// Labels of the fields a legal hold keeps, blocked; empty when everything goes.
        public var held: [String]
        /// The last day the held fields are kept, in the request's jurisdiction.
        public var holdEnds: CalendarDay?
        /// The laws that oblige the hold (`legal_hold` of retention.yaml), in the page's language.
        public var laws: [String]
        /// The last day to carry the request out.
        public var lastDay: CalendarDay
    }

    /// What the erasure request `reference` of `subject` will destroy and keep if it ran now: the same plan as
    /// ``erasurePreview(of:principal:)`` (`ErasurePlan` on the legal hold of retention.yaml), reached through the
    /// person's own request, so the privacy center, which may not erase, can explain it. Audited as the preview.
    ///
    /// - Returns: Nil when the request is not an erasure of that person, or nothing is held any more.
    public func erasureOutlook(of reference: String, for subject: SubjectID, language: Language,
                               principal: Principal) async throws -> ErasureOutlook? {
        let request = try await request(reference, principal: principal)
        guard request.kind == .erasure, request.subject == subject.rawValue,
            let stored = try await vault.read({ tx in try tx.subject(subject) })
        else { return nil }
        let plan = ErasurePlan(stored, hold: try await legalHold(for: stored), now: now)
        try await record(AuditEntry(at: nowSeconds, by: principal, action: .subjectErasePreview,
                                    subject: subject.rawValue, detail: reference))
        let zone = timeZone(ofJurisdiction: request.jurisdiction)
        return ErasureOutlook(
            destroyed: fieldLabels(plan.destroyed, language), held: fieldLabels(plan.held, language),
            holdEnds: plan.holdEnds.map { CalendarDay($0, in: zone) },
            laws: plan.held.isEmpty ? [] : holdLaws(language), lastDay: deadlineStatus(of: request).lastDay)
    }

    /// Field names as the person reads them (fields.yaml's labels), in policy order of the names given.
    func fieldLabels(_ names: [String], _ language: Language) -> [String] {
        names.map { name in policies.fields.field(named: name)?.label(in: language) ?? name }
    }

    /// The laws behind every legal hold an erasure may keep data for: the `legal_hold` of each retention rule of a
    /// purpose on a legal obligation (the rule ``legalHold(for:)`` applies).
    func holdLaws(_ language: Language) -> [String] {
        var laws: [String] = []
        for purpose in policies.purposes where purpose.legalBasis == .legalObligation {
            for name in purpose.retentionRules {
                guard let law = policies.retention.rule(named: name)?.legalHold?[language], !laws.contains(law)
                else { continue }
                laws.append(law)
            }
        }
        return laws
    }
}
