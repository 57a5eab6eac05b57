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

    /// Audit actions on requests, in words.
    static func eventLabels(_ language: Language) -> [String: String] {
        let ru = language == .ru
        let pairs: [(AuditAction, String, String)] = [
            (.requestCreate, "Зарегистрирован", "Registered"),
            (.requestVerify, "Личность подтверждена", "Identity verified"),
            (.requestMessage, "Письмо заявителю", "Message to the requester"),
            (.requestStart, "Исполнение начато", "Work started"),
            (.requestAnswer, "Ответ подготовлен", "Answer prepared"),
            (.requestBundle, "Пакет выдан", "Answer bundle downloaded"),
            (.requestAnswerLink, "Ссылка на ответ выдана", "Answer link issued"),
            (.requestAct, "Акт об уничтожении", "Destruction act"),
            (.requestComplete, "Исполнен", "Completed"), (.requestRefuse, "Отказ", "Refused"),
            (.requestExtend, "Срок продлён", "Deadline extended"), (.requestNote, "Заметка", "Note"),
            (.requestDeadline, "Срок пересчитан", "Deadline recounted"),
            (.requestReview, "Свободный текст проверен", "Free text reviewed"),
            (.requestErasedLocally, "Удалено у нас", "Erased here"),
            (.requestAwaitingRecipients, "Ждём получателей", "Waiting for recipients"),
            (.requestRun, "Исполнение", "Run"),
        ]
        let messages: [(String, String, String)] = [
            ("message.receipt", "о получении", "receipt"),
            ("message.identity_request", "запрос подтверждения личности", "identity request"),
            ("message.extension", "о продлении", "extension"), ("message.refusal", "об отказе", "refusal"),
            ("message.completion", "об исполнении", "completion"),
            ("message.erasure_confirmation", "об удалении", "erasure confirmation"),
            ("message.answer_link", "со ссылкой на ответ", "answer link"),
            ("outcome.sent", "отправлено", "sent"), ("outcome.failed", "не отправлено", "not sent"),
            ("outcome.no_email", "нет адреса e-mail", "no e-mail on file"),
            ("outcome.no_match", "человек не найден", "nobody matched"),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.map { ($0.0.rawValue, ru ? $0.1 : $0.2) }
            + messages.map { ($0.0, ru ? $0.1 : $0.2) })
    }
}
