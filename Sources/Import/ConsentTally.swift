import Core
import Keyring

/// The consent answers seen for each subject and purpose during one import.
struct ConsentTally {
    struct Key: Hashable {
        var rowID: Int64
        var purpose: String
    }

    struct Answers {
        var yesRows: [Int] = []
        var noRows: [Int] = []
    }

    private(set) var entries: [Key: Answers] = [:]
    private var created: Set<Int64> = []
    private var subjects: [Int64: SubjectID] = [:]

    mutating func markNew(_ rowID: Int64, subject: SubjectID) {
        created.insert(rowID)
        subjects[rowID] = subject
    }

    mutating func remember(_ rowID: Int64, subject: SubjectID) { subjects[rowID] = subject }
    func isNew(_ rowID: Int64) -> Bool { created.contains(rowID) }
    func subject(of rowID: Int64) -> SubjectID? { subjects[rowID] }

    mutating func record(rowID: Int64, purpose: String, answer: Bool, row: Int) {
        let key = Key(rowID: rowID, purpose: purpose)
        if answer {
            entries[key, default: Answers()].yesRows.append(row)
        } else {
            entries[key, default: Answers()].noRows.append(row)
        }
    }
}
