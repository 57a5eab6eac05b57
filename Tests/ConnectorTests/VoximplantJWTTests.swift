import ConnectorKit
import Foundation
import PDGateTesting
import Testing
import VoximplantConnector

/// Service-account JWT auth against the Voximplant emulator, which checks the RS256 signature with the
/// account's public key, `kid`, `iss` and the `exp` window.
// Fast alone; the limit leaves room for a 2-core machine running the whole suite beside it.
@Suite("Voximplant service-account JWT", .timeLimit(.minutes(3)))
struct VoximplantJWTTests {
    /// The emulator's key file (`GET /__service_account`), as the control panel downloads it.
    static func keyFile(_ emulator: Emulator) async throws -> String {
        let response = try await URLSessionTransport(timeout: .seconds(5))
            .send(.json("GET", emulator.url("/__service_account")))
        #expect(response.status == 200)
        return String(decoding: response.body, as: UTF8.self)
    }

    static func signer(
        _ emulator: Emulator,
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> VoximplantJWTSigner {
        try VoximplantJWTSigner(serviceAccount: VoximplantServiceAccount(keyFile: Secret(try await keyFile(emulator))),
                                now: now)
    }

    static func connector(_ emulator: Emulator, _ signer: any VoximplantTokenSigner) -> VoximplantConnector {
        VoximplantConnector(authentication: .jwt(signer), settings: VoximplantSettings(applicationID: 10733204),
                            transport: URLSessionTransport(timeout: .seconds(5)), baseURL: emulator.baseURL)
    }

    static let person = ConnectorPerson(subject: "sub_jwt", fields: ["phone": "+79000000011", "full_name": "Тест"],
                                        purpose: "telephony")

    /// Decodes a base64url segment (no padding) into JSON.
    static func segment(_ text: Substring) -> JSONValue? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).flatMap(JSONValue.parse)
    }

    @Test("A token has the RS256 header with kid, iss = account id, a 60 s life, and no base64 padding")
    func tokenShape() async throws {
        try await Emulator.with("voximplant.py") { emulator in
            let file = try #require(JSONValue.parse(Data(try await Self.keyFile(emulator).utf8)))
            let token = try await Self.signer(emulator, now: { Date(timeIntervalSince1970: 1_750_000_000.7) }).token()
            let parts = token.split(separator: ".", omittingEmptySubsequences: false)
            #expect(parts.count == 3 && !token.contains("=") && !token.contains("+") && !token.contains("/"))
            let header = try #require(Self.segment(parts[0]))
            let claims = try #require(Self.segment(parts[1]))
            #expect(header == ["alg": "RS256", "typ": "JWT", "kid": .string(file["key_id"]?.stringValue ?? "")])
            #expect(claims["iss"] == .int(1234567))
            #expect(claims["iat"] == .int(1_750_000_000) && claims["exp"] == .int(1_750_000_060))
            #expect(parts[2].count == 342)   // 256 signature bytes
        }
    }

    @Test("Calls with a valid token succeed and are authorized by the JWT, not a key")
    func validTokenIsAccepted() async throws {
        try await Emulator.with("voximplant.py") { emulator in
            let connector = Self.connector(emulator, try await Self.signer(emulator))
            #expect(try await connector.upsert(Self.person) == "pdgate:sub_jwt")
            #expect(try await connector.erase(Self.person.ref) == .erased)
            let state = try await emulator.state()
            #expect(state["kv"]?.objectValue?.isEmpty == true)
            #expect((state["auth"]?["jwt"]?.intValue ?? 0) >= 3)
            #expect(state["auth"]?["api_key"] == 0 && state["auth"]?["refused"] == 0)
        }
    }

    @Test("An expired token is refused with error 100 (unauthorized)")
    func expiredTokenIsRefused() async throws {
        try await Emulator.with("voximplant.py") { emulator in
            let signer = try await Self.signer(emulator, now: { Date().addingTimeInterval(-7200) })
            let error = try await #require(throws: ConnectorError.self) {
                try await Self.connector(emulator, signer).upsert(Self.person)
            }
            #expect(error.code == .unauthorized && error.apiErrorType == "100")
            #expect(try await emulator.state()["kv"]?.objectValue?.isEmpty == true)
        }
    }

    @Test("A token whose claims were changed after signing is refused", arguments: ["iss", "exp"])
    func tamperedTokenIsRefused(claim: String) async throws {
        try await Emulator.with("voximplant.py") { emulator in
            let tampering = Tampering(inner: try await Self.signer(emulator), claim: claim)
            let error = try await #require(throws: ConnectorError.self) {
                try await Self.connector(emulator, tampering).upsert(Self.person)
            }
            #expect(error.code == .unauthorized && error.apiErrorType == "100")
            #expect(try await emulator.state()["auth"]?["refused"] == 1)
        }
    }

    @Test("The factory prefers the service account file over the legacy key")
    func factoryPrefersServiceAccount() async throws {
        try await Emulator.with("voximplant.py") { emulator in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vox-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("service-account.json").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(try await Self.keyFile(emulator).utf8),
                                                   attributes: [.posixPermissions: 0o600]))
            let entry = ConnectorConfig(
                name: "voximplant", purposes: ["telephony"], baseURL: emulator.baseURL, timeoutSeconds: 5,
                credentials: ["serviceAccount": .file(path), "accountID": .environment("VOX_ACCOUNT"),
                              "apiKey": .environment("VOX_KEY")],
                settings: ["applicationID": 10733204])
            let registry = try ConnectorRegistry(
                config: ConnectorsConfig(connectors: [entry]), factories: [VoximplantConnectorFactory()],
                transport: URLSessionTransport(timeout: .seconds(5)),
                environment: ["VOX_ACCOUNT": "1234567", "VOX_KEY": "wrong-key"])
            let connector = try #require(registry.connector(named: "voximplant"))
            _ = try await connector.upsert(Self.person)
            let auth = try await emulator.state()["auth"]
            #expect(auth?["jwt"] == 1 && auth?["api_key"] == 0 && auth?["refused"] == 0)

            // A key file others can read is refused before any request, naming the file, not its contents.
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            let error = try #require(throws: ConnectorError.self) {
                try ConnectorRegistry(config: ConnectorsConfig(connectors: [entry]),
                                      factories: [VoximplantConnectorFactory()], transport: RecordingTransport(),
                                      environment: ["VOX_ACCOUNT": "1234567", "VOX_KEY": "wrong-key"])
            }
            #expect(error.code == .invalidConfiguration && error.message.contains("chmod 600"))
        }
    }

    @Test("A key file without a usable private key is a configuration error that shows no key material")
    func badKeyFile() throws {
        let missing = try #require(throws: ConnectorError.self) {
            try VoximplantServiceAccount(keyFile: Secret(#"{"account_id": 1234567, "key_id": "k"}"#))
        }
        #expect(missing.code == .invalidConfiguration && missing.message.contains("private_key"))
        let account = VoximplantServiceAccount(
            accountID: "1234567", keyID: "k",
            privateKey: Secret("-----BEGIN PRIVATE KEY-----\nc2VjcmV0IG5vdCBhIGtleQ==\n-----END PRIVATE KEY-----"))
        let garbled = try #require(throws: ConnectorError.self) { try VoximplantJWTSigner(serviceAccount: account) }
        #expect(garbled.code == .invalidConfiguration && !garbled.message.contains("c2VjcmV0"))
        #expect(!"\(account)".contains("BEGIN"))
    }
}

/// Signs a valid token, then changes one claim and keeps the old signature.
private struct Tampering: VoximplantTokenSigner {
    let inner: VoximplantJWTSigner
    let claim: String

    func token() async throws -> String {
        let parts = try await inner.token().split(separator: ".").map(String.init)
        var claims = VoximplantJWTTests.segment(Substring(parts[1]))?.objectValue ?? [:]
        claims[claim] = claim == "iss" ? .int(7654321) : .int((claims["exp"]?.intValue ?? 0) + 600)
        let body = JSONValue.object(claims).encoded().base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return [parts[0], body, parts[2]].joined(separator: ".")
    }
}
