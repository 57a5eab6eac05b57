import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Testing
import Logging
import Policy

/// A date from `YYYY-MM-DD HH:mm` in Moscow time.
func moscow(_ text: String) -> Date {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
    return formatter.date(from: text)!
}

/// The expectations of a shared fixture's manifest.
struct Manifest: Decodable {
    struct Summary: Decodable {
        let rows: Int
        let people: Int
        let merge: Int
        let reject: Int
    }

    struct Row: Decodable {
        let row: Int
        let expect: String
        let person: Int?
        let phone: String?
        let email: String?
        let why: String?
    }

    let summary: Summary
    let rows: [Row]

    static func load(_ name: String) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: Repository.fixture(name)))
    }
}
