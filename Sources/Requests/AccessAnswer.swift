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
        /// When the operator first got the value: the person's first contact, or the import or creation date.
        public var storedSince: Date
        public var lastConfirmed: Date
        /// Free text (notes) that may name other people: the privacy officer reviews it, redacting third parties'
        /// data, before the answer is released (152-FZ art. 14 p. 8 item 4; GDPR art. 15(4)).
        public var needsReview: Bool? = nil

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
        /// For a consent-based purpose: `given`, `withdrawn` or `never_given` (no consent on record).
        public var consent: String? = nil

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

    /// A system or company that actually received this person's data, as the outbox recorded its deliveries.
    public struct RecipientDetail: Sendable, Codable, Equatable {
        /// The recipient as the person reads it ("UniSender (e-mail and SMS campaigns)").
        public var name: String
        /// The processor's legal name and address from `operator.yaml`, when the recipient is one.
        public var processor: String?
        /// ISO 3166 country the data is kept in.
        public var country: String
        /// Whether the country is abroad for this answer's law: outside Russia under 152-FZ, outside the EU/EEA
        /// under the GDPR (a third country).
        public var abroad: Bool
        /// The basis and safeguards of the transfer abroad (152-FZ art. 12; GDPR art. 15(2), 44–49).
        public var safeguard: String?
        /// When the data was first delivered there.
        public var firstReceived: Date?

        public init(name: String, processor: String?, country: String, abroad: Bool, safeguard: String?,
                    firstReceived: Date?) {
            self.name = name
            self.processor = processor
            self.country = country
            self.abroad = abroad
            self.safeguard = safeguard
            self.firstReceived = firstReceived
        }
    }

    /// Where the operator itself keeps the data, and whether that is a third country for this answer's law.
    public struct Storage: Sendable, Codable, Equatable {
        public var country: String
        public var description: String
        /// Whether the country is abroad for this answer's law (for an EU subject: outside the EU/EEA).
        public var abroad: Bool
        /// The safeguard used for it (GDPR art. 15(2), 46, 49), when abroad.
        public var safeguard: String?

        public init(country: String, description: String, abroad: Bool, safeguard: String?) {
            self.country = country
            self.description = description
            self.abroad = abroad
            self.safeguard = safeguard
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
        /// The person responsible for organising processing, with position (152-FZ art. 18.1 p. 1 item 1, 22.1).
        public var responsiblePerson: String? = nil
        /// Where the processing policy is published (152-FZ art. 18.1 p. 2).
        public var policyURL: String? = nil
        /// The measures taken to meet art. 18.1 and 19, in words (152-FZ art. 14 p. 7 item 9.1).
        public var protectionMeasures: String? = nil

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
    /// The recipients that actually received this person's data (from the outbox history); `nil` in answers made
    /// before it was recorded, where ``PurposeUse/recipients`` lists every possible recipient instead.
    public var receivedBy: [RecipientDetail]? = nil
    /// Where the operator keeps the data.
    public var storage: Storage? = nil
    /// Fields the privacy officer must review before the answer is released (free text that may name others).
    public var reviewFields: [String]? = nil
    /// Fields whose values are withheld from this copy until the privacy officer has reviewed them (the copy a
    /// person downloads from the privacy center themselves).
    public var withheldFields: [String]? = nil

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
