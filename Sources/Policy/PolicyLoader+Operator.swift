extension PolicyLoader {
    /// `operator.yaml` against the other files: its jurisdiction exists, processors and notifications name declared
    /// recipients, and a notification is only recorded for a recipient abroad.
    func checkOperator(
        _ file: OperatorFile, recipients: [Recipient], jurisdictions: JurisdictionsFile
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
