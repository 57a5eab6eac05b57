public import ConnectorKit
import Foundation

/// The transactional send: UniSender's `sendEmail`, one individual e-mail (60 calls a minute, at least 60 s between
/// two e-mails to the same address, 1 MB).
///
/// Arguments: `email`, `sender_name`, `sender_email` (a sender address confirmed in the account), `subject`, `body`
/// (HTML: the text is escaped and its links made clickable), `list_id` (``UniSenderSettings/transactionalListID``, or
/// the first list), `lang`, `error_checking=1` (errors per recipient in the result instead of a silent drop), and
/// `track_read=0`, `track_links=0`: the links carry one-time tokens and must reach the person unchanged, not through
/// a click-tracking redirect. The result is `[{"index": 0, "email": …, "id": …}]`, or `errors: [{"code", "message"}]`
/// for the recipient; the older shape `{"email_id": …}` is accepted too.
extension UniSenderConnector: TransactionalSending {
    public func sendTransactional(_ email: TransactionalEmail) async throws -> String? {
        guard let list = settings.transactionalListID ?? settings.listIDs.first else {
            throw ConnectorError(.invalidConfiguration, "\(name) send: no list for sendEmail (transactionalListID)")
        }
        let result = try await call("sendEmail", [
            ("email", email.to), ("sender_name", email.senderName), ("sender_email", email.senderEmail),
            ("subject", email.subject), ("body", PlainTextHTML.document(email.text)), ("list_id", String(list)),
            ("lang", settings.language), ("error_checking", "1"), ("track_read", "0"), ("track_links", "0"),
        ], operation: "send")
        let entry = result.arrayValue.first ?? result
        if let failure = entry["errors"]?.arrayValue.first {
            throw Self.error(code: failure["code"]?.stringValue ?? "unspecified",
                             message: failure["message"]?.stringValue ?? "", connector: name, operation: "send")
        }
        return entry["id"]?.stringValue ?? entry["email_id"]?.stringValue
    }
}
