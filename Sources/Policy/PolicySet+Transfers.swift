extension PolicySet {
    /// The operator's details, or placeholders that say where to set them when there is no `operator.yaml`.
    public var operatorDetails: OperatorProfile {
        operatorProfile ?? .placeholder
    }

    /// The recipient a connector feeds: the one with that name, else the one fed by a connector of that kind.
    public func recipient(forConnector connector: String) -> Recipient? {
        recipient(named: connector) ?? recipients.first { $0.connector.rawValue == connector }
    }

    /// Why a connector may not receive personal data now, or `nil` when it may.
    ///
    /// A connector whose recipient stores the data outside the country the operator keeps it in is a cross-border
    /// transfer. Under 152-FZ (the operator's jurisdiction is `RU`) the operator must notify Roskomnadzor before the
    /// first transfer (art. 12 p. 4), so until `operator.yaml` records that notification (date and reference) the
    /// connector gets nobody. Elsewhere the transfer must at least be declared in `purposes.yaml`.
    ///
    /// - Parameters:
    ///   - connector: The connector's name.
    ///   - declaredCountry: The country the connector says its recipient stores data in (ISO 3166), if it says.
    /// - Returns: A message naming the connector, the country and what to record where; never personal data.
    public func transferRefusal(connector: String, declaredCountry: String?) -> String? {
        let details = operatorDetails
        let recipient = recipient(forConnector: connector)
        guard let country = declaredCountry ?? recipient?.country, country != details.dataCountry else { return nil }
        guard let recipient else {
            return "cross-border transfer refused: connector \(connector) sends personal data to \(country), outside "
                + "\(details.dataCountry) where the data is kept, and purposes.yaml declares no recipient for it; "
                + "declare it under recipients with cross_border: true and a transfer_basis"
        }
        guard recipient.crossBorder else {
            return "cross-border transfer refused: connector \(connector) sends personal data to \(country), but "
                + "recipient \(recipient.name) in purposes.yaml says country \(recipient.country), cross_border: "
                + "false; correct the recipient (country \(country), cross_border: true, transfer_basis)"
        }
        guard details.jurisdiction == "RU" else { return nil }
        guard details.transferNotification(for: recipient.name) != nil else {
            return "cross-border transfer refused: connector \(connector) would send the personal data of subjects "
                + "under 152-FZ to \(country), and 152-FZ art. 12 p. 4 requires notifying Roskomnadzor before the "
                + "first transfer; record the notification's date and reference under "
                + "transfer_notifications.\(recipient.name) in operator.yaml (no data is sent to \(connector) until then)"
        }
        return nil
    }
}
