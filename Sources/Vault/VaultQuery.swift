public import Core
import Foundation
public import Keyring
internal import Storage

/// A look-up that is one statement, written once and run either inside a transaction (``VaultTransaction/run(_:)``)
/// or on its own (``Vault/run(_:)``, which on PostgreSQL needs no transaction and blocks no thread).
///
/// Why a value and not a closure over a transaction: on its own, a PostgreSQL statement goes through the pool's
/// asynchronous interface, which a synchronous closure cannot use; a single statement also needs no snapshot shared
/// with another, so it can run without `BEGIN` and `COMMIT`.
public struct VaultQuery<Result: Sendable>: Sendable {
    let sql: String
    let arguments: [SQLValue]
    let decode: @Sendable ([SQLRow]) throws -> Result

    /// Pseudonyms of the subjects with a blind-index row of `kind` equal to `digest`, oldest first.
    public static func subjectIDs(withDigest digest: [UInt8], kind: BlindIndex.Kind) -> VaultQuery<[SubjectID]> {
        VaultQuery<[SubjectID]>(sql: """
            SELECT s.pseudonym FROM subject_index i JOIN subject s ON s.id = i.subject_id
            WHERE i.digest = ? AND i.kind = ? ORDER BY s.id
            """, arguments: [.blob(Data(digest)), .text(kind.rawValue)]) { rows in
            rows.compactMap { row in
                guard case .text(let pseudonym) = row.value(at: 0) else { return nil }
                return SubjectID(pseudonym)
            }
        }
    }
}
