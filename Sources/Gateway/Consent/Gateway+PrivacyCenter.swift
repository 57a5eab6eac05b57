public import Core
public import Foundation
public import Documents
import Keyring
import Vault
import Audit
public import Policy
public import Requests

/// The readable and machine-readable forms of one access answer, for a person to download.
public struct AccessAnswerFiles: Sendable {
    /// The answer as a self-contained HTML page (printable to PDF from any browser).
    public var html: String
    /// The same answer as JSON (portability, GDPR art. 20).
    public var json: Data
}

extension Gateway {
    /// The principal the privacy center acts as, for people who proved they hold the e-mail on file.
    public static let privacyCenter = Principal(name: "privacy-center", role: "privacy_center")

    /// Where a verification code for the person `lookup` names goes: the e-mail on file, or, for a person with
    /// no e-mail (or one a mailing service reported undeliverable), the phone on file (by SMS). Never the contact
    /// typed: it only says who is asking, and a code reaches whoever holds the contact the operator has on file.
    /// Nil unless exactly one person matches and has somewhere to send to.
    ///
    /// Several people sharing the phone named (a family phone) get nothing: one must not see another's data. The
    /// read is audited with the same entry whether or not someone was found, so both answers cost the same.
    /// - Throws: ``GatewayError`` `invalidArgument` when the value is not a valid e-mail or phone.
    public func codeRoute(for lookup: Lookup, principal: Principal) async throws -> (subject: SubjectID, route: CodeRoute)? {
        let matches = try await findSubjects(lookup, principal: principal)
        var found: (subject: SubjectID, route: CodeRoute)?
        if matches.count == 1, let subject = matches.first,
            case let (stored?, emailStatus) = try await vault.read({ tx in
                (try tx.subject(subject), try tx.addressStatus(subject: subject.rawValue, kind: "email"))
            }) {
            let contacts = await contacts(of: stored)
            // An e-mail a mailing service reported undeliverable (hard bounce, cleaned) gives way to the phone on
            // file when there is one: a code sent there would never arrive.
            let bounced = emailStatus?.status == "invalid"
            if let email = contacts.email, !bounced || contacts.phone == nil {
                found = (subject, .email(email))
            } else if let phone = contacts.phone {
                found = (subject, .phone(phone))
            }
        }
        // The field read, by its role in fields.yaml (as `contacts(of:)` reads it), not a hard-coded name.
        let role: FieldRole? = switch found?.route {
        case .email: .email
        case .phone: .phone
        case nil: nil
        }
        let field = role.flatMap { policies.fields.fieldName(for: $0) }.map { [$0] } ?? []
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: .subjectContact, subject: found?.subject.rawValue, fields: field,
                                    detail: found == nil ? "verification code: no single match" : "verification code"))
        return found
    }

    /// A person's own requests, newest first, for the privacy center.
    public func requests(of subject: SubjectID, principal: Principal) async throws -> [SubjectRequest] {
        try await requireRequestRole(principal, auditAction: .requestList)
        let stored = try await vault.read { tx in try tx.requests(openOnly: false) }
        return try stored.filter { $0.subject == subject.rawValue }.map(Self.decode)
            .sorted { $0.receivedAt > $1.receivedAt }
    }

    /// The answer to a person's completed access request, built from what the vault holds now, as HTML and JSON.
    ///
    /// Only the person the request belongs to gets it; the read is audited as an export.
    /// - Throws: ``GatewayError`` `notFound` when the request is not this person's, `invalidArgument` when it is not
    ///   a completed access request, `refused` without `export`.
    public func accessAnswer(of reference: String, for subject: SubjectID, language: Language, principal: Principal)
        async throws -> AccessAnswerFiles
    {
        let request = try await request(reference, principal: principal)
        guard request.subject == subject.rawValue else { throw GatewayError(.notFound, "no request \(reference)") }
        try await require(.export, principal, auditAction: .requestAnswer, subject: subject.rawValue)
        guard request.kind == .access, request.state == .completed else {
            throw GatewayError(.invalidArgument, "\(reference) is not a completed access request")
        }
        var answer = try await accessAnswer(for: request, subject: subject, language: language)
        // Free text may name other people: the person's own download carries it only after the officer's review.
        let withheld = answer.reviewFields ?? []
        for index in answer.items.indices where withheld.contains(answer.items[index].field) {
            answer.items[index].value = ""
        }
        answer.withheldFields = withheld
        let files = AccessAnswerFiles(html: AccessAnswerDocument.html(answer, language: language),
                                      json: try Self.json(answer))
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: .requestAnswer, subject: subject.rawValue,
                                    fields: answer.items.map(\.field), detail: reference))
        return files
    }

    /// The consent-based purposes, each with the person's current state, in policy order.
    public func consentStates(of subject: SubjectID) async throws -> [ConsentState] {
        var states: [ConsentState] = []
        for purpose in policies.purposes where purpose.requiresConsent {
            states.append(try await consentState(subject, purpose: purpose.name))
        }
        return states
    }

    /// The consent document a person is shown for a purpose, with the notice reference a consent given on it records.
    ///
    /// - Throws: ``GatewayError`` `invalidArgument` for a purpose that is unknown or not consent-based, `policy`
    ///   when its notice is missing.
    public func consentDocument(for purpose: String) throws -> (notice: NoticeLibrary.Notice, document: GeneratedDocument) {
        guard let definition = policies.purpose(named: purpose), definition.requiresConsent else {
            throw GatewayError(.invalidArgument, "no consent-based purpose \(purpose) in purposes.yaml")
        }
        return try notices.consentDocument(for: definition, policies: policies)
    }
}
