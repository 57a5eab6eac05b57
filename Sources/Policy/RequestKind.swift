/// A kind of data-subject request or incident that has a legal deadline.
public enum RequestKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Access to one's data (152-FZ art. 14, 20; GDPR art. 15).
    case access
    /// Correction of inaccurate or incomplete data (152-FZ art. 21 p. 2; GDPR art. 16).
    case rectification
    /// Destruction of data unlawfully obtained or not needed (152-FZ art. 20 p. 3; GDPR art. 17).
    case erasure
    /// Blocking (restriction) of processing (152-FZ art. 21 p. 1–2; GDPR art. 18).
    case restriction
    /// Objection to direct marketing (152-FZ art. 15 p. 2, 38-FZ art. 18; GDPR art. 21(2–3)).
    case objection
    /// A demand to stop processing (152-FZ art. 21 p. 5.1; GDPR art. 21(1)).
    case stopProcessing = "stop_processing"
    /// Withdrawal of consent (152-FZ art. 21 p. 5; GDPR art. 7(3), 17(1)(b)).
    case withdrawal
    /// Unlawful processing found by the operator (152-FZ art. 21 p. 3; GDPR art. 17(1)(d)).
    case unlawfulProcessing = "unlawful_processing"
    /// The purpose of processing achieved (152-FZ art. 21 p. 4; GDPR art. 5(1)(e)).
    case purposeAchieved = "purpose_achieved"
    /// First notice of a personal-data leak to the authority (152-FZ art. 21 p. 3.1; GDPR art. 33).
    case dataLeak = "data_leak"
    /// Follow-up notice of a leak with the investigation results (152-FZ art. 21 p. 3.1; GDPR art. 33(4)).
    case dataLeakReport = "data_leak_report"
}
