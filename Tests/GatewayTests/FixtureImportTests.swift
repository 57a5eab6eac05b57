import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Testing

@Suite("Importing the shared customer fixtures", .serialized)
struct FixtureImportTests {
    static let fixtures = [
        ("customers-1k.csv", "customers-1k.manifest.json"),
        ("customers-1k-cp1251.csv", "customers-1k-cp1251.manifest.json"),
    ]

    @Test("Counts equal the manifest's people, merge and reject", arguments: fixtures)
    func countsMatchManifest(file: String, manifestName: String) async throws {
        let manifest = try Manifest.load(manifestName)
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let report = try await test.importFileOffPool(Repository.fixture(file))
        #expect(report.rows == manifest.summary.rows)
        #expect(report.imported == manifest.summary.people)
        #expect(report.merged == manifest.summary.merge)
        #expect(report.rejected == manifest.summary.reject)
        let count = try await test.gateway.vault.read { tx in try tx.subjectCount() }
        #expect(count == manifest.summary.people)
    }

    @Test("Every rejected row is the manifest's row, with the manifest's reason", arguments: fixtures)
    func rejectionsMatchRowByRow(file: String, manifestName: String) async throws {
        let manifest = try Manifest.load(manifestName)
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let report = try await test.importFileOffPool(Repository.fixture(file))
        let expected = Dictionary(uniqueKeysWithValues: manifest.rows.filter { $0.expect == "reject" }
            .map { ($0.row, $0.why ?? "") })
        let actual = Dictionary(uniqueKeysWithValues: report.rejections.map { ($0.row, $0.reason) })
        #expect(actual == expected)
        for rejection in report.rejections {
            #expect(!rejection.message.isEmpty)
        }
    }

    @Test("Each manifest person is exactly one subject, found by e-mail and by phone; merged rows land on it",
          arguments: fixtures)
    func peopleAreOneSubjectEach(file: String, manifestName: String) async throws {
        let manifest = try Manifest.load(manifestName)
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.importFileOffPool(Repository.fixture(file))
        var subjectOfPerson: [Int: SubjectID] = [:]
        for row in manifest.rows where row.expect == "new" {
            var found: Set<SubjectID> = []
            if let email = row.email {
                found.formUnion(try await test.gateway.findSubjects(.email(email), principal: TestGateway.officer))
            }
            if let phone = row.phone {
                found.formUnion(try await test.gateway.findSubjects(.phone(phone), principal: TestGateway.officer))
            }
            #expect(found.count == 1, "person of row \(row.row) maps to \(found.count) subjects")
            subjectOfPerson[row.person ?? -1] = found.first
        }
        #expect(Set(subjectOfPerson.values).count == manifest.summary.people)
    }

    @Test("Importing the same file again merges every person and creates no one", arguments: fixtures)
    func reimportIsIdempotent(file: String, manifestName: String) async throws {
        let manifest = try Manifest.load(manifestName)
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.importFileOffPool(Repository.fixture(file))
        let keysBefore = try await test.gateway.keyring.subjectKeyCount()
        let again = try await test.importFileOffPool(Repository.fixture(file))
        #expect(again.imported == 0)
        #expect(again.merged == manifest.summary.people + manifest.summary.merge)
        #expect(again.rejected == manifest.summary.reject)
        #expect(try await test.gateway.vault.read { tx in try tx.subjectCount() } == manifest.summary.people)
        // Keys prepared for the run but not used are destroyed.
        #expect(try await test.gateway.keyring.subjectKeyCount() == keysBefore)
    }
}
