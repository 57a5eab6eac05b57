import Foundation
import Gateway
import Vault

/// A consent ledger entry as the API shows it: the subject as a plain pseudonym string, times in ISO 8601.
struct ConsentEventResource: Encodable {
    var id: Int64?
    var subject: String
    var purpose: String
    var action: String
    var at: Date
    var channel: String
    var source: String
    var provenance: String
    var proven: Bool
    var noticeID: String?
    var noticeVersion: String?
    var noticeHash: String?
    var evidence: String?
    var importRun: Int64?
    var importRow: Int?
    var principal: String

    init(_ event: ConsentEvent) {
        id = event.id
        subject = event.subject.rawValue
        purpose = event.purpose
        action = event.action.rawValue
        at = Date(timeIntervalSince1970: TimeInterval(event.at))
        channel = event.channel
        source = event.source
        provenance = event.provenance.rawValue
        proven = event.proven
        noticeID = event.noticeID
        noticeVersion = event.noticeVersion
        noticeHash = event.noticeHash
        evidence = event.evidence
        importRun = event.importRun
        importRow = event.importRow
        principal = event.principal
    }
}
