public import Foundation
public import Policy

/// The repository's files tests read: the shipped policies, the demo file and the shared customer files.
public enum Repository {
    /// The repository root.
    public static let root = Checkout.root
    /// The shipped `Policies/`.
    public static let policies = root.appendingPathComponent("Policies")
    /// `../shared/data` beside the checkout, or `$PDGATE_SHARED_DATA` (a checkout elsewhere, such as a worktree).
    public static let sharedData = ProcessInfo.processInfo.environment["PDGATE_SHARED_DATA"]
        .map { URL(fileURLWithPath: $0) } ?? root.deletingLastPathComponent().appendingPathComponent("shared/data")
    /// The demo customers `make run` imports.
    public static let demo = root.appendingPathComponent("Demo/customers-demo.csv")

    /// A file of the shared customer data.
    public static func fixture(_ name: String) -> URL { sharedData.appendingPathComponent(name) }

    /// The repository's policies with one text of one policy file replaced, loaded from a copy.
    ///
    /// - Throws: ``TestSetupError`` when the file no longer holds `old`, so a changed file cannot make the edit
    ///   silently do nothing.
    public static func policies(editing file: String, replacing old: String, with new: String) throws -> PolicySet {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-policies-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: policies, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let url = copy.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        guard text.contains(old) else { throw TestSetupError("\(file) no longer holds the text a test edits") }
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        return try PolicySet.load(from: copy)
    }
}

/// A test's setup found the repository or the gateway not as the test expects.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
