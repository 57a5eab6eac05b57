public import Core
public import Foundation
import Keyring
import Vault
import Audit

/// What `pdgate backup` wrote and removed.
public struct BackupReport: Sendable, Codable, Equatable {
    public var vaultFile: String
    public var keysFile: String
    public var ledgerFile: String
    /// Key-store backups older than the policy's key-backup retention, deleted by this run.
    public var expiredKeyBackups: [String]
    public var keyBackupRetentionDays: Int
}

extension Gateway {
    /// Backs up the vault and, apart from it, the key store, then deletes key-store backups older than
    /// `retention.yaml`'s `key_backup_retention`.
    ///
    /// Layout: `DIR/vault/vault-<time>.sqlite`, `DIR/keys/keys-<time>.sqlite`, `DIR/vault/erasures-<time>.log`.
    /// Keep `DIR/keys` on other media with short retention: a person erased today becomes unreadable in every
    /// backup once the last key backup holding their key ages out (policy: within 30 days of the request).
    public func backup(to destination: URL, principal: Principal) async throws -> BackupReport {
        try await require(.admin, principal, auditAction: .backupRun)
        let stamp = Self.backupStamp(now)
        let vaultDir = destination.appendingPathComponent("vault", isDirectory: true)
        let keysDir = destination.appendingPathComponent("keys", isDirectory: true)
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: vaultDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try fm.createDirectory(at: keysDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw GatewayError(.storage, "cannot create backup folders under \(destination.path)")
        }
        let vaultFile = vaultDir.appendingPathComponent("vault-\(stamp).sqlite")
        let keysFile = keysDir.appendingPathComponent("keys-\(stamp).sqlite")
        let ledgerFile = vaultDir.appendingPathComponent("erasures-\(stamp).log")
        do {
            try vault.backup(to: vaultFile)
            try keyring.backup(to: keysFile)
        } catch let error as VaultError {
            throw GatewayError(.storage, error.message)
        } catch let error as KeyringError {
            throw GatewayError(.storage, error.message)
        }
        let ledger = ErasureLedgerFile(directory: directory).url
        if fm.fileExists(atPath: ledger.path) { try? fm.copyItem(at: ledger, to: ledgerFile) }
        for file in [vaultFile, keysFile, ledgerFile] {
            try? fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        }
        // From now on every erasure and suppression is appended beside these key backups as well, so neither a
        // restore of older databases nor the loss of the data directory loses them.
        try BackupDestinations(directory: directory).register(destination)
        for log in [ErasureLedgerFile(directory: directory).log, SuppressionLedgerFile(directory: directory).log] {
            try log.copy(to: keysDir.appendingPathComponent(log.name))
        }
        let retentionDays = policies.retention.backups.keyBackupRetention.fixedDays ?? 14
        let cutoff = now.addingTimeInterval(-Double(retentionDays) * 86_400)
        var expired: [String] = []
        // Key backups expire by age wherever `backup` has written them, not only in today's destination.
        for folder in BackupDestinations(directory: directory).all.map({ $0.appendingPathComponent("keys") }) {
            for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix("keys-") {
                let stampText = String(name.dropFirst(5).prefix(15))
                if let made = Self.backupDate(stampText), made < cutoff {
                    try? fm.removeItem(at: folder.appendingPathComponent(name))
                    expired.append(name)
                }
            }
        }
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: .backupRun, detail: "stamp=\(stamp) expired_key_backups=\(expired.count)"))
        return BackupReport(vaultFile: vaultFile.path, keysFile: keysFile.path, ledgerFile: ledgerFile.path,
                            expiredKeyBackups: expired.sorted(), keyBackupRetentionDays: retentionDays)
    }

    static func backupStamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd'T'HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static func backupDate(_ stamp: String) -> Date? {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd'T'HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.date(from: stamp)
    }
}
