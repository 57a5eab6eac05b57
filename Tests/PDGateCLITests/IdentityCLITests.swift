import Core
import Foundation
import Gateway
import PDGateTesting
import Policy
import Testing
@testable import pdgate

/// Issue #26: the command line's principal was `cli:$USER` with a self-declared `--role` defaulting to
/// `privacy_officer`, so anyone with a shell was the privacy officer. It is now bound to an operator account of
/// `roles.yaml` by the process's real user.
@Suite("Command-line identity: bound to an operator account of roles.yaml", .serialized)
struct IdentityCLITests {
    static let policies = PDGateProcess.root.appendingPathComponent("Policies")

    /// A copy of the shipped policies with texts of roles.yaml replaced (each must be there); the caller removes it.
    static func policiesCopy(_ edits: [(String, String)]) throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-pol-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: policies, to: copy)
        let file = copy.appendingPathComponent("roles.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        for (old, new) in edits {
            try #require(text.contains(old), "roles.yaml no longer holds the text a test edits")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        return copy
    }

    @Test("A listed account acts under its role; an unlisted one under no role; --role is not self-granted")
    func binding() throws {
        let shipped = try PolicySet.load(from: Self.policies)
        let officer = CLIIdentity.principal(policies: shipped, requestedRole: nil, account: "root")
        #expect(officer.0.role == "privacy_officer" && officer.warning == nil)
        // An administrator may look at the data as another role sees it (it may issue such a token anyway).
        #expect(CLIIdentity.principal(policies: shipped, requestedRole: "manager", account: "root").0.role == "manager")
        let stranger = CLIIdentity.principal(policies: shipped, requestedRole: "privacy_officer", account: "mallory")
        #expect(stranger.0.role == CLIIdentity.unboundRole && shipped.role(named: stranger.0.role) == nil)
        #expect(stranger.warning?.contains("mallory has no operator account") == true)

        let copy = try Self.policiesCopy([("    role: privacy_officer\n    name:", "    role: manager\n    name:")])
        defer { try? FileManager.default.removeItem(at: copy) }
        let managed = try PolicySet.load(from: copy)
        let asked = CLIIdentity.principal(policies: managed, requestedRole: "privacy_officer", account: "root")
        #expect(asked.0.role == "manager")
        #expect(asked.warning?.contains("needs an account whose role has the admin action") == true)
    }

    @Test("roles.yaml without accounts gives the command line no role, with a warning; an account's role must exist")
    func legacyAndValidation() throws {
        let legacy = try Self.policiesCopy([("accounts:\n  root:", "legacy:\n  root:")])
        defer { try? FileManager.default.removeItem(at: legacy) }
        #expect(throws: PolicyError.self) { try PolicySet.load(from: legacy) }
        let text = try String(contentsOf: legacy.appendingPathComponent("roles.yaml"), encoding: .utf8)
        let cut = try #require(text.range(of: "\nlegacy:"))
        try String(text[..<cut.lowerBound]).write(to: legacy.appendingPathComponent("roles.yaml"), atomically: true,
                                                  encoding: .utf8)
        let old = try PolicySet.load(from: legacy)
        #expect(old.accounts == nil)
        let principal = CLIIdentity.principal(policies: old, requestedRole: "privacy_officer", account: "mallory")
        #expect(principal.0.role == CLIIdentity.unboundRole)
        #expect(principal.warning?.contains("no accounts: section") == true)

        let unknown = try Self.policiesCopy([("    role: privacy_officer\n    name:", "    role: owner\n    name:")])
        defer { try? FileManager.default.removeItem(at: unknown) }
        #expect { try PolicySet.load(from: unknown) } throws: { "\($0)".contains("names role owner") }
    }

    @Test("An operating-system account not listed in roles.yaml runs no command that needs a role")
    func unlistedAccountIsRefused() async throws {
        let account = Principal.operatingSystemAccount
        let copy = try Self.policiesCopy([("accounts:\n  root:", "accounts:\n  someone-else:")])
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-cli-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: copy)
            try? FileManager.default.removeItem(at: data)
        }
        try #require(account != "someone-else")
        let env = ["PDGATE_POLICIES": copy.path, "PDGATE_DATA": data.path, "PDGATE_ROLE": "privacy_officer"]
        #expect(try await PDGateProcess.run(["init"], environment: env).status == 0)
        let find = try await PDGateProcess.run(["subject", "find", "--email", "a@example.com"], environment: env)
        #expect(find.status == 3, "\(find.stderr)")
        #expect(find.stderr.contains("\(account) has no operator account in roles.yaml"))
        let export = try await PDGateProcess.run(["export", "--purpose", "order_fulfilment"], environment: env)
        #expect(export.status == 3)
        // Reading the policies needs no role.
        #expect(try await PDGateProcess.run(["ropa"], environment: env).status == 0)
    }
}
