import ArgumentParser

/// The pdgate command-line tool.
@main
struct PDGate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdgate",
        abstract: "A personal-data compliance gateway: encrypted customer vault, consent, requests and audit.",
        discussion: """
            Data directory: --data DIR, or PDGATE_DATA, or ./pdgate-data.
            Policies: --policies DIR, or PDGATE_POLICIES, or ./Policies.
            Exit codes: 0 ok, 1 failure, 3 refused by policy or role, 64 usage.
            """,
        version: "0.1.0",
        subcommands: [InitCommand.self, ImportCommand.self, SubjectCommand.self, ConsentCommand.self,
                      RequestCommand.self, EraseCommand.self, ConnectorsCommand.self, PurgeCommand.self, BackupCommand.self,
                      AuditCommand.self, RopaCommand.self, StatsCommand.self, BenchCommand.self, TokenCommand.self,
                      ServeCommand.self, DocsCommand.self, IncidentCommand.self, AccessCommand.self,
                      KeysCommand.self, CheckCommand.self, ExportCommand.self, QualityCommand.self, MigrateCommand.self,
                      RestoreCommand.self]
    )
}
