import Foundation
internal import Storage

extension VaultTransaction {
    /// How far `pdgate connectors pull` has read a connector's changes (Unix seconds), if it ever did.
    public func inboundMark(connector: String) throws -> Int64? {
        try sql.fetchValue("SELECT mark FROM inbound_mark WHERE connector = ?", [.text(connector)], as: Int64.self)
    }

    /// Moves a connector's mark (never backwards) and records when it was pulled.
    public func setInboundMark(connector: String, mark: Int64, pulledAt: Int64) throws {
        try sql.execute("""
            INSERT INTO inbound_mark (connector, mark, pulled_at) VALUES (?, ?, ?)
            ON CONFLICT (connector) DO UPDATE SET pulled_at = excluded.pulled_at,
                mark = CASE WHEN excluded.mark > inbound_mark.mark THEN excluded.mark ELSE inbound_mark.mark END
            """, [.text(connector), .integer(mark), .integer(pulledAt)])
    }
}
