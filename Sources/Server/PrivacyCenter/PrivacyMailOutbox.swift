import Foundation
import Logging
import Mailer
import Synchronization

/// A message the privacy center sends: an e-mail, or an SMS to a person with only a phone on file.
enum PrivacyMessage: Sendable {
    case mail(MailMessage)
    case text(TextMessage)
}

/// Sends the privacy center's e-mails and SMS in the background, so an answer takes the same time whether or not a message
/// goes out (a page that waited for the mail server would tell who is known).
///
/// A failure is logged with the mailer's error code only (never the address), and the person can ask again.
final class PrivacyMailOutbox: Sendable {
    let mailer: (any Mailer)?
    let texter: (any TextMessenger)?
    private let logger: Logger
    private let inFlight = Mutex<[UUID: Task<Void, Never>]>([:])
    /// The job queued last: each job starts when the one before it has finished, so messages go out in the order
    /// they were asked for (a person who asks twice gets the newer code last).
    private let last = Mutex<Task<Void, Never>?>(nil)

    init(mailer: (any Mailer)?, texter: (any TextMessenger)? = nil, logger: Logger) {
        self.mailer = mailer
        self.texter = texter
        self.logger = logger
    }

    /// Queues a message; returns at once.
    func send(_ message: MailMessage, kind: String) {
        send(kind: kind) { .mail(message) }
    }

    /// Queues a job that decides in the background whether a message goes out and to whom (nil: nothing is sent);
    /// returns at once. The caller's answer then does the same work whoever the job concerns: a lookup that finds a
    /// person and one that finds nobody cost the page nothing.
    func send(kind: String, composing compose: @escaping @Sendable () async -> PrivacyMessage?) {
        guard mailer != nil else { return }
        let id = UUID()
        let logger = self.logger
        // Registered under the lock before the task can finish and remove itself; chained after the job before.
        inFlight.withLock { table in
            let previous = last.withLock { $0 }
            let task = Task { [self] in
                await previous?.value
                if let message = await compose() {
                    do {
                        try await deliver(message)
                        logger.info("Privacy center e-mail sent", metadata: ["pdgate.mail": "\(kind)"])
                    } catch let error as MailerError {
                        logger.error("Privacy center e-mail not sent", metadata: [
                            "pdgate.mail": "\(kind)", "pdgate.error": "\(error.code.rawValue)",
                            "pdgate.reply": "\(error.replyCode.map(String.init) ?? "-")",
                        ])
                    } catch {
                        logger.error("Privacy center e-mail not sent", metadata: ["pdgate.mail": "\(kind)"])
                    }
                }
                _ = self.inFlight.withLock { $0.removeValue(forKey: id) }
            }
            last.withLock { $0 = task }
            table[id] = task
        }
    }

    /// Hands a message to the mailer or the texter; an SMS without a texter is not sent (the person cannot be
    /// reached, and the page said nothing that depends on it).
    private func deliver(_ message: PrivacyMessage) async throws {
        switch message {
        case .mail(let mail): try await mailer?.send(mail)
        case .text(let text):
            guard let texter else {
                logger.notice("Privacy center SMS not sent: no SMS route configured", metadata: [:])
                return
            }
            try await texter.send(text)
        }
    }

    /// Waits until every message queued so far has been sent or has failed (for an orderly stop and for tests).
    func drain() async {
        let tasks = inFlight.withLock { Array($0.values) }
        for task in tasks { await task.value }
    }
}
