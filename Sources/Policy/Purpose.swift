/// A purpose of processing from `purposes.yaml`: why fields are held, on what basis, for how long, for whom.
public struct Purpose: Sendable, Hashable {
    /// The purpose's name (`marketing_email`).
    public let name: String
    /// What the purpose is, for people.
    public let description: LocalizedText
    /// The legal ground.
    public let legalBasis: LegalBasis
    /// Whether this is advertising over telecom networks (38-FZ art. 18), which needs provable prior consent.
    public let directMarketing: Bool
    /// Names of the data subject categories concerned.
    public let dataSubjects: [String]
    /// Names of the fields the purpose uses; connectors of this purpose receive only these.
    public let fields: [String]
    /// Names of the retention rules that bound how long the fields are kept for this purpose.
    public let retentionRules: [String]
    /// For consent purposes: the retention rule applied after a withdrawal.
    public let withdrawalRule: String?
    /// Names of the recipients (connectors) fed for this purpose.
    public let recipients: [String]
    /// For consent purposes: whether imported, unproven (legacy) consent is enough to process.
    public let legacyConsentSufficient: Bool
    /// For consent purposes: the consent text version collected.
    public let notice: ConsentNotice?

    /// Creates a purpose.
    public init(
        name: String, description: LocalizedText, legalBasis: LegalBasis, directMarketing: Bool,
        dataSubjects: [String], fields: [String], retentionRules: [String], withdrawalRule: String?,
        recipients: [String], legacyConsentSufficient: Bool, notice: ConsentNotice?
    ) {
        self.name = name
        self.description = description
        self.legalBasis = legalBasis
        self.directMarketing = directMarketing
        self.dataSubjects = dataSubjects
        self.fields = fields
        self.retentionRules = retentionRules
        self.withdrawalRule = withdrawalRule
        self.recipients = recipients
        self.legacyConsentSufficient = legacyConsentSufficient
        self.notice = notice
    }

    /// Whether processing for this purpose depends on the person's consent.
    public var requiresConsent: Bool { legalBasis == .consent }
}
