public import Foundation

/// Every policy of a deployment, loaded from one folder and checked as a whole.
///
/// The folder holds `fields.yaml`, `purposes.yaml`, `roles.yaml`, `retention.yaml`, `jurisdictions.yaml` and
/// `calendars/<id>-<year>.yaml`. Loading rejects unknown keys, dangling names and a policy that cannot make an
/// erased person unreadable, backups included, within the withdrawal deadline.
public struct PolicySet: Sendable {
    /// The personal fields and import headers.
    public let fields: FieldCatalogue
    /// The categories of data subjects.
    public let dataSubjects: [DataSubjectCategory]
    /// The recipients (connectors) personal data is sent to.
    public let recipients: [Recipient]
    /// The purposes of processing, in file order.
    public let purposes: [Purpose]
    /// The roles, in file order.
    public let roles: [Role]
    /// Retention rules and backup bounds.
    public let retention: RetentionPolicy
    /// The legal regimes and their deadlines.
    public let jurisdictions: [Jurisdiction]
    /// The production calendars loaded from `calendars/`.
    public let calendars: [ProductionCalendar]
    /// The operator from `operator.yaml`, when the folder has one (``operatorDetails`` falls back to placeholders).
    public internal(set) var operatorProfile: OperatorProfile? = nil
    /// The local operator accounts of `roles.yaml` `accounts:`; `nil` when the file has no such section (the
    /// command line then acts under any role it is given, as before accounts existed).
    public internal(set) var accounts: [OperatorAccount]? = nil
    /// Re-verification periods and the export review threshold (optional `quality.yaml`).
    public internal(set) var quality = DataQualityPolicy.defaults

    /// The names of the files a policy folder must hold.
    public static let requiredFiles = [
        "fields.yaml", "purposes.yaml", "roles.yaml", "retention.yaml", "jurisdictions.yaml",
    ]

    /// Files read when present: `operator.yaml` (the operator's details, processors and transfer notifications).
    public static let optionalFiles = ["operator.yaml"]

    /// Loads and validates every policy file in a folder.
    ///
    /// - Parameter directory: The deployment's policy folder (the repository ships defaults in `Policies/`).
    /// - Returns: The validated policies.
    /// - Throws: ``PolicyError`` for the first problem found, with its file, line and key path.
    public static func load(from directory: URL) throws(PolicyError) -> PolicySet {
        var texts: [String: String] = [:]
        for name in requiredFiles {
            texts[name] = try read(directory.appendingPathComponent(name), as: name)
        }
        for name in optionalFiles where FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
            texts[name] = try read(directory.appendingPathComponent(name), as: name)
        }
        let calendarsDirectory = directory.appendingPathComponent("calendars", isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: calendarsDirectory.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".yaml") {
            texts["calendars/\(name)"] = try read(
                calendarsDirectory.appendingPathComponent(name), as: "calendars/\(name)")
        }
        var set = try PolicyLoader(texts: texts).load()
        let quality = directory.appendingPathComponent(QualityFile.name)
        if FileManager.default.fileExists(atPath: quality.path) {
            set.quality = try QualityFile.parse(read(quality, as: QualityFile.name), fields: set.fields)
        }
        return set
    }

    private static func read(_ url: URL, as name: String) throws(PolicyError) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PolicyError(
                .fileNotFound, file: name, message: "cannot read \(url.path); create it or fix its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyError(.malformedYAML, file: name, message: "the file is not UTF-8 text; save it as UTF-8")
        }
        return text
    }

    /// The purpose with this name.
    public func purpose(named name: String) -> Purpose? {
        purposes.first { $0.name == name }
    }

    /// The role with this name.
    public func role(named name: String) -> Role? {
        roles.first { $0.name == name }
    }

    /// The recipient with this name.
    public func recipient(named name: String) -> Recipient? {
        recipients.first { $0.name == name }
    }

    /// The jurisdiction with this code (`RU`, `EU`).
    public func jurisdiction(code: String) -> Jurisdiction? {
        jurisdictions.first { $0.code == code }
    }

    /// The production calendar with this identifier (`ru`).
    public func calendar(named identifier: String) -> ProductionCalendar? {
        calendars.first { $0.identifier == identifier }
    }

    /// The purposes that feed a recipient: a withdrawal of one of them reaches this recipient.
    public func purposes(feeding recipient: String) -> [Purpose] {
        purposes.filter { $0.recipients.contains(recipient) }
    }

    /// The retention rules a purpose names, in its order.
    public func retentionRules(for purpose: Purpose) -> [RetentionRule] {
        purpose.retentionRules.compactMap { retention.rule(named: $0) }
    }
}
