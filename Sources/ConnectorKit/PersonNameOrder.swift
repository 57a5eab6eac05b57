/// The order of the parts of a full name, for services that keep given and family names apart (Mailchimp's
/// `FNAME` and `LNAME`).
///
/// The gateway sets it on each ``ConnectorPerson`` from the operator's jurisdiction (``default(forJurisdiction:)``);
/// a connector's settings may override it.
public enum PersonNameOrder: String, Sendable, Codable, CaseIterable {
    /// "Ann Lee": given Ann, family Lee (everything after the first word is the family name).
    case givenFamily = "given-family"
    /// "Иванова Анна Петровна": family Иванова, given "Анна Петровна" (everything after the first word).
    case familyGiven = "family-given"
    /// "Иванова Анна Петровна" (ФИО): family Иванова, given Анна; the patronymic Петровна is neither.
    case familyGivenPatronymic = "family-given-patronymic"

    /// The order names are written in under a jurisdiction: `family given patronymic` (ФИО) in Russia, else
    /// `given family`.
    public static func `default`(forJurisdiction code: String?) -> Self {
        switch code?.uppercased() {
        case "RU": .familyGivenPatronymic
        default: .givenFamily
        }
    }

    /// The given and family names of a full name written in this order (empty strings for missing parts).
    public func split(_ fullName: String) -> (given: String, family: String) {
        let parts = fullName.split(whereSeparator: \.isWhitespace).map(String.init)
        switch self {
        case .givenFamily:
            return (parts.first ?? "", parts.dropFirst().joined(separator: " "))
        case .familyGiven:
            return (parts.dropFirst().joined(separator: " "), parts.first ?? "")
        case .familyGivenPatronymic:
            return (parts.count > 1 ? parts[1] : "", parts.first ?? "")
        }
    }
}

extension ConnectorPerson {
    /// The given and family names of `full_name`, split in `order` (a connector's override) or else the person's
    /// ``nameOrder`` (from the operator's jurisdiction), `given-family` when neither is known; `nil` without a
    /// full name. The one rule every connector that keeps names apart uses (Mailchimp's `FNAME`/`LNAME`,
    /// UniSender's `Name`).
    public func nameParts(order: PersonNameOrder? = nil) -> (given: String, family: String)? {
        guard let fullName = nonBlank("full_name") else { return nil }
        return (order ?? nameOrder ?? .givenFamily).split(fullName)
    }
}
