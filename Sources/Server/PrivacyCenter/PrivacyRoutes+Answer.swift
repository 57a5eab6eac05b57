import Foundation
import Gateway
import Hummingbird
import Policy

extension PrivacyRoutes {
    /// The page an answer link opens: a button and nothing else, the same for every token. A mail scanner that
    /// fetches the link spends nothing; the person's press (a POST) spends the link.
    @Sendable func answerLinkPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let frame = Self.frame(request)
        return renderer.page("privacy-answer-open", title: text("answer_open_title", frame), frame: frame,
                             values: ["token": context.parameters.get("token") ?? ""])
    }

    /// Spends an answer link: a live one opens a short session reading that one answer (its own cookie on
    /// `/privacy/answer`), a wrong, used, replaced or expired one says only that it does not work.
    @Sendable func openAnswer(_ request: Request, context: APIRequestContext) async throws -> Response {
        try ConsoleRoutes.refuseCrossSite(request, publicURL: configuration.publicBaseURL)
        let frame = Self.frame(request)
        guard let session = try await sessions.openAnswer(context.parameters.get("token") ?? "") else {
            return answerVoid(frame)
        }
        var response = Self.redirect("/privacy/answer")
        response.headers[values: .setCookie].append(
            SiteCookies.answer.session(session.id, maxAge: sessions.seconds, secure: secureCookies))
        return response
    }

    /// What an answer session reads: the reference, the readable answer and its JSON download.
    @Sendable func answerPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let frame = Self.frame(request)
        guard let session = try await answerSession(request), let reference = session.subject else {
            return answerVoid(frame)
        }
        return renderer.page("privacy-answer", title: text("answer_title", frame), frame: frame,
                             values: ["reference": reference, "lang": frame.language.rawValue])
    }

    /// The answer of an answer session as a readable page (`html`, shown in the browser, printable to PDF) or as
    /// JSON (`json`, a download).
    @Sendable func answerFile(_ request: Request, context: APIRequestContext) async throws -> Response {
        let frame = Self.frame(request)
        let format = context.parameters.get("format") ?? ""
        guard ["html", "json"].contains(format), let session = try await answerSession(request),
            let reference = session.subject,
            let files = try await gateway.answerFiles(in: session, language: frame.language)
        else { return answerVoid(frame) }
        let (body, type, disposition) = format == "json"
            ? (files.json, "application/json; charset=utf-8", "attachment; filename=\"\(reference).json\"")
            : (Data(files.html.utf8), "text/html; charset=utf-8", "inline")
        return Response(status: .ok, headers: [
            .contentType: type, .contentDisposition: disposition, .cacheControl: "no-store",
            .init("X-Content-Type-Options")!: "nosniff", .init("Referrer-Policy")!: "no-referrer",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox",
        ], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private func answerSession(_ request: Request) async throws -> WebSession? {
        guard let id = request.cookies[SiteCookies.answer.session]?.value else { return nil }
        return try await sessions.answerSession(id)
    }

    /// The one answer to every link or session that does not work: it says nothing about any request or person.
    private func answerVoid(_ frame: PrivacyRenderer.Frame) -> Response {
        renderer.message(text("error_title", frame), [text("answer_void", frame)], frame: frame, status: .gone)
    }
}
