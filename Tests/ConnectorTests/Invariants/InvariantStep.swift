/// One operation of a generated sequence, as the explorer replays and prints it.
enum InvariantStep: Sendable, Equatable, CustomStringConvertible {
    /// The spreadsheet imported again, as it was on the first day (old consent column, old values).
    case reimport
    /// A proven consent given on a web form.
    case give(person: Int, purpose: String)
    /// A consent withdrawn by the person.
    case withdraw(person: Int, purpose: String)
    /// The person objects to direct marketing (every marketing consent withdrawn, the person suppressed).
    case object(person: Int)
    /// The person unsubscribes on Mailchimp's own page; its webhook reaches pdgate.
    case unsubscribeAtService(person: Int)
    /// The officer corrects a name.
    case rectify(person: Int, name: String)
    /// Erasure at the person's request (partial under the accounting hold).
    case erase(person: Int)
    /// A backup of the vault and, apart, of the key store.
    case backup
    /// The latest backup restored (`pdgate restore`), the gateway reopened.
    case restore
    /// Time passes and the nightly purge runs.
    case purge(days: Int)
    /// The outbox is drained to both mailing services, with about 30 % injected faults or none.
    case sync(faults: Bool)
    /// `pdgate erase` of the person in a process of its own, killed with SIGKILL after `delay` seconds; the next
    /// start recovers.
    case killedErase(person: Int, delay: Double)
    /// `pdgate import` of the first day's spreadsheet, killed with SIGKILL after `delay` seconds.
    case killedImport(delay: Double)

    var description: String {
        switch self {
        case .reimport: "reimport"
        case .give(let person, let purpose): "give(#\(person), \(purpose))"
        case .withdraw(let person, let purpose): "withdraw(#\(person), \(purpose))"
        case .object(let person): "object(#\(person))"
        case .unsubscribeAtService(let person): "unsubscribeAtMailchimp(#\(person))"
        case .rectify(let person, let name): "rectify(#\(person), \(name))"
        case .erase(let person): "erase(#\(person))"
        case .backup: "backup"
        case .restore: "restore"
        case .purge(let days): "purge(+\(days)d)"
        case .sync(let faults): faults ? "sync(30% faults)" : "sync"
        case .killedErase(let person, let delay): "kill(erase(#\(person)), after \(Int(delay * 1000)) ms)"
        case .killedImport(let delay): "kill(reimport, after \(Int(delay * 1000)) ms)"
        }
    }

    /// A random step over `people` people.
    static func random(people: Int, using random: inout some RandomNumberGenerator) -> InvariantStep {
        let person = Int.random(in: 0..<people, using: &random)
        let purpose = ["marketing_email", "marketing_sms"].randomElement(using: &random)!
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<6: return .reimport
        case 6..<20: return .give(person: person, purpose: purpose)
        case 20..<32: return .withdraw(person: person, purpose: purpose)
        case 32..<36: return .object(person: person)
        case 36..<40: return .unsubscribeAtService(person: person)
        case 40..<48: return .rectify(person: person, name: "Исправлен Человек\(Int.random(in: 1...99, using: &random))")
        case 48..<57: return .erase(person: person)
        case 57..<64: return .backup
        case 64..<69: return .restore
        case 69..<76: return .purge(days: [1, 20, 45, 200, 800].randomElement(using: &random)!)
        // A process of its own only while the explorer's clock is the real one (before a purge moves it on).
        case 76..<82: return .killedErase(person: person, delay: Double.random(in: 0.1...0.6, using: &random))
        case 82..<86: return .killedImport(delay: Double.random(in: 0.1...0.8, using: &random))
        default: return .sync(faults: Bool.random(using: &random))
        }
    }
}
