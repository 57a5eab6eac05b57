import Foundation
import PDGateTesting
import Storage
import Testing
import Vault

/// SQLite and PostgreSQL run one list of migrations to one schema: a migration written for one dialect only, or a
/// column, type, key or index that drifted, fails here (but for the differences VaultSchema declares, with reasons).
@Suite("Schema parity: both dialects, from empty and from every earlier version", .serialized,
       .timeLimit(.minutes(5)))
struct SchemaParityTests {
    static func describe(_ location: DatabaseLocation) async throws -> VaultSchemaDescription {
        let vault = try Vault(location: location)
        defer { try? vault.close() }
        return try await vault.read { tx in try tx.schemaDescription() }
    }

    /// The description with the declared differences of `dialect` left out.
    static func comparable(_ schema: VaultSchemaDescription, dialect: String) -> VaultSchemaDescription {
        var schema = schema
        for key in VaultSchema.dialectDifferences.keys where key.hasPrefix(dialect + ":") {
            let name = String(key.dropFirst(dialect.count + 1))
            schema.tables[name] = nil
            schema.primaryKeys[name] = nil
            schema.indexes[name] = nil
        }
        return schema
    }

    static func postgresCluster() throws -> PostgresCluster {
        guard let cluster = PostgresCluster.shared() else {
            throw MissingTool("a PostgreSQL server (apt-get install postgresql, or make postgres-deps): "
                + (PostgresCluster.unavailableReason ?? "unknown reason"))
        }
        return cluster
    }

    @Test("Both dialects list the same migrations, by name and in order")
    func sameMigrationList() {
        #expect(VaultSchema.migrationNames == VaultSchema.postgresMigrationNames)
    }

    @Test("A new SQLite vault and a new PostgreSQL vault have the same tables, columns, keys and indexes")
    func sameSchemaFromEmpty() async throws {
        let folder = try Backend.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lite = try await Self.describe(.sqlite(folder.appendingPathComponent("vault.sqlite")))
        let postgres = try await Self.describe(try DatabaseLocation(parsing: Self.postgresCluster()
            .makeDatabase(prefix: "parity")))
        #expect(lite.migrations == VaultSchema.migrationNames)
        #expect(postgres.migrations == VaultSchema.postgresMigrationNames)
        let a = Self.comparable(lite, dialect: "sqlite")
        let b = Self.comparable(postgres, dialect: "postgres")
        // The catalogues were read: a description that found nothing would compare equal and prove nothing.
        #expect(a.tables.count >= 15 && a.indexes.count >= 10 && a.tables["subject"]?.isEmpty == false,
                "read \(a.tables.count) tables, \(a.indexes.count) indexes")
        print("schema-parity tables=\(a.tables.count) indexes=\(a.indexes.count) "
            + "columns=\(a.tables.values.map(\.count).reduce(0, +)) declared-differences=\(VaultSchema.dialectDifferences.count)")
        #expect(Set(a.tables.keys) == Set(b.tables.keys))
        for table in Set(a.tables.keys).intersection(b.tables.keys) {
            #expect(a.tables[table] == b.tables[table], "columns of \(table)")
            #expect(a.primaryKeys[table] == b.primaryKeys[table], "primary key of \(table)")
        }
        #expect(a.indexes == b.indexes)
        // Every declared difference is real: a stale declaration would hide the next drift.
        for key in VaultSchema.dialectDifferences.keys {
            let parts = key.split(separator: ":").map(String.init)
            let schema = parts[0] == "sqlite" ? lite : postgres
            #expect(schema.tables[parts[1]] != nil || schema.indexes[parts[1]] != nil, "\(key) is declared but absent")
        }
    }

    @Test("A vault left at any earlier version upgrades to exactly the schema of a new one", arguments: Backend.allCases)
    func upgradesFromEveryVersion(_ backend: Backend) async throws {
        let folder = try Backend.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func fresh(_ name: String) throws -> DatabaseLocation {
            backend == .sqlite ? .sqlite(folder.appendingPathComponent("\(name).sqlite"))
                : try DatabaseLocation(parsing: Self.postgresCluster().makeDatabase(prefix: "upgrade"))
        }
        let target = try await Self.describe(try fresh("new"))
        for count in 1..<VaultSchema.migrationNames.count {
            let location = try fresh("v\(count)")
            try VaultSchema.migrateEarlierVersion(location, throughFirst: count)
            let upgraded = try await Self.describe(location)
            #expect(upgraded.tables == target.tables && upgraded.indexes == target.indexes
                        && upgraded.primaryKeys == target.primaryKeys,
                    "\(backend) upgraded from after migration \(count)")
            #expect(upgraded.migrations == target.migrations)
        }
    }
}
