/// How the connections of an SQLite ``SQLDatabase`` are set up.
///
/// Every connection turns `secure_delete` on first, whatever the options say: pdgate's databases hold sealed
/// personal data and keys, whose deleted bytes must not stay in free pages.
public struct SQLiteOptions: Sendable {
    /// How long a statement waits for another connection's lock before it fails, in seconds; nil fails at once.
    public var busyTimeout: Double?
    /// `PRAGMA` statements run on every connection as it opens, after `secure_delete`.
    public var pragmas: [String]

    public init(busyTimeout: Double? = nil, pragmas: [String] = []) {
        self.busyTimeout = busyTimeout
        self.pragmas = pragmas
    }
}
