public import Foundation

/// Where the repository and its debug build are, for tests that run the built executables.
public enum Checkout {
    /// The repository root (this file is `Sources/PDGateTesting/Checkout.swift`).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The debug build of an executable product, in whichever folder SwiftPM put it (the first candidate when none
    /// exists yet, so the failure names the expected path).
    public static func debugExecutable(_ name: String) -> URL {
        let candidates = [".build/debug/\(name)", ".build/x86_64-unknown-linux-gnu/debug/\(name)",
                          ".build/aarch64-unknown-linux-gnu/debug/\(name)"]
        for candidate in candidates
        where FileManager.default.isExecutableFile(atPath: root.appendingPathComponent(candidate).path) {
            return root.appendingPathComponent(candidate)
        }
        return root.appendingPathComponent(candidates[0])
    }
}
