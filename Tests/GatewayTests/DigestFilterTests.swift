import Keyring
import Testing
@testable import Gateway
@testable import Import

@Suite("Digest filter of the importer")
struct DigestFilterTests {
    static func digest(_ text: String) -> [UInt8] {
        Sodium.blake2b(Array(text.utf8), outputLength: BlindIndex.digestLength)
    }

    @Test("Every inserted digest is found; an e-mail digest never vouches for a phone")
    func noFalseNegatives() {
        var filter = DigestFilter()
        let inserted = (0..<50_000).map { Self.digest("inserted-\($0)") }
        for digest in inserted { filter.insert(digest, kind: .email) }
        #expect(inserted.allSatisfy { filter.mayContain($0, kind: .email) })
        let crossKind = inserted.prefix(10_000).filter { filter.mayContain($0, kind: .phone) }.count
        #expect(crossKind < 20, "\(crossKind) phone answers from e-mail digests")
    }

    @Test("Digests never inserted are almost always answered no")
    func fewFalsePositives() {
        var filter = DigestFilter()
        for n in 0..<200_000 { filter.insert(Self.digest("inserted-\(n)"), kind: .phone) }
        let maybes = (0..<20_000).filter { filter.mayContain(Self.digest("other-\($0)"), kind: .phone) }.count
        #expect(maybes < 40, "\(maybes) of 20,000 false maybes")
    }
}
