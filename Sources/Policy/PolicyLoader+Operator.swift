extension PolicyLoader {
    /// `operator.yaml` against the other files: its jurisdiction exists, processors and notifications name declared
    /// recipients, and a notification is only recorded for a recipient abroad.
    /// A recipient abroad must be a declared processor, so every answer can name it with its address.
    func checkOperator(
        _ file: OperatorFile, recipients: [Recipient], recipientNodes: [String: YAMLValue],
        jurisdictions: JurisdictionsFile
    ) throws(PolicyError) {
        let code = file.profile.jurisdiction
        guard jurisdictions.entries.contains(where: { $0.code == code }) else {
            throw file.jurisdictionNode.error(
                .unknownReference,
                "unknown jurisdiction '\(code)'; use one declared in jurisdictions.yaml "
                    + "(\(jurisdictions.entries.map(\.code).joined(separator: ", ")))")
        }
        let known = recipients.map(\.name).joined(separator: ", ")
        for (name, value) in file.processorRecipientNodes where !recipients.contains(where: { $0.name == name }) {
            throw value.error(
                .unknownReference, "unknown recipient '\(name)'; name a recipient of purposes.yaml (\(known))")
        }
        let processed = Set(file.processorRecipientNodes.map(\.name))
        for recipient in recipients where recipient.crossBorder && !processed.contains(recipient.name) {
            let message = "recipient \(recipient.name) keeps data abroad (\(recipient.country)) but operator.yaml "
                + "declares no processor for it; add it under processors (name, address, activity, recipient: "
                + "\(recipient.name)) so answers name it with its address"
            throw recipientNodes[recipient.name]?.error(.unknownReference, message)
                ?? file.processorsNode.error(.unknownReference, message)
        }
        for (name, value) in file.notificationNodes {
            guard let recipient = recipients.first(where: { $0.name == name }) else {
                throw value.error(
                    .unknownReference,
                    "no recipient '\(name)' in purposes.yaml; a transfer notification names a recipient (\(known))")
            }
            guard recipient.crossBorder else {
                throw value.error(
                    .invalidValue,
                    "\(name) is not a cross-border recipient (cross_border: false in purposes.yaml); remove the "
                        + "notification or correct the recipient")
            }
        }
    }
}
