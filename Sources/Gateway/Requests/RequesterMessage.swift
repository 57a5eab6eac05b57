/// A message the gateway sends the person who made a request, one file per kind and language under
/// `Policies/messages/` (``RequesterMessages``).
public enum RequesterMessage: String, Sendable, CaseIterable {
    /// The request was registered: its reference and deadline.
    case receipt
    /// The officer asks for proof of identity.
    case identityRequest = "identity_request"
    /// The deadline was extended, with the reason.
    case extensionNotice = "extension"
    /// The request was refused, with the reason and the right to complain.
    case refusal
    /// The request was carried out.
    case completion
    /// The person's data was erased: what the law keeps, and until when.
    case erasureConfirmation = "erasure_confirmation"
    /// An access answer is ready: a one-time privacy-center link to read it, and until when it works.
    case answerLink = "answer_link"
}
