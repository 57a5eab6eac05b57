public import ConnectorKit

extension MailchimpConnector: ConnectionChecking {
    /// `GET /3.0/ping`, Mailchimp's health check, with the API key: a wrong key or data centre fails with the
    /// problem's title (`API Key Invalid`), and nobody's data is read.
    public func checkConnection() async throws {
        _ = try await send(.json("GET", endpoint.url(["ping"]), headers: auth, timeout: timeout), "ping")
    }
}
