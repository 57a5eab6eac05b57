import Gateway
import Logging
import ServiceLifecycle
import Vault

/// Indexes the audit chain by subject in the background while the server runs: every `interval` it merges the
/// entries appended since the last merge once ``Vault/auditIndexBacklog`` of them wait
/// (``Vault/indexAuditTrails(minimumBacklog:chunk:pause:window:)``), so appending an entry never updates an index
/// page.
struct AuditIndexService: Service {
    let vault: Vault
    let logger: Logger
    var interval: Duration = .seconds(2)

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    do {
                        let indexed = try await vault.indexAuditTrails()
                        if indexed > 0 { logger.debug("Audit trail index merged", metadata: ["entries": "\(indexed)"]) }
                    } catch is CancellationError {
                        return
                    } catch {
                        // Retried at the next tick; trails stay complete meanwhile (the unmerged end is scanned).
                        logger.warning("Audit trail index merge failed", metadata: ["error": "\(error)"])
                    }
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
