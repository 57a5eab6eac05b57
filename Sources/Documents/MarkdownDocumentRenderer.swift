import Foundation

/// Renders a ``RenderableDocument`` as Markdown (CommonMark with GitHub tables).
///
/// Every text of the document passes through ``MarkdownEscaping``, so a value cannot add a heading, a link or raw
/// HTML; facts become bullet lists, callouts block quotes, a page break a thematic break.
enum MarkdownDocumentRenderer {
    /// Returns the document, ending with a newline.
    static func render(_ document: RenderableDocument) -> String {
        var sections = ["# " + escape(document.title)]
        if !document.subtitle.isEmpty {
            sections.append(document.subtitle.map { "_\(escape($0))_" }.joined(separator: "  \n"))
        }
        sections += document.blocks.map(render)
        return sections.joined(separator: "\n\n") + "\n"
    }

    private static func render(_ block: DocumentBlock) -> String {
        switch block {
        case .heading(let level, let text):
            return String(repeating: "#", count: min(max(level, 2), 4)) + " " + escape(text)
        case .paragraph(let runs):
            return render(runs, atBlockStart: true)
        case .callout(_, let runs):
            return "> " + render(runs, atBlockStart: true)
        case .bullets(let items):
            return items.map { "- " + render($0, atBlockStart: true) }.joined(separator: "\n")
        case .facts(let facts):
            return facts.map { "- **\(escape($0.label)):** \(render($0.value))" }.joined(separator: "\n")
        case .table(let table):
            return render(table)
        case .pageBreak:
            return "---"
        }
    }

    /// A line to fill in by hand; a run of underscores between spaces is literal in CommonMark.
    private static let blankLine = "____________________"

    private static func render(_ table: DocumentTable) -> String {
        var lines = ["| " + table.headers.map(escape).joined(separator: " | ") + " |"]
        lines.append("|" + table.headers.map { _ in "---|" }.joined())
        for row in table.rows {
            let cells = row.map { cell -> String in
                let text = render(cell)
                if table.style == .signatures && text.isEmpty {
                    return blankLine
                }
                return text.isEmpty ? " " : text
            }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    private static func render(_ runs: [DocumentInline], atBlockStart: Bool = false) -> String {
        runs.enumerated().map { index, run in
            switch run {
            case .text(let text): MarkdownEscaping.escape(text, atBlockStart: atBlockStart && index == 0)
            case .strong(let text): strong(text)
            case .code(let text): MarkdownEscaping.codeSpan(text)
            case .mark(let text): text.isEmpty ? "" : " " + strong("[\(text)]")
            case .lineBreak: "<br>"
            case .blank: Self.blankLine + " "
            }
        }.joined()
    }

    /// Bold text; spaces at either end stay outside the `**`, where CommonMark needs them to close the emphasis.
    private static func strong(_ text: String) -> String {
        let core = text.trimmingCharacters(in: .whitespaces)
        guard !core.isEmpty else { return text }
        let leading = text.prefix { $0 == " " }
        let trailing = String(text.reversed().prefix { $0 == " " })
        return "\(leading)**\(escape(core))**\(trailing)"
    }

    private static func escape(_ text: String) -> String {
        MarkdownEscaping.escape(text)
    }
}
