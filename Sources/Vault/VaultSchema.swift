public import Storage

/// The vault's schema: one list of migrations that both dialects run. Only append new migrations; never edit a
/// shipped one.
///
/// Each step names its SQLite text (`VaultSchema+SQLite.swift`) and its PostgreSQL statements
/// (`VaultSchema+Postgres.swift`); Storage's ``SQLDatabase`` runs the list on either backend. The schema parity
/// test migrates both from empty and from every earlier step and holds the resulting tables, columns, primary keys
/// and indexes equal but for ``dialectDifferences``.
public enum VaultSchema {
    /// Where the two dialects' schemas differ on purpose, each with its reason: `sqlite:` or `postgres:` and the
    /// table or index that only that dialect has.
    public static let dialectDifferences: [String: String] = [
        "sqlite:audit_subject": "SQLite indexes the audit chain by subject in bulk (v11): a per-row index dirtied a "
            + "random page of the file for every appended entry",
        "sqlite:audit_subject_mark": "how far SQLite's bulk index of the audit chain has got (v11)",
        "postgres:audit_log_subject": "PostgreSQL keeps the per-row index of the audit chain by subject that SQLite "
            + "replaced in v11",
    ]

    /// The vault's migrations, in order, for both dialects.
    public static let migrations: [SchemaMigration] = [
        SchemaMigration("v1 subjects, indexes, consents, imports, audit", sqlite: SQLite.v1, postgres: Postgres.v1),
        SchemaMigration("v2 requests, tokens, acts", sqlite: SQLite.v2, postgres: Postgres.v2),
        SchemaMigration("v3 outbox", sqlite: SQLite.v3, postgres: Postgres.v3),
        SchemaMigration("v4 address status", sqlite: SQLite.v4, postgres: Postgres.v4),
        SchemaMigration("v5 suppression list", sqlite: SQLite.v5, postgres: Postgres.v5),
        SchemaMigration("v6 incidents", sqlite: SQLite.v6, postgres: Postgres.v6),
        SchemaMigration("v7 reconfirmations, inbound marks", sqlite: SQLite.v7, postgres: Postgres.v7),
        SchemaMigration("v8 erasure ledger by subject", sqlite: SQLite.v8, postgres: Postgres.v8),
        SchemaMigration("v9 pending sign-ups", sqlite: SQLite.v9, postgres: Postgres.v9),
        SchemaMigration("v10 act numbers", sqlite: SQLite.v10, postgres: Postgres.v10),
        SchemaMigration("v11 audit trail index built in bulk", sqlite: SQLite.v11, postgres: Postgres.v11),
        SchemaMigration("v12 export register", sqlite: SQLite.v12, postgres: Postgres.v12),
        SchemaMigration("v13 outbox error detail", sqlite: SQLite.v13, postgres: Postgres.v13),
        SchemaMigration("v14 web sessions, codes, links and failure counters", sqlite: SQLite.v14,
                        postgres: Postgres.v14),
    ]

    /// Where PostgreSQL records the applied migrations (SQLite records them in GRDB's `grdb_migrations`).
    static let recordTable = "vault_migration"

    /// The names of the migrations, in order, as SQLite records them.
    public static var migrationNames: [String] { migrations.map(\.name) }

    /// The names of the migrations, in order, as PostgreSQL records them: the same list.
    public static var postgresMigrationNames: [String] { migrations.map(\.name) }

    /// Brings an empty database to the schema of its first `count` migrations only, as an older pdgate left it (for
    /// upgrade tests: opening a ``Vault`` on it then runs the rest).
    public static func migrateEarlierVersion(_ location: DatabaseLocation, throughFirst count: Int) throws {
        let database = try SQLDatabase(location: location)
        defer { try? database.close() }
        try database.migrate(migrations, recordedIn: recordTable, throughFirst: count)
    }
}
