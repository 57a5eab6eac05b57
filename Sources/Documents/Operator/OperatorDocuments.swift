public import Policy

/// Builds the operator's documents from the policies and `operator.yaml`: the processing policy, one consent
/// document per consent-based purpose, the notification to Roskomnadzor and one cross-border transfer notification
/// per recipient abroad.
///
/// Every document is deterministic: the same policies give the same bytes (no generation time is printed), so a
/// consent document's hash identifies the exact text a person agreed to.
public enum OperatorDocuments {
    /// Every document, in the order a privacy officer files them.
    ///
    /// - Parameters:
    ///   - policies: Validated policies; the operator's details come from their `operator.yaml` (placeholders when
    ///     there is none).
    ///   - notices: The wording of each consent notice by notice id (`consent-marketing-email`), as shown to people;
    ///     missing ones leave the consent document without its wording section.
    ///   - language: Russian for 152-FZ deployments, English for EU ones.
    public static func build(_ policies: PolicySet, notices: [String: String], language: Language)
        -> [GeneratedDocument]
    {
        var documents = [processingPolicy(policies, language: language)]
        for purpose in policies.purposes where purpose.requiresConsent {
            documents.append(consent(for: purpose, policies: policies,
                                     noticeText: purpose.notice.flatMap { notices[$0.id] }, language: language))
        }
        documents.append(roskomnadzorNotification(policies, language: language))
        for recipient in policies.recipients where recipient.crossBorder && isUsed(recipient, policies) {
            documents.append(crossBorderNotification(for: recipient, policies: policies, language: language))
        }
        return documents
    }

    /// The policy on processing personal data (152-FZ art. 18.1).
    public static func processingPolicy(_ policies: PolicySet, language: Language) -> GeneratedDocument {
        GeneratedDocument(
            kind: .processingPolicy, name: "processing-policy",
            document: ProcessingPolicyOutline(policies: policies, language: language).document)
    }

    /// The consent document of one consent-based purpose (152-FZ art. 9 p. 4).
    ///
    /// - Parameter noticeText: The notice wording from `notices/<id>/<version>.md`, included verbatim.
    public static func consent(for purpose: Purpose, policies: PolicySet, noticeText: String?, language: Language)
        -> GeneratedDocument
    {
        GeneratedDocument(
            kind: .consent, name: "consent-\(purpose.name)",
            document: ConsentDocumentOutline(
                purpose: purpose, policies: policies, noticeText: noticeText, language: language
            ).document,
            purpose: purpose.name)
    }

    /// The content of the notification of processing to Roskomnadzor (152-FZ art. 22 p. 3).
    public static func roskomnadzorNotification(_ policies: PolicySet, language: Language) -> GeneratedDocument {
        GeneratedDocument(
            kind: .roskomnadzorNotification, name: "roskomnadzor-notification",
            document: RoskomnadzorNotificationOutline(policies: policies, language: language).document)
    }

    /// The notification of a cross-border transfer to one recipient abroad (152-FZ art. 12 p. 4–5).
    public static func crossBorderNotification(for recipient: Recipient, policies: PolicySet, language: Language)
        -> GeneratedDocument
    {
        GeneratedDocument(
            kind: .crossBorderNotification, name: "cross-border-\(recipient.name)",
            document: CrossBorderNotificationOutline(recipient: recipient, policies: policies, language: language)
                .document,
            recipient: recipient.name)
    }

    private static func isUsed(_ recipient: Recipient, _ policies: PolicySet) -> Bool {
        policies.purposes.contains { $0.recipients.contains(recipient.name) }
    }
}
