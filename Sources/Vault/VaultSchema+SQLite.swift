/// The SQLite text of the vault's migrations (one script per step), listed in order in
/// ``VaultSchema/migrations``. Only add new steps; never edit a shipped one.
extension VaultSchema {
    enum SQLite {
        static let v1 = """
            CREATE TABLE subject (
                id INTEGER PRIMARY KEY,
                pseudonym TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL DEFAULT 'active',
                fields BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                import_run INTEGER
            );
            CREATE TABLE subject_index (
                kind TEXT NOT NULL,
                digest BLOB NOT NULL,
                subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE
            );
            CREATE INDEX subject_index_digest ON subject_index(digest);
            CREATE INDEX subject_index_subject ON subject_index(subject_id);
            CREATE TABLE consent_event (
                id INTEGER PRIMARY KEY,
                subject TEXT NOT NULL,
                purpose TEXT NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('given', 'withdrawn')),
                at INTEGER NOT NULL,
                channel TEXT NOT NULL,
                source TEXT NOT NULL,
                provenance TEXT NOT NULL CHECK (provenance IN ('legacy', 'captured')),
                proven INTEGER NOT NULL,
                notice_id TEXT,
                notice_version TEXT,
                notice_hash TEXT,
                evidence TEXT,
                import_run INTEGER,
                import_row INTEGER,
                principal TEXT NOT NULL
            );
            CREATE INDEX consent_event_subject ON consent_event(subject, purpose, id);
            CREATE TABLE import_run (
                id INTEGER PRIMARY KEY,
                started_at INTEGER NOT NULL,
                finished_at INTEGER,
                file_name TEXT NOT NULL,
                file_sha256 TEXT NOT NULL,
                encoding TEXT NOT NULL,
                delimiter TEXT NOT NULL,
                principal TEXT NOT NULL,
                rows INTEGER NOT NULL DEFAULT 0,
                imported INTEGER NOT NULL DEFAULT 0,
                merged INTEGER NOT NULL DEFAULT 0,
                rejected INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE audit_log (
                seq INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                principal TEXT NOT NULL,
                role TEXT NOT NULL,
                action TEXT NOT NULL,
                purpose TEXT,
                subject TEXT,
                fields TEXT,
                outcome TEXT NOT NULL,
                detail TEXT,
                prev_hash BLOB NOT NULL,
                hash BLOB NOT NULL
            );
            CREATE INDEX audit_log_subject ON audit_log(subject, seq);
            CREATE TABLE audit_checkpoint (
                seq INTEGER PRIMARY KEY,
                hash BLOB NOT NULL,
                signature BLOB NOT NULL,
                public_key BLOB NOT NULL,
                at INTEGER NOT NULL
            );
            CREATE TABLE erasure_ledger (
                id INTEGER PRIMARY KEY,
                subject TEXT NOT NULL,
                requested_at INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
                done_at INTEGER
            );
            CREATE INDEX erasure_ledger_state ON erasure_ledger(state);
            """

        static let v2 = """
            CREATE TABLE data_request (
                id INTEGER PRIMARY KEY,
                reference TEXT NOT NULL UNIQUE,
                state TEXT NOT NULL,
                deadline INTEGER NOT NULL,
                subject TEXT,
                record TEXT NOT NULL,
                payload BLOB
            );
            CREATE INDEX data_request_open ON data_request(state, deadline);
            CREATE INDEX data_request_subject ON data_request(subject);
            CREATE TABLE api_token (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL,
                token_hash BLOB NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                revoked_at INTEGER
            );
            CREATE TABLE destruction_act (
                id INTEGER PRIMARY KEY,
                number TEXT NOT NULL,
                subject TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                file TEXT NOT NULL
            );
            CREATE INDEX destruction_act_number ON destruction_act(number);
            """

        static let v3 = """
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                event_id TEXT NOT NULL UNIQUE,
                connector TEXT NOT NULL,
                operation TEXT NOT NULL,
                subject TEXT NOT NULL,
                purpose TEXT NOT NULL,
                idempotency_key TEXT NOT NULL UNIQUE,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at REAL NOT NULL,
                created_at REAL NOT NULL,
                payload BLOB,
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'dead')),
                lease_owner TEXT,
                lease_until REAL,
                result TEXT,
                error_code TEXT,
                error_message TEXT,
                finished_at REAL
            );
            CREATE INDEX outbox_due ON outbox(connector, state, next_attempt_at);
            CREATE INDEX outbox_subject ON outbox(connector, subject, state, id);
            """

        /// What mailing services reported about an address (a hard bounce, "cleaned"): by pseudonym and the
        /// kind of address, never the address itself. A new address for the person clears it.
        static let v4 = """
            CREATE TABLE address_status (
                subject TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
                status TEXT NOT NULL,
                reason TEXT NOT NULL,
                source TEXT NOT NULL,
                at INTEGER NOT NULL,
                PRIMARY KEY (subject, kind)
            ) WITHOUT ROWID;
            """

        /// Keyed hashes (the suppression key, not the lookup index key) of the normalised e-mail and phone of
        /// people who were erased at their request or objected: never plaintext, never a subject id.
        static let v5 = """
            CREATE TABLE suppression (
                kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
                digest BLOB NOT NULL,
                reason TEXT NOT NULL,
                at INTEGER NOT NULL,
                PRIMARY KEY (kind, digest)
            ) WITHOUT ROWID;
            """

        static let v6 = """
            CREATE TABLE incident (
                id INTEGER PRIMARY KEY,
                reference TEXT NOT NULL UNIQUE,
                state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
                detected_at INTEGER NOT NULL,
                record TEXT NOT NULL
            );
            CREATE INDEX incident_state ON incident(state, detected_at);
            """

        /// Re-permission: when pdgate asked a mailing service to have a person confirm legacy consent (double
        /// opt-in), and when the confirmation came back; by pseudonym, never an address. And, per connector,
        /// how far `pdgate connectors pull` has read the service's changes.
        static let v7 = """
            CREATE TABLE reconfirmation (
                subject TEXT NOT NULL,
                purpose TEXT NOT NULL,
                connector TEXT NOT NULL,
                requested_at INTEGER NOT NULL,
                confirmed_at INTEGER,
                PRIMARY KEY (subject, purpose, connector)
            ) WITHOUT ROWID;
            CREATE INDEX reconfirmation_purpose ON reconfirmation(purpose, requested_at);
            CREATE TABLE inbound_mark (
                connector TEXT PRIMARY KEY,
                mark INTEGER NOT NULL,
                pulled_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """

        /// Finishing an erasure finds its ledger row by subject: without this index a purge of many people
        /// scanned every pending row once per person.
        static let v8 = "CREATE INDEX erasure_ledger_subject ON erasure_ledger(subject, state)"

        /// Web-form sign-ups waiting for their double opt-in confirmation. The row holds the submitted form
        /// sealed under a key that exists only in the confirmation link sent to the person (the vault keeps a
        /// digest of it to find the row): unreadable here, even with the master key, and deleted when confirmed
        /// or once expired. It survives restarts because a person may follow the link days later.
        static let v9 = """
            CREATE TABLE pending_signup (
                digest BLOB PRIMARY KEY,
                sealed BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX pending_signup_expiry ON pending_signup(expires_at);
            """

        /// Destruction act numbers come from a sequence that never goes back: counting the acts on file gave a
        /// number twice once expired acts were removed, or when two erasures wrote acts at the same time.
        static let v10 = """
            CREATE TABLE act_number (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                reserved_at INTEGER NOT NULL
            );
            INSERT INTO act_number (id, reserved_at)
                SELECT COUNT(DISTINCT number), 0 FROM destruction_act HAVING COUNT(*) > 0;
            """

        /// The per-subject index of the audit chain put every appended entry in a random leaf of a large tree:
        /// on a busy server each lookup's entry dirtied a page of its own, and the log writes and checkpoints of
        /// those pages were a fifth of the server's work. The chain now only grows at its end; a subject's
        /// entries are found through `audit_subject`, filled in bulk by `Vault.indexAuditTrails` (entries sorted by
        /// subject share pages), and by scanning the entries after `indexed_through`.
        static let v11 = """
            DROP INDEX audit_log_subject;
            CREATE TABLE audit_subject (
                subject TEXT NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY (subject, seq)
            ) WITHOUT ROWID;
            CREATE TABLE audit_subject_mark (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                indexed_through INTEGER NOT NULL
            );
            INSERT INTO audit_subject (subject, seq)
                SELECT subject, seq FROM audit_log WHERE subject IS NOT NULL ORDER BY subject, seq;
            INSERT INTO audit_subject_mark (id, indexed_through)
                VALUES (1, (SELECT COALESCE(MAX(seq), 0) FROM audit_log));
            """

        /// Export files are plaintext outside the vault: each is registered with the people it holds, so the
        /// purge can delete it when its life ends and an erasure can delete every file that holds the person.
        static let v12 = """
            CREATE TABLE export_file (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                path TEXT NOT NULL,
                written_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                principal TEXT NOT NULL,
                purpose TEXT NOT NULL
            );
            CREATE INDEX export_file_expiry ON export_file(expires_at);
            CREATE TABLE export_member (
                export_id INTEGER NOT NULL REFERENCES export_file(id) ON DELETE CASCADE,
                subject TEXT NOT NULL,
                PRIMARY KEY (export_id, subject)
            );
            CREATE INDEX export_member_subject ON export_member(subject);
            """

        /// A dead letter keeps what the operator needs to find the cause: the last answer's HTTP status, the
        /// service's error type or title, and the history of failed attempts (JSON: time, code, status, type;
        /// never a message text, so never personal data).
        static let v13 = """
            ALTER TABLE outbox ADD COLUMN error_status INTEGER;
            ALTER TABLE outbox ADD COLUMN error_type TEXT;
            ALTER TABLE outbox ADD COLUMN attempt_log TEXT;
            """
    }
}
