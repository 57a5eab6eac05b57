public import Core
import Foundation
public import Requests
public import Audit
import Vault

extension Gateway {
    /// Adds an internal note to a request's case (any state, open or closed), audited as `request.note` with the
    /// request's reference and the note's length, never its text.
    ///
    /// - Parameters:
    ///   - text: The note, 1 to 2,000 characters; staff only, never sent to the person.
    /// - Returns: The request with the note.
    /// - Throws: ``GatewayError`` `refused` for a role that does not handle requests, `notFound`, `invalidArgument`
    ///   for an empty or too long note.
    public func addRequestNote(_ reference: String, text: String, principal: Principal) async throws
        -> SubjectRequest
    {
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2000).contains(note.count) else {
            throw GatewayError(.invalidArgument, "a note has 1 to 2000 characters")
        }
        return try await transition(reference, principal: principal, action: .requestNote,
                                    detail: "note_chars=\(note.count)") { request, now in
            request.notes = (request.notes ?? []) + [RequestNote(at: now, by: principal.name, text: note)]
        }
    }

    /// The audit entries about one request, oldest first: its creation, verification, messages to the person,
    /// run, answer, act, refusal or extension, notes (who, when, what; never personal values).
    ///
    /// A request with a person is read from that person's audit index; one without, from the log since the day
    /// before it was received. Entries are those whose detail starts with the reference.
    ///
    /// - Throws: ``GatewayError`` `refused` for a role that does not handle requests, `notFound`.
    public func requestTimeline(_ reference: String, principal: Principal) async throws -> [AuditEntry] {
        let item = try await self.request(reference, principal: principal)
        let audit = self.audit
        let now = nowSeconds
        let start = Int64(item.receivedAt.timeIntervalSince1970) - 86_400
        let subject = item.subject.flatMap(SubjectID.init)
        let entries = try await vault.read { tx in
            if let subject {
                return try audit.entries(subject: subject, in: tx)
            }
            return try audit.entries(from: start, to: now, in: tx)
        }
        return entries.filter { entry in
            guard let detail = entry.detail, detail.hasPrefix(reference) else { return false }
            return detail.count == reference.count || detail.dropFirst(reference.count).first == " "
        }.sorted { ($0.at, $0.seq ?? 0) < ($1.at, $1.seq ?? 0) }
    }
}
