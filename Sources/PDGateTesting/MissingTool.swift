/// A tool a test needs is not installed: the test fails with what to install, it never passes without running.
public struct MissingTool: Error, CustomStringConvertible {
    /// What is missing and how to install it.
    public let description: String

    /// - Parameter what: The tool and the command that installs it.
    public init(_ what: String) { description = "missing test tool: " + what }
}
