import Foundation
/// `application/x-www-form-urlencoded` and query-string encoding with an explicit, RFC 3986 safe set.
///
/// Unlike `URLComponents`, it encodes `+` (phones in E.164), `&`, `=` and `;` inside values.
public enum FormEncoding {
    private static let unreserved: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Percent-encodes a string's UTF-8 bytes, leaving only unreserved characters.
    public static func percentEncode(_ text: String, keeping extra: Set<UInt8> = []) -> String {
        var output: [UInt8] = []
        for byte in text.utf8 {
            if unreserved.contains(byte) || extra.contains(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes pairs in order as `a=1&b=2`.
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    /// Decodes `a=1&b=two+words` into fields: `+` is a space, `%XX` a byte of UTF-8; a name that does not decode
    /// is left out, a later duplicate wins.
    public static func decode(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decodeComponent(parts[0]) else { continue }
            fields[name] = parts.count > 1 ? decodeComponent(parts[1]) ?? "" : ""
        }
        return fields
    }

    private static func decodeComponent(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
