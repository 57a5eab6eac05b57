public import ConnectorKit
internal import Foundation

/// A Voximplant service account's key file, as the control panel downloads it.
///
/// ```json
/// {"account_email": "…", "account_id": 1234567, "key_id": "…", "private_key": "-----BEGIN PRIVATE KEY-----…"}
/// ```
/// The private key stays a ``Secret``; ``description`` shows the account and key ids only. `account_email` is
/// not needed for signing and is not kept.
public struct VoximplantServiceAccount: Sendable, CustomStringConvertible {
    /// The account the key belongs to (the JWT's `iss`), digits as in the file.
    public let accountID: String
    /// The key's id (the JWT header's `kid`).
    public let keyID: String
    /// The RSA private key in PEM (PKCS#8 or PKCS#1).
    public let privateKey: Secret

    /// Creates a service account from its parts.
    public init(accountID: String, keyID: String, privateKey: Secret) {
        self.accountID = accountID
        self.keyID = keyID
        self.privateKey = privateKey
    }

    /// Reads a key file's JSON.
    ///
    /// - Parameter keyFile: The file's contents (from a ``SecretSource``).
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``) naming the missing or
    ///   malformed key, never its value.
    public init(keyFile: Secret) throws {
        guard let json = JSONValue.parse(Data(keyFile.reveal().utf8)), json.objectValue != nil else {
            throw ConnectorError(.invalidConfiguration, "Voximplant service account key file is not a JSON object")
        }
        let accountID: String
        if let number = json["account_id"]?.intValue, number > 0 {
            accountID = String(number)
        } else if let text = json["account_id"]?.stringValue, !text.isEmpty, text.allSatisfy(\.isNumber) {
            accountID = text
        } else {
            throw ConnectorError(.invalidConfiguration,
                                 "Voximplant service account key file needs \"account_id\" (a number)")
        }
        guard let keyID = json["key_id"]?.stringValue, !keyID.isEmpty else {
            throw ConnectorError(.invalidConfiguration, "Voximplant service account key file needs \"key_id\"")
        }
        guard let pem = json["private_key"]?.stringValue, pem.contains("-----BEGIN") else {
            throw ConnectorError(.invalidConfiguration,
                                 "Voximplant service account key file needs \"private_key\" (PEM)")
        }
        self.init(accountID: accountID, keyID: keyID, privateKey: Secret(pem))
    }

    public var description: String { "VoximplantServiceAccount(account \(accountID), key \(keyID), private key ***)" }
}
