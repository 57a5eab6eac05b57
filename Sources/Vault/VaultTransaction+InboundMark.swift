import Foundation
internal import GRDB

extension VaultTransaction {
    /// How far `pdgate connectors pull` has read a connector's changes (Unix seconds), if it ever did.
    public func inboundMark(connector: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT mark FROM inbound_mark WHERE connector = ?", arguments: [connector])
    }

    /// Moves a connector's mark (never backwards) and records when it was pulled.
    public func setInboundMark(connector: String, mark: Int64, pulledAt: Int64) throws {
        try db.execute(sql: """
            INSERT INTO inbound_mark (connector, mark, pulled_at) VALUES (?, ?, ?)
            ON CONFLICT (connector) DO UPDATE SET mark = MAX(mark, excluded.mark), pulled_at = excluded.pulled_at
            """, arguments: [connector, mark, pulledAt])
    }
}
