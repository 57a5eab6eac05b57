import Foundation
import Hummingbird
import Gateway

/// File responses for bundles and acts: streamed by Hummingbird's `FileIO` (a thread pool, not the cooperative
/// pool), never cached, always as attachments.
enum Downloads {
    static func file(_ url: URL, name: String, type: String, context: APIRequestContext) async throws -> Response {
        let body = try await FileIO().loadFile(path: url.path, context: context)
        return Response(status: .ok, headers: [
            .contentType: type,
            .contentDisposition: "attachment; filename=\"\(name)\"",
            .cacheControl: "no-store",
            .init("X-Content-Type-Options")!: "nosniff",
        ], body: body)
    }

    static func contentType(of format: Gateway.ActFormat) -> String {
        switch format {
        case .html: "text/html; charset=utf-8"
        case .md: "text/markdown; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        }
    }
}
