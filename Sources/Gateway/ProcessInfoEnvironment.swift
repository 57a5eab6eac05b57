import Foundation

/// Reads environment variables (kept in one place so tests and commands agree on names).
enum ProcessInfoEnvironment {
    static func value(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name]
    }
}
