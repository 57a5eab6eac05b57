import Core
import Foundation
import Audit
import Keyring
import Vault
import Requests

extension Gateway {
    /// An erasure request erased locally stays `in_progress` (its deadline running) until every recipient's erasure
    /// event is settled: delivered with the service's answer, or a dead letter with its error code. Then it is
    /// `completed`, its outcome listing each recipient and what it answered; before, the outcome names those still
    /// pending.
    ///
    /// - Returns: The request as it stands now.
    /// - Parameter byPDGate: The dispatcher's pass settles it, as ``system`` (no role needed).
    func settleRecipients(of request: SubjectRequest, subject: SubjectID, principal: Principal,
                          byPDGate: Bool = false) async throws -> SubjectRequest
    {
        let latest = try await latestErasureAnswers(of: subject.rawValue)
        let recipients = latest.keys.sorted()
        let pending = recipients.filter { latest[$0]?.state == "pending" }
        let local = (request.outcome ?? "").components(separatedBy: "; recipients: ")[0]
        if !pending.isEmpty {
            let text = local + "; recipients: awaiting " + pending.joined(separator: ", ")
            guard text != request.outcome else { return request }
            return try await transition(request.reference, principal: principal, action: .requestAwaitingRecipients,
                                        detail: "pending=\(pending.count)", byPDGate: byPDGate) { r, _ in r.outcome = text }
        }
        let answers = recipients.map { name -> String in
            guard let event = latest[name] else { return name }
            return event.state == "dead" ? "\(name): failed (\(event.errorCode ?? "error"))"
                : "\(name): \(event.result ?? "done")"
        }
        let text = local + "; recipients: " + (answers.isEmpty ? "none" : answers.joined(separator: ", "))
        do {
            return try await transition(request.reference, principal: principal, action: .requestComplete,
                                        byPDGate: byPDGate) { r, now in
                try Self.move(&r, to: .completed)
                r.completedAt = now
                r.outcome = text
            }
        } catch let error as GatewayError where error.code == .invalidArgument {
            // Another instance's dispatcher settled it between our read and our write (two gateways on one
            // database): the request is completed with the same answers, which is what this call was for.
            let stored = try await vault.read { tx in try tx.request(reference: request.reference) }
            guard let current = try stored.map(Self.decode), current.state == .completed else { throw error }
            return current
        }
    }

    /// The latest erase event of `subject` per connector: its state (`pending`, `done`, `dead`), the service's
    /// answer and the error code of a dead letter.
    func latestErasureAnswers(of subject: String) async throws
        -> [String: (state: String, result: String?, errorCode: String?)]
    {
        let events = try await vault.read { tx in try tx.outboxOutcomes(subject: subject, operation: "erase") }
        var latest: [String: (state: String, result: String?, errorCode: String?)] = [:]
        for event in events { latest[event.connector] = (event.state, event.result, event.errorCode) }
        return latest
    }
}
