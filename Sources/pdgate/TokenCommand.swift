import ArgumentParser
import Foundation
import Gateway

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, revoke and list API tokens for the HTTP API and the console.",
        discussion: """
            A token is bound to a role of roles.yaml and expires. Only its SHA-256 is stored: the token is printed \
            once, at creation. Managing tokens needs a role with the admin action (privacy_officer by default).
            Exit codes: 0 ok, 1 failure, 3 refused by role, 64 usage.
            """,
        subcommands: [Create.self, Revoke.self, List.self])

    /// The shared options without `--role`, which `token create` uses for the token's role; the operator acts as
    /// `$PDGATE_ROLE` or privacy_officer.
    struct Options: ParsableArguments {
        @Option(name: .long, help: "Data directory (default: $PDGATE_DATA or ./pdgate-data).")
        var data: String?

        @Option(name: .long, help: ArgumentHelp("Vault database, postgres://user@host:port/name (default: "
            + "$PDGATE_DATABASE or DATA/vault.sqlite): the tokens are kept there, where every instance sees them."))
        var database: String?

        @Option(name: .long, help: ArgumentHelp("Key store database (default: $PDGATE_KEY_DATABASE or "
            + "DATA/keys.sqlite); required with a PostgreSQL vault."))
        var keyDatabase: String?

        @Option(name: .long, help: "Policies folder (default: $PDGATE_POLICIES or ./Policies).")
        var policies: String?

        @Flag(name: .long, help: "Print machine-readable JSON on stdout.")
        var json = false

        @Flag(name: .long, help: "Log progress details on stderr (ids and counts only, never personal data).")
        var verbose = false

        /// The same settings as ``GlobalOptions``, with no acting `--role`.
        func makeGlobal() throws -> GlobalOptions {
            var arguments: [String] = []
            if let data { arguments += ["--data", data] }
            if let database { arguments += ["--database", database] }
            if let keyDatabase { arguments += ["--key-database", keyDatabase] }
            if let policies { arguments += ["--policies", policies] }
            if json { arguments.append("--json") }
            if verbose { arguments.append("--verbose") }
            return try GlobalOptions.parse(arguments)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it once.",
            discussion: "Exit codes: 0 ok, 1 failure (unknown role, name in use), 3 refused by role, 64 usage.")

        @OptionGroup var options: Options
        @Option(help: "The token's role, from roles.yaml (privacy_officer, manager, support, analyst, ...).")
        var role: String
        @Option(help: "A unique name: a staff login or a system (web-form, mailchimp); never a customer's data.")
        var name: String
        @Option(help: "Days until the token expires.") var days = 90

        func validate() throws {
            guard (1...3650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
        }

        func run() async throws {
            try await runReporting {
                let global = try options.makeGlobal()
                let gateway = try await global.openGateway()
                let token = try await CLIFailure.mapping {
                    try await gateway.createToken(name: name, role: role, validFor: TimeInterval(days) * 86_400,
                                                  principal: global.principal)
                }
                if global.json {
                    try printJSON(["version": "1", "name": name, "role": role, "days": "\(days)", "token": token])
                } else {
                    print(token)
                    FileHandle.standardError.write(Data(
                        "Token \(name) (role \(role), expires in \(days) days). It is shown only now: store it.\n"
                            .utf8))
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by name; it stops working at once.",
            discussion: "Exit codes: 0 revoked, 1 no live token of that name or failure, 3 refused by role.")

        @OptionGroup var options: Options
        @Option(help: "The token's name.") var name: String

        func run() async throws {
            try await runReporting {
                let global = try options.makeGlobal()
                let gateway = try await global.openGateway()
                let revoked = try await CLIFailure.mapping {
                    try await gateway.revokeToken(name: name, principal: global.principal)
                }
                if global.json {
                    try printJSON(["version": "1", "name": name, "revoked": revoked ? "true" : "false"])
                } else if revoked {
                    print("Revoked \(name)")
                }
                if !revoked { throw CLIFailure(message: "no live token named \(name)", exitCode: 1) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tokens: name, role, expiry and state (never the token).",
            discussion: "Exit codes: 0 ok, 1 failure, 3 refused by role.")

        @OptionGroup var options: Options

        func run() async throws {
            try await runReporting {
                let global = try options.makeGlobal()
                let gateway = try await global.openGateway()
                let tokens = try await CLIFailure.mapping { try await gateway.listTokens(principal: global.principal) }
                if global.json { try printJSON(tokens); return }
                let formatter = ISO8601DateFormatter()
                for token in tokens {
                    let state = token.revoked ? "revoked" : token.expired ? "expired" : "live"
                    print("\(token.name.padding(toLength: 24, withPad: " ", startingAt: 0)) "
                          + "\(token.role.padding(toLength: 16, withPad: " ", startingAt: 0)) "
                          + "\(state.padding(toLength: 8, withPad: " ", startingAt: 0)) "
                          + "expires \(formatter.string(from: token.expiresAt))")
                }
            }
        }
    }
}
