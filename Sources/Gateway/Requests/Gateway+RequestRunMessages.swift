public import Core
import Foundation
public import Policy
import Requests

extension Gateway {
    /// Carries out a verified request: access (bundle), erasure, rectification, restriction, objection, a demand to
    /// stop processing, or the withdrawal of consent; then tells the person (`completion`, or
    /// `erasure_confirmation` with what the legal hold keeps and until when, or for an access request that did not
    /// come through the privacy center, `answer_link` once ``deliverAnswerLinks(_:)`` is set).
    ///
    /// The request moves to `in_progress`, the work is done, and it is `completed` with an outcome in words. The
    /// person's e-mail is read before an erasure destroys it, held in memory for the confirmation only.
    /// - Throws: ``GatewayError`` `invalidArgument` when the request is not verified yet.
    /// - Parameter language: The language of the readable documents; by default the jurisdiction's (Russian for
    ///   `RU`, English otherwise), so one document is never written in two languages.
    public func runRequest(_ reference: String, language: Language? = nil, principal: Principal) async throws
        -> RequestRunResult
    {
        var address: String?
        if sendsRequesterMessages {
            address = await requesterAddress(of: try await request(reference, principal: principal))
        }
        let result = try await performRequest(reference, language: language, principal: principal)
        guard sendsRequesterMessages else { return result }
        if let erased = result.erasure {
            let language = Self.documentLanguage(jurisdiction: result.request.jurisdiction)
            let zone = timeZone(ofJurisdiction: result.request.jurisdiction)
            let nothing = language == .ru ? "ничего" : "nothing"
            // The same words as the privacy center's explanation (erasureOutlook): labels and laws from the policies.
            let held = fieldLabels(erased.heldFields, language)
            await notifyRequester(.erasureConfirmation, about: result.request, address: address, values: [
                "held": held.isEmpty ? nothing : held.joined(separator: ", "),
                "hold_end": erased.holdEnds.map { CalendarDay($0, in: zone).description } ?? "—",
                "hold_law": held.isEmpty ? "—" : holdLaws(language).joined(separator: "; "),
            ], principal: principal)
        } else if result.request.kind == .access, result.request.state == .completed,
            result.request.channel != "privacy_center", deliversAnswerLinks
        {
            // The person has no pdgate to open the sealed bundle: they read the answer in the privacy center.
            // The request is done whatever happens to the link: a failure is logged, and the officer sends a new one.
            do {
                try await issueAnswerLink(for: reference, principal: principal)
            } catch {
                logger.warning("Answer link not issued", metadata: [
                    "pdgate.request": "\(reference)", "pdgate.error": "\(type(of: error))",
                ])
            }
        } else if result.request.state == .completed {
            await notifyRequester(.completion, about: result.request, address: address, principal: principal)
        }
        return result
    }
}
