/// One step of a database's schema, written for both dialects: a name recorded once the step is applied, SQLite's
/// text and PostgreSQL's statements.
///
/// A database's schema is one list of these, which ``SQLDatabase/migrate(_:recordedIn:throughFirst:)`` runs on
/// either backend: a step cannot be added for one dialect only. A step that changes nothing on one dialect says so
/// with an empty script or list (and the difference is declared where the schema parity test can see it).
public struct SchemaMigration: Sendable {
    /// The name recorded once applied; never change a shipped one.
    public let name: String
    /// SQLite's statements, in one script (separated by semicolons).
    public let sqlite: String
    /// PostgreSQL's statements, one per string (the extended query protocol runs one statement at a time).
    public let postgres: [String]

    public init(_ name: String, sqlite: String, postgres: [String]) {
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
    }
}
