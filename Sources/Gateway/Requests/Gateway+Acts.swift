import Core
import Foundation
import Documents
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

    /// Where an act recorded in the vault is: rows hold a path relative to the data directory (`acts/ACT-…`), so a
    /// copied data directory never reaches the original's acts; rows from before that held an absolute path, of
    /// which only the file name is used, inside this data directory.
    func actURL(_ recorded: String) -> URL {
        recorded.hasPrefix("/")
            ? actsDirectory.appendingPathComponent(URL(fileURLWithPath: recorded).lastPathComponent)
            : directory.root.appendingPathComponent(recorded)
    }

    /// Writes a destruction act (JSON, HTML and Markdown) with the subject's audit extract and records it.
    func writeAct(subject: SubjectID, reason: String, fields: [String], held: [String], holdEnds: Date?,
                  principal: Principal) async throws -> (number: String, file: String) {
        try await writeAct(subjects: [subject], reason: reason, fields: fields, held: held, holdEnds: holdEnds,
                           principal: principal)
    }

    /// The identifying details of each subject for their destruction act, read while their key still exists: the
    /// full name (Order 179: "фамилия, имя, отчество (при наличии)"). Call before erasing. A subject without a name
    /// or already erased is left out: its act names the pseudonym, which Order 179 accepts as other identifying
    /// information; e-mails and phones never go into an act.
    ///
    /// Read a few hundred records at a time: a purge batch is thousands of people, and holding all their sealed
    /// records at once (two batches in flight) was most of the purge's peak memory; only the names are kept.
    func actIdentities(_ subjects: [SubjectID]) async -> [SubjectID: String] {
        guard let field = policies.fields.fieldName(for: .name) else { return [:] }
        var identities: [SubjectID: String] = [:]
        for start in stride(from: 0, to: subjects.count, by: Self.actIdentityChunk) {
            let chunk = Array(subjects[start..<min(start + Self.actIdentityChunk, subjects.count)])
            let sealed = (try? await vault.read { tx in
                try tx.subjects(chunk).compactMap { stored in stored.record[field].map { (stored.id, $0) } }
            }) ?? []
            let keys = (try? await keyring.subjectKeys(for: sealed.map(\.0))) ?? [:]
            for (id, value) in sealed {
                guard let key = keys[id], let name = try? key.open(value.box, field: field), !name.isEmpty else { continue }
                identities[id] = name
            }
        }
        return identities
    }

    /// Records read at a time for ``actIdentities(_:)``.
    static let actIdentityChunk = 250

    /// Writes one act for one or many subjects (a purge batch), with each subject's audit extract and, when given,
    /// their identifying details (``actIdentities(_:)``, read before the erasure).
    func writeAct(subjects: [SubjectID], identities: [SubjectID: String] = [:], reason: String, fields: [String],
                  held: [String], holdEnds: Date?, principal: Principal) async throws
        -> (number: String, file: String)
    {
        let audit = self.audit
        let now = self.now
        let seconds = nowSeconds
        let catalogue = policies.fields
        let categories = Array(Set(fields.compactMap { catalogue.field(named: $0)?.category.rawValue })).sorted()
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        let number = try await vault.write { tx in try tx.reserveActNumber(now: seconds) }
        let entries = try await vault.read { tx in try audit.entries(subjects: subjects, in: tx) }
        let subjectText = subjects.count == 1 ? subjects[0].rawValue
            : subjects.map(\.rawValue).joined(separator: ", ")
        let reference = String(format: "ACT-%04d-%06lld", year, number)
        let act = DestructionAct(
            number: reference, date: now, operatorInfo: operatorInfo,
            informationSystem: "\(policies.operatorDetails.informationSystem.ru): \(directory.vault.lastPathComponent), "
                + "\(directory.keyStore.lastPathComponent)",
            subject: subjectText,
            subjectDetails: identities.isEmpty ? nil : subjects.map { identities[$0] ?? "—" },
            reason: reason, categories: categories, fields: fields, heldFields: held,
            holdEnds: holdEnds,
            method: held.isEmpty
                ? "криптографическое уничтожение: ключ шифрования субъекта уничтожен, зашифрованные записи и строки "
                    + "индекса удалены с перезаписью (secure_delete), журналы БД сброшены (crypto-shredding)"
                : "удаление перечисленных зашифрованных полей и строк индекса; поля на законном хранении "
                    + "заблокированы до окончания срока хранения",
            performedBy: principal.name, performer: performer(principal),
            approvedBy: policies.operatorProfile?.responsiblePerson[.ru],
            // Every recipient was told through the outbox in the erasure's transaction; each confirms later.
            connectors: connectorRoutes.map { .init(connector: $0.name, outcome: Self.pendingOutcome) },
            logExtract: entries.map {
                .init(seq: $0.seq ?? 0, at: Date(timeIntervalSince1970: TimeInterval($0.at)), action: $0.action,
                      principal: $0.principal, fields: $0.fields)
            })
        let base = actsDirectory.appendingPathComponent(reference)
        try writeActFiles(act, at: base)
        try await audited(by: principal, at: seconds) { tx, log in
            for subject in subjects {
                try tx.recordAct(number: reference, subject: subject.rawValue, createdAt: seconds,
                                 file: "acts/\(reference)")
                try log.record(.actWrite, subject: subject.rawValue, detail: reference)
            }
        }
        return (reference, base.path)
    }

    /// The person behind a command-line principal whose account `roles.yaml` `accounts:` lists with a name:
    /// "name, position", as the act's signature block names the performer.
    func performer(_ principal: Principal) -> String? {
        guard principal.name.hasPrefix("cli:"),
            let account = policies.account(named: String(principal.name.dropFirst(4))), let name = account.name
        else { return nil }
        return name + (account.position.map { ", \($0)" } ?? "")
    }

    /// Writes an act's three files (JSON, HTML and Markdown, in Russian) at `base`, replacing earlier ones, and
    /// their detached signature by the gateway's audit key (``actSignature(of:)``).
    func writeActFiles(_ act: DestructionAct, at base: URL) throws {
        let files: [(String, Data)] = [
            ("json", try Self.json(act)),
            ("html", Data(DestructionActDocument.html(act, language: .ru, timeZone: policies.operatorTimeZone,
                                                      fields: policies.fields).utf8)),
            ("md", Data(DestructionActDocument.markdown(act, language: .ru, timeZone: policies.operatorTimeZone,
                                                        fields: policies.fields).utf8)),
        ]
        for (ext, data) in files { try writePrivate(data, to: base.appendingPathExtension(ext)) }
        let named = files.map { (base.appendingPathExtension($0.0).lastPathComponent, $0.1) }
        try writePrivate(Data(actSignature(of: named).utf8), to: base.appendingPathExtension("sig"))
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

extension Gateway {
    /// How long a destruction act and its log extract are kept: 3 years from the destruction (Roskomnadzor
    /// Order 179, item 5).
    static let actRetentionYears = 3

    /// Removes destruction acts older than their retention, files first, then their index rows, each removal
    /// audited by act number. A crash between the two leaves rows whose files are gone; the next run finishes them.
    ///
    /// - Returns: How many acts were (or, in a dry run, would be) removed.
    func expireActs(asOf date: Date, dryRun: Bool, principal: Principal) async throws -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = policies.operatorTimeZone
        guard let cutoff = calendar.date(byAdding: .year, value: -Self.actRetentionYears, to: date) else { return 0 }
        let due = try await vault.read { tx in try tx.acts(createdBefore: Int64(cutoff.timeIntervalSince1970)) }
        guard !dryRun else { return due.count }
        let fm = FileManager.default
        let seconds = nowSeconds
        for act in due {
            for ext in ["json", "html", "md", "pdf", "sig"] {
                let file = actURL(act.file).appendingPathExtension(ext)
                if fm.fileExists(atPath: file.path) {
                    do { try fm.removeItem(at: file) } catch {
                        throw GatewayError(.storage, "cannot remove the expired act \(act.number).\(ext)")
                    }
                }
            }
            try await audited(by: principal, at: seconds) { tx, log in
                try tx.deleteAct(number: act.number)
                try log.record(.actExpire, detail: act.number)
            }
        }
        return due.count
    }
}
