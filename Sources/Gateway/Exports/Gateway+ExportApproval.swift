public import Core
import Foundation
import Vault
import Audit
import Policy

/// A second person's approval of one export above the exporter's limit, as the audit log records it.
struct ExportApproval: Sendable {
    /// The approval's audit entry.
    var seq: Int64
    /// Who approved.
    var approver: String
}

extension Gateway {
    /// How long an approval stays usable after it was given.
    static let exportApprovalLife: Int64 = 24 * 3600

    /// Approves one export by another principal above that principal's export limit (`export_limit` in
    /// `roles.yaml`, else `quality.yaml`'s review threshold): the four-eyes rule for bulk exports.
    ///
    /// The approval is an `export.approve` audit entry naming the exporter, the purpose and the most people the
    /// export may hold; the exporter passes its number as ``ExportRequest/approval``. It is good for one export,
    /// within 24 hours, by that exporter only.
    ///
    /// - Parameters:
    ///   - purpose: The purpose the export is for.
    ///   - exporter: The principal who will export (`cli:anna`, `token:crm`); never the approver.
    ///   - people: The most people the approved export may hold.
    ///   - principal: The approver; their role needs the `export` action.
    /// - Returns: The approval's number (its audit sequence number).
    /// - Throws: ``GatewayError`` `refused` (no `export` action, approving one's own export), `invalidArgument`
    ///   (unknown purpose, no people).
    public func approveExport(purpose: String, for exporter: String, people: Int, principal: Principal)
        async throws -> Int64
    {
        try await require(.export, principal, auditAction: .exportApprove)
        guard policies.purpose(named: purpose) != nil else {
            throw GatewayError(.invalidArgument, "no purpose \(purpose) in purposes.yaml")
        }
        guard people > 0 else { throw GatewayError(.invalidArgument, "approve an export of at least one person") }
        let name = exporter.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name != principal.name else {
            try await refuse(principal, auditAction: .exportApprove, reason:
                "an export above the limit needs a second person's approval; nobody approves their own")
        }
        let now = nowSeconds
        return try await audited(by: principal, at: now) { tx, log in
            let seq = try log.record(.exportApprove, purpose: purpose,
                detail: "for=\(name) people=\(people)")
            return seq
        }
    }

    /// The approval that lets `principal` export `people` people for `purpose`, or a refusal (audited) saying
    /// what is missing: no approval, one given by the exporter, for someone else, another purpose, fewer people,
    /// older than a day, or used already.
    func checkExportApproval(_ number: Int64?, purpose: String, people: Int, limit: Int, principal: Principal)
        async throws -> ExportApproval
    {
        let refusal = "an export of \(people) people exceeds the limit of \(limit) for role \(principal.role) "
            + "(roles.yaml export_limit, else quality.yaml review_threshold)"
        guard let number else {
            try await refuse(principal, auditAction: .exportRun, reason: refusal
                + "; it needs a second person's approval (pdgate export approve)")
        }
        let now = nowSeconds
        let life = Self.exportApprovalLife
        let audit = self.audit
        let (record, uses) = try await vault.read { tx -> (AuditRecord?, Int) in
            guard let record = try tx.auditRecords(after: number - 1, limit: 1).first, record.seq == number,
                record.action == AuditAction.exportApprove.rawValue, record.outcome == AuditEntry.Outcome.ok.rawValue
            else { return (nil, 0) }
            let runs = try audit.entries(from: record.at, to: now, principals: [principal.name], in: tx)
            return (record, runs.filter {
                $0.action == AuditAction.exportRun.rawValue && $0.outcome == .ok && ($0.detail ?? "").contains(" approval=\(number)")
            }.count)
        }
        let problem: String? = {
            guard let record else { return "approval \(number) does not exist" }
            let detail = (record.detail ?? "").split(separator: " ")
            let approved = detail.first { $0.hasPrefix("people=") }.flatMap { Int($0.dropFirst(7)) } ?? 0
            if record.principal == principal.name { return "approval \(number) was given by the exporter" }
            if !detail.contains("for=\(principal.name)") { return "approval \(number) is for another principal" }
            if record.purpose != purpose { return "approval \(number) is for another purpose" }
            if approved < people { return "approval \(number) covers \(approved) people, not \(people)" }
            if now - record.at > life { return "approval \(number) is older than a day" }
            if uses > 0 { return "approval \(number) was used already" }
            return nil
        }()
        if let problem {
            try await refuse(principal, auditAction: .exportRun, reason: refusal + "; " + problem)
        }
        return ExportApproval(seq: number, approver: record?.principal ?? "")
    }
}
