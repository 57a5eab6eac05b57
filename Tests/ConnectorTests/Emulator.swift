import ConnectorKit
import Foundation
import PDGateTesting
import Testing

/// A loopback API emulator (a Python program under `Emulators/`) running for one test.
///
/// Started on 127.0.0.1 with port 0; it prints its port on stdout and exits when its stdin closes (when the test
/// process ends) or on SIGTERM.
final class Emulator: Sendable {
    let port: Int
    let baseURL: URL
    private let process: ChildProcess
    private let control: URLSessionTransport

    private init(process: ChildProcess, port: Int) {
        self.process = process
        self.port = port
        self.baseURL = URL(string: "http://127.0.0.1:\(port)")!
        self.control = URLSessionTransport(timeout: .seconds(10), maxConnectionsPerHost: 2)
    }

    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Emulators")
    }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// Starts `script` with `arguments` and waits for its port.
    static func start(_ script: String, _ arguments: [String] = []) async throws -> Emulator {
        let (process, port) = try await ChildProcess.startListening(
            "/usr/bin/env", ["python3", directory.appendingPathComponent(script).path, "--port", "0"] + arguments,
            workingDirectory: directory.path)
        guard let process else { throw ConnectorError(.transient, "emulator \(script) did not start") }
        return Emulator(process: process, port: port)
    }

    /// Runs `body` with a started emulator and stops it afterwards.
    static func with<T>(
        _ script: String,
        _ arguments: [String] = [],
        _ body: (Emulator) async throws -> T
    ) async throws -> T {
        let emulator = try await start(script, arguments)
        defer { emulator.stop() }
        return try await body(emulator)
    }

    func stop() {
        process.stop()
    }

    func url(_ path: String) -> URL { URL(string: baseURL.absoluteString + path)! }

    /// `GET /__state`.
    func state() async throws -> JSONValue {
        let response = try await control.send(.json("GET", url("/__state")))
        return try #require(response.json)
    }

    /// `GET /__stats`.
    func stats() async throws -> JSONValue {
        let response = try await control.send(.json("GET", url("/__stats")))
        return try #require(response.json)
    }

    /// `POST /__faults`.
    func setFaults(_ spec: JSONValue) async throws {
        _ = try await control.send(.json("POST", url("/__faults"), body: spec))
    }

    /// `POST /__reset`: the service forgets everything (state, counters, faults).
    func reset() async throws {
        _ = try await control.send(.json("POST", url("/__reset")))
    }

    /// `POST /__seed`.
    @discardableResult
    func seed(_ fixtures: JSONValue) async throws -> JSONValue? {
        try await control.send(.json("POST", url("/__seed"), body: fixtures)).json
    }

    /// `POST /__act`: the person (or the receiving mail server) does something at the service, which notifies its
    /// webhooks; returns the emulator's answer (`deliveries`: the HTTP statuses the webhooks got).
    @discardableResult
    func act(_ spec: JSONValue) async throws -> JSONValue {
        let response = try await control.send(.json("POST", url("/__act"), body: spec))
        #expect(response.status == 200, "emulator refused \(spec)")
        return try #require(response.json)
    }

    /// Sends an API request as a client of the service would (for set-up steps pdgate itself does not make).
    func api(_ request: TransportRequest) async throws -> TransportResponse {
        try await control.send(request)
    }
}
