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
/// read the last line. Every date is ISO 8601 (`2026-03-02T07:00:00Z`); records that keep Unix seconds go through
/// ``ISOTimestamped``.
func printJSON(_ value: some Encodable) throws {
    let data = try jsonData(value)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

/// The JSON `--json` prints: keys sorted, slashes unescaped, dates in ISO 8601.
func jsonData(_ value: some Encodable) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return try encoder.encode(value)
}

/// A record stored with its time in Unix seconds (`at`: audit entries, consent events), printed with `at` in ISO 8601
/// like every other `--json` date.
struct ISOTimestamped<Value: Encodable>: Encodable {
    let value: Value
    let at: Int64

    private enum Key: String, CodingKey { case at }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(Date(timeIntervalSince1970: TimeInterval(at)), forKey: .at)
    }
}
