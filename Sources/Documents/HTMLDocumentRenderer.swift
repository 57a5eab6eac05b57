/// Renders a ``RenderableDocument`` as one self-contained HTML page.
///
/// The page carries its stylesheet inline, loads nothing, runs no script (a Content-Security-Policy meta element
/// forbids both, as a second line of defence) and prints on A4. Every text of the document passes through
/// ``HTMLEscaping``; the only unescaped strings are the renderer's own tags.
enum HTMLDocumentRenderer {
    /// Returns the page, ending with a newline.
    static func render(_ document: RenderableDocument) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="\(escape(document.language.rawValue))">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(document.title))</title>
            <style>
            \(stylesheet)</style>
            </head>
            <body>
            <main>

            """
        html += document.centredTitle ? "<header class=\"centred\">\n" : "<header>\n"
        html += "<h1>\(escape(document.title))</h1>\n"
        for line in document.subtitle {
            html += "<p class=\"subtitle\">\(escape(line))</p>\n"
        }
        html += "</header>\n"
        for block in document.blocks {
            html += render(block)
        }
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    private static func render(_ block: DocumentBlock) -> String {
        switch block {
        case .heading(let level, let text):
            let tag = "h\(min(max(level, 2), 4))"
            return "<\(tag)>\(escape(text))</\(tag)>\n"
        case .paragraph(let runs):
            return "<p>\(render(runs))</p>\n"
        case .callout(let tone, let runs):
            let toneClass = tone == .warning ? "callout warning" : "callout"
            return "<div class=\"\(toneClass)\">\(render(runs))</div>\n"
        case .bullets(let items):
            let lines = items.map { "<li>\(render($0))</li>\n" }.joined()
            return "<ul>\n\(lines)</ul>\n"
        case .facts(let facts):
            let lines = facts.map { "<dt>\(escape($0.label))</dt><dd>\(render($0.value))</dd>\n" }.joined()
            return "<dl class=\"facts\">\n\(lines)</dl>\n"
        case .table(let table):
            return render(table)
        case .pageBreak:
            return "<div class=\"page-break\"></div>\n"
        }
    }

    private static func render(_ table: DocumentTable) -> String {
        var html: String
        switch table.style {
        case .data: html = "<table>\n"
        case .compact: html = "<table class=\"compact\">\n"
        case .signatures: html = "<table class=\"signatures\">\n"
        }
        html += "<thead><tr>"
        html += table.headers.map { "<th scope=\"col\">\(escape($0))</th>" }.joined()
        html += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>" + row.map { "<td>\(render($0))</td>" }.joined() + "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html
    }

    private static func render(_ runs: [DocumentInline]) -> String {
        runs.map { run in
            switch run {
            case .text(let text): escape(text)
            case .strong(let text): "<strong>\(escape(text))</strong>"
            case .code(let text): "<code>\(escape(text))</code>"
            case .mark(let text): "<span class=\"mark\">\(escape(text))</span>"
            case .lineBreak: "<br>"
            case .blank: "<span class=\"blank\"></span>"
            }
        }.joined()
    }

    private static func escape(_ text: String) -> String {
        HTMLEscaping.escape(text)
    }
}
