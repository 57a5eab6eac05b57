import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Testing

@Suite("No plaintext personal data at rest or in logs", .serialized)
struct PlaintextLeakTests {
    static func bytes(of url: URL) -> [UInt8] {
        (try? Data(contentsOf: url)).map(Array.init) ?? []
    }

    @Test("vault.sqlite, its WAL, keys.sqlite, reports and logs hold none of the fixture e-mails or phones",
          arguments: ["customers-1k.csv", "customers-1k-cp1251.csv"])
    func nothingInClear(file: String) async throws {
        let manifest = try Manifest.load(file.replacingOccurrences(of: ".csv", with: ".manifest.json"))
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.importFileOffPool(Repository.fixture(file))
        // Read some people back (this decrypts in memory) before looking at the files.
        let first = try #require(manifest.rows.first { $0.expect == "new" && $0.email != nil })
        let ids = try await test.gateway.findSubjects(.email(first.email!), principal: TestGateway.officer)
        _ = try await test.gateway.showSubject(try #require(ids.first), principal: TestGateway.officer)

        let root = test.directory.root
        var files = ["vault.sqlite", "vault.sqlite-wal", "keys.sqlite", "keys.sqlite-wal"].map {
            root.appendingPathComponent($0)
        }
        #expect(FileManager.default.fileExists(atPath: files[1].path), "the WAL is checked before any checkpoint")
        files += try FileManager.default.contentsOfDirectory(at: test.directory.reports, includingPropertiesForKeys: nil)
        let haystacks = files.map(Self.bytes(of:)) + [Array(test.logs.text.utf8)]
        #expect(haystacks[0].count + haystacks[1].count > 100_000, "the vault and its WAL hold the imported data")
        let scanner = PlaintextScanner(manifest: manifest)
        #expect(scanner.emails.count > 500 && scanner.phones.count > 500)
        // The scanner does find the values where they are in clear: in the source file itself.
        let source = Self.bytes(of: Repository.fixture(file))
        #expect(scanner.emailHits(in: source) > 500)
        #expect(scanner.phoneHits(in: source) > 100)
        for (index, haystack) in haystacks.enumerated() {
            let place = index < files.count ? files[index].lastPathComponent : "logs"
            #expect(scanner.emailHits(in: haystack) == 0, "a fixture e-mail appears in \(place)")
            #expect(scanner.phoneHits(in: haystack) == 0, "a fixture phone appears in \(place)")
        }
    }
}

/// Finds the fixture's e-mails and phones in raw bytes without a quadratic search: e-mails are looked up
/// around every '@', phones as every ten-digit window of every run of ASCII digits.
struct PlaintextScanner {
    let emails: Set<[UInt8]>
    let phones: Set<[UInt8]>

    init(manifest: Manifest) {
        var emails: Set<[UInt8]> = []
        var phones: Set<[UInt8]> = []
        for row in manifest.rows where row.expect == "new" {
            if let email = row.email { emails.insert(Array(email.utf8)) }
            if let phone = row.phone { phones.insert(Array(phone.dropFirst(2).utf8)) }
        }
        self.emails = emails
        self.phones = phones
    }

    private static func isEmailByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x2D
            || b == 0x5F || b == 0x2B
    }

    func emailHits(in bytes: [UInt8]) -> Int {
        var hits = 0
        for p in bytes.indices where bytes[p] == 0x40 {
            var starts: [Int] = []
            var s = p - 1
            while s >= 0, p - s <= 64, Self.isEmailByte(bytes[s]) {
                starts.append(s)
                s -= 1
            }
            var e = p + 1
            while e < bytes.count, e - p <= 64, Self.isEmailByte(bytes[e]) {
                e += 1
                for start in starts where emails.contains(Array(bytes[start..<e])) { hits += 1 }
            }
        }
        return hits
    }

    func phoneHits(in bytes: [UInt8]) -> Int {
        var hits = 0
        var runStart = -1
        for i in 0...bytes.count {
            let isDigit = i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39
            if isDigit {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart >= 10 {
                    for start in runStart...(i - 10) where phones.contains(Array(bytes[start..<start + 10])) {
                        hits += 1
                    }
                }
                runStart = -1
            }
        }
        return hits
    }
}
