import ConnectorKit
import Foundation
import Hummingbird

/// Reads JSON and form bodies with the API's rules: the right content type (415 otherwise), well-formed content
/// (400 otherwise, naming the member, never a value).
enum RequestBodyDecoder {
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            guard let date = dateTime(try container.decode(String.self)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 date-time")
            }
            return date
        }
        return decoder
    }()

    /// An RFC 3339 `date-time`, as the OpenAPI document's `format: date-time` allows it: with or without
    /// fractional seconds, `Z` or a numeric offset.
    static func dateTime(_ text: String) -> Date? {
        let whole = ISO8601DateFormatter()
        whole.formatOptions = [.withInternetDateTime]
        if let date = whole.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// Decodes a JSON body; `fallback` is used when the body is empty (for actions whose body is optional).
    static func json<T: Decodable>(_ type: T.Type, from request: Request, fallback: T? = nil) async throws -> T {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        if buffer.readableBytes == 0 {
            if let fallback { return fallback }
            throw APIError.badRequest("a JSON body is required")
        }
        guard let contentType = request.headers[.contentType], mediaType(contentType) == "application/json" else {
            throw APIError.unsupportedMediaType("application/json")
        }
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.badRequest(describe(error))
        }
    }

    /// Decodes an `application/x-www-form-urlencoded` body into its fields (the last of repeated names wins).
    static func form(from request: Request) async throws -> [String: String] {
        guard let contentType = request.headers[.contentType],
            mediaType(contentType) == "application/x-www-form-urlencoded"
        else {
            throw APIError.unsupportedMediaType("application/x-www-form-urlencoded")
        }
        let buffer = try await request.body.collect(upTo: 1 << 20)
        return parseForm(String(buffer: buffer))
    }

    /// Parses `a=1&b=two+words` into fields (``FormEncoding/decode(_:)``).
    static func parseForm(_ text: String) -> [String: String] { FormEncoding.decode(text) }

    /// The media type of a Content-Type value, lowercased, without parameters.
    static func mediaType(_ contentType: String) -> String {
        String(contentType.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// What is wrong with a body, by member path and kind of problem; values are never repeated.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "the body" : text
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context, key)) is required"
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(describe(type))"
        case .valueNotFound(let type, let context): return "\(path(context)) must be \(describe(type)), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context)) has an invalid value"
        @unknown default: return "the body cannot be read"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Double.Type: "a number"
        case is [String].Type: "an array of strings"
        default: "an object"
        }
    }
}
