public import Core
import ConnectorKit
import Policy
import Audit

extension Gateway {
    /// Why a connector may not receive personal data now (a cross-border transfer without the Roskomnadzor
    /// notification `operator.yaml` must record), or `nil` when it may.
    ///
    /// The country comes from the connector's route (its configuration or its factory), else from the recipient of
    /// `purposes.yaml` it feeds. See ``PolicySet/transferRefusal(connector:declaredCountry:)``.
    public func transferRefusal(connector: String) -> String? {
        let declared = connectorRoutes.first { $0.name == connector }?.country
        return policies.transferRefusal(connector: connector, declaredCountry: declared)
    }

    /// The refusal as the error a dispatcher dead-letters at once, with the message that says what to record.
    func transferGate(connector: String) throws {
        if let refusal = transferRefusal(connector: connector) {
            throw ConnectorError(.invalidConfiguration, refusal)
        }
    }

    /// The connectors of this gateway that may not receive data now, each with the reason; the refusals are audited.
    ///
    /// - Parameter connectors: Connector names about to be dispatched.
    public func refusedTransfers(_ connectors: [String], principal: Principal) async throws -> [String: String] {
        var refused: [String: String] = [:]
        for name in connectors {
            if let reason = transferRefusal(connector: name) { refused[name] = reason }
        }
        guard !refused.isEmpty else { return refused }
        let now = nowSeconds
        let names = refused.keys.sorted()
        try await audited(by: principal, at: now) { tx, log in
            for name in names {
                try log.record(.connectorTransferRefuse, outcome: .refused,
                    detail: "connector=\(name) cross-border transfer without notification")
            }
        }
        return refused
    }

    /// The cross-border transfers to the given recipients, for an access answer under 152-FZ: recipient, country,
    /// basis and the Roskomnadzor notification (or that none is recorded and nothing is sent).
    func transferLines(recipients names: Set<String>, language: Language) -> [String] {
        policies.recipients.filter { $0.crossBorder && names.contains($0.name) }.map { recipient in
            let ru = language == .ru
            var line = "\(recipient.label[language]) → \(recipient.country)"
            if let basis = recipient.transferBasis { line += ": \(basis[language])" }
            if let notice = policies.operatorProfile?.transferNotification(for: recipient.name) {
                line += ru ? " Уведомление Роскомнадзора от \(notice.date), № \(notice.reference)."
                    : " Roskomnadzor notified on \(notice.date), reference \(notice.reference)."
            } else if policies.operatorDetails.jurisdiction == "RU" {
                line += ru ? " Уведомление Роскомнадзора не зарегистрировано: данные этому получателю не передаются."
                    : " No Roskomnadzor notification recorded: no data is sent to this recipient."
            }
            return line
        }
    }
}
