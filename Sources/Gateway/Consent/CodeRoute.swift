/// Where a person's verification code is sent: their e-mail on file, or by SMS to their phone on file when they
/// have no e-mail.
public enum CodeRoute: Sendable, Equatable {
    case email(String)
    case phone(String)
}

extension CodeRoute: CustomStringConvertible {
    /// The channel only: the address or number is personal data.
    public var description: String {
        switch self {
        case .email: "CodeRoute.email"
        case .phone: "CodeRoute.phone"
        }
    }
}
