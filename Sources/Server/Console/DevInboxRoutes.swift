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

    /// The console's templates, whose `dev-inbox` is this page.
    let library: MustacheLibrary

    /// - Throws: ``TemplateFolder/LoadError`` when the page's template is missing or malformed.
    init(inbox: FolderMailer) throws {
        self.inbox = inbox
        library = try TemplateFolder.console.get()
    }

    func register(on router: Router<APIRequestContext>, table: RouteTable) {
        let inbox = inbox
        let library = library
        table.add(.get, "/dev/inbox", on: router) { request, context in
            // Router tests have no socket (nil); a real client must be on loopback.
            if let peer = context.peerAddress, peer != "127.0.0.1", peer != "::1" { throw HTTPError(.notFound) }
            let messages = inbox.messages().map {
                ["subject": $0.subject, "to": $0.to, "date": $0.date, "body": $0.body]
            }
            let html = library.render(["messages": messages, "folder": inbox.folder.path], withTemplate: "dev-inbox") ?? ""
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }
}
