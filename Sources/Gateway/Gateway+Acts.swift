import Foundation
import Keyring
import Vault
import Audit
import Policy
import Requests

extension Gateway {
    /// The operator named in answers and acts, from `operator.yaml` (placeholders that say where to set it when the
    /// policy folder has none), in the operator's own language.
    var operatorInfo: AccessAnswer.Operator { operatorInfo(language: policies.operatorDetails.primaryLanguage) }

    /// The operator named in answers and acts, in one language.
    func operatorInfo(language: Language) -> AccessAnswer.Operator {
        let profile = policies.operatorDetails
        var info = AccessAnswer.Operator(
            name: profile.name[language], address: profile.address[language], contact: profile.contact)
        if policies.operatorProfile != nil {
            info.registration = "ИНН \(profile.inn), ОГРН \(profile.ogrn)"
            info.processors = profile.processors.map {
                "\($0.name[language]), \($0.address[language]): \($0.activity[language])"
            }
        }
        return info
    }

    /// Where destruction acts are kept: apart from the vault, readable by the owner only, kept 3 years.
    var actsDirectory: URL { directory.root.appendingPathComponent("acts", isDirectory: true) }

    /// Writes a destruction act (JSON, HTML and Markdown) with the subject's audit extract and records it.
    func writeAct(subject: SubjectID, reason: String, fields: [String], held: [String], holdEnds: Date?,
                  principal: Principal) async throws -> (number: String, file: String) {
        try await writeAct(subjects: [subject], reason: reason, fields: fields, held: held, holdEnds: holdEnds,
                           principal: principal)
    }

    /// Writes one act for one or many subjects (a purge batch), with each subject's audit extract.
    func writeAct(subjects: [SubjectID], reason: String, fields: [String], held: [String], holdEnds: Date?,
                  principal: Principal) async throws -> (number: String, file: String) {
        let audit = self.audit
        let now = self.now
        let seconds = nowSeconds
        let catalogue = policies.fields
        let categories = Array(Set(fields.compactMap { catalogue.field(named: $0)?.category.rawValue })).sorted()
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        let (number, entries) = try await vault.read { tx in
            (try tx.nextActNumber(), try subjects.flatMap { try audit.entries(subject: $0, in: tx) })
        }
        let subjectText = subjects.count == 1 ? subjects[0].rawValue
            : subjects.map(\.rawValue).joined(separator: ", ")
        let reference = String(format: "ACT-%04d-%06lld", year, number)
        let act = DestructionAct(
            number: reference, date: now, operatorInfo: operatorInfo,
            informationSystem: "\(policies.operatorDetails.informationSystem.ru): \(directory.vault.lastPathComponent), "
                + "\(directory.keyStore.lastPathComponent)",
            subject: subjectText, reason: reason, categories: categories, fields: fields, heldFields: held,
            holdEnds: holdEnds,
            method: held.isEmpty
                ? "криптографическое уничтожение: ключ шифрования субъекта уничтожен, зашифрованные записи и строки "
                    + "индекса удалены с перезаписью (secure_delete), журналы БД сброшены (crypto-shredding)"
                : "удаление перечисленных зашифрованных полей и строк индекса; поля на законном хранении "
                    + "заблокированы до окончания срока хранения",
            performedBy: principal.name, connectors: [],
            logExtract: entries.map {
                .init(seq: $0.seq ?? 0, at: Date(timeIntervalSince1970: TimeInterval($0.at)), action: $0.action,
                      principal: $0.principal, fields: $0.fields)
            })
        let base = actsDirectory.appendingPathComponent(reference)
        try writePrivate(try Self.json(act), to: base.appendingPathExtension("json"))
        try writePrivate(Data(DestructionActDocument.html(act, language: .ru).utf8), to: base.appendingPathExtension("html"))
        try writePrivate(Data(DestructionActDocument.markdown(act, language: .ru).utf8), to: base.appendingPathExtension("md"))
        try await vault.write { tx in
            for subject in subjects {
                try tx.recordAct(number: reference, subject: subject.rawValue, createdAt: seconds, file: base.path)
                try audit.append(AuditEntry(at: seconds, principal: principal.name, role: principal.role,
                                            action: "act.write", subject: subject.rawValue, detail: reference), in: tx)
            }
        }
        return (reference, base.path)
    }

    /// Writes a file readable by the owner only, creating its folder (mode 0700).
    func writePrivate(_ data: Data, to url: URL) throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o700])
            try data.write(to: url, options: .atomic)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        } catch {
            throw GatewayError(.storage, "cannot write \(url.lastPathComponent)")
        }
    }

    static func json(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }
}
