public import Foundation

/// The act of destruction of personal data (Roskomnadzor Order No. 179 of 28.10.2022), as data.
///
/// Identifies the person by pseudonym and by the full name read just before the erasure (when one was held), which
/// the act keeps for its own 3 years as Order 179 requires. Comes with an
/// extract of the audit log
/// (the "выгрузка из журнала" the order requires for electronic destruction). Rendered by
/// ``DestructionActDocument``; stored apart from the vault, kept 3 years, readable by the privacy officer only.
public struct DestructionAct: Sendable, Codable, Equatable {
    /// One line of the log extract.
    public struct LogLine: Sendable, Codable, Equatable {
        public var seq: Int64
        public var at: Date
        public var action: String
        public var principal: String
        public var fields: [String]

        public init(seq: Int64, at: Date, action: String, principal: String, fields: [String]) {
            self.seq = seq
            self.at = at
            self.action = action
            self.principal = principal
            self.fields = fields
        }
    }

    /// What happened at one external system.
    public struct ConnectorOutcome: Sendable, Codable, Equatable {
        public var connector: String
        /// `erased`, `not_found`, `cannot_erase: <reason>`, `pending`.
        public var outcome: String

        public init(connector: String, outcome: String) {
            self.connector = connector
            self.outcome = outcome
        }
    }

    public var version = 1
    /// `ACT-2026-000007`.
    public var number: String
    public var date: Date
    public var operatorInfo: AccessAnswer.Operator
    /// The information system and carriers: "pdgate vault.sqlite and keys.sqlite on <host>".
    public var informationSystem: String
    public var subject: String
    /// Who the subjects were, read before their data was destroyed (Order 179: the full name or other information
    /// identifying the person): one line per subject, in the order of ``subject``. Kept in the act, under the act's
    /// own 3-year retention, since the vault's copy is gone; `nil` in acts written before it was recorded.
    public var subjectDetails: [String]?
    /// Why: "request REQ-2026-000042 (erasure)", "retention rule lead_no_purchase", "consent withdrawn".
    public var reason: String
    /// Categories of personal data destroyed (identity, contact, …) and the field names.
    public var categories: [String]
    public var fields: [String]
    /// Fields kept under a legal hold, blocked, with the date the hold ends.
    public var heldFields: [String]
    public var holdEnds: Date?
    /// "Crypto-shredding: the subject's encryption key was destroyed; sealed records and index rows deleted."
    public var method: String
    /// Who performed and confirmed it (principal names; signatures go on the printed act).
    public var performedBy: String
    /// The person behind ``performedBy`` ("name, position"), from the operator account in `roles.yaml`.
    public var performer: String?
    /// The person who approves the act: the person responsible for organising processing (`operator.yaml`
    /// `responsible_person`, "name, position"); `nil` in acts written before it was recorded.
    public var approvedBy: String?
    public var connectors: [ConnectorOutcome]
    public var logExtract: [LogLine]

    public init(number: String, date: Date, operatorInfo: AccessAnswer.Operator, informationSystem: String,
                subject: String, subjectDetails: [String]? = nil, reason: String,
                categories: [String], fields: [String], heldFields: [String],
                holdEnds: Date?, method: String, performedBy: String, performer: String? = nil,
                approvedBy: String? = nil,
                connectors: [ConnectorOutcome], logExtract: [LogLine]) {
        self.number = number
        self.date = date
        self.operatorInfo = operatorInfo
        self.informationSystem = informationSystem
        self.subject = subject
        self.subjectDetails = subjectDetails
        self.reason = reason
        self.categories = categories
        self.fields = fields
        self.heldFields = heldFields
        self.holdEnds = holdEnds
        self.method = method
        self.performedBy = performedBy
        self.performer = performer
        self.approvedBy = approvedBy
        self.connectors = connectors
        self.logExtract = logExtract
    }
}
