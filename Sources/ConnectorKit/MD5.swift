internal import Crypto

/// MD5, only because Mailchimp names list members by the hex MD5 of their lower-cased e-mail and UniSender signs
/// its hooks with it: a thin front over swift-crypto's `Insecure.MD5`.
///
/// Not for security: it is an identifier the APIs prescribe.
public enum MD5 {
    /// The 16-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        Array(Insecure.MD5.hash(data: Array(bytes)))
    }
}
