/// What following a double opt-in confirmation link did.
public enum SignupOutcome: Sendable, Equatable {
    /// The person was recorded (or merged into the person with the same e-mail) with the consents confirmed.
    /// `outdatedConsents` lists purposes whose consent document changed since the form was shown: not recorded.
    case recorded(CreatedSubject, outdatedConsents: [String])
    /// The person had been erased at their request or had objected, and confirmed no new consent: nothing was
    /// recorded.
    case suppressed
    /// The link is unknown, used already or expired.
    case expired
}
