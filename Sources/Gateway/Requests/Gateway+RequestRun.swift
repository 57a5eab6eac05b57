public import Core
import Foundation
import Keyring
import Vault
import Audit
public import Policy
import Requests
import Intake

extension Gateway {
    /// The work of ``runRequest(_:language:principal:)``, without the message to the requester.
    func performRequest(_ reference: String, language: Language? = nil, principal: Principal) async throws
        -> RequestRunResult
    {
        var request = try await request(reference, principal: principal)
        let language = language ?? Self.documentLanguage(jurisdiction: request.jurisdiction)
        guard request.state == .verified || request.state == .inProgress else {
            throw GatewayError(.invalidArgument,
                "\(reference) is \(request.state.rawValue); verify the person's identity before running it")
        }
        let needed: RoleAction = switch request.kind {
        case .access: .export
        case .rectification: .rectify
        case .objection, .stopProcessing, .withdrawal: .consent
        default: .erase
        }
        try await require(needed, principal, auditAction: .requestRun, subject: request.subject)
        if request.state == .verified {
            request = try await transition(reference, principal: principal, action: .requestStart) { r, _ in
                try Self.move(&r, to: .inProgress)
            }
        }
        let subject = request.subject.flatMap(SubjectID.init)
        if request.kind == .erasure, request.state == .inProgress, request.outcome != nil, let subject {
            // Erased locally already: running it again only asks the recipients where they stand.
            return RequestRunResult(request: try await settleRecipients(of: request, subject: subject,
                                                                        principal: principal))
        }
        var result = RequestRunResult(request: request)
        let outcome = try await carryOut(request, subject: subject, language: language, principal: principal,
                                         result: &result)
        if request.kind == .erasure, let subject, result.erasure?.act != nil, !connectorRoutes.isEmpty {
            // Honest completion: done locally, open until every recipient has confirmed or is a dead letter.
            let local = outcome
            let waiting = try await transition(reference, principal: principal, action: .requestErasedLocally,
                                               clearPayload: true) { r, _ in r.outcome = local }
            result.request = try await settleRecipients(of: waiting, subject: subject, principal: principal)
            return result
        }
        result.request = try await transition(reference, principal: principal, action: .requestComplete,
                                              clearPayload: true) { r, now in
            try Self.move(&r, to: .completed)
            r.completedAt = now
            r.outcome = outcome
        }
        return result
    }

    /// Does what a verified request asks and returns its outcome, in words for the register (never a value).
    private func carryOut(_ request: SubjectRequest, subject: SubjectID?, language: Language, principal: Principal,
                          result: inout RequestRunResult) async throws -> String {
        switch request.kind {
        case .access:
            let bundle = try await accessBundle(for: request, subject: subject, language: language, principal: principal)
            result.bundleFile = bundle.file
            result.deliveryKey = bundle.key
            result.manifestSHA256 = bundle.manifest
            return bundle.summary
        case .rectification:
            return try await rectify(reference: request.reference, subject: subject, field: request.field,
                                     principal: principal)
        case .erasure, .restriction, .objection, .withdrawal, .stopProcessing:
            guard let subject else { return "no data held about the person" }
            return try await carryOut(request.kind, of: subject, reference: request.reference, principal: principal,
                                      result: &result)
        default:
            throw GatewayError(.invalidArgument, "\(request.kind.rawValue) is not a request a person files")
        }
    }

    /// A request about a person on file that erases, restricts, or stops processing on consent.
    private func carryOut(_ kind: RequestKind, of subject: SubjectID, reference: String,
                          principal: Principal, result: inout RequestRunResult) async throws -> String {
        switch kind {
        case .erasure:
            let erased = try await erase(subject, reason: "request \(reference) (erasure)", principal: principal)
            result.erasure = erased
            return erased.shredded ? "erased (crypto-shredded), act \(erased.act ?? "-")"
                : "erased except \(erased.heldFields.joined(separator: ", ")) held and blocked until "
                    + "\(erased.holdEnds.map(Self.day) ?? "-"), act \(erased.act ?? "-")"
        case .restriction:
            try await restrict(subject, principal: principal, reason: reference)
            return "processing restricted"
        case .objection:
            let count = try await object(subject, principal: principal)
            return "objection recorded; \(count) marketing consents withdrawn"
        case .withdrawal:
            let count = try await withdrawEveryConsent(subject, channel: "withdrawal", principal: principal)
            return "consent withdrawn: \(count) consents withdrawn; data held on consent is destroyed by the "
                + "retention purge within the legal period"
        default:
            try await addToSuppressionList(subject, reason: "stop_processing", principal: principal)
            let count = try await withdrawEveryConsent(subject, channel: "stop_processing", principal: principal)
            return "processing on consent stopped: \(count) consents withdrawn, marketing suppressed; "
                + "processing the law or a contract requires (152-FZ art. 6 p. 1 items 2–11) continues"
        }
    }

    /// Blocks a person: kept, but excluded from business reads, exports and connectors.
    public func restrict(_ subject: SubjectID, principal: Principal, reason: String) async throws {
        try await require(.erase, principal, auditAction: .subjectRestrict, subject: subject.rawValue)
        let now = nowSeconds
        let rows = outboxRows(.suppress, subject: subject, purpose: nil, ref: try await personRef(subject),
                              key: "restrict-\(reason)", reason: .restriction)
        try await audited(by: principal, at: now) { tx, log in
            guard try tx.subjectExists(subject) else { throw GatewayError(.notFound, "no subject \(subject)") }
            try tx.enqueueOutbox(rows)
            try tx.setStatus(.restricted, of: subject, now: now)
            try log.record(.subjectRestrict, subject: subject.rawValue, detail: reason)
        }
    }

    /// Objection to direct marketing: withdraws every direct-marketing consent at once. Returns how many.
    public func object(_ subject: SubjectID, principal: Principal) async throws -> Int {
        try await require(.consent, principal, auditAction: .subjectObject, subject: subject.rawValue)
        try await addToSuppressionList(subject, reason: "objection", principal: principal)
        var count = 0
        for purpose in policies.purposes where purpose.directMarketing && purpose.requiresConsent {
            if try await withdrawConsent(subject, purpose: purpose.name, channel: "objection", source: "request",
                                         principal: principal) != nil {
                count += 1
            }
        }
        return count
    }

    /// Withdraws every consent the person has given (a withdrawal or a demand to stop processing); returns how
    /// many were active.
    func withdrawEveryConsent(_ subject: SubjectID, channel: String, principal: Principal) async throws -> Int {
        var count = 0
        for purpose in policies.purposes where purpose.requiresConsent {
            if try await withdrawConsent(subject, purpose: purpose.name, channel: channel, source: "request",
                                         principal: principal) != nil {
                count += 1
            }
        }
        return count
    }

    /// Applies a rectification's sealed new value to the field.
    func rectify(reference: String, subject: SubjectID?, field: String?, principal: Principal) async throws -> String {
        guard let subject, let field, let definition = policies.fields.field(named: field) else {
            return "no data held about the person"
        }
        guard let payload = try await vault.read({ tx in try tx.request(reference: reference)?.payload }) else {
            throw GatewayError(.invalidArgument, "\(reference) carries no corrected value")
        }
        let key = try await keyring.subjectKey(for: subject)
        let value = try definition.normalizer.normalise(try key.open(payload, field: "rectification:\(field)"))
        let now = nowSeconds
        let digest: (BlindIndex.Kind, [UInt8])? = switch definition.normalizer {
        case .email: (.email, keyring.blindIndex(.email).digest(value))
        case .phone: (.phone, keyring.blindIndex(.phone).digest(value))
        default: nil
        }
        try await audited(by: principal, at: now) { tx, log in
            guard var stored = try tx.subject(subject) else { throw GatewayError(.notFound, "no subject \(subject)") }
            let created = stored.record[field]?.createdAt ?? now
            stored.record.set(.init(name: field, keyVersion: key.version, box: key.seal(value, field: field),
                                    createdAt: created, updatedAt: now, confirmedAt: now))
            try tx.updateSubject(rowID: stored.rowID, record: stored.record, now: now)
            if let (kind, bytes) = digest {
                try tx.removeIndex(kind: kind, rowID: stored.rowID)
                try tx.addIndex(kind: kind, digest: bytes, rowID: stored.rowID)
            }
            try log.record(.subjectRectify, subject: subject.rawValue, fields: [field],
                detail: reference)
        }
        return "\(field) corrected"
    }

    /// The language of documents for a person under a jurisdiction: Russian under 152-FZ, English otherwise.
    public static func documentLanguage(jurisdiction: String) -> Language {
        jurisdiction.uppercased() == "RU" ? .ru : .en
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
        return formatter.string(from: date)
    }
}
