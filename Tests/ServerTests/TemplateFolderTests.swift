import Foundation
@testable import Server
import Testing

/// The console's and privacy center's pages come from `.mustache` files in the Server target's resources, read once;
/// a missing or malformed one stops the server at start with the file named.
@Suite("Templates as resources")
struct TemplateFolderTests {
    @Test("Every template the renderers need is in the resources bundle and parses")
    func bundledTemplatesLoad() throws {
        let console = try TemplateFolder.console.get()
        for name in ConsoleRenderer.templateNames { #expect(console.getTemplate(named: name) != nil, "\(name)") }
        let privacy = try TemplateFolder.privacyCenter.get()
        for name in PrivacyRenderer.templateNames { #expect(privacy.getTemplate(named: name) != nil, "\(name)") }
    }

    @Test("A file's final newline is not part of the page, so an included template renders as before")
    func finalNewlineDropped() throws {
        let folder = try Self.folder(["outer": "<p>{{> inner}}</p>\n", "inner": "x\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try TemplateFolder.library(in: folder, label: "Test", required: ["outer"])
        #expect(library.render([String: Any](), withTemplate: "outer") == "<p>x</p>")
    }

    @Test("A missing template fails with the file's name")
    func missingTemplateIsNamed() throws {
        let folder = try Self.folder(["layout": "{{{body}}}"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: TemplateFolder.LoadError.self) {
            try TemplateFolder.library(in: folder, label: "Console", required: ["layout", "request"])
        }
        #expect(error.description.hasPrefix("template Console/request.mustache: missing"))
    }

    @Test("A malformed template fails with its file, line and column")
    func malformedTemplateIsNamed() throws {
        let folder = try Self.folder(["request": "<h1>{{title}}</h1>\n{{#open}}never closed"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: TemplateFolder.LoadError.self) {
            try TemplateFolder.library(in: folder, label: "Console", required: [])
        }
        #expect(error.description.hasPrefix("template Console/request.mustache:"))
        #expect(error.description.contains("line"))
    }

    @Test("A folder that is not there fails with its name, not a crash")
    func missingFolderIsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("no-templates-\(UUID().uuidString)")
        let error = try #require(throws: TemplateFolder.LoadError.self) {
            try TemplateFolder.library(in: folder, label: "Console", required: ["layout"])
        }
        #expect(error.description.hasPrefix("template Console:"))
    }

    static func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent("\(name).mustache"))
        }
        return folder
    }
}
