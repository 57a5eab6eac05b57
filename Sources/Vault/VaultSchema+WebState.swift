/// Migration v14, both dialects: the web front ends' state, shared by every gateway instance on the vault and kept
/// across restarts.
///
/// The privacy center's one-time codes (`web_challenge`), its sessions and the console's (`web_session`, by
/// `kind`), its one-time download links (`web_link`) and the failure counters of the rate limits (`web_failure`:
/// the times of a key's recent failures, newest last, as 8-byte big-endian milliseconds). Secrets and client
/// addresses are found by a keyed digest (Keyring's `SecretDigest`), never stored; a console session keeps the
/// SHA-256 of its API token, as `api_token` does. Every row has an expiry, and the nightly purge deletes the
/// expired ones.
extension VaultSchema.SQLite {
    static let v14 = """
        CREATE TABLE web_challenge (
            digest BLOB PRIMARY KEY,
            code_digest BLOB NOT NULL,
            subject TEXT,
            attempts_left INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX web_challenge_expiry ON web_challenge(expires_at);
        CREATE TABLE web_session (
            digest BLOB PRIMARY KEY,
            kind TEXT NOT NULL,
            subject TEXT,
            token_hash BLOB,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX web_session_expiry ON web_session(expires_at);
        CREATE TABLE web_link (
            digest BLOB PRIMARY KEY,
            session_digest BLOB NOT NULL,
            reference TEXT NOT NULL,
            format TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX web_link_session ON web_link(session_digest);
        CREATE INDEX web_link_expiry ON web_link(expires_at);
        CREATE TABLE web_failure (
            scope TEXT NOT NULL,
            digest BLOB NOT NULL,
            times BLOB NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (scope, digest)
        ) WITHOUT ROWID;
        CREATE INDEX web_failure_expiry ON web_failure(expires_at);
        """
}

extension VaultSchema.Postgres {
    static let v14: [String] = [
        """
        CREATE TABLE web_challenge (
            digest BYTEA PRIMARY KEY,
            code_digest BYTEA NOT NULL,
            subject TEXT,
            attempts_left BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX web_challenge_expiry ON web_challenge(expires_at)",
        """
        CREATE TABLE web_session (
            digest BYTEA PRIMARY KEY,
            kind TEXT NOT NULL,
            subject TEXT,
            token_hash BYTEA,
            expires_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX web_session_expiry ON web_session(expires_at)",
        """
        CREATE TABLE web_link (
            digest BYTEA PRIMARY KEY,
            session_digest BYTEA NOT NULL,
            reference TEXT NOT NULL,
            format TEXT NOT NULL,
            expires_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX web_link_session ON web_link(session_digest)",
        "CREATE INDEX web_link_expiry ON web_link(expires_at)",
        """
        CREATE TABLE web_failure (
            scope TEXT NOT NULL,
            digest BYTEA NOT NULL,
            times BYTEA NOT NULL,
            expires_at BIGINT NOT NULL,
            PRIMARY KEY (scope, digest)
        )
        """,
        "CREATE INDEX web_failure_expiry ON web_failure(expires_at)",
    ]
}
