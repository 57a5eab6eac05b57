import Foundation
internal import GRDB

/// The key database (`keys.sqlite`): wrapped subject keys and wrapped named keys, apart from the data.
///
/// `secure_delete` is on, so a destroyed key's bytes are overwritten in the file, not left in a free page.
final class KeyStore: Sendable {
    let pool: DatabasePool

    init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw KeyringError(.storage, "key store \((path as NSString).lastPathComponent): \(error.resultCode)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE subject_key (
                    subject TEXT PRIMARY KEY NOT NULL,
                    key_version INTEGER NOT NULL,
                    master_version INTEGER NOT NULL,
                    wrapped BLOB NOT NULL,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE named_key (
                    name TEXT PRIMARY KEY NOT NULL,
                    master_version INTEGER NOT NULL,
                    wrapped BLOB NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE master_check (
                    master_version INTEGER PRIMARY KEY NOT NULL,
                    sealed BLOB NOT NULL
                );
                """)
        }
        return migrator
    }
}
