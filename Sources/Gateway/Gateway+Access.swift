public import Foundation
import Keyring
import Vault
import Audit
import Policy
import Requests

extension Gateway {
    /// Builds the access answer for a person (all their data, decrypted; purposes, bases, recipients, retention,
    /// consent history), renders it readable and machine-readable, and seals the bundle for delivery.
    func accessBundle(for request: SubjectRequest, subject: SubjectID?, language: Language, principal: Principal)
        async throws -> (file: String, key: String, manifest: String, summary: String)
    {
        let answer = try await accessAnswer(for: request, subject: subject)
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
        let audit = self.audit
        try await vault.write { tx in
            try audit.append(AuditEntry(at: now, principal: principal.name, role: principal.role,
                                        action: "subject.export", subject: subject?.rawValue,
                                        fields: answer.items.map(\.field),
                                        detail: "\(request.reference) manifest=\(bundle.manifestSHA256.prefix(16))"), in: tx)
            try audit.checkpoint(in: tx, now: now)
        }
        return (file.path, Data(key).base64EncodedString(), bundle.manifestSHA256,
                "\(answer.items.count) values exported, \(answer.consentHistory.count) consent events")
    }

    /// The access answer as data.
    func accessAnswer(for request: SubjectRequest, subject: SubjectID?) async throws -> AccessAnswer {
        let language: Language = request.jurisdiction == "EU" ? .en : .ru
        var answer = AccessAnswer(
            reference: request.reference, generatedAt: now, jurisdiction: request.jurisdiction,
            operatorInfo: operatorInfo(language: language), subject: subject?.rawValue ?? "-", holdsData: false,
            processingStatus: "none", items: [], purposes: [], consentHistory: [], holdings: [])
        guard let subject,
            let (stored, events) = try await vault.read({ tx -> (StoredSubject, [ConsentEvent])? in
                guard let stored = try tx.subject(subject) else { return nil }
                return (stored, try tx.consentEvents(of: subject))
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
        for field in stored.record.fields {
            let definition = policies.fields.field(named: field.name)
            answer.items.append(.init(
                field: field.name, label: definition.map { language == .ru ? $0.labelRU : $0.labelEN } ?? field.name,
                category: definition?.category.rawValue ?? "notes", value: try key.open(field.box, field: field.name),
                source: language == .ru ? "импорт клиентской базы" : "customer base import",
                storedSince: Date(timeIntervalSince1970: TimeInterval(field.createdAt)),
                lastConfirmed: Date(timeIntervalSince1970: TimeInterval(field.confirmedAt))))
        }
        let held = Set(stored.record.fields.map(\.name))
        var latest: [String: ConsentEvent] = [:]
        for event in events { latest[event.purpose] = event }
        for purpose in policies.purposes {
            let fields = purpose.fields.filter(held.contains)
            guard !fields.isEmpty else { continue }
            let active = purpose.requiresConsent ? latest[purpose.name]?.action == .given : true
            let retention = purpose.retentionRules.compactMap { policies.retention.rule(named: $0)?.description[language] }
            let recipients = purpose.recipients.compactMap { policies.recipient(named: $0) }.map {
                $0.label[language] + " (\($0.country)" + ($0.crossBorder ? (language == .ru ? ", трансграничная передача)" : ", cross-border transfer)") : ")")
            }
            answer.purposes.append(.init(
                name: purpose.name, description: purpose.description[language], legalBasis: purpose.legalBasis.rawValue,
                legalBasisText: purpose.legalBasis.label[language], fields: fields,
                retention: retention.joined(separator: "; "), recipients: recipients, active: active))
        }
        answer.transfers = transferLines(purposes: answer.purposes.map(\.name), language: language)
        answer.consentHistory = events.map {
            .init(purpose: $0.purpose, action: $0.action.rawValue, at: Date(timeIntervalSince1970: TimeInterval($0.at)),
                  channel: $0.channel, provenance: $0.provenance.rawValue, proven: $0.proven,
                  notice: $0.noticeID.map { "\($0)@\(events.first?.noticeVersion ?? "")" })
        }
        return answer
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
