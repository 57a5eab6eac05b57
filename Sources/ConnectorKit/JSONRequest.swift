public import Foundation

extension TransportRequest {
    /// A request with a JSON body (`Content-Type: application/json; charset=utf-8`) and `Accept: application/json`.
    public static func json(
        _ method: String,
        _ url: URL,
        body: JSONValue? = nil,
        headers: [(name: String, value: String)] = [],
        timeout: Duration? = nil
    ) -> Self {
        var request = TransportRequest(method: method, url: url, headers: headers, timeout: timeout)
        request.setHeader("Accept", "application/json")
        if let body {
            request.body = body.encoded()
            request.setHeader("Content-Type", "application/json; charset=utf-8")
        }
        return request
    }

    /// A `POST` with an `application/x-www-form-urlencoded` body.
    public static func form(
        _ url: URL,
        fields: [(String, String)],
        headers: [(name: String, value: String)] = [],
        timeout: Duration? = nil
    ) -> Self {
        var request = TransportRequest(method: "POST", url: url, headers: headers, timeout: timeout)
        request.body = Data(FormEncoding.encode(fields).utf8)
        request.setHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        request.setHeader("Accept", "application/json")
        return request
    }
}

extension TransportResponse {
    /// The body parsed as JSON, or `nil`.
    public var json: JSONValue? { JSONValue.parse(body) }
}
