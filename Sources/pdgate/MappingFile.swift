import Foundation

/// A file of column mappings for `pdgate import --map-file`: one `HEADER=field` per line, `#` comments, blank
/// lines ignored; `HEADER=ignore` (or `HEADER=`) leaves a column out.
enum MappingFile {
    /// The mapping lines of the file.
    ///
    /// - Throws: ``CLIFailure`` naming the line that is not a mapping.
    static func lines(at path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8)
        else {
            throw CLIFailure(message: "error: cannot read the mapping file \(path) (UTF-8 text expected)", exitCode: 1)
        }
        var result: [String] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard line.contains("="), !line.hasPrefix("=") else {
                throw CLIFailure(message: "error: \(path):\(index + 1): expected HEADER=field", exitCode: 1)
            }
            result.append(line)
        }
        return result
    }
}
