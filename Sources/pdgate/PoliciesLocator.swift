import Foundation

/// Finds the policies folder: explicit option, `PDGATE_POLICIES`, `./Policies`, or the `Policies` folder of the
/// source tree the executable was built in.
enum PoliciesLocator {
    static func locate(explicit: String?) -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let env = ProcessInfo.processInfo.environment["PDGATE_POLICIES"] { return URL(fileURLWithPath: env) }
        let fm = FileManager.default
        let local = URL(fileURLWithPath: "Policies")
        if fm.fileExists(atPath: local.appendingPathComponent("fields.yaml").path) { return local }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("Policies")
            if fm.fileExists(atPath: candidate.appendingPathComponent("fields.yaml").path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return local
    }
}
