import Audit
import Core
import Foundation
import Hummingbird
import Gateway
import Policy
import Requests

extension ConsoleRoutes {
    /// `POST /console/requests/{reference}/note`: an internal note on the case
    /// (``Gateway/addRequestNote(_:text:principal:)``, audited as `request.note` without its text).
    @Sendable func addNote(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try APIRoutes.reference(context)
        let form = try await checkedForm(request, context)
        let chrome = Self.chrome(request, context)
        do {
            _ = try await gateway.addRequestNote(reference, text: form["note"] ?? "", principal: principal)
            return Response.redirect(to: "/console/requests/\(reference)?done=noted#timeline", type: .normal)
        } catch let error as GatewayError where error.code == .invalidArgument {
            let item = try await gateway.request(reference, principal: principal)
            var extra = try await timeline(of: item, principal: principal, language: chrome.language)
            extra["problem"] = error.apiMessage
            return renderRequest(item, chrome: chrome, extra: extra, status: error.status)
        }
    }

    /// The `timeline` of the request page: each audited event on the request, oldest first, who and when, in words;
    /// a note's row carries its text (from the request record, matched to its `request.note` entry in order).
    func timeline(of item: SubjectRequest, principal: Principal, language: Language) async throws -> [String: Any] {
        let entries = try await gateway.requestTimeline(item.reference, principal: principal)
        let labels = Self.eventLabels(language)
        let zone = gateway.timeZone(ofJurisdiction: item.jurisdiction)
        var notes = (item.notes ?? [])[...]
        let rows: [[String: Any]] = entries.map { entry in
            var row: [String: Any] = [
                "time": Self.minute(Date(timeIntervalSince1970: TimeInterval(entry.at)), in: zone),
                "who": entry.principal, "event": labels[entry.action] ?? entry.action,
                "failed": entry.outcome != .ok,
            ]
            if entry.action == AuditAction.requestMessage.rawValue, let detail = entry.detail {
                // `REQ-… message=receipt outcome=sent`: which letter, and whether it went.
                let words = detail.split(separator: " ").compactMap { part -> String? in
                    let pair = part.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2, ["message", "outcome"].contains(pair[0]) else { return nil }
                    let value = pair[0] == "outcome" && pair[1].hasPrefix("failed") ? "failed" : pair[1]
                    return labels["\(pair[0]).\(value)"] ?? String(value)
                }
                row["detail"] = words.joined(separator: ", ")
            }
            if entry.action == AuditAction.requestNote.rawValue, let note = notes.popFirst() {
                row["note"] = note.text
            }
            return row
        }
        return ["timeline": rows, "hasTimeline": !rows.isEmpty]
    }

    /// Audit actions on requests, messages and their outcomes, in words (``ConsoleStrings``' `event.` texts).
    static func eventLabels(_ language: Language) -> [String: String] {
        ConsoleStrings.page("event", language)
    }
}
