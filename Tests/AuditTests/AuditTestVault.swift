import Foundation
@testable import Audit
@testable import Keyring
@testable import Vault

/// A vault and an audit log signed by a fresh key ring, in a new temporary folder: what every audit suite starts from.
struct AuditTestVault {
    let vault: Vault
    let log: AuditLog

    /// - Parameter name: Prefix of the temporary folder's name.
    init(_ name: String) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try MasterKey.create(at: root.appendingPathComponent("master.key"))
        let keyring = try Keyring(masterKeyURL: root.appendingPathComponent("master.key"),
                                  keyStoreURL: root.appendingPathComponent("keys.sqlite"))
        vault = try Vault(url: root.appendingPathComponent("vault.sqlite"))
        log = AuditLog(signer: keyring.signer, checkpointInterval: 4)
    }
}
