/// The legal ground a purpose relies on.
public enum LegalBasis: String, Sendable, Hashable, CaseIterable, Codable {
    /// The person's consent (152-FZ art. 6 p. 1 item 1, art. 9; GDPR art. 6(1)(a)).
    case consent
    /// A contract with the person, or steps before one at their request (152-FZ art. 6 p. 1 item 5; GDPR 6(1)(b)).
    case contract
    /// An obligation under law, such as keeping accounting records (152-FZ art. 6 p. 1 item 2; GDPR 6(1)(c)).
    case legalObligation = "legal_obligation"
    /// The operator's legitimate interests (152-FZ art. 6 p. 1 item 7; GDPR art. 6(1)(f)).
    case legitimateInterest = "legitimate_interest"

    /// A human-readable name with the articles it rests on.
    public var label: LocalizedText {
        switch self {
        case .consent:
            LocalizedText(
                ru: "Согласие субъекта персональных данных (152-ФЗ ст. 6 ч. 1 п. 1, ст. 9)",
                en: "Consent of the data subject (GDPR Art. 6(1)(a), Art. 7)")
        case .contract:
            LocalizedText(
                ru: "Заключение и исполнение договора с субъектом (152-ФЗ ст. 6 ч. 1 п. 5)",
                en: "Performance of a contract with the data subject (GDPR Art. 6(1)(b))")
        case .legalObligation:
            LocalizedText(
                ru: "Исполнение обязанности, возложенной законом (152-ФЗ ст. 6 ч. 1 п. 2)",
                en: "Compliance with a legal obligation (GDPR Art. 6(1)(c))")
        case .legitimateInterest:
            LocalizedText(
                ru: "Законные интересы оператора (152-ФЗ ст. 6 ч. 1 п. 7)",
                en: "Legitimate interests of the controller (GDPR Art. 6(1)(f))")
        }
    }
}
