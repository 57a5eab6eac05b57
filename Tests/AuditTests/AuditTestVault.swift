import Foundation
@testable import Audit
@testable import Keyring
@testable import Vault

/// A vault and an audit log signed by a fresh key ring, in a new temporary folder: what every audit suite starts from.
struct AuditTestVault {
    let vault: Vault
    let log: AuditLog

    /// - Parameters:
    ///   - name: Prefix of the temporary folder's name.
    ///   - signsEachGroup: Open the vault the way the gateway does: each group of grouped writes signs the head of
    ///     the chain before it commits.
    init(_ name: String, signsEachGroup: Bool = false) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try MasterKey.create(at: root.appendingPathComponent("master.key"))
        let keyring = try Keyring(masterKeyURL: root.appendingPathComponent("master.key"),
                                  keyStoreURL: root.appendingPathComponent("keys.sqlite"))
        let log = AuditLog(signer: keyring.signer, checkpointInterval: signsEachGroup ? 1_000_000 : 4)
        self.log = log
        var signHead: (@Sendable (VaultTransaction) throws -> Void)?
        if signsEachGroup {
            signHead = { tx in try log.checkpoint(in: tx, now: 1_000) }
        }
        vault = try Vault(url: root.appendingPathComponent("vault.sqlite"), beforeGroupCommit: signHead)
    }
}
