import ConnectorKit
import Foundation
import Testing

@Suite("SHA-256, HMAC-SHA256 and MD5 against published vectors")
struct CryptoTests {
    @Test("SHA-256 NIST vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256Vectors(input: String, digest: String) {
        #expect(Hex.encode(SHA256.hash(Array(input.utf8))) == digest)
    }

    @Test("SHA-256 of a million 'a's, fed in pieces")
    func sha256Long() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(Hex.encode(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("HMAC-SHA256 RFC 4231 cases 1, 2 and 6 (key longer than a block)")
    func hmacVectors() {
        let key1 = [UInt8](repeating: 0x0b, count: 20)
        #expect(Hex.encode(HMACSHA256.authenticationCode(for: Array("Hi There".utf8), key: key1))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(Hex.encode(HMACSHA256.authenticationCode(for: Array("what do ya want for nothing?".utf8),
                                                         key: Array("Jefe".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let key6 = [UInt8](repeating: 0xaa, count: 131)
        #expect(Hex.encode(HMACSHA256.authenticationCode(
            for: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8), key: key6))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(HMACSHA256.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!HMACSHA256.constantTimeEquals([1, 2, 3], [1, 2, 4]))
    }

    @Test("MD5 RFC 1321 vectors and Mailchimp's subscriber hash")
    func md5Vectors() {
        #expect(Hex.encode(MD5.hash(Array("".utf8))) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Hex.encode(MD5.hash(Array("abc".utf8))) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Hex.encode(MD5.hash(Array("12345678901234567890123456789012345678901234567890123456789012345678901234567890".utf8)))
            == "57edf4a22be3c955ac49da2e2107b67a")
        #expect(Hex.encode(MD5.hash(Array("ann@example.com".utf8))) == "257c57037d384ae37ea27a07e8a01665")
        #expect(Hex.encode(MD5.hash(Array("The quick brown fox jumps over the lazy dog".utf8)))
            == "9e107d9d372bb6826bd81d3542a419d6")
    }

    @Test("Inputs that are slices or views hash like the same bytes in an array")
    func nonArrayInputs() {
        let bytes = Array("xxThe quick brown fox jumps over the lazy dog".utf8)
        let slice = bytes[2...]
        #expect(MD5.hash(slice) == MD5.hash(Array(slice)))
        #expect(SHA256.hash("abc".utf8) == SHA256.hash(Array("abc".utf8)))
        #expect(HMACSHA256.authenticationCode(for: "what do ya want for nothing?".utf8, key: "Jefe".utf8)
            == HMACSHA256.authenticationCode(for: Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8)))
        var hasher = SHA256()
        hasher.update("ab".utf8)
        hasher.update(Array("c".utf8)[...])
        #expect(Hex.encode(hasher.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
