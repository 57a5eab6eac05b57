public import Core
import Keyring

/// One entry of the append-only consent ledger: consent given or withdrawn for one purpose.
///
/// It holds evidence, never personal data: how and where consent was captured, the exact notice shown (its id,
/// version and hash), and for imported consent the import run and row it came from.
public struct ConsentEvent: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable { case given, withdrawn }
    /// Where the consent came from: captured by pdgate itself, or carried over from a legacy source.
    public enum Provenance: String, Sendable, Codable { case legacy, captured }

    public var id: Int64?
    public var subject: SubjectID
    public var purpose: String
    public var action: Action
    /// Unix seconds.
    public var at: Int64
    /// How it was expressed: `import`, `web_form`, `api`, `privacy_officer`, `email_link`, ...
    public var channel: String
    /// Capture method or origin, such as `csv:customers.csv` or `form:landing-2026`.
    public var source: String
    public var provenance: Provenance
    /// Whether evidence proves it (always true for captured consent; attested evidence for legacy consent).
    public var proven: Bool
    public var noticeID: String?
    public var noticeVersion: String?
    public var noticeHash: String?
    /// A reference to stored evidence, such as an archive box or a message id.
    public var evidence: String?
    public var importRun: Int64?
    public var importRow: Int?
    /// Who recorded it (a staff member, a token name, or `self` for the person).
    public var principal: String

    public init(
        subject: SubjectID, purpose: String, action: Action, at: Int64, channel: String, source: String,
        provenance: Provenance, proven: Bool, noticeID: String? = nil, noticeVersion: String? = nil,
        noticeHash: String? = nil, evidence: String? = nil, importRun: Int64? = nil, importRow: Int? = nil,
        principal: String
    ) {
        self.subject = subject
        self.purpose = purpose
        self.action = action
        self.at = at
        self.channel = channel
        self.source = source
        self.provenance = provenance
        self.proven = proven
        self.noticeID = noticeID
        self.noticeVersion = noticeVersion
        self.noticeHash = noticeHash
        self.evidence = evidence
        self.importRun = importRun
        self.importRow = importRow
        self.principal = principal
    }
}
