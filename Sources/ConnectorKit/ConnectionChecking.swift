/// A connector that can make one harmless authenticated call to its service, for the console's test button: it
/// reads nobody's data and changes nothing (Mailchimp `GET /3.0/ping`, UniSender `getLists`).
public protocol ConnectionChecking: Connector {
    /// Calls the service once with the configured credentials.
    ///
    /// - Throws: ``ConnectorError`` with the service's error type in ``ConnectorError/apiErrorType`` (the title of
    ///   its answer), never a person's data.
    func checkConnection() async throws
}
