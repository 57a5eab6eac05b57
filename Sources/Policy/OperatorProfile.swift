/// The operator (controller) behind a deployment, from `operator.yaml`: who processes the data, who answers for it,
/// which companies process it on the operator's behalf, where it is stored, and the cross-border transfer
/// notifications sent to Roskomnadzor.
///
/// Documents (the processing policy, consent documents, notifications, the record of processing, access answers and
/// destruction acts) take the operator's details from here.
public struct OperatorProfile: Sendable, Hashable {
    /// A company that processes personal data on the operator's instructions (152-FZ art. 6 p. 3, GDPR art. 28).
    public struct Processor: Sendable, Hashable {
        /// The processor's legal name.
        public let name: LocalizedText
        /// Its address.
        public let address: LocalizedText
        /// What it does with the data.
        public let activity: LocalizedText
        /// The recipient of `purposes.yaml` it operates, if it is one.
        public let recipient: String?

        /// Creates a processor.
        public init(name: LocalizedText, address: LocalizedText, activity: LocalizedText, recipient: String?) {
            self.name = name
            self.address = address
            self.activity = activity
            self.recipient = recipient
        }
    }

    /// The notification of a cross-border transfer sent to Roskomnadzor before the first transfer (152-FZ art. 12
    /// p. 4).
    public struct TransferNotification: Sendable, Hashable {
        /// The recipient of `purposes.yaml` the notification covers.
        public let recipient: String
        /// The day the notification was submitted.
        public let date: CalendarDay
        /// The number Roskomnadzor gave it, or the operator's outgoing reference.
        public let reference: String

        /// Creates a notification record.
        public init(recipient: String, date: CalendarDay, reference: String) {
            self.recipient = recipient
            self.date = date
            self.reference = reference
        }
    }

    /// The operator's legal name.
    public let name: LocalizedText
    /// Its legal address.
    public let address: LocalizedText
    /// Taxpayer number (ИНН): 10 digits for an organisation, 12 for a sole proprietor.
    public let inn: String
    /// Primary state registration number (ОГРН, 13 digits; ОГРНИП, 15).
    public let ogrn: String
    /// The person responsible for organising the processing of personal data (152-FZ art. 22.1), with position.
    public let responsiblePerson: LocalizedText
    /// The data protection officer (GDPR art. 37), when one is designated.
    public let dataProtectionOfficer: LocalizedText?
    /// E-mail for personal-data requests.
    public let contactEmail: String
    /// Phone for personal-data requests, if published.
    public let contactPhone: String?
    /// The information system's name, as written in acts and notifications.
    public let informationSystem: LocalizedText
    /// ISO 3166 code of the country the databases are located in (152-FZ art. 18 p. 5).
    public let dataCountry: String
    /// Where the databases are, in words (data centre, city).
    public let dataLocation: LocalizedText
    /// The jurisdiction of `jurisdictions.yaml` whose law governs the data (`RU`, `EU`).
    public let jurisdiction: String
    /// Processors acting for the operator.
    public let processors: [Processor]
    /// Cross-border transfer notifications, one per recipient abroad that has been notified.
    public let transferNotifications: [TransferNotification]
    /// Where the operator publishes its personal-data processing policy (152-FZ art. 18.1 p. 2), if online.
    public var policyURL: String? = nil
    /// The legal, organisational and technical measures taken under 152-FZ art. 18.1 and 19, in words.
    public var protectionMeasures: LocalizedText? = nil
    /// The safeguard an EU subject is told about for their data kept in ``dataCountry`` outside the EU/EEA
    /// (GDPR art. 46 or 49).
    public var euSafeguard: LocalizedText? = nil

    /// Creates a profile.
    public init(
        name: LocalizedText, address: LocalizedText, inn: String, ogrn: String, responsiblePerson: LocalizedText,
        dataProtectionOfficer: LocalizedText?, contactEmail: String, contactPhone: String?,
        informationSystem: LocalizedText, dataCountry: String, dataLocation: LocalizedText, jurisdiction: String,
        processors: [Processor], transferNotifications: [TransferNotification]
    ) {
        self.name = name
        self.address = address
        self.inn = inn
        self.ogrn = ogrn
        self.responsiblePerson = responsiblePerson
        self.dataProtectionOfficer = dataProtectionOfficer
        self.contactEmail = contactEmail
        self.contactPhone = contactPhone
        self.informationSystem = informationSystem
        self.dataCountry = dataCountry
        self.dataLocation = dataLocation
        self.jurisdiction = jurisdiction
        self.processors = processors
        self.transferNotifications = transferNotifications
    }

    /// The contact line for documents: e-mail and, when given, phone.
    public var contact: String {
        [contactEmail, contactPhone].compactMap { $0 }.joined(separator: ", ")
    }

    /// The language documents of this operator are written in first: Russian under 152-FZ, English otherwise.
    public var primaryLanguage: Language {
        jurisdiction == "RU" ? .ru : .en
    }

    /// The notification recorded for a recipient, if any.
    public func transferNotification(for recipient: String) -> TransferNotification? {
        transferNotifications.first { $0.recipient == recipient }
    }

    /// Stand-ins used when the policy folder has no `operator.yaml`; each says where to set the real value.
    public static let placeholder = OperatorProfile(
        name: LocalizedText(ru: "<наименование оператора: operator.yaml>", en: "<operator name: operator.yaml>"),
        address: LocalizedText(ru: "<адрес оператора: operator.yaml>", en: "<operator address: operator.yaml>"),
        inn: "—", ogrn: "—",
        responsiblePerson: LocalizedText(
            ru: "<ответственный за организацию обработки ПДн: operator.yaml>",
            en: "<person responsible for personal data: operator.yaml>"),
        dataProtectionOfficer: nil, contactEmail: "<e-mail: operator.yaml>", contactPhone: nil,
        informationSystem: LocalizedText(ru: "pdgate", en: "pdgate"), dataCountry: "RU",
        dataLocation: LocalizedText(ru: "<местонахождение баз данных: operator.yaml>",
                                    en: "<location of the databases: operator.yaml>"),
        jurisdiction: "RU", processors: [], transferNotifications: [])
}
