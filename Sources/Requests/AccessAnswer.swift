public import Foundation

/// Everything an access answer must tell a person (GDPR Art. 15, 152-FZ Art. 14 p. 7), as data.
///
/// Rendered as JSON for portability and as a readable document (``AccessAnswerDocument``) in Russian or English.
/// It concerns one person only and never carries anyone else's data.
public struct AccessAnswer: Sendable, Codable, Equatable {
    /// One value held about the person.
    public struct Item: Sendable, Codable, Equatable {
        public var field: String
        public var label: String
        public var category: String
        public var value: String
        /// Where it came from: `import customers.csv (2026-11-23)`, `web form`, `privacy officer`.
        public var source: String
        public var storedSince: Date
        public var lastConfirmed: Date

        public init(field: String, label: String, category: String, value: String, source: String,
                    storedSince: Date, lastConfirmed: Date) {
            self.field = field
            self.label = label
            self.category = category
            self.value = value
            self.source = source
            self.storedSince = storedSince
            self.lastConfirmed = lastConfirmed
        }
    }

    /// One purpose the data is processed for.
    public struct PurposeUse: Sendable, Codable, Equatable {
        public var name: String
        public var description: String
        /// `consent`, `contract`, `legal_obligation`, `legitimate_interest`.
        public var legalBasis: String
        public var legalBasisText: String
        public var fields: [String]
        /// How long, in words ("3 years after the last purchase").
        public var retention: String
        /// Recipients: "Mailchimp (United States, cross-border transfer)".
        public var recipients: [String]
        /// Whether it applies to this person now (consent active, or a non-consent basis).
        public var active: Bool

        public init(name: String, description: String, legalBasis: String, legalBasisText: String, fields: [String],
                    retention: String, recipients: [String], active: Bool) {
            self.name = name
            self.description = description
            self.legalBasis = legalBasis
            self.legalBasisText = legalBasisText
            self.fields = fields
            self.retention = retention
            self.recipients = recipients
            self.active = active
        }
    }

    /// One consent event.
    public struct ConsentLine: Sendable, Codable, Equatable {
        public var purpose: String
        /// `given` or `withdrawn`.
        public var action: String
        public var at: Date
        public var channel: String
        /// `legacy` or `captured`.
        public var provenance: String
        public var proven: Bool
        /// `consent-marketing-email@2025-09-01`, when captured by pdgate.
        public var notice: String?

        public init(purpose: String, action: String, at: Date, channel: String, provenance: String, proven: Bool,
                    notice: String?) {
            self.purpose = purpose
            self.action = action
            self.at = at
            self.channel = channel
            self.provenance = provenance
            self.proven = proven
            self.notice = notice
        }
    }

    /// What an external system holds, as it reported when read for this answer.
    public struct Holding: Sendable, Codable, Equatable {
        public var connector: String
        public var fields: [String: String]
        public var notes: [String]

        public init(connector: String, fields: [String: String], notes: [String]) {
            self.connector = connector
            self.fields = fields
            self.notes = notes
        }
    }

    /// The operator (controller): who answers.
    public struct Operator: Sendable, Codable, Equatable {
        public var name: String
        public var address: String
        public var contact: String
        /// Registration numbers (ИНН, ОГРН), when `operator.yaml` gives them.
        public var registration: String? = nil
        /// Processors acting for the operator, "name, address: what it does" (152-FZ art. 14 p. 7 item 9).
        public var processors: [String]? = nil

        public init(name: String, address: String, contact: String) {
            self.name = name
            self.address = address
            self.contact = contact
        }
    }

    public var version = 1
    /// The request reference.
    public var reference: String
    public var generatedAt: Date
    /// `RU` or `EU`: decides the rights and the laws cited.
    public var jurisdiction: String
    public var operatorInfo: Operator
    public var subject: String
    /// Whether any data is held at all (false: the answer confirms that nothing is held).
    public var holdsData: Bool
    /// `active` or `restricted`.
    public var processingStatus: String
    public var items: [Item]
    public var purposes: [PurposeUse]
    public var consentHistory: [ConsentLine]
    public var holdings: [Holding]
    /// Automated decision-making (none in pdgate), stated explicitly as Art. 15(1)(h) asks.
    public var automatedDecisions: String
    /// Cross-border transfers of this person's data, each with its basis and Roskomnadzor notification.
    public var transfers: [String]? = nil

    public init(reference: String, generatedAt: Date, jurisdiction: String, operatorInfo: Operator, subject: String,
                holdsData: Bool, processingStatus: String, items: [Item], purposes: [PurposeUse],
                consentHistory: [ConsentLine], holdings: [Holding], automatedDecisions: String = "none") {
        self.reference = reference
        self.generatedAt = generatedAt
        self.jurisdiction = jurisdiction
        self.operatorInfo = operatorInfo
        self.subject = subject
        self.holdsData = holdsData
        self.processingStatus = processingStatus
        self.items = items
        self.purposes = purposes
        self.consentHistory = consentHistory
        self.holdings = holdings
        self.automatedDecisions = automatedDecisions
    }
}
