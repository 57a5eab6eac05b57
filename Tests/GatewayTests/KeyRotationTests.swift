import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Testing

@Suite("Master key rotation and key handling", .serialized)
struct KeyRotationTests {
    static let officer = TestGateway.officer

    static func people(_ count: Int, prefix: String) -> String {
        var text = "ФИО;Телефон;Email\n"
        for n in 0..<count {
            text += "Ротация Тест Ключевич;+7925\(String(format: "%07d", n));\(prefix)\(n)@example.com\n"
        }
        return text
    }

    @Test("Rotation under load: imports, new subjects, updates and erasures run meanwhile, nothing is lost")
    func rotationUnderLoad() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try test.importFile(try test.csv(Self.people(400, prefix: "rot")))
        let gateway = test.gateway
        let victims = try await gateway.vault.read { tx in Array(try tx.allSubjectIDs().prefix(40)) }
        let importFile = try test.csv(Self.people(150, prefix: "during"))
        async let rotation = gateway.rotateKeys(batchSize: 7, principal: Self.officer)
        async let erasures: Void = {
            for id in victims { _ = try await gateway.erase(id, reason: "rotation test", principal: Self.officer) }
        }()
        async let creations: [String] = {
            var ids: [String] = []
            for n in 0..<60 {
                let created = try await gateway.createSubject(
                    fields: ["full_name": "Новый Клиент Ротации", "email": "new\(n)@example.com"], consents: [],
                    capture: ConsentCapture(channel: "api", source: "test"), principal: Self.officer)
                ids.append(created.subject)
                _ = try await gateway.updateSubject(try #require(SubjectID(created.subject)),
                                                    fields: ["notes": "updated during rotation \(n)"],
                                                    principal: Self.officer)
            }
            return ids
        }()
        async let imported = Task.detached { try gateway.importCSV(importFile, principal: Self.officer) }.value
        let (report, _, created, late) = try await (rotation, erasures, creations, imported)
        #expect(report.masterVersion == 2 && !report.resumed)
        #expect(report.subjectKeysRewrapped > 0 && report.namedKeysRewrapped >= 4)
        #expect(late.imported == 150 && created.count == 60)
        // Whatever was created under version 1 while the rotation ran is moved by a second pass.
        let again = try await gateway.rotateKeys(principal: Self.officer)
        #expect(again.masterVersion == 3)
        #expect(try await gateway.keyring.keysUnderOlderMasterVersions().isEmpty)

        // A fresh process (new key ring from the file) reads everyone: nothing lost, the erased stay erased.
        let reopened = try Gateway(directory: test.directory, policies: gateway.policies, notices: gateway.notices)
        let check = try await reopened.checkConsistency(principal: Self.officer)
        #expect(check.consistent, "\(check.problems)")
        #expect(check.subjects == 400 - 40 + 150 + 60 && check.wholeSubjects == check.subjects)
        #expect(check.erasedSubjects == 40 && check.erasedButPresent.isEmpty)
        let view = try await reopened.showSubject(try #require(SubjectID(created[59])), principal: Self.officer)
        #expect(view.fields.contains { $0.name == "notes" && $0.value == "updated during rotation 59" })
        let mode = try FileManager.default.attributesOfItem(atPath: test.directory.masterKey.path)[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o600)
    }

    @Test("A rotation interrupted after the new version was written is finished by the next run")
    func interruptedRotationResumes() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try test.importFile(try test.csv(Self.people(25, prefix: "resume")))
        // The crash point: master.key already holds version 2, no key moved yet.
        _ = try test.gateway.keyring.rotateMasterKey(file: test.directory.masterKey)
        let reopened = try Gateway(directory: test.directory, policies: test.gateway.policies)
        let report = try await reopened.rotateKeys(principal: Self.officer)
        #expect(report.resumed && report.masterVersion == 2)
        #expect(report.subjectKeysRewrapped == 25 && report.remaining == 0)
        #expect(try await reopened.checkConsistency(principal: Self.officer).consistent)
    }

    @Test("A wrong or outdated master key is refused with a clear error and changes no byte of the data")
    func wrongMasterKeys() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try test.importFile(try test.csv(Self.people(20, prefix: "wrong")))
        let masterKey = test.directory.masterKey
        let versionOne = try Data(contentsOf: masterKey)
        _ = try await test.gateway.rotateKeys(principal: Self.officer)
        try await test.gateway.vault.checkpoint()
        try await test.gateway.keyring.checkpoint()
        let right = try Data(contentsOf: masterKey)
        let files = ["vault.sqlite", "keys.sqlite"].map { test.directory.root.appendingPathComponent($0) }
        let before = try files.map { try Data(contentsOf: $0) }

        func replaceMasterKey(_ data: Data) throws {
            try FileManager.default.removeItem(at: masterKey)
            _ = FileManager.default.createFile(atPath: masterKey.path, contents: data,
                                               attributes: [.posixPermissions: 0o600])
        }
        func open() throws -> Gateway {
            try Gateway(directory: test.directory, policies: test.gateway.policies)
        }
        // An older copy of master.key, from before the rotation.
        try replaceMasterKey(versionOne)
        let outdated = try #require(throws: GatewayError.self) { try open() }
        #expect(outdated.code == .crypto && outdated.message.contains("older copy"))
        // Another installation's key.
        try FileManager.default.removeItem(at: masterKey)
        try MasterKey.create(at: masterKey)
        let foreign = try #require(throws: GatewayError.self) { try open() }
        #expect(foreign.code == .crypto && foreign.message.contains("does not match"))
        // Readable by others.
        try replaceMasterKey(right)
        chmod(masterKey.path, 0o640)
        let exposed = try #require(throws: GatewayError.self) { try open() }
        #expect(exposed.message.contains("chmod 600"))
        #expect(try files.map { try Data(contentsOf: $0) } == before, "a refused key changed the data files")
        // The right key still opens everything.
        chmod(masterKey.path, 0o600)
        let check = try await open().checkConsistency(principal: Self.officer)
        #expect(check.consistent && check.wholeSubjects == 20)
    }
}
