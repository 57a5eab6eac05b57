import ArgumentParser
import Foundation
import Gateway

/// A failure reported to the operator on stderr, ending the process with an exit code (1 failure, 3 refused).
struct CLIFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    var description: String { message }

    /// Runs `body`, turning gateway errors into ``CLIFailure``.
    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as GatewayError {
            throw CLIFailure(message: "error: \(error.message)", exitCode: error.exitCode)
        }
    }

    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as GatewayError {
            throw CLIFailure(message: "error: \(error.message)", exitCode: error.exitCode)
        }
    }
}

/// Runs a command body, printing failures to stderr and exiting with their code.
func runReporting(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as CLIFailure {
        FileHandle.standardError.write(Data((failure.message + "\n").utf8))
        throw ExitCode(failure.exitCode)
    } catch let error as GatewayError {
        FileHandle.standardError.write(Data(("error: " + error.message + "\n").utf8))
        throw ExitCode(error.exitCode)
    }
}

/// Prints a Codable value on stdout as one JSON object on one line (keys sorted), for pipes, `jq` and scripts that
/// read the last line.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}
