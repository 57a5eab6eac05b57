import Foundation
import Hummingbird
import Mailer
import Mustache

/// `GET /dev/inbox`: the messages a development gateway "sent" (``FolderMailer``), newest first, so a newcomer can
/// follow the customer's flow (codes, receipts, answers) without a mail server.
///
/// Registered only with `pdgate serve --dev-inbox`, which refuses any address but loopback; the page itself also
/// answers 404 to a client that is not on loopback.
struct DevInboxRoutes: Sendable {
    let inbox: FolderMailer

    static let template = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Development inbox — pdgate</title>
        <style>body{font:15px system-ui,sans-serif;max-width:900px;margin:20px auto;padding:0 16px;color:#1d2733}
        article{border:1px solid #d5dbe3;border-radius:8px;padding:10px 14px;margin:12px 0}
        pre{white-space:pre-wrap;font:14px ui-monospace,monospace;margin:8px 0 0}
        .meta{color:#5b6776;font-size:13px}</style></head>
        <body><h1>Development inbox</h1>
        <p class="meta">Every e-mail this gateway sent, written to {{folder}} instead. Never use --dev-inbox in
        production.</p>
        {{#messages}}<article class="mail"><h2>{{subject}}</h2><p class="meta">To {{to}} · {{date}}</p>
        <pre>{{body}}</pre></article>{{/messages}}
        {{^messages}}<p>No messages yet.</p>{{/messages}}
        </body></html>
        """

    func register(on router: Router<APIRequestContext>, table: RouteTable) {
        let inbox = inbox
        let library = try? MustacheLibrary(templates: ["inbox": MustacheTemplate(string: Self.template)])
        table.add(.get, "/dev/inbox", on: router) { request, context in
            // Router tests have no socket (nil); a real client must be on loopback.
            if let peer = context.peerAddress, peer != "127.0.0.1", peer != "::1" { throw HTTPError(.notFound) }
            let messages = inbox.messages().map {
                ["subject": $0.subject, "to": $0.to, "date": $0.date, "body": $0.body]
            }
            let html = library?.render(["messages": messages, "folder": inbox.folder.path], withTemplate: "inbox") ?? ""
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }
}
