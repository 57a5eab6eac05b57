import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Calls the `/v1` API of one running server with a bearer token, JSON in and out.
struct APIClient: Sendable {
    let base: String
    let token: String

    struct Answer: @unchecked Sendable {
        var status: Int
        /// The body parsed as a JSON object (empty when it is not one).
        var json: [String: Any]
    }

    func post(_ path: String, _ body: [String: Any]) async throws -> Answer {
        try await send("POST", path, body: body)
    }

    func get(_ path: String) async throws -> Answer {
        try await send("GET", path, body: nil)
    }

    private func send(_ method: String, _ path: String, body: [String: Any]?) async throws -> Answer {
        var request = URLRequest(url: URL(string: base + "/v1" + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, json: json)
    }
}
