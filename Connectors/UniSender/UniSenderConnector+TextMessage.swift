public import ConnectorKit
import Foundation

/// One SMS through UniSender's `sendSms` (https://www.unisender.com/ru/support/integration/api/sendsms): `phone` in
/// the international format with the leading `+` left out, `sender` of 3 to 11 Latin letters and digits (registered
/// in the account), `text` up to 1,000 characters. The result for one number is `{"currency", "price", "sms_id"}`;
/// `dest_invalid` (a number the service cannot deliver to) and `src_invalid` (an unregistered sender) come as
/// API errors.
extension UniSenderConnector: TextMessageSending {
    /// The longest text `sendSms` takes.
    static let maxTextMessageLength = 1_000

    public func sendTextMessage(to phone: String, sender: String, text: String) async throws -> String? {
        let digits = phone.hasPrefix("+") ? String(phone.dropFirst()) : phone
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            throw ConnectorError(.permanent, "\(name) sms: the number is not in the international format")
        }
        guard (3...11).contains(sender.count), sender.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber
            || ".-,".contains($0)) })
        else {
            throw ConnectorError(.invalidConfiguration, "\(name) sms: the sender must be 3 to 11 Latin letters or digits")
        }
        guard text.count <= Self.maxTextMessageLength else {
            throw ConnectorError(.permanent, "\(name) sms: the text is longer than 1,000 characters")
        }
        let result = try await call("sendSms", [("phone", digits), ("sender", sender), ("text", text)],
                                    operation: "sms")
        return result["sms_id"]?.stringValue
    }
}
