public import ConnectorKit
public import Core
import Foundation
import Synchronization
import Audit

/// The connectors the gateway's connector test calls: the dispatcher's, once `pdgate serve` runs one.
final class ConnectorCheckSlot: Sendable {
    let connectors = Mutex<[String: any Connector]>([:])
}

/// What a connector test found.
public enum ConnectorCheck: Sendable, Equatable {
    /// The service answered the authenticated call.
    case ok
    /// The service (or the way to it) refused: the error's code and the service's error title, when it gave one.
    case failed(code: String, title: String?)
    /// No connector of that name is running here, or it has no harmless call to make.
    case unavailable
}

extension Gateway {
    /// Makes `connectors` the ones ``checkConnector(_:principal:)`` calls (the running dispatcher's).
    public func useConnectorsForChecks(_ connectors: [any Connector]) {
        let named = Dictionary(connectors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        connectorChecks.connectors.withLock { $0 = named }
    }

    /// Makes one harmless authenticated call to a configured connector's service and audits the outcome
    /// (`connectors.test`: the name, ok or the error code and service's error title; never a person's data).
    ///
    /// - Throws: ``GatewayError`` `refused` for a role without `admin`.
    public func checkConnector(_ name: String, principal: Principal) async throws -> ConnectorCheck {
        try await require(.admin, principal, auditAction: .connectorsTest)
        let result: ConnectorCheck
        let known = connectorChecks.connectors.withLock { $0[name] }
        if let connector = known as? any ConnectionChecking {
            do {
                try await connector.checkConnection()
                result = .ok
            } catch let error as ConnectorError {
                result = .failed(code: error.code.rawValue, title: error.apiErrorType)
            } catch {
                result = .failed(code: "\(type(of: error))", title: nil)
            }
        } else {
            result = .unavailable
        }
        let outcome: String = switch result {
        case .ok: "ok"
        case .failed(let code, let title): "failed:\(code)" + (title.map { " title=\($0)" } ?? "")
        case .unavailable: "unavailable"
        }
        try await record(AuditEntry(at: nowSeconds, by: principal, action: .connectorsTest,
                                    outcome: result == .ok ? .ok : .failed,
                                    detail: "\(known == nil ? "(unknown connector)" : name) \(outcome)"))
        return result
    }
}
