import Core
import Foundation
import PDGateTesting
import Gateway
import Audit
import Keyring
import Vault
import Testing

/// Export files are plaintext outside the vault: registered with the people they hold, deleted when their life ends
/// or when one of those people is erased, and counted in a breach's scope.
@Suite("Export register: file life, erasure, breach scope", .serialized)
struct ExportRegisterTests {
    static let rows = [
        "Экспортова Анна;+7 916 100-00-01;anna.export@example.com;сайт;10.01.2024;15.03.2024;1200;покупатель;;;;;нет;;",
        "Экспортов Борис;+7 916 100-00-02;boris.export@example.com;сайт;10.01.2024;16.03.2024;900;покупатель;;;;;нет;;",
    ]

    static func people(_ test: TestGateway) async throws -> [SubjectID] {
        var ids: [SubjectID] = []
        for row in rows { ids.append(try await test.person(row)) }
        return ids
    }

    static func exportFile(_ test: TestGateway, _ name: String) async throws -> URL {
        try FileManager.default.createDirectory(at: test.gateway.exportsFolder, withIntermediateDirectories: true)
        let url = test.gateway.exportsFolder.appendingPathComponent(name)
        let result = try await test.gateway.export(ExportRequest(purpose: "order_fulfilment"), to: url,
                                                   principal: TestGateway.officer)
        #expect(result.people == 2)
        return url
    }

    @Test("A purge deletes an export file once its life has ended, not before")
    func fileLifeEnds() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await Self.people(test)
        let url = try await Self.exportFile(test, "list.csv")
        _ = try await test.gateway.purge(dryRun: false, principal: TestGateway.officer)
        #expect(FileManager.default.fileExists(atPath: url.path), "a fresh export outlived a purge")
        let later = try test.at(Date().addingTimeInterval(8 * 86_400))
        let report = try await later.purge(dryRun: false, principal: TestGateway.officer)
        #expect(report.exportsExpired == 1)
        #expect(!FileManager.default.fileExists(atPath: url.path))
        let log = try await later.auditTrailEntries(action: "export.delete")
        #expect(log == 1)
    }

    @Test("Erasing a person deletes every export that holds them")
    func erasureDeletesExports() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ids = try await Self.people(test)
        let first = try await Self.exportFile(test, "first.csv")
        let second = try await Self.exportFile(test, "second.csv")
        _ = try await test.gateway.erase(ids[0], reason: "request", principal: TestGateway.officer)
        #expect(!FileManager.default.fileExists(atPath: first.path) && !FileManager.default.fileExists(atPath: second.path),
                "an erased person's name survived in an export file")
    }

    @Test("A breach opened for the principal who exported counts every exported person")
    func breachScopeCountsExports() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ids = try await Self.people(test)
        _ = try await Self.exportFile(test, "leak.csv")
        let incident = try await test.gateway.openIncident(
            detectedAt: Date(), summary: "an export left the company", principals: [TestGateway.officer.name],
            principal: TestGateway.officer)
        #expect(Set(incident.affectedSubjects) == Set(ids.map(\.rawValue)))
        #expect(incident.affectedCount == 2)
    }
}

extension Gateway {
    /// How many audit entries of `action` the log holds (for tests).
    func auditTrailEntries(action: String) async throws -> Int {
        let audit = self.audit
        return try await vault.read { tx in
            try audit.entries(from: 0, to: Int64.max / 2, in: tx).filter { $0.action == action }.count
        }
    }
}
