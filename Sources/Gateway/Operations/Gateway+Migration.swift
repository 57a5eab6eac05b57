public import Core
import Foundation
import Audit
import Keyring
public import Logging
import Storage
import Vault

extension Gateway {
    /// Moves an embedded deployment (`vault.sqlite`, `keys.sqlite`) into PostgreSQL: the vault — subjects, audit
    /// log, erasure ledger, outbox and the rest — into `target.database`, the keys into `target.keyDatabase`.
    ///
    /// Stop the gateway first: the copy is taken from one snapshot. Both targets must be empty. Afterwards every
    /// table's row count is compared and the audit chain is verified in the target with the key ring's signing
    /// key; a `gateway.migrate` entry then records the move there. The SQLite files are left as they were.
    ///
    /// - Parameters:
    ///   - source: The embedded data directory (its master key opens the copied keys too).
    ///   - target: The same directory with PostgreSQL ``DataDirectory/database`` and ``DataDirectory/keyDatabase``.
    /// - Throws: ``GatewayError`` `invalidArgument` for targets that are not two separate PostgreSQL databases,
    ///   `invalidArgument` also when a target holds data, `storage` or `crypto` on failure.
    public static func migrate(from source: DataDirectory, to target: DataDirectory, principal: Principal,
                               logger: Logger = Logger(label: "pdgate")) async throws -> MigrationReport {
        let started = Date()
        guard source.database == nil, source.keyDatabase == nil else {
            throw GatewayError(.invalidArgument, "the source must be an embedded (SQLite) data directory")
        }
        guard case .postgres = target.database else {
            throw GatewayError(.invalidArgument, "migrate --to needs a postgres:// database")
        }
        try target.checkSeparation()
        guard source.isInitialised else {
            throw GatewayError(.notInitialised, "\(source.root.path) is not initialised")
        }
        return try await mappingStorageErrors {
            let keyring = try Keyring(masterKeyURL: source.masterKey, keyStore: source.keyStoreLocation)
            let vault = try Vault(location: source.vaultLocation)
            defer {
                try? vault.close()
                try? keyring.close()
            }
            let sourceVaultCounts = try await vault.rowCounts()
            let sourceKeyCounts = try keyring.keyStoreCounts()
            let keyRows = try keyring.copyKeyStore(to: target.keyStoreLocation)
            let targetVault = try Vault(location: target.vaultLocation)
            defer { try? targetVault.close() }
            let vaultRows = try await vault.copy(to: targetVault)
            let targetKeyring = try Keyring(masterKeyURL: target.masterKey, keyStore: target.keyStoreLocation)
            defer { try? targetKeyring.close() }
            let audit = AuditLog(signer: targetKeyring.signer)
            let verification = try await targetVault.read { tx in try audit.verify(in: tx) }
            let targetVaultCounts = try await targetVault.rowCounts()
            let targetKeyCounts = try targetKeyring.keyStoreCounts()
            let problems = differences(vault: (sourceVaultCounts, targetVaultCounts), copied: vaultRows,
                                       keys: (sourceKeyCounts, targetKeyCounts), audit: verification)
            let report = MigrationReport(
                target: target.vaultLocation.description, keyTarget: target.keyStoreLocation.description,
                vaultRows: vaultRows, keyRows: keyRows, auditEntries: verification.entries,
                auditCheckpoints: verification.checkpoints, verified: problems.isEmpty, problems: problems,
                seconds: Date().timeIntervalSince(started))
            let now = Int64(Date().timeIntervalSince1970)
            try await targetVault.write { tx in
                try audit.append(AuditEntry(at: now, by: principal,
                                            action: .gatewayMigrate, outcome: report.verified ? .ok : .failed,
                                            detail: "subjects=\(vaultRows["subject"] ?? 0) "
                                                + "audit=\(verification.entries) keys=\(keyRows["subject_key"] ?? 0)"),
                                 in: tx)
                try audit.checkpoint(in: tx, now: now)
            }
            logger.notice("Migrated to PostgreSQL", metadata: [
                "pdgate.subjects": "\(vaultRows["subject"] ?? 0)", "pdgate.verified": "\(problems.isEmpty)",
            ])
            return report
        }
    }

    /// What the copy does not agree with the source on: rows per table of the vault and of the key store, and the
    /// audit chain (valid, and as long as the source's).
    private static func differences(
        vault: (source: [String: Int], target: [String: Int]), copied: [String: Int],
        keys: (source: [String: Int], target: [String: Int]), audit verification: AuditVerification
    ) -> [String] {
        var problems: [String] = []
        for (table, count) in vault.source.sorted(by: { $0.key < $1.key })
        where vault.target[table] != count || copied[table] != count {
            problems.append("vault \(table): \(count) rows here, \(vault.target[table] ?? 0) there")
        }
        for (table, count) in keys.source.sorted(by: { $0.key < $1.key }) where keys.target[table] != count {
            problems.append("keys \(table): \(count) rows here, \(keys.target[table] ?? 0) there")
        }
        if !verification.isValid {
            problems.append("audit chain in the target: \(verification.problem ?? "invalid")")
        }
        if verification.entries != vault.source["audit_log"] {
            problems.append("audit entries: \(vault.source["audit_log"] ?? 0) here, \(verification.entries) there")
        }
        return problems
    }

    private static func mappingStorageErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as VaultError where error.code == .conflict {
            // Copying into a target that already holds data: the caller chose the wrong target.
            throw GatewayError(.invalidArgument, error.message)
        } catch {
            throw GatewayError.translated(error)
        }
    }
}
