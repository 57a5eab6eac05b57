import Foundation
import NIOCore
import NIOSSL

/// One SMTP session over a connected channel: reads replies, writes commands, upgrades to TLS.
///
/// Valid only inside the `executeThenClose` closure that owns the channel's inbound and outbound sides.
struct SMTPConversation {
    let channel: any Channel
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    /// Bytes read but not yet split into lines.
    private var pending = ByteBuffer()
    private(set) var isEncrypted = false
    /// Whether anything arrived since TLS was put under the session (the handshake then succeeded).
    private var heardOverTLS = false

    init(channel: any Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
         outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Reads one complete reply (every continuation line).
    mutating func reply() async throws -> SMTPReply {
        var lines: [String] = []
        while true {
            let line = try await readLine()
            guard let parsed = SMTPReply.parseLine(line) else {
                throw MailerError(.protocolViolation, "the server's answer is not an SMTP reply")
            }
            lines.append(parsed.text)
            if !parsed.more { return SMTPReply(code: parsed.code, lines: lines) }
            guard lines.count < 200 else { throw MailerError(.protocolViolation, "the server's reply does not end") }
        }
    }

    /// Sends a command line and reads its reply; `step` names the command in errors (never its argument).
    mutating func command(_ line: String, step: String) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await reply()
    }

    /// Sends a command and requires one of `accepted` codes; otherwise throws `failure` with the reply code.
    mutating func expect(_ line: String, step: String, accepted: Set<Int>, failure: MailerError.Code = .rejected)
        async throws -> SMTPReply
    {
        let reply = try await command(line, step: step)
        guard accepted.contains(reply.code) else {
            throw MailerError(failure, "the mail server answered \(reply.code) to \(step)", replyCode: reply.code)
        }
        return reply
    }

    mutating func write(_ text: String) async throws {
        do {
            try await outbound.write(ByteBuffer(string: text))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // A failed handshake closes the channel under the first write after STARTTLS; its reason waits in the
            // inbound stream.
            if isEncrypted && !heardOverTLS {
                do {
                    _ = try await readLine()
                } catch let failure as MailerError where failure.code == .tls {
                    throw failure
                } catch {}
                throw MailerError(.tls, "TLS with the mail server failed (handshake)")
            }
            throw MailerError(.connection, "the connection to the mail server failed")
        }
    }

    /// Puts TLS under the session (after the server's `220` to STARTTLS). Anything the server sent after that reply
    /// and before the handshake would be plaintext injected into the encrypted session (CVE-2011-0411): refused.
    mutating func startTLS(context: NIOSSLContext, serverHostname: String?) async throws {
        guard pending.readableBytes == 0 else {
            throw MailerError(.protocolViolation, "the server sent data after its STARTTLS reply")
        }
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw MailerError(.tls, "cannot start TLS with the mail server")
        }
        isEncrypted = true
    }

    private mutating func readLine() async throws -> String {
        while true {
            if let line = takeLine() { return line }
            guard pending.readableBytes < 64 * 1024 else {
                throw MailerError(.protocolViolation, "the server sent a line longer than SMTP allows")
            }
            let chunk: ByteBuffer?
            do {
                chunk = try await inbound.next()
            } catch let error as NIOSSLError {
                throw MailerError(.tls, "TLS with the mail server failed (\(Self.describe(error)))")
            } catch let error as BoringSSLError {
                throw MailerError(.tls, "TLS with the mail server failed (\(Self.describe(error)))")
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as MailerError {
                throw error
            } catch {
                throw MailerError(.connection, "the connection to the mail server failed")
            }
            guard var chunk else { throw MailerError(.connection, "the mail server closed the connection") }
            if isEncrypted { heardOverTLS = true }
            pending.writeBuffer(&chunk)
        }
    }

    private mutating func takeLine() -> String? {
        let view = pending.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let length = newline - view.startIndex
        var bytes = pending.readBytes(length: length + 1) ?? []
        bytes.removeLast()
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The kind of TLS failure, without certificate contents.
    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as NIOSSLError:
            switch error {
            case .handshakeFailed: return "handshake failed: untrusted certificate or no common protocol"
            case .unableToValidateCertificate: return "the certificate could not be validated"
            default: return "TLS error"
            }
        case is NIOSSLExtraError: return "the certificate does not match the host name"
        default: return "handshake failed: untrusted certificate or no common protocol"
        }
    }
}
