import ConnectorKit
import ServiceLifecycle

/// Runs an ``OutboxDispatcher`` beside the HTTP server, stopping when the service group shuts down.
struct OutboxDispatcherService: Service {
    let dispatcher: OutboxDispatcher

    func run() async throws {
        // Graceful shutdown cancels the dispatcher's sleep and its next claim; a cancellation is a clean stop.
        do {
            try await cancelWhenGracefulShutdown { try await dispatcher.run() }
        } catch is CancellationError {
            return
        }
    }
}
