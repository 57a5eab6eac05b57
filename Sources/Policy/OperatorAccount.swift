/// A local operator account from `roles.yaml` `accounts:`: the operating-system user allowed to run the pdgate
/// command line, the role it acts under, and the person behind it (named in destruction acts).
public struct OperatorAccount: Sendable, Hashable {
    /// The operating-system account (`anna`, `crm`).
    public let account: String
    /// The role of `roles.yaml` the account acts under.
    public let role: String
    /// The person's full name, for the documents they sign.
    public let name: String?
    /// The person's position.
    public let position: String?

    /// Creates an account.
    public init(account: String, role: String, name: String? = nil, position: String? = nil) {
        self.account = account
        self.role = role
        self.name = name
        self.position = position
    }
}

extension PolicySet {
    /// The operator account of an operating-system user, when `roles.yaml` lists it.
    public func account(named account: String) -> OperatorAccount? {
        accounts?.first { $0.account == account }
    }
}
