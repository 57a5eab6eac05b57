import Foundation

/// The pseudonymous identifier of a data subject, such as `sub_01JD3K8Z6Q2W4R7T9Y1B3N5M7P`.
///
/// It carries no personal data: 48 bits of creation time (so new ids sort together and insert cheaply)
/// and 80 random bits, in Crockford base32. It is the only way other modules refer to a person.
public struct SubjectID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The textual form, `sub_` followed by 26 base32 characters.
    public let rawValue: String

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// Parses a subject id, returning nil for anything that is not one.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 30, text.hasPrefix("sub_") else { return nil }
        for c in utf8.dropFirst(4) where !Self.alphabet.contains(c) { return nil }
        rawValue = text
    }

    private init(validated: String) { rawValue = validated }

    /// The id of 48 bits of creation time in milliseconds and 80 random bits (`Keyring`'s `SubjectID.generate`
    /// draws them from libsodium).
    package static func make(millis: UInt64, random: [UInt8]) -> SubjectID {
        precondition(random.count == 10, "a subject id has 80 random bits")
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8((millis >> (8 * UInt64(5 - i))) & 0xff) }
        bytes.replaceSubrange(6..<16, with: random)
        return SubjectID(validated: "sub_" + base32(bytes))
    }

    private static func base32(_ bytes: [UInt8]) -> String {
        // 128 bits -> 26 characters (130 bits, two leading zero bits).
        var value = (UInt128(0))
        for b in bytes { value = (value << 8) | UInt128(b) }
        var chars = [UInt8](repeating: 0, count: 26)
        for i in (0..<26).reversed() {
            chars[i] = alphabet[Int(value & 31)]
            value >>= 5
        }
        return String(decoding: chars, as: UTF8.self)
    }

    public var description: String { rawValue }

    public static func < (lhs: SubjectID, rhs: SubjectID) -> Bool { lhs.rawValue < rhs.rawValue }
}
