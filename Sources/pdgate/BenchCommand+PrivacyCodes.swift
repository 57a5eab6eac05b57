import Core
import ArgumentParser
import AsyncHTTPTransport
import ConnectorKit
import Foundation
import Gateway
import Logging
import Mailer
import Server

extension BenchCommand {
    /// Times the privacy center's code request for a customer and for a stranger over real HTTP on loopback, and
    /// reports how well the timing alone tells them apart (issue: who is a customer must not leak).
    struct PrivacyCodes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "privacy-codes",
            abstract: "Time code requests for a customer and for strangers; report the Mann-Whitney test and the "
                + "best one-shot accuracy of telling them apart (goal: at most 55 %).")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Requests of each kind (customer, stranger), interleaved at random.") var samples = 2_000
        @Option(help: "Requests of each kind sent first and not counted.") var warmup = 200
        @Option(help: "Port on 127.0.0.1 for the server under test.") var port = 18_431
        @Option(help: "Scratch directory (deleted and recreated).") var work = ".bench/privacy-codes"

        func run() async throws {
            try await runReporting {
                let root = URL(fileURLWithPath: work)
                try? FileManager.default.removeItem(at: root)
                let officer = Principal(name: "bench:officer", role: "privacy_officer")
                let gateway = try await Gateway.initialise(DataDirectory(root: root), policies: global.loadPolicies(),
                                                           notices: global.notices, principal: officer,
                                                           logger: Logger(label: "pdgate.bench") { _ in SwiftLogNoOpLogHandler() })
                let customer = "bench.customer@example.com"
                _ = try await gateway.createSubject(
                    fields: ["full_name": "Замеров Иван", "email": customer, "phone": "+7 916 000-12-34"],
                    consents: [], capture: ConsentCapture(channel: "api", source: "bench"), principal: officer)
                var configuration = ServerConfiguration(host: "127.0.0.1", port: port)
                var center = PrivacyCenterConfiguration(mailer: DiscardingMailer(),
                                                        publicBaseURL: "http://127.0.0.1:\(port)")
                center.codesPerAddress = 10 * (samples + warmup)
                center.requestsPerClient = 10 * (samples + warmup)
                configuration.privacyCenter = center
                let server = try PDGateServer(gateway: gateway, configuration: configuration,
                                              logger: Logger(label: "pdgate.server") { _ in SwiftLogNoOpLogHandler() })
                let serving = Task { try await server.run() }
                defer { serving.cancel() }
                let result = try await AsyncHTTPClientTransport.withTransport(maxConnectionsPerHost: 1) { transport in
                    try await Self.waitUntilUp(transport, port: port)
                    return try await measure(transport, customer: customer)
                }
                serving.cancel()
                if global.json { try printJSON(result); return }
                print(String(format: "codes    %d customer and %d stranger requests over HTTP, interleaved",
                             result.samplesA, result.samplesB))
                print(String(format: "median   customer %.3f ms, stranger %.3f ms", result.medianA, result.medianB))
                print(String(format: "test     Mann-Whitney z = %.2f, p = %.3g", result.z, result.p))
                print(String(format: "accuracy best one-shot threshold %.1f %% (50 %% is a coin toss; goal <= 55 %%)",
                             result.oneShotAccuracy * 100))
            }
        }

        private func measure(_ transport: AsyncHTTPClientTransport, customer: String) async throws
            -> TimingComparison
        {
            var order = Array(repeating: true, count: samples + warmup)
                + Array(repeating: false, count: samples + warmup)
            order.shuffle()
            var known: [Double] = [], unknown: [Double] = []
            var strangers = 0
            var warmed = (known: 0, unknown: 0)
            for isKnown in order {
                let contact = isKnown ? customer : "stranger.\(strangers)@example.com"
                if !isKnown { strangers += 1 }
                let started = ContinuousClock.now
                let response = try await transport.send(TransportRequest(
                    method: "POST", url: URL(string: "http://127.0.0.1:\(port)/privacy/code")!,
                    headers: [("Content-Type", "application/x-www-form-urlencoded")],
                    body: Data("contact=\(contact.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                        .utf8)))
                let took = ContinuousClock.now - started
                guard response.status == 200 else {
                    throw ValidationError("the code request answered \(response.status); is port \(port) free?")
                }
                let milliseconds = Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1e3
                // The first requests of each kind warm the server up and are not counted.
                if isKnown {
                    if warmed.known < warmup { warmed.known += 1 } else { known.append(milliseconds) }
                } else {
                    if warmed.unknown < warmup { warmed.unknown += 1 } else { unknown.append(milliseconds) }
                }
            }
            return TimingComparison(known, unknown)
        }

        private static func waitUntilUp(_ transport: AsyncHTTPClientTransport, port: Int) async throws {
            for _ in 0..<100 {
                let url = URL(string: "http://127.0.0.1:\(port)/livez")!
                if let response = try? await transport.send(TransportRequest(method: "GET", url: url)),
                    response.status == 200 { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw ValidationError("the server did not start on port \(port)")
        }
    }

    /// Takes every message and sends none: the benchmark measures the gateway, not a mail server.
    struct DiscardingMailer: Mailer {
        func send(_ message: MailMessage) async throws {}
    }
}
