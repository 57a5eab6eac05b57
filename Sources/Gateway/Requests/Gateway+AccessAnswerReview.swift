public import Core
import Foundation
import Keyring
import Vault
import Audit
public import Requests

extension Gateway {
    /// The field the reviewed texts are sealed under, in the request's payload.
    static let accessReviewSeal = "access-review"

    /// Records the privacy officer's review of an access answer's free text before it is released.
    ///
    /// Free-text fields (notes: "Дочь Маша, 7 лет") may hold other people's data, which an access answer must not
    /// disclose (152-FZ art. 14 p. 8 item 4, GDPR art. 15(4)); they are flagged, and the person's own download
    /// withholds them until this review. For each flagged field the officer gives the text to release: the value as
    /// it is, or with third parties' data removed; an empty text withholds the field. The texts are sealed with the
    /// person's key in the request (so an erasure makes them unreadable too); every later answer for this request
    /// carries them. The review is audited with field names and which ones were changed, never the texts.
    ///
    /// - Parameters:
    ///   - reference: A completed or open access request with a person.
    ///   - released: Field name → the text to release (`""` withholds it); only fields the answer flags.
    /// - Returns: The fields whose released text differs from the stored value (redacted or withheld).
    /// - Throws: ``GatewayError`` `refused` for a role that does not handle requests, `invalidArgument` for another
    ///   kind of request, one without a person, or a field not flagged for review, `notFound`.
    @discardableResult
    public func reviewAccessAnswer(_ reference: String, released: [String: String], principal: Principal)
        async throws -> [String]
    {
        try await requireRequestRole(principal, auditAction: .requestReview)
        let request = try await self.request(reference, principal: principal)
        guard request.kind == .access, let person = request.subject, let subject = SubjectID(person) else {
            throw GatewayError(.invalidArgument, "\(reference) is not an access request about a known person")
        }
        let original = try await accessAnswer(for: request, subject: subject)
        let flagged = Set(original.reviewFields ?? [])
        let unknown = Set(released.keys).subtracting(flagged).sorted()
        guard unknown.isEmpty else {
            throw GatewayError(.invalidArgument, "not flagged for review in \(reference): "
                + unknown.joined(separator: ", ") + " (flagged: " + flagged.sorted().joined(separator: ", ") + ")")
        }
        let values = Dictionary(original.items.map { ($0.field, $0.value) }, uniquingKeysWith: { first, _ in first })
        let changed = released.filter { values[$0.key] != $0.value }.keys.sorted()
        let key = try await keyring.subjectKey(for: subject)
        let text = String(decoding: try JSONEncoder().encode(released), as: UTF8.self)
        let sealed = key.seal(text, field: Self.accessReviewSeal)
        let now = nowSeconds
        try await audited(by: principal, at: now) { tx, log in
            try tx.setRequestPayload(reference: reference, payload: sealed)
            try log.record(.requestReview, subject: person, fields: released.keys.sorted(),
                detail: "\(reference) redacted=\(changed.joined(separator: ","))")
        }
        return changed
    }

    /// The free-text fields of an access answer still waiting for the officer's review, with their stored text, for
    /// the console's review form. Reading them is audited (`subject.read`, field names only).
    ///
    /// - Returns: The flagged items (empty when nothing waits: no free text, or reviewed already).
    /// - Throws: As ``reviewAccessAnswer(_:released:principal:)``.
    public func accessAnswerAwaitingReview(_ reference: String, principal: Principal) async throws
        -> [AccessAnswer.Item]
    {
        try await requireRequestRole(principal, auditAction: .requestReview)
        let request = try await self.request(reference, principal: principal)
        guard request.kind == .access, let person = request.subject, let subject = SubjectID(person) else {
            throw GatewayError(.invalidArgument, "\(reference) is not an access request about a known person")
        }
        let flagged = try await accessAnswer(for: request, subject: subject).items.filter { $0.needsReview == true }
        if !flagged.isEmpty {
            try await record(AuditEntry(at: nowSeconds, by: principal, action: .subjectRead, subject: person,
                                        fields: flagged.map(\.field), detail: "\(reference) free-text review"))
        }
        return flagged
    }

    /// The reviewed texts of an access request, when the officer reviewed its answer.
    func reviewedTexts(of reference: String, key: SubjectKey) async throws -> [String: String]? {
        guard let payload = try await vault.read({ tx in try tx.request(reference: reference)?.payload }),
            let text = try? key.open(payload, field: Self.accessReviewSeal)
        else { return nil }
        return try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }

    /// Puts the reviewed texts in the answer: a released text replaces the value and is no longer flagged; an empty
    /// one removes the field from the answer (withheld).
    static func apply(_ released: [String: String], to answer: inout AccessAnswer) {
        answer.items = answer.items.compactMap { item in
            guard let text = released[item.field] else { return item }
            guard !text.isEmpty else { return nil }
            var reviewed = item
            reviewed.value = text
            reviewed.needsReview = nil
            return reviewed
        }
        answer.reviewFields = (answer.reviewFields ?? []).filter { released[$0] == nil }
    }
}
