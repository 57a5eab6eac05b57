import Keyring
import Vault

extension GatewayError {
    /// The one mapping from a lower layer's error to a gateway error: a key store that cannot be written is
    /// `storage`, any other keyring failure `crypto`; a vault that refuses what the caller asked (a target that is
    /// not empty, a conflicting write) is `invalidArgument`, any other vault failure `storage`; gateway errors and
    /// anything else pass through unchanged.
    static func translated(_ error: any Error) -> any Error {
        switch error {
        case let error as KeyringError: GatewayError(error.code == .storage ? .storage : .crypto, error.message)
        case let error as VaultError:
            GatewayError(error.code == .conflict ? .invalidArgument : .storage, error.message)
        default: error
        }
    }
}
