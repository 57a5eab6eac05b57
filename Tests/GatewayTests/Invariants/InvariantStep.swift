/// One operation of a generated sequence, as the explorer replays and prints it.
enum InvariantStep: Sendable, Equatable, CustomStringConvertible {
    /// The spreadsheet imported again, as it was on the first day (old consent column, old values).
    case reimport
    /// A proven consent given on a web form.
    case give(person: Int, purpose: String)
    /// A consent withdrawn by the person.
    case withdraw(person: Int, purpose: String)
    /// The officer corrects a name.
    case rectify(person: Int, name: String)
    /// Erasure at the person's request (partial under the accounting hold).
    case erase(person: Int)
    /// A backup of the vault and, apart, of the key store.
    case backup
    /// Time passes and the nightly purge runs.
    case purge(days: Int)

    var description: String {
        switch self {
        case .reimport: "reimport"
        case .give(let person, let purpose): "give(#\(person), \(purpose))"
        case .withdraw(let person, let purpose): "withdraw(#\(person), \(purpose))"
        case .rectify(let person, let name): "rectify(#\(person), \(name))"
        case .erase(let person): "erase(#\(person))"
        case .backup: "backup"
        case .purge(let days): "purge(+\(days)d)"
        }
    }

    /// A random step over `people` people.
    static func random(people: Int, using random: inout some RandomNumberGenerator) -> InvariantStep {
        let person = Int.random(in: 0..<people, using: &random)
        let purpose = ["marketing_email", "marketing_sms"].randomElement(using: &random)!
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<12: return .reimport
        case 12..<32: return .give(person: person, purpose: purpose)
        case 32..<52: return .withdraw(person: person, purpose: purpose)
        case 52..<64: return .rectify(person: person, name: "Исправлен Человек\(Int.random(in: 1...99, using: &random))")
        case 64..<76: return .erase(person: person)
        case 76..<88: return .backup
        default: return .purge(days: [1, 20, 45, 200, 800].randomElement(using: &random)!)
        }
    }
}
