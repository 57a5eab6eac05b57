/// Who performs an operation, and under which role. Every read and change goes through one.
public struct Principal: Sendable, Equatable, Codable {
    /// A staff login, token name or process name; never a data subject's personal data.
    public var name: String
    public var role: String

    public init(name: String, role: String) {
        self.name = name
        self.role = role
    }

    /// The operator at the command line, named after the OS user.
    public static func commandLine(role: String = "privacy_officer") -> Principal {
        let user = ProcessInfoName.user
        return Principal(name: "cli:\(user)", role: role)
    }
}

enum ProcessInfoName {
    static var user: String {
        let env = ProcessInfoEnvironment.value("USER") ?? ProcessInfoEnvironment.value("LOGNAME") ?? "unknown"
        return env.isEmpty ? "unknown" : env
    }
}
