import ConnectorKit
import Foundation
import Gateway
import Mailer

extension ServeCommand {
    /// The SMS route of the privacy center's codes (`--sms-via`); nil without one.
    func makeTexter(gateway: Gateway) async throws -> (any TextMessenger)? {
        guard let smsVia, let smsSender else { return nil }
        let connector = try await configuredConnector(smsVia, option: "--sms-via", gateway: gateway)
        guard let sender = connector as? any TextMessageSending else {
            throw CLIFailure(message: "error: --sms-via: connector \(smsVia) cannot send SMS (use unisender)",
                             exitCode: 64)
        }
        return ConnectorTexter(sender: sender, senderName: smsSender)
    }

    /// The connector `name` of connectors.json, over URLSession (a few messages a minute need no connection pool),
    /// for a server option that sends through it. A service abroad without the transfer notice is refused, as for
    /// the outbox.
    func configuredConnector(_ name: String, option: String, gateway: Gateway) async throws -> any Connector {
        guard let config = try global.loadConnectors() else {
            throw CLIFailure(message: "error: \(option): no connectors configured (DATA/connectors.json)", exitCode: 1)
        }
        let registry = try ConnectorsCommand.makeRegistry(config, transport: URLSessionTransport())
        guard let connector = registry.connector(named: name) else {
            throw CLIFailure(message: "error: \(option): no connector \(name) in connectors.json", exitCode: 64)
        }
        if let reason = try await gateway.refusedTransfers([name], principal: global.principal)[name] {
            throw CLIFailure(message: "error: \(option) \(name): \(reason)", exitCode: 3)
        }
        return connector
    }
}
