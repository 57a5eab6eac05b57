/// The SQL dialect of a backend, for the few statements that differ (DDL, row locks, upserts that ignore).
public enum SQLDialect: String, Sendable {
    /// SQLite through GRDB: one writer at a time, so row and advisory locks are not needed.
    case sqlite
    /// PostgreSQL through postgres-nio: many writers, from many processes.
    case postgres
}
