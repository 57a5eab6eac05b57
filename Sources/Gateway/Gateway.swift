public import Core
public import Foundation
public import Keyring
public import Vault
public import Audit
public import Policy
public import Logging

/// The facade every interface goes through: each operation checks policy, touches the vault, writes the audit
/// log and (later) queues connector sync.
///
/// Open one per process; it is `Sendable` and safe to share between tasks.
public final class Gateway: Sendable {
    public let directory: DataDirectory
    public let keyring: Keyring
    public let vault: Vault
    public let audit: AuditLog
    public let policies: PolicySet
    /// The consent notice documents.
    public let notices: NoticeLibrary
    /// Which connectors receive which purposes; changes are queued in the outbox for them.
    public let connectorRoutes: [ConnectorRoute]
    /// Every purpose some connector serves, sorted, once: upserts are queued for each of them.
    package let connectorPurposes: [String]
    package let logger: Logger
    let clock: @Sendable () -> Date
    /// Tokens verified in the last second.
    let tokenCache = TokenCache()
    /// The mailer and texts requesters are written with (``sendRequesterMessages(through:texts:)``).
    let requesterMail = RequesterMailSlot()
    /// The running connectors the console's test button calls (``useConnectorsForChecks(_:)``).
    let connectorChecks = ConnectorCheckSlot()

    /// Opens an initialised data directory and finishes any work a crash interrupted.
    ///
    /// - Parameters:
    ///   - directory: The data directory.
    ///   - policies: Validated policies.
    ///   - logger: Receives ids, counts and codes only.
    /// - Throws: ``GatewayError`` (`notInitialised`, `crypto` for a wrong or unsafe master key, `storage`).
    public init(
        directory: DataDirectory, policies: PolicySet, notices: NoticeLibrary = NoticeLibrary(directory: nil),
        connectors: [ConnectorRoute] = [], logger: Logger = Logger(label: "pdgate"),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        guard directory.isInitialised else {
            throw GatewayError(.notInitialised, "\(directory.root.path) is not initialised; run `pdgate init` first")
        }
        self.directory = directory
        self.policies = policies
        self.notices = notices
        self.connectorRoutes = connectors
        self.connectorPurposes = Set(connectors.flatMap(\.purposes)).sorted()
        self.logger = logger
        self.clock = clock
        try directory.checkSeparation()
        do {
            keyring = try Keyring(masterKeyURL: directory.masterKey, keyStore: directory.keyStoreLocation)
            let audit = AuditLog(signer: keyring.signer)
            self.audit = audit
            // Audited reads commit in groups (`Vault.writeGrouped`); one signature per group covers all of them.
            vault = try Vault(location: directory.vaultLocation) { tx in
                try audit.checkpoint(in: tx, now: Int64(clock().timeIntervalSince1970))
            }
        } catch {
            throw GatewayError.translated(error)
        }
    }

    /// Creates a data directory: folders, a new master key (mode 0600), the key store and the vault.
    ///
    /// - Throws: ``GatewayError`` `alreadyInitialised` when a master key exists: it is never overwritten.
    @discardableResult
    public static func initialise(
        _ directory: DataDirectory, policies: PolicySet, notices: NoticeLibrary = NoticeLibrary(directory: nil),
        principal: Principal, logger: Logger = Logger(label: "pdgate")
    ) async throws -> Gateway {
        if directory.isInitialised {
            throw GatewayError(.alreadyInitialised,
                "\(directory.masterKey.path) already exists; refusing to overwrite a master key")
        }
        try directory.createFolders()
        do {
            try MasterKey.create(at: directory.masterKey)
        } catch let error as KeyringError {
            throw GatewayError(error.code == .masterKeyExists ? .alreadyInitialised : .storage, error.message)
        }
        let gateway = try Gateway(directory: directory, policies: policies, notices: notices, logger: logger)
        try await gateway.record(AuditEntry(at: gateway.nowSeconds, by: principal,
                                            action: .gatewayInit))
        logger.info("Data directory initialised", metadata: ["pdgate.data": "\(directory.root.path)"])
        return gateway
    }

    /// Finishes erasures a crash interrupted and sweeps keys whose subject was never written.
    ///
    /// Safe to run at every start and from several processes: every step is idempotent, and on PostgreSQL one
    /// instance at a time does it (the others find it done or under way).
    public func recover() async throws {
        _ = try await vault.runExclusively(job: "recover") { try await recoverNow() }
    }

    private func recoverNow() async throws {
        let pending = try await vault.read { tx in try tx.pendingErasures() }
        if !pending.isEmpty {
            // The interrupted run may have died before its ledger line or its audit entry: the one path writes both.
            try await finishShredding(pending, fields: [:], principal: Self.system,
                                      detail: "crypto-shredded; interrupted erasure finished at start", kind: .full)
            logger.notice("Finished interrupted erasures", metadata: ["pdgate.count": "\(pending.count)"])
        }
        try await finishStagedRekeying()
        try await reapplyErasures()
        try await destroyResurrectedKeys()
        // Every erasure has its act, also one killed between its last commit and its act.
        try await writeMissingActs()
        // Keys are written before their subjects; one older than a day without a subject is garbage.
        let candidates = try await keyring.subjectsWithKeys(createdBefore: clock().addingTimeInterval(-86_400))
        let orphans = try await vault.read { tx in try candidates.filter { try !tx.subjectExists($0) } }
        if !orphans.isEmpty {
            try await keyring.destroySubjectKeys(orphans)
            logger.notice("Swept orphan subject keys", metadata: ["pdgate.count": "\(orphans.count)"])
        }
    }

    /// The principal recorded for work pdgate does by itself (recovery, re-applying the erasure ledger).
    static let system = Principal(name: "pdgate", role: "system")

    var now: Date { clock() }
    package var nowSeconds: Int64 { Int64(clock().timeIntervalSince1970) }
}
