import Gateway
import ServiceLifecycle
import Vault

/// Checkpoints the vault's write-ahead log in the background while the server runs, so no request waits for one
/// (``Vault/runBackgroundCheckpoints(every:)``).
struct CheckpointService: Service {
    let vault: Vault

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await vault.runBackgroundCheckpoints() }
        } catch is CancellationError {
            return
        }
    }
}
