import Core
import Foundation
import Testing
@testable import Keyring

@Suite("Field sealing")
struct SealingTests {
    let directory: TemporaryDirectory
    let keyring: Keyring

    init() throws {
        directory = try TemporaryDirectory()
        try MasterKey.create(at: directory.file("master.key"))
        keyring = try Keyring(masterKeyURL: directory.file("master.key"), keyStoreURL: directory.file("keys.sqlite"))
    }

    @Test("Every kind of value round-trips through seal and open", arguments: [
        "Иванова Мария Петровна", "+79120000000", "anna@example.com", "", "47893.38",
        "Robert'); DROP TABLE subjects;-- ✨ «кавычки» \"двойные\"\nвторая строка",
        String(repeating: "x", count: 2000),
    ])
    func roundTrip(value: String) throws {
        let subject = SubjectID.generate()
        let key = try #require(try keyring.createSubjectKeys(for: [subject])[subject])
        let box = key.seal(value, field: "notes")
        #expect(try key.open(box, field: "notes") == value)
        #expect(!box.containsSubsequence(Array(value.utf8)) || value.isEmpty)
    }

    @Test("A ciphertext moved to another field does not open")
    func movedToAnotherField() throws {
        let subject = SubjectID.generate()
        let key = try #require(try keyring.createSubjectKeys(for: [subject])[subject])
        let box = key.seal("anna@example.com", field: "email")
        #expect(throws: KeyringError.self) { try key.open(box, field: "notes") }
    }

    @Test("A ciphertext moved to another subject does not open, even with that subject's key")
    func movedToAnotherSubject() throws {
        let a = SubjectID.generate()
        let b = SubjectID.generate()
        let keys = try keyring.createSubjectKeys(for: [a, b])
        let box = try #require(keys[a]).seal("anna@example.com", field: "email")
        #expect(throws: KeyringError.self) { try #require(keys[b]).open(box, field: "email") }
        // Same key bytes but bound to another subject id (a row copied between subjects) also fails.
        let impostor = SubjectKey(subject: b, version: 1, key: try #require(keys[a]).key)
        #expect(throws: KeyringError.self) { try impostor.open(box, field: "email") }
    }

    @Test("A ciphertext sealed under another key version does not open")
    func otherKeyVersion() throws {
        let subject = SubjectID.generate()
        let key = try #require(try keyring.createSubjectKeys(for: [subject])[subject])
        let box = key.seal("+79120000000", field: "phone")
        let rotated = SubjectKey(subject: subject, version: 2, key: key.key)
        #expect(throws: KeyringError.self) { try rotated.open(box, field: "phone") }
    }

    @Test("Any flipped byte makes a sealed value fail to open")
    func tamperedByte() throws {
        let subject = SubjectID.generate()
        let key = try #require(try keyring.createSubjectKeys(for: [subject])[subject])
        let box = key.seal("anna@example.com", field: "email")
        for index in [1, 10, 30, box.count - 1] {
            var tampered = box
            tampered[index] ^= 0x01
            #expect(throws: KeyringError.self) { try key.open(tampered, field: "email") }
        }
    }

    @Test("Padding hides the exact length of short values")
    func paddingHidesLength() throws {
        let subject = SubjectID.generate()
        let key = try #require(try keyring.createSubjectKeys(for: [subject])[subject])
        #expect(key.seal("a", field: "x").count == key.seal("abcdefghijkl", field: "x").count)
    }

    @Test("Destroying a subject key makes the subject unreadable and is idempotent")
    func destroyKey() async throws {
        let subject = SubjectID.generate()
        _ = try keyring.createSubjectKeys(for: [subject])
        #expect(try await keyring.hasKey(for: subject))
        #expect(try await keyring.destroySubjectKeys([subject]) == 1)
        #expect(try await keyring.destroySubjectKeys([subject]) == 0)
        await #expect(throws: KeyringError.self) { _ = try await keyring.subjectKey(for: subject) }
    }

    @Test("Keys survive reopening the key ring")
    func keysPersist() throws {
        let subject = SubjectID.generate()
        let key = try #require(try keyring.createSubjectKeys(for: [subject])[subject])
        let box = key.seal("anna@example.com", field: "email")
        let digest = keyring.blindIndex(.email).digest("anna@example.com")
        let reopened = try Keyring(masterKeyURL: directory.file("master.key"), keyStoreURL: directory.file("keys.sqlite"))
        #expect(try reopened.subjectKey(for: subject).open(box, field: "email") == "anna@example.com")
        #expect(reopened.blindIndex(.email).digest("anna@example.com") == digest)
        #expect(reopened.signer.publicKey == keyring.signer.publicKey)
    }
}

extension Array where Element == UInt8 {
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if Array(self[start..<start + needle.count]) == needle { return true }
        }
        return false
    }
}
