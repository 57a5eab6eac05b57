import Keyring
import Vault

extension GatewayError {
    /// The one mapping from a lower layer's error to a gateway error: a key store that cannot be written is
    /// `storage`, any other keyring failure `crypto`, any vault failure `storage` (a write that kept losing to
    /// concurrent ones included: it is the server's trouble, not the caller's); gateway errors and anything else
    /// pass through unchanged.
    package static func translated(_ error: any Error) -> any Error {
        switch error {
        case let error as KeyringError: GatewayError(error.code == .storage ? .storage : .crypto, error.message)
        case let error as VaultError: GatewayError(.storage, error.message)
        default: error
        }
    }
}
