import Core
import Foundation
import Intake
import Keyring
import Policy
import Vault

/// What the quality report counts, person by person (``Gateway/qualityReport(principal:)``): present and stale
/// values per field, restricted people, contacts that fail today's validation, and names for the duplicate check.
struct QualityTally {
    let catalogue: FieldCatalogue
    let quality: DataQualityPolicy
    let zone: TimeZone
    let now: Date
    private(set) var subjects = 0
    private(set) var restricted = 0
    private(set) var present: [String: Int] = [:]
    private(set) var stale: [String: Int] = [:]
    private(set) var problems: [QualityReport.ContactProblem] = []
    /// The name of each active person, by vault row.
    private var names: [Int64: (SubjectID, String)] = [:]
    /// The field holding a person's name.
    private let nameField: String?

    init(catalogue: FieldCatalogue, quality: DataQualityPolicy, zone: TimeZone, now: Date) {
        self.catalogue = catalogue
        self.nameField = catalogue.fieldName(for: .name)
        self.quality = quality
        self.zone = zone
        self.now = now
    }

    /// Counts one person; `key` is nil for a restricted one, who is counted but not decrypted.
    mutating func count(_ subject: StoredSubject, key: SubjectKey?) throws {
        subjects += 1
        for field in subject.record.fields {
            present[field.name, default: 0] += 1
            let confirmed = Date(timeIntervalSince1970: TimeInterval(field.confirmedAt))
            if quality.reverifyAfter(field: field.name).expiry(from: confirmed, in: zone) <= now {
                stale[field.name, default: 0] += 1
            }
        }
        guard let key, subject.status == .active else {
            restricted += 1
            return
        }
        for sealed in subject.record.fields {
            guard let definition = catalogue.field(named: sealed.name) else { continue }
            switch definition.normalizer {
            case .name where sealed.name == nameField:
                names[subject.rowID] = (subject.id, try key.open(sealed.box, field: sealed.name))
            case .email, .phone:
                if !Gateway.isValidContact(try key.open(sealed.box, field: sealed.name), as: definition.normalizer) {
                    problems.append(.init(subject: subject.id.rawValue, field: sealed.name, reason:
                        definition.normalizer == .email ? "invalid_email" : "invalid_phone"))
                }
            case .inn:
                // Not sent to any connector (the resolver drops it) until corrected.
                if !Normalizer.innChecksumIsValid(try key.open(sealed.box, field: sealed.name)) {
                    problems.append(.init(subject: subject.id.rawValue, field: sealed.name,
                                          reason: "invalid_inn_checksum"))
                }
            default:
                continue
            }
        }
    }

    /// Groups of people sharing a phone whose names do not agree: one person or a shared phone, for the officer.
    func doubtfulDuplicates(among groups: [[Int64]]) -> [QualityReport.DoubtfulDuplicate] {
        groups.compactMap { group in
            let people = group.compactMap { names[$0] }
            guard people.count > 1 else { return nil }
            let disagree = people.indices.contains { index in
                people[(index + 1)...].contains { !PersonName.agree(people[index].1, $0.1) }
            }
            guard disagree else { return nil }
            return .init(subjects: people.map(\.0.rawValue).sorted(), reason:
                "same phone, different names: one person (merge with `pdgate subject merge`) or a shared phone")
        }
    }

    /// One problem per person and connector whose update the connector rejected for good.
    static func connectorRejections(_ rows: [OutboxRow]) -> [QualityReport.ContactProblem] {
        var seen: Set<String> = []
        return rows.filter { seen.insert("\($0.subject)|\($0.connector)").inserted }.map {
            .init(subject: $0.subject, field: "contact", reason: "rejected_by_connector", connector: $0.connector)
        }
    }
}
