import Foundation
import PDGateTesting
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The webhook emulator of the connector tests (`Tests/ConnectorTests/Emulators/webhook.py`), run as the receiving
/// service: it applies each delivery once per `webhook-id` and counts repeats, so the test can count effects on the
/// receiver's side.
final class WebhookReceiver: Sendable {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    let port: Int
    private let process: ChildProcess

    private init(process: ChildProcess, port: Int) {
        self.process = process
        self.port = port
    }

    static func start() async throws -> WebhookReceiver {
        let directory = PDGateRunner.root.appendingPathComponent("Tests/ConnectorTests/Emulators")
        let (process, port) = try await ChildProcess.startListening(
            "/usr/bin/env", ["python3", directory.appendingPathComponent("webhook.py").path, "--port", "0",
                             "--style", "standard", "--secret", secret],
            workingDirectory: directory.path)
        guard let process else { throw CocoaError(.fileReadUnknown) }
        return WebhookReceiver(process: process, port: port)
    }

    var url: String { "http://127.0.0.1:\(port)/hooks/pdgate" }

    func stop() {
        process.stop()
    }

    /// `GET /__state`: `people`, `events` (one per applied delivery), `duplicates`, `rejected`.
    func state() async throws -> [String: Any] {
        try await control("GET", "/__state")
    }

    /// `POST /__faults` with a fault specification (see `emulator_base.py`).
    func setFaults(_ spec: [String: Any]) async throws {
        _ = try await control("POST", "/__faults", body: spec)
    }

    private func control(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    /// The connectors configuration routing `customer_relationship` (contract basis: everyone) to this receiver.
    func connectorsJSON() -> String {
        """
        {"connectors": [{"name": "webhook", "type": "webhook", "purposes": ["customer_relationship"],
          "baseURL": "\(url)", "timeoutSeconds": 5, "concurrency": 4,
          "credentials": {"secret": {"env": "PDGATE_TEST_WEBHOOK_SECRET"}}, "settings": {"style": "standard"}}]}
        """
    }
}
