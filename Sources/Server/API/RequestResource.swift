import Foundation
import Requests

/// A data-subject request as the API shows it: the stored record plus whether it is overdue or due soon, the
/// deadline in force, its last day and the days left (in the jurisdiction's time zone), and links to its documents.
struct RequestResource: Encodable {
    let request: SubjectRequest
    /// Where it stands against its deadline (``Gateway/deadlineStatus(of:)``).
    let status: DeadlineStatus

    private enum Extra: String, CodingKey {
        case effectiveDeadline, lastDay, daysLeft, overdue, dueSoon, links
    }

    struct Links: Encodable {
        var this: String
        var bundle: String?
        var act: String?

        enum CodingKeys: String, CodingKey {
            case this = "self"
            case bundle, act
        }
    }

    func encode(to encoder: any Encoder) throws {
        try request.encode(to: encoder)
        var container = encoder.container(keyedBy: Extra.self)
        try container.encode(request.effectiveDeadline, forKey: .effectiveDeadline)
        try container.encode(status.lastDay, forKey: .lastDay)
        try container.encode(status.daysLeft, forKey: .daysLeft)
        try container.encode(status.isOverdue, forKey: .overdue)
        try container.encode(status.isDueSoon, forKey: .dueSoon)
        try container.encode(Self.links(for: request), forKey: .links)
    }

    static func links(for request: SubjectRequest) -> Links {
        let base = "/v1/requests/\(request.reference)"
        let completed = request.state == .completed
        return Links(this: base, bundle: completed && request.kind == .access ? base + "/bundle" : nil,
                     act: completed && request.kind == .erasure && request.outcome?.contains("ACT-") == true
                        ? base + "/act" : nil)
    }
}
