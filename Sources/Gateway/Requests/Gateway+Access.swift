package import Core
public import Foundation
import Documents
import Keyring
import Vault
import Audit
package import Policy
package import Requests

extension Gateway {
    /// Builds the access answer for a person (all their data, decrypted; purposes, bases, recipients, retention,
    /// consent history), renders it readable and machine-readable, and seals the bundle for delivery.
    package func accessBundle(for request: SubjectRequest, subject: SubjectID?, language: Language, principal: Principal)
        async throws -> (file: String, key: String, manifest: String, summary: String)
    {
        let answer = try await accessAnswer(for: request, subject: subject, language: language)
        let files: [(String, Data)] = [
            ("answer.json", try Self.json(answer)),
            ("answer.html", Data(AccessAnswerDocument.html(answer, language: language).utf8)),
            ("answer.md", Data(AccessAnswerDocument.markdown(answer, language: language).utf8)),
        ]
        let bundle = try AccessBundle(files: files)
        let key = SecretStream.makeKey()
        let sealed = try SecretStream.seal(Array(bundle.encoded), key: key)
        let file = directory.root.appendingPathComponent("exports").appendingPathComponent("\(request.reference).bundle")
        try writePrivate(Data(sealed), to: file)
        let now = nowSeconds
        try await audited(by: principal, at: now) { tx, log in
            try log.record(.subjectExport, subject: subject?.rawValue,
                fields: answer.items.map(\.field),
                detail: "\(request.reference) manifest=\(bundle.manifestSHA256.prefix(16))")
        }
        var summary = "\(answer.items.count) values exported, \(answer.consentHistory.count) consent events"
        if let review = answer.reviewFields, !review.isEmpty {
            summary += "; review before release: \(review.joined(separator: ", ")) (free text may name other people)"
        }
        return (file.path, Data(key).base64EncodedString(), bundle.manifestSHA256, summary)
    }

    /// The access answer as data, in one language (labels, purposes and recipients in the document's language).
    ///
    /// Recipients are the ones this person's data actually reached (delivered outbox events per connector), each with
    /// the processor's address from `operator.yaml` and, when abroad for the answer's law, the transfer's basis and
    /// safeguards: under the GDPR every recipient outside the EU/EEA, and the operator's own storage in Russia, is a
    /// third country. A value is held since the person's first contact, or since it was imported or created when
    /// that is unknown. Free-text fields are flagged for the privacy officer's review.
    func accessAnswer(for request: SubjectRequest, subject: SubjectID?, language: Language? = nil) async throws
        -> AccessAnswer
    {
        let language = language ?? Self.documentLanguage(jurisdiction: request.jurisdiction)
        let russianLaw = request.jurisdiction.uppercased() == "RU"
        var answer = AccessAnswer(
            reference: request.reference, generatedAt: now, jurisdiction: request.jurisdiction,
            operatorInfo: answerOperator(language: language, russianLaw: russianLaw), subject: subject?.rawValue ?? "-",
            holdsData: false, processingStatus: "none", items: [], purposes: [], consentHistory: [], holdings: [])
        guard let subject,
            let (stored, events, delivered) = try await vault.read({
                tx -> (StoredSubject, [ConsentEvent], [String: Double])? in
                guard let stored = try tx.subject(subject) else { return nil }
                return (stored, try tx.consentEvents(of: subject), try tx.deliveredConnectors(of: subject.rawValue))
            })
        else { return answer }
        let key: SubjectKey
        do {
            key = try await keyring.subjectKey(for: subject)
        } catch let error as KeyringError where error.code == .subjectKeyMissing {
            // Erased between the two reads: nothing is held any more.
            return answer
        }
        answer.holdsData = true
        answer.processingStatus = stored.status.rawValue
        answer.storage = storage(language: language, russianLaw: russianLaw)
        (answer.items, answer.reviewFields) = try answerItems(stored, key: key, language: language)
        if request.kind == .access, let released = try await reviewedTexts(of: request.reference, key: key) {
            Self.apply(released, to: &answer)
        }
        let receivedBy = deliveredRecipients(delivered)
        answer.receivedBy = receivedBy.map { recipientDetail($0.recipient, firstAt: $0.firstAt, language: language,
                                                             russianLaw: russianLaw) }
        let receivedNames = Set(receivedBy.map(\.recipient.name))
        answer.purposes = purposeUses(of: stored, events: events, receivedBy: receivedNames, language: language,
                                      russianLaw: russianLaw)
        answer.transfers = russianLaw ? transferLines(recipients: receivedNames, language: language) : []
        answer.consentHistory = events.map { event in
            .init(purpose: event.purpose, action: event.action.rawValue,
                  at: Date(timeIntervalSince1970: TimeInterval(event.at)), channel: event.channel,
                  provenance: event.provenance.rawValue, proven: event.proven,
                  notice: event.noticeID.map { id in "\(id)@\(event.noticeVersion ?? "")" })
        }
        return answer
    }

    /// Every field held, opened, with its label, source and dates; free-text fields are flagged for review.
    private func answerItems(_ stored: StoredSubject, key: SubjectKey, language: Language) throws
        -> (items: [AccessAnswer.Item], review: [String])
    {
        let firstContactField = policies.fields.fieldName(for: .firstContact)
        let firstContact = try firstContactField.flatMap { stored.record[$0] }.flatMap { field -> Date? in
            CalendarDay(iso: try key.open(field.box, field: field.name)).map { $0.start(in: policies.operatorTimeZone) }
        }
        var items: [AccessAnswer.Item] = []
        var review: [String] = []
        for field in stored.record.fields {
            let definition = policies.fields.field(named: field.name)
            let created = Date(timeIntervalSince1970: TimeInterval(field.createdAt))
            var item = AccessAnswer.Item(
                field: field.name, label: definition?.label(in: language) ?? field.name,
                category: definition?.category.rawValue ?? "notes", value: try key.open(field.box, field: field.name),
                source: language == .ru ? "импорт клиентской базы" : "customer base import",
                storedSince: min(firstContact ?? created, created),
                lastConfirmed: Date(timeIntervalSince1970: TimeInterval(field.confirmedAt)))
            if (definition?.category ?? .notes) == .notes, !item.value.isEmpty {
                item.needsReview = true
                review.append(field.name)
            }
            items.append(item)
        }
        return (items, review)
    }

    /// Each purpose some held field serves: its basis, consent state, retention and the recipients that actually
    /// received this person's data for it.
    private func purposeUses(of stored: StoredSubject, events: [ConsentEvent], receivedBy receivedNames: Set<String>,
                             language: Language, russianLaw: Bool) -> [AccessAnswer.PurposeUse] {
        let held = Set(stored.record.fields.map(\.name))
        var latest: [String: ConsentEvent] = [:]
        for event in events { latest[event.purpose] = event }
        return policies.purposes.compactMap { purpose in
            let fields = purpose.fields.filter(held.contains)
            guard !fields.isEmpty else { return nil }
            let consent = purpose.requiresConsent
                ? (latest[purpose.name].map { $0.action == .given ? "given" : "withdrawn" } ?? "never_given") : nil
            let active = purpose.requiresConsent ? consent == "given" : true
            let retention = purpose.retentionRules.compactMap { policies.retention.rule(named: $0)?.description[language] }
            let recipients = purpose.recipients.filter(receivedNames.contains)
                .compactMap { policies.recipient(named: $0) }
                .map { recipientLabel($0, language: language, russianLaw: russianLaw) }
            var use = AccessAnswer.PurposeUse(
                name: purpose.name, description: purpose.description[language], legalBasis: purpose.legalBasis.rawValue,
                legalBasisText: purpose.legalBasis.label[language], fields: fields,
                retention: retention.joined(separator: "; "), recipients: recipients, active: active)
            use.consent = consent
            return use
        }
    }

    /// Opens a sealed access bundle with its delivery key; returns its files by name.
    public static func openBundle(_ file: URL, key base64: String) throws -> [String: Data] {
        guard let key = Data(base64Encoded: base64), let sealed = try? Data(contentsOf: file) else {
            throw GatewayError(.invalidArgument, "cannot read the bundle or the key (base64)")
        }
        let plain: [UInt8]
        do {
            plain = try SecretStream.open(Array(sealed), key: Array(key))
        } catch {
            throw GatewayError(.crypto, "the bundle does not open with this key (wrong key, or the file was altered)")
        }
        return try AccessBundle.decode(Data(plain))
    }
}
