import Core
import Foundation
import Testing
@testable import Keyring

@Suite("Master key")
struct MasterKeyTests {
    @Test("A new master key file is created with mode 0600")
    func createdPrivate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try MasterKey.create(at: directory.file("master.key"))
        let mode = try FileManager.default.attributesOfItem(atPath: directory.file("master.key").path)[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o600)
    }

    @Test("Creating a master key where one exists is refused and leaves it unchanged")
    func neverOverwritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try MasterKey.create(at: directory.file("master.key"))
        let before = try Data(contentsOf: directory.file("master.key"))
        let error = try #require(throws: KeyringError.self) { try MasterKey.create(at: directory.file("master.key")) }
        #expect(error.code == .masterKeyExists)
        #expect(try Data(contentsOf: directory.file("master.key")) == before)
    }

    @Test("A master key readable by group or others is refused with the chmod to run")
    func insecurePermissions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try MasterKey.create(at: directory.file("master.key"))
        chmod(directory.file("master.key").path, 0o644)
        let error = try #require(throws: KeyringError.self) { try MasterKey.load(from: directory.file("master.key")) }
        #expect(error.code == .masterKeyInsecurePermissions)
        #expect(error.message.contains("chmod 600"))
    }

    @Test("A wrong master key gives a clear error and does not touch the key store")
    func wrongMasterKey() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try MasterKey.create(at: directory.file("master.key"))
        let keyring = try Keyring(masterKeyURL: directory.file("master.key"), keyStoreURL: directory.file("keys.sqlite"))
        let subject = SubjectID.generate()
        _ = try keyring.createSubjectKeys(for: [subject])
        try MasterKey.create(at: directory.file("other.key"))
        let error = try #require(throws: KeyringError.self) {
            try Keyring(masterKeyURL: directory.file("other.key"), keyStoreURL: directory.file("keys.sqlite"))
        }
        #expect(error.code == .wrongMasterKey)
        // The right key still opens everything.
        let again = try Keyring(masterKeyURL: directory.file("master.key"), keyStoreURL: directory.file("keys.sqlite"))
        _ = try again.subjectKey(for: subject)
    }

    @Test("A malformed master key file is reported by line")
    func malformed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let url = directory.file("master.key")
        _ = FileManager.default.createFile(atPath: url.path, contents: Data("1 not-base64\n".utf8),
                                       attributes: [.posixPermissions: 0o600])
        let error = try #require(throws: KeyringError.self) { try MasterKey.load(from: url) }
        #expect(error.code == .masterKeyMalformed)
        #expect(error.message.contains("line 1"))
    }
}
