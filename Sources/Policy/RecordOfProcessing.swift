/// A record of processing activities (GDPR art. 30), generated from the policies.
///
/// Encode it with `JSONEncoder` for machines, or render it with ``markdown(lang:)`` for people. The controller is
/// a placeholder unless given: operator details are not part of the policy files.
public struct RecordOfProcessing: Sendable, Hashable, Codable {
    /// The controller (operator) and its contacts.
    public struct Controller: Sendable, Hashable, Codable {
        /// The operator's legal name.
        public var name: String
        /// The operator's address.
        public var address: String
        /// How to contact the operator about personal data.
        public var contact: String
        /// The data protection officer (the person responsible for processing, 152-FZ art. 22.1).
        public var dataProtectionOfficer: String
        /// Registration numbers (ИНН, ОГРН), when known.
        public var registration: String? = nil
        /// Processors acting for the operator: name, address and what they do.
        public var processors: [String] = []

        /// Creates controller details.
        public init(name: String, address: String, contact: String, dataProtectionOfficer: String) {
            self.name = name
            self.address = address
            self.contact = contact
            self.dataProtectionOfficer = dataProtectionOfficer
        }

        /// Placeholders to replace with the operator's details.
        public static let placeholder = Controller(
            name: "<operator name / наименование оператора>",
            address: "<operator address / адрес оператора>",
            contact: "<e-mail and phone for data requests / e-mail и телефон для обращений>",
            dataProtectionOfficer: "<responsible person / ответственный за организацию обработки ПДн>")
    }

    /// One category of personal data used by an activity.
    public struct DataCategory: Sendable, Hashable, Codable {
        /// The field category.
        public let category: FieldCategory
        /// The category's name.
        public let label: LocalizedText
        /// The fields of that category the activity uses.
        public let fields: [LocalizedText]
    }

    /// A recipient of an activity's data.
    public struct RecipientEntry: Sendable, Hashable, Codable {
        /// The recipient's name in the policy.
        public let name: String
        /// Who the recipient is.
        public let label: LocalizedText
        /// Where the data is stored.
        public let country: String
    }

    /// A cross-border transfer (GDPR art. 30(1)(e), 152-FZ art. 12).
    public struct Transfer: Sendable, Hashable, Codable {
        /// The recipient's name in the policy.
        public let recipient: String
        /// The destination country.
        public let country: String
        /// The ground and safeguards.
        public let basis: LocalizedText
        /// The Roskomnadzor notification (date and reference) recorded in `operator.yaml`, if any.
        public var notification: String? = nil
    }

    /// A retention limit of an activity.
    public struct RetentionEntry: Sendable, Hashable, Codable {
        /// The rule's name.
        public let rule: String
        /// What the rule says.
        public let description: LocalizedText
        /// The period as written in `retention.yaml`.
        public let duration: RetentionDuration
        /// The event the period is counted from.
        public let anchor: RetentionAnchor
        /// The subjects the rule applies to.
        public let appliesTo: SubjectScope
        /// The law that holds the data, if any.
        public let legalHold: LocalizedText?
    }

    /// One processing activity: a purpose with everything art. 30 asks about it.
    public struct Activity: Sendable, Hashable, Codable {
        /// The purpose's name.
        public let purpose: String
        /// What the purpose is.
        public let description: LocalizedText
        /// The legal ground.
        public let legalBasis: LegalBasis
        /// The legal ground, with articles.
        public let legalBasisLabel: LocalizedText
        /// The categories of data subjects.
        public let dataSubjects: [LocalizedText]
        /// The categories of personal data.
        public let dataCategories: [DataCategory]
        /// The recipients.
        public let recipients: [RecipientEntry]
        /// Cross-border transfers among the recipients.
        public let transfers: [Transfer]
        /// Time limits for erasure.
        public let retention: [RetentionEntry]
        /// For consent purposes: what happens after a withdrawal.
        public let onWithdrawal: RetentionEntry?
        /// For consent purposes: the consent text collected.
        public let notice: ConsentNotice?
        /// For consent purposes: whether unproven imported consent is enough.
        public let legacyConsentSufficient: Bool?
    }

    /// The format version of this record.
    public var version = 1
    /// The controller.
    public var controller: Controller
    /// The activities, one per purpose.
    public var activities: [Activity]
    /// The technical and organisational security measures (GDPR art. 32, 152-FZ art. 19).
    public var securityMeasures: [LocalizedText]

    /// Creates a record.
    public init(controller: Controller, activities: [Activity], securityMeasures: [LocalizedText]) {
        self.controller = controller
        self.activities = activities
        self.securityMeasures = securityMeasures
    }
}
