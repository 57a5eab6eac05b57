import Foundation
import Hummingbird
import Gateway

extension APIRoutes {
    /// `POST /v1/exports`: which people and in which format.
    struct ExportBody: Decodable {
        var purpose: String
        var tag: String?
        var status: String?
        /// `csv` (default) or `xlsx`.
        var format: String?
        /// A second person's approval (`pdgate export approve`) for an export above the role's limit.
        var approval: Int64?
    }

    /// Registers the export routes on `group` (mounted at `/v1`).
    func registerExports(on group: RouterGroup<APIRequestContext>, table: RouteTable) {
        table.add(.post, "exports", prefix: "/v1", on: group, use: export)
    }

    /// Writes the export to a private temporary file, answers with its bytes as an attachment and removes it:
    /// no copy of the list stays on the gateway.
    @Sendable func export(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await RequestBodyDecoder.json(ExportBody.self, from: request)
        guard let format = ExportRequest.Format(rawValue: body.format ?? "csv") else {
            throw APIError.validation("format is csv or xlsx")
        }
        let folder = gateway.exportsFolder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let file = folder.appendingPathComponent("api-\(UUID().uuidString).\(format.rawValue)")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await gateway.export(
            ExportRequest(purpose: body.purpose, tag: body.tag, status: body.status, format: format,
                          approval: body.approval), to: file,
            principal: principal)
        let data = try Data(contentsOf: file)
        let type = format == .csv ? "text/csv; charset=utf-8"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(status: .ok, headers: [
            .contentType: type,
            .contentDisposition: "attachment; filename=\"export-\(result.purpose).\(format.rawValue)\"",
            .cacheControl: "no-store",
            .init("X-Content-Type-Options")!: "nosniff",
            .init("X-PDGate-Export-People")!: "\(result.people)",
            .init("X-PDGate-Export-Flagged")!: "\(result.flagged)",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
