public import Core
import Foundation
public import Mailer
import Synchronization
import Audit
import Keyring
import Policy
import Requests

/// The mailer and texts the gateway writes to requesters with, once `pdgate serve` (or a test) has set them.
final class RequesterMailSlot: Sendable {
    let current = Mutex<(mailer: any Mailer, texts: RequesterMessages)?>(nil)
    /// The SMS route for requesters with only a phone on file; nil: they are not written to.
    let texter = Mutex<(any TextMessenger)?>(nil)
    /// Where access answers are read (``Gateway/deliverAnswerLinks(_:)``); nil: answers stay sealed bundles.
    let answerLinks = Mutex<AnswerLinkDelivery?>(nil)
}

extension Gateway {
    /// From now on, tells requesters at every step (receipt, identity request, extension, refusal, completion,
    /// erasure) through `mailer`, with `texts`. Without it the gateway sends nothing to requesters.
    ///
    /// - Parameter texter: The SMS route for a requester with no e-mail on file but a phone (the subject line,
    ///   and the link of an answer, as one short text); without it such a requester is not written to.
    public func sendRequesterMessages(through mailer: any Mailer, texts: RequesterMessages,
                                      texter: (any TextMessenger)? = nil) {
        requesterMail.current.withLock { $0 = (mailer, texts) }
        requesterMail.texter.withLock { $0 = texter }
    }

    /// Whether requester messages go out (a mailer is set).
    public var sendsRequesterMessages: Bool { requesterMail.current.withLock { $0 != nil } }

    /// Asks the person for proof of identity (a signed letter, a visit with a passport, or the privacy center's code),
    /// by the `identity_request` message; logged on the case.
    ///
    /// - Throws: ``GatewayError``: `refused` for a role that does not handle requests, `notFound`, `invalidArgument`
    ///   when the request is no longer waiting for verification or no message can be sent.
    public func askForIdentity(_ reference: String, principal: Principal) async throws {
        let request = try await request(reference, principal: principal)
        guard request.state == .received else {
            throw GatewayError(.invalidArgument, "\(reference) is \(request.state.rawValue); identity is asked for "
                + "only while a request waits for verification")
        }
        guard sendsRequesterMessages else {
            throw GatewayError(.invalidArgument, "no mailer is configured, so the person cannot be written to; "
                + "ask by letter")
        }
        await notifyRequester(.identityRequest, about: request, principal: principal)
    }

    /// The e-mail on file of the request's person; nil when nobody matched or they have no e-mail.
    ///
    /// Read before an erasure, which destroys it, so the confirmation can still be sent; held in memory only.
    func requesterAddress(of request: SubjectRequest) async -> String? {
        guard sendsRequesterMessages, let id = request.subject.flatMap(SubjectID.init),
            let stored = try? await vault.read({ tx in try tx.subject(id) })
        else { return nil }
        return await contacts(of: stored).email
    }

    /// Where a message about `request` goes: the e-mail read before the step (an erasure), else the e-mail on file,
    /// else the phone on file when an SMS route is set. Never a contact a caller typed.
    func requesterRoute(of request: SubjectRequest, address: String?) async -> CodeRoute? {
        if let address { return .email(address) }
        guard sendsRequesterMessages, let id = request.subject.flatMap(SubjectID.init),
            let stored = try? await vault.read({ tx in try tx.subject(id) })
        else { return nil }
        let contacts = await contacts(of: stored)
        if let email = contacts.email { return .email(email) }
        if let phone = contacts.phone, requesterMail.texter.withLock({ $0 }) != nil { return .phone(phone) }
        return nil
    }

    /// Sends one message about `request` and logs it on the case (`request.message`: the kind and the outcome, never
    /// the address or the text), and returns that outcome. Does nothing when no mailer is set; a failed send is
    /// logged, never thrown: the step it reports on has happened.
    ///
    /// - Parameters:
    ///   - address: The address read before the step (an erasure); by default the e-mail on file now.
    ///   - values: Placeholders of this message (`reason`, `held`, `hold_end`, `link`, `link_expires`).
    @discardableResult
    func notifyRequester(_ message: RequesterMessage, about request: SubjectRequest, address: String? = nil,
                         values: [String: String] = [:], principal: Principal) async -> String {
        guard let (mailer, texts) = requesterMail.current.withLock({ $0 }) else { return "no_mailer" }
        let language = Self.documentLanguage(jurisdiction: request.jurisdiction)
        let zone = timeZone(ofJurisdiction: request.jurisdiction)
        var filled = values
        filled["operator"] = policies.operatorDetails.name[language]
        filled["policy_url"] = policies.operatorDetails.policyURL ?? "—"
        filled["reference"] = request.reference
        filled["kind"] = Self.kindName(request.kind, language)
        filled["received"] = CalendarDay(request.receivedAt, in: zone).description
        filled["deadline"] = deadlineStatus(of: request).lastDay.description
        let outcome: String
        if let route = await requesterRoute(of: request, address: address) {
            let text = texts.render(message, language: language, values: filled)
            do {
                switch route {
                case .email(let to):
                    try await mailer.send(MailMessage(to: to, subject: text.subject, text: text.body))
                case .phone(let to):
                    let short = [text.subject, values["link"]].compactMap { $0 }.joined(separator: "\n")
                    try await requesterMail.texter.withLock({ $0 })?.send(TextMessage(to: to, text: short))
                }
                outcome = "sent"
            } catch let error as MailerError {
                outcome = "failed:\(error.code.rawValue)"
            } catch {
                outcome = "failed"
            }
        } else {
            outcome = request.subject == nil ? "no_match" : "no_email"
        }
        logger.info("Requester message", metadata: [
            "pdgate.request": "\(request.reference)", "pdgate.mail": "\(message.rawValue)",
            "pdgate.outcome": "\(outcome)",
        ])
        try? await record(AuditEntry(at: nowSeconds, by: principal,
                                     action: .requestMessage, subject: request.subject,
                                     outcome: outcome == "sent" ? .ok : .failed,
                                     detail: "\(request.reference) message=\(message.rawValue) outcome=\(outcome)"))
        return outcome
    }

    /// What was asked for, in the message's language.
    static func kindName(_ kind: RequestKind, _ language: Language) -> String {
        let names: [RequestKind: (ru: String, en: String)] = [
            .access: ("доступ к данным", "access to your data"), .erasure: ("удаление данных", "erasure"),
            .rectification: ("уточнение данных", "correction"), .restriction: ("блокирование", "restriction"),
            .objection: ("возражение против рекламы", "objection to marketing"),
            .stopProcessing: ("прекращение обработки", "stopping the processing"),
            .withdrawal: ("отзыв согласия", "withdrawal of consent"),
        ]
        let name = names[kind] ?? (kind.rawValue, kind.rawValue)
        return language == .ru ? name.ru : name.en
    }
}
