internal import Storage

/// The shape of a vault's database as the database itself reports it: its migrations, its tables with their
/// columns (types reduced to integer, real, text or blob) and primary keys, and the indexes created by name.
///
/// Both dialects run the same list of migrations, so two vaults describe the same shape but for the differences
/// ``VaultSchema/dialectDifferences`` declares, each with its reason; the schema parity test holds them to it.
public struct VaultSchemaDescription: Sendable, Equatable {
    /// A column: its name and its type reduced to the four storage classes both dialects share.
    public struct Column: Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var type: String
        public var description: String { "\(name) \(type)" }
    }

    /// The migrations applied, in order.
    public var migrations: [String] = []
    /// Columns by table, in column order.
    public var tables: [String: [Column]] = [:]
    /// Primary-key columns by table.
    public var primaryKeys: [String: [String]] = [:]
    /// Indexes created by name (not those behind a primary key or UNIQUE constraint): `table(col, col)` by name.
    public var indexes: [String: String] = [:]

    /// The storage class a declared column type belongs to.
    static func storageClass(_ declared: String) -> String {
        let type = declared.lowercased()
        if type.contains("int") || type == "boolean" { return "integer" }
        if type.contains("char") || type.contains("text") || type.contains("clob") { return "text" }
        if type.contains("blob") || type == "bytea" || type.isEmpty { return "blob" }
        if type.contains("real") || type.contains("floa") || type.contains("doub") || type.contains("numeric") {
            return "real"
        }
        return type
    }
}

extension VaultTransaction {
    /// Describes this vault's database (``VaultSchemaDescription``), read from the database's own catalogue.
    public func schemaDescription() throws -> VaultSchemaDescription {
        dialect == .sqlite ? try sqliteSchema() : try postgresSchema()
    }

    private func sqliteSchema() throws -> VaultSchemaDescription {
        var schema = VaultSchemaDescription()
        schema.migrations = try sql.fetchColumn("SELECT identifier FROM grdb_migrations ORDER BY rowid", as: String.self)
        let tables = try sql.fetchColumn("""
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
              AND name <> 'grdb_migrations' ORDER BY name
            """, as: String.self)
        for table in tables {
            var keys: [(Int64, String)] = []
            try sql.forEachRow("PRAGMA table_info(\"\(table)\")", []) { row in
                let name: String = row["name"]
                let declared: String = row["type"]
                schema.tables[table, default: []].append(.init(name: name,
                                                               type: VaultSchemaDescription.storageClass(declared)))
                let position: Int64 = row["pk"]
                if position > 0 { keys.append((position, name)) }
            }
            schema.primaryKeys[table] = keys.sorted { $0.0 < $1.0 }.map(\.1)
        }
        try sql.forEachRow("""
            SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name
            """, []) { row in
            let name: String = row["name"]
            let table: String = row["tbl_name"]
            schema.indexes[name] = table
        }
        for (name, table) in schema.indexes {
            let columns = try sql.fetchColumn("SELECT name FROM pragma_index_info(?) ORDER BY seqno",
                                              [.text(name)], as: String.self)
            schema.indexes[name] = "\(table)(\(columns.joined(separator: ", ")))"
        }
        return schema
    }

    private func postgresSchema() throws -> VaultSchemaDescription {
        var schema = VaultSchemaDescription()
        schema.migrations = try sql.fetchColumn("SELECT name FROM vault_migration ORDER BY applied_at, ctid",
                                                as: String.self)
        try sql.forEachRow("""
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name <> 'vault_migration'
            ORDER BY table_name, ordinal_position
            """, []) { row in
            let table: String = row["table_name"]
            let declared: String = row["data_type"]
            schema.tables[table, default: []].append(.init(name: row["column_name"],
                                                           type: VaultSchemaDescription.storageClass(declared)))
        }
        try sql.forEachRow("""
            SELECT c.relname AS table_name, a.attname AS column_name
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            JOIN unnest(k.conkey) WITH ORDINALITY AS u(attnum, position) ON true
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
            WHERE k.contype = 'p' AND c.relnamespace = current_schema()::regnamespace
              AND c.relname <> 'vault_migration'
            ORDER BY c.relname, u.position
            """, []) { row in
            let table: String = row["table_name"]
            schema.primaryKeys[table, default: []].append(row["column_name"])
        }
        try sql.forEachRow("""
            SELECT i.relname AS index_name, t.relname AS table_name,
                   array_to_string(ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
                       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n), ', ')
                       AS columns
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
            """, []) { row in
            let name: String = row["index_name"]
            let table: String = row["table_name"]
            let columns: String = row["columns"]
            schema.indexes[name] = "\(table)(\(columns))"
        }
        for table in schema.tables.keys where schema.primaryKeys[table] == nil { schema.primaryKeys[table] = [] }
        return schema
    }
}
