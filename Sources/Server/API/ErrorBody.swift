import Foundation
import Hummingbird

/// The JSON shape of every API error: `{ "error": { "code": "...", "message": "..." } }`.
struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
    }

    var error: Detail

    init(code: String, message: String) {
        error = Detail(code: code, message: message)
    }

    /// A JSON error response with extra headers.
    static func response(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:])
        -> Response
    {
        let data = (try? JSONResponse.encoder.encode(ErrorBody(code: code, message: message))) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
