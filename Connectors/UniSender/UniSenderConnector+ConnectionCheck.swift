public import ConnectorKit

extension UniSenderConnector: ConnectionChecking {
    /// `getLists` with the API key: the account's mailing lists (names and ids, nobody's contact); a refused key
    /// fails with UniSender's code (`invalid_api_key`).
    public func checkConnection() async throws {
        _ = try await call("getLists", [], operation: "check")
    }
}
