import Core
import Foundation
import Vault
import Audit
import Policy
import Requests

/// An incident's deadlines and scope: the notification clocks of each jurisdiction, and the people, fields and
/// categories the audit log shows the involved principals reached.
extension Gateway {
    /// The notification deadlines for the jurisdictions, from jurisdictions.yaml (clock hours, no calendar).
    func incidentDeadlines(detectedAt: Date, jurisdictions: [String]) throws -> [Incident.Deadline] {
        var deadlines: [Incident.Deadline] = []
        for code in jurisdictions {
            guard let regime = policies.jurisdiction(code: code) else {
                throw GatewayError(.invalidArgument, "no jurisdiction \(code) in jurisdictions.yaml")
            }
            let kinds: [(RequestKind, String)] = code == "RU"
                ? [(.dataLeak, "ru_initial"), (.dataLeakReport, "ru_followup")]
                : [(.dataLeak, "\(code.lowercased())_authority")]
            for (kind, name) in kinds {
                guard let rule = regime.rule(for: kind) else { continue }
                let due: Date
                do {
                    due = try regime.deadline(for: kind, receivedAt: detectedAt, extended: false)
                } catch {
                    throw GatewayError(.policy, "cannot compute the \(code) \(kind.rawValue) deadline: \(error.message)")
                }
                deadlines.append(.init(name: name, jurisdiction: code, basis: rule.basis, due: due))
            }
        }
        return deadlines
    }

    /// Fills in the affected people, fields and categories from the audit log for the incident's window and
    /// principals.
    func computeAffected(_ incident: inout Incident, audit: AuditLog, tx: VaultTransaction) throws {
        let entries = try audit.entries(
            from: Int64(incident.windowStart.timeIntervalSince1970.rounded(.down)),
            to: Int64(incident.windowEnd.timeIntervalSince1970.rounded(.down)),
            principals: incident.principals, in: tx)
        var subjects: Set<String> = []
        var fields: Set<String> = []
        for entry in entries where entry.outcome == .ok && Self.exposingActions.contains(entry.action) {
            guard let subject = entry.subject else { continue }
            subjects.insert(subject)
            fields.formUnion(entry.fields)
        }
        // Exports name each person in an `export.subject` entry; exports written before those entries existed are
        // found in the export register, as long as their file is registered.
        let exported = try tx.exportedSubjects(
            principals: incident.principals, from: Int64(incident.windowStart.timeIntervalSince1970.rounded(.down)),
            to: Int64(incident.windowEnd.timeIntervalSince1970.rounded(.down)))
        if !exported.isEmpty {
            subjects.formUnion(exported)
            for entry in entries where entry.outcome == .ok && entry.action == AuditAction.exportRun.rawValue {
                fields.formUnion(entry.fields)
            }
        }
        incident.affectedSubjects = subjects.sorted()
        incident.affectedCount = subjects.count
        incident.affectedFields = fields.sorted()
        let categories = Set(fields.compactMap { policies.fields.field(named: $0)?.category })
        incident.affectedCategories = FieldCategory.allCases.filter(categories.contains).map(\.rawValue)
    }
}
