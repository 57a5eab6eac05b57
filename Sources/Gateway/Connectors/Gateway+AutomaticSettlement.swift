import Core
public import Foundation
import Audit
import Keyring
import Requests
import Vault

extension Gateway {
    /// How far back ``settleRecipients()`` looks for acts whose recipients have not all answered.
    static let actSettlementWindow: Int64 = 90 * 86_400

    /// Records what the recipients have answered, without anyone re-running anything: every erasure request erased
    /// locally whose recipients have all answered (delivered, or a dead letter) is completed with each recipient's
    /// answer, and every destruction act whose recipients have all answered gets their outcomes in place of
    /// "pending".
    ///
    /// The outbox dispatcher calls it after every pass that delivered or dead-lettered an event (`pdgate serve`,
    /// `pdgate connectors sync`), with the time of its previous call, so a pass looks only at the people whose
    /// erasure events were answered since; without `answeredSince` it looks at every open request and at the acts
    /// of the last 90 days. Idempotent and safe to call at any time, from any instance.
    /// - Returns: How many requests and acts it settled.
    @discardableResult
    public func settleRecipients(answeredSince since: Date? = nil) async throws -> Int {
        guard !connectorRoutes.isEmpty else { return 0 }
        var answered: Set<String>?
        if let since {
            let subjects = try await vault.read { tx in
                try tx.subjectsWithErasuresFinished(since: since.timeIntervalSince1970)
            }
            guard !subjects.isEmpty else { return 0 }
            answered = Set(subjects)
        }
        var settled = 0
        let waiting = try await vault.read { tx in try tx.requests(openOnly: true).filter { $0.state == "in_progress" } }
        for stored in waiting where answered.map({ stored.subject.map($0.contains) ?? false }) ?? true {
            let request = try Self.decode(stored)
            guard request.kind == .erasure, request.outcome != nil, let subject = request.subject.flatMap(SubjectID.init)
            else { continue }
            if try await settleRecipients(of: request, subject: subject, principal: Self.system,
                                          byPDGate: true).state == .completed {
                settled += 1
            }
        }
        let cutoff = nowSeconds - Self.actSettlementWindow
        let recording = answered?.sorted()
        let acts = try await vault.read { tx in
            if let recording { try tx.acts(recording: recording) } else { try tx.acts(createdSince: cutoff) }
        }
        for act in acts where try await settleAct(number: act.number, file: act.file, subjects: act.subjects) {
            settled += 1
        }
        return settled
    }

    /// Writes the recipients' answers into an act still saying "pending", once each recipient has answered for
    /// every person the act records; the act keeps its number and date, and the audit records the update.
    private func settleAct(number: String, file: String, subjects: [String]) async throws -> Bool {
        let json = actURL(file).appendingPathExtension("json")
        guard let data = try? Data(contentsOf: json),
            var act = try? Self.actDecoder.decode(DestructionAct.self, from: data),
            act.connectors.contains(where: { $0.outcome == Self.pendingOutcome })
        else { return false }
        var answers: [String: [String]] = [:]
        for subject in subjects {
            for (connector, event) in try await latestErasureAnswers(of: subject) {
                guard event.state != "pending" else { return false }
                answers[connector, default: []].append(event.state == "dead"
                    ? "не выполнено (\(event.errorCode ?? "ошибка")): удалить вручную в системе получателя"
                    : "подтверждено (\(event.result ?? "выполнено"))")
            }
        }
        act.connectors = act.connectors.map { entry in
            guard entry.outcome == Self.pendingOutcome else { return entry }
            let outcomes = answers[entry.connector] ?? ["не передавались"]
            let text = Set(outcomes).count == 1 ? outcomes[0]
                : Dictionary(grouping: outcomes, by: { $0 }).map { "\($0.key) — \($0.value.count)" }.sorted()
                    .joined(separator: "; ")
            return .init(connector: entry.connector, outcome: text)
        }
        try writeActFiles(act, at: actURL(file))
        try await record(AuditEntry(at: nowSeconds, by: Self.system,
                                    action: .actRecipients, detail: number))
        return true
    }

    /// What an act says of a recipient until it has answered.
    static let pendingOutcome = "pending"

    private static var actDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
