import Testing

@testable import Intake

/// The ASCII fast path of `Normalizer.email` must never accept an address the full rules refuse, and must take the
/// common ones (otherwise it is no fast path).
@Suite("E-mail fast path agrees with the full rules")
struct EmailFastPathTests {
    /// Random addresses over an alphabet weighted towards the characters that decide the rules.
    static func randomAddresses(count: Int) -> [String] {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcz09.-@@_+xn-- .,;\"()[]<>\\!#$%&'*/=?^`{|}~é".unicodeScalars)
        return (0..<count).map { _ in
            let length = Int.random(in: 0...24, using: &generator)
            var text = String.UnicodeScalarView()
            for _ in 0..<length { text.append(alphabet.randomElement(using: &generator)!) }
            return String(text)
        }
    }

    @Test("Whatever the fast path accepts, the full rules accept")
    func fastPathIsASubsetOfTheRules() {
        let edgeCases = ["a@b.cd", ".a@b.cd", "a.@b.cd", "a..b@c.de", "a@-b.cd", "a@b-.cd", "a@b..cd", "a@b.c",
                         "a@b.xn--p1ai", "a@xn--a.b1", "a@b.c1", "a@b.xn--", "a@.b.cd", "a@b.cd.", "@b.cd", "a@",
                         "a@b", String(repeating: "a", count: 65) + "@b.cd",
                         "a@" + String(repeating: "b", count: 64) + ".cd"]
        for address in edgeCases + Self.randomAddresses(count: 50_000) {
            guard Normalizer.isPlainASCIIAddress(address) else { continue }
            #expect(throws: Never.self, "fast path accepted \(address)") { try Normalizer.checkAddress(address) }
        }
    }

    @Test("Ordinary addresses take the fast path", arguments: [
        "anna.petrova@example.com", "customer12345@mail.ru", "i.ivanov+shop@yandex.ru", "o'brien@example.co.uk",
        "a_b-c@sub.domain.org", "x@xn--80a1acny.xn--p1ai",
    ])
    func commonAddressesAreFast(_ address: String) throws {
        #expect(Normalizer.isPlainASCIIAddress(address))
        #expect(try Normalizer.email(address) == address)
    }

    @Test("Addresses the fast path leaves are still judged by the full rules", arguments: [
        ("ANNA@Example.COM", "anna@example.com"), ("анна@пример.рф", "анна@пример.рф"),
    ])
    func slowPathStillNormalises(_ input: String, _ expected: String) throws {
        #expect(try Normalizer.email(input) == expected)
    }
}
