import Foundation
import Hummingbird

/// JSON responses with one encoder for the whole API: sorted keys, ISO 8601 dates, no escaped slashes.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// Encodes `value` as the body of a response with `status`.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        respond(ByteBuffer(bytes: try encoder.encode(value)), status: status)
    }

    /// A response whose body is `json`, already encoded.
    static func make(json: String, status: HTTPResponse.Status = .ok) -> Response {
        respond(ByteBuffer(string: json), status: status)
    }

    private static func respond(_ body: ByteBuffer, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: body))
    }
}
