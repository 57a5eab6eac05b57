import Foundation
import Mustache

/// The Mustache templates of one site, read from `Templates/<folder>/*.mustache` in the Server target's resources.
///
/// SwiftPM copies `Sources/Server/Templates` into `pdgate_Server.resources`, beside the `pdgate` binary; a binary
/// copied elsewhere needs that directory beside it. Each template is named after its file without `.mustache`
/// (`Templates/Console/request.mustache` is `request`). A file's one final newline is dropped, so a template that is
/// included in another (`{{> privacy-signup-form}}`) renders exactly as it did as a string literal.
///
/// The folders are read and parsed once per process (``console``, ``privacyCenter``) when the first server starts;
/// a missing, unreadable or malformed template then fails that start with a ``LoadError`` naming the file.
enum TemplateFolder {
    /// Why the templates could not be loaded: names the file and, for a parse error, the line and column.
    struct LoadError: Error, CustomStringConvertible {
        let file: String
        let reason: String
        var description: String { "template \(file): \(reason)" }
    }

    /// The console's templates (also the development inbox's page, `dev-inbox`).
    static let console = Result { try library(folder: "Console", required: ConsoleRenderer.templateNames) }

    /// The privacy center's templates.
    static let privacyCenter = Result {
        try library(folder: "PrivacyCenter", required: PrivacyRenderer.templateNames)
    }

    /// The resources bundle's name beside the binary (SwiftPM's naming on each platform).
    #if os(Linux)
    static let bundleName = "pdgate_Server.resources"
    #else
    static let bundleName = "pdgate_Server.bundle"
    #endif

    /// Where `Templates` is, through `Bundle.module`: the resources beside the running binary, else SwiftPM's build
    /// directory of this checkout.
    ///
    /// `Bundle.module` stops the process (a fatal error and a long backtrace) when neither exists, as for a binary
    /// copied to a server without its resources; that case is checked first and thrown as a ``LoadError`` naming
    /// the directory to copy.
    static func templatesDirectory() throws -> URL {
        let beside = Bundle.main.bundleURL.appendingPathComponent(bundleName)
        // Sources/Server/TemplateFolder.swift → the package's .build/debug (or release), where SwiftPM builds.
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        #if DEBUG
        let built = package.appendingPathComponent(".build/debug/\(bundleName)")
        #else
        let built = package.appendingPathComponent(".build/release/\(bundleName)")
        #endif
        guard [beside, built].contains(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw LoadError(file: "Templates", reason: "\(bundleName) is not beside the pdgate binary "
                            + "(\(beside.path)); copy it from .build/release/ together with the binary")
        }
        guard let url = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw LoadError(file: "Templates", reason: "not found in \(bundleName)")
        }
        return url
    }

    /// Reads and parses every template of `folder`, checking that each of `required` is there.
    ///
    /// - Throws: ``LoadError`` naming the missing, unreadable or malformed file.
    static func library(folder: String, required: [String]) throws -> MustacheLibrary {
        try library(in: templatesDirectory().appendingPathComponent(folder), label: folder, required: required)
    }

    /// Reads and parses every `.mustache` file of `directory` (tests point it at a folder of their own).
    ///
    /// - Throws: ``LoadError`` naming the missing, unreadable or malformed file.
    static func library(in directory: URL, label: String, required: [String]) throws -> MustacheLibrary {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".mustache") }.sorted()
        } catch {
            throw LoadError(file: label, reason: "the folder cannot be read (\(directory.path))")
        }
        var library = MustacheLibrary()
        for file in files {
            let name = String(file.dropLast(".mustache".count))
            let path = "\(label)/\(file)"
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path),
                  var text = String(data: data, encoding: .utf8) else {
                throw LoadError(file: path, reason: "cannot be read as UTF-8")
            }
            if text.hasSuffix("\n") { text.removeLast() }
            do {
                try library.register(text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw LoadError(file: path, reason: "\(error.error) at line \(error.context.lineNumber), column "
                                + "\(error.context.columnNumber)")
            }
        }
        let missing = required.filter { library.getTemplate(named: $0) == nil }
        if let first = missing.first {
            throw LoadError(file: "\(label)/\(first).mustache", reason: "missing (\(directory.path))")
        }
        return library
    }
}
