import Core
import Foundation
import Testing
@testable import Keyring

@Suite("Blind indexes, ids and signatures")
struct BlindIndexTests {
    @Test("Digests are deterministic per value and separate per kind and per key store")
    func digests() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try MasterKey.create(at: directory.file("master.key"))
        let keyring = try Keyring(masterKeyURL: directory.file("master.key"), keyStoreURL: directory.file("keys.sqlite"))
        let email = keyring.blindIndex(.email)
        #expect(email.digest("anna@example.com") == email.digest("anna@example.com"))
        #expect(email.digest("anna@example.com") != email.digest("anne@example.com"))
        #expect(email.digest("anna@example.com") != keyring.blindIndex(.suppressionEmail).digest("anna@example.com"))
        #expect(email.digest("anna@example.com").count == BlindIndex.digestLength)
        // Another deployment's index key gives unrelated digests: nothing to correlate across vaults.
        try MasterKey.create(at: directory.file("m2.key"))
        let other = try Keyring(masterKeyURL: directory.file("m2.key"), keyStoreURL: directory.file("k2.sqlite"))
        #expect(other.blindIndex(.email).digest("anna@example.com") != email.digest("anna@example.com"))
    }

    @Test("Subject ids have the documented shape and parse back; other strings do not parse")
    func subjectIDs() {
        let id = SubjectID.generate()
        #expect(id.rawValue.hasPrefix("sub_") && id.rawValue.count == 30)
        #expect(SubjectID(id.rawValue) == id)
        #expect(SubjectID("anna@example.com") == nil)
        #expect(SubjectID("sub_") == nil)
        #expect(SubjectID.generate() != SubjectID.generate())
        let early = SubjectID.generate(now: Date(timeIntervalSince1970: 1_000))
        let late = SubjectID.generate(now: Date(timeIntervalSince1970: 2_000))
        #expect(early < late)
    }

    @Test("Ed25519 signatures verify and fail on any change")
    func signatures() throws {
        let signer = Signer(seed: .random())
        let message = Array("checkpoint 17".utf8)
        let signature = signer.sign(message)
        #expect(Signer.verify(signature: signature, message: message, publicKey: signer.publicKey))
        #expect(!Signer.verify(signature: signature, message: Array("checkpoint 18".utf8), publicKey: signer.publicKey))
        #expect(!Signer.verify(signature: signature, message: message, publicKey: Signer(seed: .random()).publicKey))
    }
}
