import Foundation
import PDGateTesting
import Storage
import Testing

/// TLS to PostgreSQL as managed services require it: `sslmode` and `sslrootcert` in the database URL, verify-full by
/// default off this machine, and a wrong host name or an untrusted certificate refused with a clear error.
@Suite("PostgreSQL over TLS: sslmode, sslrootcert, refusals", .serialized, .timeLimit(.minutes(3)))
struct PostgresTLSTests {
    static func cluster() throws -> PostgresCluster {
        guard let cluster = PostgresCluster.shared() else {
            throw MissingTool("a PostgreSQL server (apt-get install postgresql, or make postgres-deps): "
                + (PostgresCluster.unavailableReason ?? "unknown reason"))
        }
        return cluster
    }

    /// A fresh database's URL with its host replaced and `query` appended.
    static func url(host: String, _ query: String) throws -> String {
        let plain = try cluster().makeDatabase(prefix: "tls")
        return plain.replacingOccurrences(of: "@127.0.0.1:", with: "@\(host):") + "?" + query
    }

    /// Whether the store's own connection is encrypted, as the server sees it.
    static func encrypted(_ store: PostgresStore) async throws -> Bool {
        try await store.read { sql in
            try sql.fetchValue("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", as: Bool.self) ?? false
        }
    }

    static func refusal(_ url: String) throws -> String {
        do {
            let store = try PostgresStore(location: PostgresLocation(parsing: url))
            store.close()
            return "connected"
        } catch let error as StorageError {
            return error.message
        }
    }

    @Test("verify-full with the service's CA connects to the name on the certificate, encrypted")
    func verifyFullConnects() async throws {
        let ca = try Self.cluster().certificateAuthority.path
        let store = try PostgresStore(location: PostgresLocation(parsing: try Self.url(
            host: "localhost", "sslmode=verify-full&sslrootcert=\(ca)")))
        defer { store.close() }
        #expect(try await Self.encrypted(store))
    }

    @Test("A host name the certificate does not carry is refused under verify-full, allowed under verify-ca")
    func wrongHostName() async throws {
        let ca = try Self.cluster().certificateAuthority.path
        let message = try Self.refusal(try Self.url(host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(ca)"))
        #expect(message.contains("does not name 127.0.0.1"), "\(message)")
        let store = try PostgresStore(location: PostgresLocation(parsing: try Self.url(
            host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(ca)")))
        defer { store.close() }
        #expect(try await Self.encrypted(store))
    }

    @Test("A certificate from another CA is refused under verify-ca and verify-full")
    func untrustedCertificate() throws {
        let other = try Self.cluster().untrustedAuthority.path
        for mode in ["verify-ca", "verify-full"] {
            let message = try Self.refusal(try Self.url(host: "localhost", "sslmode=\(mode)&sslrootcert=\(other)"))
            #expect(message.contains("not trusted"), "\(mode): \(message)")
        }
    }

    @Test("require encrypts without checking; disable stays plain")
    func requireAndDisable() async throws {
        let required = try PostgresStore(location: PostgresLocation(parsing: try Self.url(host: "127.0.0.1",
                                                                                            "sslmode=require")))
        defer { required.close() }
        #expect(try await Self.encrypted(required))
        let plain = try PostgresStore(location: PostgresLocation(parsing: try Self.url(host: "127.0.0.1",
                                                                                         "sslmode=disable")))
        defer { plain.close() }
        #expect(try await !Self.encrypted(plain))
    }

    @Test("URLs: verify-full by default off this machine, disable on loopback; bad options named")
    func parsing() throws {
        #expect(try PostgresLocation(parsing: "postgres://u@db.example.net/vault").tls == .verifyFull)
        #expect(try PostgresLocation(parsing: "postgres://u@127.0.0.1/vault").tls == .disable)
        #expect(try PostgresLocation(parsing: "postgres://u@localhost/vault?sslmode=require").tls == .require)
        let location = try PostgresLocation(parsing: "postgres://u:pw@db.example.net:6432/vault?sslmode=verify-ca")
        #expect(location.description == "postgres://u:***@db.example.net:6432/vault?sslmode=verify-ca")
        #expect(try PostgresLocation(parsing: location.urlString) == location)
        for (url, fragment) in [("postgres://u@h/v?sslmode=prefer", "sslmode must be one of"),
                                ("postgres://u@h/v?sslcert=/x", "unknown option ?sslcert="),
                                ("postgres://u@h/v?sslrootcert=/nonexistent/ca.pem", "not a readable file")] {
            #expect(throws: StorageError.self) { try PostgresLocation(parsing: url) }
            do { _ = try PostgresLocation(parsing: url) } catch let error as StorageError {
                #expect(error.message.contains(fragment), "\(url): \(error.message)")
            }
        }
    }
}
