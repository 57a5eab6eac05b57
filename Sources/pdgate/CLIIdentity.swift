import Core
import Foundation
import Gateway
import Policy

/// Binds the command line to an operator account of `roles.yaml` (`accounts:`): the operating-system user of the
/// process (its real user id) acts under the role its account names, never under a role it declares itself.
enum CLIIdentity {
    /// A role no `roles.yaml` defines: the principal of an unlisted account, refused by every operation that needs a
    /// role (the refusal is audited); only commands that need none (check, ropa, docs) run.
    static let unboundRole = "no_operator_account"

    /// The principal for this process, and a warning for stderr when the binding changed what was asked.
    ///
    /// - Without an `accounts:` section (a `roles.yaml` from before accounts): ``unboundRole``, as for an unlisted
    ///   account, with a warning that says how to list the accounts: a shell alone never makes anyone the privacy
    ///   officer.
    /// - A listed account acts under its role. `--role` (or `PDGATE_ROLE`) may name another role only when the
    ///   account's role has the `admin` action (an administrator may already issue a token of any role).
    /// - An unlisted account gets ``unboundRole``.
    static func principal(policies: PolicySet?, requestedRole: String?,
                          account: String = Principal.operatingSystemAccount) -> (Principal, warning: String?) {
        guard let policies, policies.accounts != nil else {
            return (Principal.commandLine(role: unboundRole),
                    "roles.yaml has no accounts: section, so the command line acts under no role and runs only "
                        + "commands that need none; list the operator accounts (README: Who may use the command line)")
        }
        guard let bound = policies.account(named: account) else {
            return (Principal.commandLine(role: unboundRole),
                    "the operating-system account \(account) has no operator account in roles.yaml (accounts:); "
                        + "only commands that need no role run. The privacy officer adds it: "
                        + "accounts: {\(account): {role: ROLE, name: …, position: …}}")
        }
        guard let requestedRole, requestedRole != bound.role else {
            return (Principal.commandLine(role: bound.role), nil)
        }
        if policies.role(named: bound.role)?.allows(.admin) == true {
            return (Principal.commandLine(role: requestedRole), nil)
        }
        return (Principal.commandLine(role: bound.role),
                "account \(account) acts as \(bound.role) (roles.yaml accounts:); --role \(requestedRole) needs an "
                    + "account whose role has the admin action")
    }
}
