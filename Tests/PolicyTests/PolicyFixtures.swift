import Foundation
import Policy

/// Locations and small policy folders for the tests.
enum PolicyFixtures {
    /// The repository's shipped `Policies/` folder (symlinks resolved, so a throwaway package can point here).
    static var shippedPolicies: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent()  // PolicyTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent("Policies", isDirectory: true)
    }

    /// The shipped policies, loaded once for all tests.
    static let shipped = Result { () throws(PolicyError) -> PolicySet in
        try PolicySet.load(from: shippedPolicies)
    }

    /// A small, valid policy set whose line numbers the error tests rely on.
    static let minimal: [String: String] = [
        "fields.yaml": """
        version: 1
        fields:
          email:
            category: contact
            normalizer: email
            searchable: true
            max_length: 254
            label: {ru: Почта, en: E-mail}
            headers: [Email, Эл. почта]
        consent_columns:
          newsletter: [Согласие на рассылку]

        """,
        "purposes.yaml": """
        version: 1
        data_subjects:
          customers:
            label: {ru: Клиенты, en: Customers}
        recipients:
          unisender:
            connector: unisender
            label: {ru: UniSender, en: UniSender}
            country: RU
            cross_border: false
        purposes:
          newsletter:
            description: {ru: Рассылка, en: Newsletter}
            legal_basis: consent
            direct_marketing: true
            data_subjects: [customers]
            fields: [email]
            retention: [profile]
            on_withdrawal: withdrawn
            recipients: [unisender]
            notice: {id: consent-newsletter, version: "1"}

        """,
        "roles.yaml": """
        version: 1
        roles:
          officer:
            description: {ru: Ответственный, en: Officer}
            access: {contact: read}
            write: [contact]
            actions: [export, erase]

        """,
        "retention.yaml": """
        version: 1
        rules:
          profile:
            description: {ru: Профиль, en: Profile}
            duration: 3y
            anchor: last_purchase
          withdrawn:
            description: {ru: Отзыв, en: Withdrawn}
            duration: 30d
            anchor: consent_withdrawn
        backups:
          key_backup_retention: 14d
          erasure_execution_window: 7d
          withdrawal_rule: withdrawn

        """,
        "jurisdictions.yaml": minimalJurisdictions,
    ]

    /// One jurisdiction (lines 1–6 fixed, then one line per request kind in declaration order).
    static var minimalJurisdictions: String {
        var lines = [
            "version: 1",
            "jurisdictions:",
            "  EU:",
            "    name: {ru: ЕС, en: EU}",
            "    time_zone: Europe/Brussels",
            "    deadlines:",
        ]
        for kind in RequestKind.allCases {
            let within = kind == .withdrawal ? "30 days" : "1 month"
            lines.append("      \(kind.rawValue): {within: \(within), basis: GDPR}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `files` into a fresh temporary folder, runs `body` on it and removes it.
    static func withFolder<T>(_ files: [String: String], _ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-policy-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return try body(folder)
    }

    /// Loads the minimal set with some files replaced, and returns the error it raises.
    static func loadError(replacing overrides: [String: String?]) throws -> PolicyError? {
        var files = minimal
        for (name, text) in overrides {
            files[name] = text
        }
        return try withFolder(files) { loadError(from: $0) }
    }

    /// The error loading a folder raises, or `nil` when it loads.
    static func loadError(from folder: URL) -> PolicyError? {
        do {
            _ = try PolicySet.load(from: folder)
            return nil
        } catch {
            return error
        }
    }

    /// The shipped files, each as text, keyed by path relative to `Policies/`.
    static func shippedFiles() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in PolicySet.requiredFiles {
            files[name] = try String(contentsOf: shippedPolicies.appendingPathComponent(name), encoding: .utf8)
        }
        let calendars = shippedPolicies.appendingPathComponent("calendars", isDirectory: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: calendars.path) where name.hasSuffix(".yaml") {
            files["calendars/\(name)"] = try String(
                contentsOf: calendars.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }
}

extension String {
    /// This text with one exact substring replaced; the substring must occur.
    func replacingOnce(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else {
            preconditionFailure("fixture text has no \(target)")
        }
        return replacingCharacters(in: range, with: replacement)
    }

    /// The 1-based line where `needle` first occurs.
    func line(of needle: String) -> Int? {
        guard let range = range(of: needle) else { return nil }
        return self[..<range.lowerBound].filter { $0 == "\n" }.count + 1
    }
}
