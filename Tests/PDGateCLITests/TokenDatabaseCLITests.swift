import Foundation
import Testing

/// `pdgate token` manages the tokens where the gateways that check them keep them: the vault named by `--database`,
/// as every other command that opens the vault takes it (a shared PostgreSQL vault in a scaled-out deployment).
@Suite("Tokens in the vault named on the command line", .serialized)
struct TokenDatabaseCLITests {
    @Test("token create, list and revoke take --database and --key-database and act on that vault")
    func tokensFollowTheNamedVault() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-tokdb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data").path
        let stores = ["--database", root.appendingPathComponent("elsewhere-vault.sqlite").path,
                      "--key-database", root.appendingPathComponent("elsewhere-keys.sqlite").path]
        let initialised = try await PDGateProcess.run(["init", "--data", data] + stores)
        try #require(initialised.status == 0, "\(initialised.stderr)")

        let created = try await PDGateProcess.run(["token", "create", "--data", data, "--role", "support",
                                                   "--name", "desk"] + stores)
        #expect(created.status == 0, "\(created.stderr)")
        let listed = try await PDGateProcess.run(["token", "list", "--data", data, "--json"] + stores)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("\"desk\""), "the token is in the vault named by --database")
        #expect(!FileManager.default.fileExists(atPath: data + "/vault.sqlite"),
                "nothing was written to the data directory's default vault")

        let revoked = try await PDGateProcess.run(["token", "revoke", "--data", data, "--name", "desk"] + stores)
        #expect(revoked.status == 0, "\(revoked.stderr)")
    }
}
