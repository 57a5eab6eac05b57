import Core
import Foundation
import Audit
import Intake
import Keyring
import Policy

extension Gateway {
    /// The definitions of the named fields in name order; an unknown name is `invalidArgument`, and a field the
    /// role may not write is refused (audited, with the fields named).
    func writableFields(_ names: some Collection<String>, role: Role, principal: Principal, auditAction: AuditAction,
                        subject: SubjectID? = nil) async throws -> [FieldDefinition] {
        var definitions: [FieldDefinition] = []
        for name in names.sorted() {
            guard let definition = policies.fields.field(named: name) else {
                throw GatewayError(.invalidArgument, "no field \(name) in fields.yaml")
            }
            definitions.append(definition)
        }
        let unwritable = definitions.filter { !role.canWrite($0) }.map(\.name)
        if !unwritable.isEmpty {
            try await refuse(principal, auditAction: auditAction, subject: subject?.rawValue, fields: unwritable,
                             reason: "role \(principal.role) may not write \(unwritable.joined(separator: ", "))")
        }
        return definitions
    }

    func normalisedValues(_ input: [String: String], definitions: [FieldDefinition]) throws
        -> [(FieldDefinition, String)]
    {
        var values: [(FieldDefinition, String)] = []
        for definition in definitions {
            let trimmed = (input[definition.name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            if trimmed.count > definition.maxLength {
                throw GatewayError(.invalidArgument,
                    "\(definition.name) is \(trimmed.count) characters; the limit is \(definition.maxLength)")
            }
            do {
                values.append((definition, try definition.normalizer.normalise(trimmed)))
            } catch {
                throw GatewayError(.invalidArgument, "\(definition.name): \(error.message)")
            }
        }
        return values
    }

    /// Channels are short identifiers and sources short labels: both end up in the audit log.
    static func checkCapture(_ capture: ConsentCapture) throws {
        let channelOK = (1...40).contains(capture.channel.utf8.count)
            && capture.channel.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "_" }
        guard channelOK else {
            throw GatewayError(.invalidArgument, "a consent channel is 1 to 40 lowercase letters or _ (web_form, api)")
        }
        for (label, text) in [("source", capture.source), ("evidence", capture.evidence ?? "")] {
            guard text.count <= 200, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                throw GatewayError(.invalidArgument, "a consent \(label) is at most 200 characters, on one line")
            }
        }
        guard !capture.source.isEmpty else {
            throw GatewayError(.invalidArgument, "a consent source names the form or page (form:landing-2026)")
        }
    }
}
