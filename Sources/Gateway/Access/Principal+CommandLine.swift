public import Core
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Principal {
    /// The operating-system account of the process's real user id, which no environment variable changes: the
    /// command line's operator account (`roles.yaml` `accounts:`) is looked up by it.
    public static var operatingSystemAccount: String { ProcessInfoName.account(of: getuid()) }

    /// The operator at the command line, named after the OS user (what acts and the audit name as the performer).
    public static func commandLine(role: String = "privacy_officer") -> Principal {
        Principal(name: "cli:\(ProcessInfoName.user)", role: role)
    }
}

enum ProcessInfoName {
    /// `PDGATE_PRINCIPAL` when set (a scheduler running as a service account names the person responsible), else
    /// the login from the environment, else the account of the process's user id (cron and systemd set no `USER`),
    /// else `uid-N`: never an anonymous "unknown".
    static var user: String {
        for variable in ["PDGATE_PRINCIPAL", "USER", "LOGNAME"] {
            if let value = ProcessInfoEnvironment.value(variable)?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                return value
            }
        }
        return account(of: getuid())
    }

    /// The account name of a user id from the password database, or `uid-N`.
    static func account(of uid: uid_t) -> String {
        #if canImport(Glibc)
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name {
            let text = String(cString: name)
            if !text.isEmpty { return text }
        }
        #endif
        return "uid-\(uid)"
    }
}
