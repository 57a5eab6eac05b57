import ArgumentParser
import Foundation
import Gateway
import Policy
import Requests

struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Handle data-subject requests: access, erasure, rectification, restriction, objection, "
            + "stop_processing, withdrawal.",
        discussion: """
            A request goes received → verified → in_progress → completed, or refused with a reason. Its deadline \
            comes from jurisdictions.yaml (RU: working days on the production calendar; EU: months). A request is \
            registered even when its working days run into a year whose calendar is not loaded: the deadline is then \
            provisional (those days counted Monday–Friday, never later than the law's), shown with a warning, and \
            counted again when the year is added (`pdgate request recompute-deadlines`). A deadline counted on a \
            calendar year marked provisional carries a warning too.
            Exit codes: 0 ok, 1 failure, 3 refused by role, 64 usage.
            """,
        subcommands: [Create.self, Verify.self, Run.self, Refuse.self, Extend.self, List.self, Show.self,
                      RecomputeDeadlines.self, OpenBundle.self, Review.self])

    struct Reference: ParsableArguments {
        @Argument(help: "Request reference, REQ-YYYY-NNNNNN.") var reference: String
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a request found by the person's e-mail or phone.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "access, erasure, rectification, restriction, objection, stop_processing or withdrawal.")
        var kind: String
        @Option(help: "The person's e-mail.") var email: String?
        @Option(help: "The person's phone.") var phone: String?
        @Option(help: "RU or EU.") var jurisdiction = "RU"
        @Option(help: "How it arrived: email, letter, phone, privacy_center.") var channel = "email"
        @Option(help: "Rectification: the field to correct.") var field: String?
        @Option(name: .customLong("new-value"), help: "Rectification: the corrected value.") var newValue: String?
        @Option(help: ArgumentHelp("The day the request was received, YYYY-MM-DD (a letter registered later); the "
                                   + "deadline counts from it. Default: now."))
        var received: String?

        func validate() throws {
            if let received, CalendarDay(iso: received) == nil {
                throw ValidationError("--received must be a day, YYYY-MM-DD")
            }
            guard let kind = RequestKind(rawValue: kind), SubjectRequest.kinds.contains(kind) else {
                throw ValidationError(
                    "--kind must be access, erasure, rectification, restriction, objection, stop_processing or "
                        + "withdrawal")
            }
            guard (email == nil) != (phone == nil) else { throw ValidationError("give exactly one of --email or --phone") }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let lookup: Gateway.Lookup = email.map { .email($0) } ?? .phone(phone ?? "")
                let request = try await CLIFailure.mapping {
                    try await gateway.createRequest(kind: RequestKind(rawValue: kind)!, lookup: lookup,
                                                    jurisdiction: jurisdiction, channel: channel, field: field,
                                                    newValue: newValue,
                                                    receivedOn: received.flatMap(CalendarDay.init(iso:)),
                                                    principal: global.principal)
                }
                try RequestPrinter.print(request, json: global.json, gateway: gateway)
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that the person's identity was checked.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var reference: Reference
        @Option(help: "How: email_code, signed_letter, passport_in_person, ...") var method: String

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let request = try await CLIFailure.mapping {
                    try await gateway.verifyRequest(reference.reference, method: method, principal: global.principal)
                }
                try RequestPrinter.print(request, json: global.json, gateway: gateway)
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Carry out a verified request.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var reference: Reference
        @Option(help: "Language of the readable answer: ru or en (default: the jurisdiction's, ru for RU, en for EU).")
        var lang: String?

        func validate() throws {
            if let lang, Language(rawValue: lang) == nil { throw ValidationError("--lang must be ru or en") }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let result = try await CLIFailure.mapping {
                    try await gateway.runRequest(reference.reference, language: lang.flatMap(Language.init(rawValue:)),
                                                 principal: global.principal)
                }
                if global.json { try printJSON(result); return }
                try RequestPrinter.print(result.request, json: false, gateway: gateway)
                if let file = result.bundleFile, let key = result.deliveryKey {
                    print("  bundle: \(file)")
                    print("  delivery key (give it to the person through another channel): \(key)")
                    print("  manifest sha256: \(result.manifestSHA256 ?? "-")")
                }
                if let act = result.erasure?.actFile { print("  destruction act: \(act).html") }
            }
        }
    }

    struct Refuse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Refuse a request with a reason the person can read; writes the refusal letter.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var reference: Reference
        @Option(help: "The reason, as the person will read it.") var reason: String

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let request = try await CLIFailure.mapping {
                    try await gateway.refuseRequest(reference.reference, reason: reason, principal: global.principal)
                }
                try RequestPrinter.print(request, json: global.json, gateway: gateway)
                if !global.json {
                    print("  letter: \(gateway.letterFile(for: request.reference, kind: .refusal).path)")
                }
            }
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extend the deadline once, before it ends, with the reason given; writes the extension letter.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var reference: Reference
        @Option(help: "The reason sent to the person.") var reason: String

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let request = try await CLIFailure.mapping {
                    try await gateway.extendRequest(reference.reference, reason: reason, principal: global.principal)
                }
                try RequestPrinter.print(request, json: global.json, gateway: gateway)
                if !global.json {
                    print("  letter: \(gateway.letterFile(for: request.reference, kind: .extensionNotice).path)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List requests, open ones first by deadline.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only requests past their deadline.") var overdue = false
        @Flag(help: "Only open requests.") var open = false

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let requests = try await CLIFailure.mapping {
                    try await gateway.listRequests(overdueOnly: overdue, openOnly: open, principal: global.principal)
                }
                if global.json { try printJSON(requests); return }
                for request in requests {
                    let status = gateway.deadlineStatus(of: request)
                    let flag = status.isOverdue ? "OVERDUE " : status.isDueSoon ? "due soon" : "        "
                    print("\(flag) \(request.reference)  \(request.kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0))"
                          + " \(request.state.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0))"
                          + " due \(status.lastDay)"
                          + (request.deadlineIsProvisional ? " (provisional)" : "")
                          + "  \(request.subject ?? "(no match)")")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one request.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var reference: Reference

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let request = try await CLIFailure.mapping {
                    try await gateway.request(reference.reference, principal: global.principal)
                }
                try RequestPrinter.print(request, json: global.json, gateway: gateway)
            }
        }
    }

    struct RecomputeDeadlines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recompute-deadlines",
            abstract: "Count provisional deadlines again on the production calendars loaded now.",
            discussion: """
                Run after adding a calendar year to calendars/ or confirming a provisional one (provisional: false). \
                Every open request whose deadline was provisional is counted again; the changed ones are stored, \
                audited as request.deadline, and printed.
                """)
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let changed = try await CLIFailure.mapping {
                    try await gateway.recomputeDeadlines(principal: global.principal)
                }
                if global.json { try printJSON(changed); return }
                if changed.isEmpty { print("no provisional deadline changed") }
                for request in changed { try RequestPrinter.print(request, json: false, gateway: gateway) }
            }
        }
    }

    struct OpenBundle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open-bundle", abstract: "Decrypt an access bundle with its delivery key into a folder.")
        @Argument(help: "The .bundle file.") var file: String
        @Option(help: "The delivery key (base64).") var key: String
        @Option(help: "Folder to write the answer files to.") var out: String

        func run() async throws {
            try await runReporting {
                let files = try CLIFailure.mapping { try Gateway.openBundle(URL(fileURLWithPath: file), key: key) }
                let folder = URL(fileURLWithPath: out)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for (name, data) in files {
                    try data.write(to: folder.appendingPathComponent(name))
                    print(folder.appendingPathComponent(name).path)
                }
            }
        }
    }
}

enum RequestPrinter {
    static func print(_ request: SubjectRequest, json: Bool, gateway: Gateway) throws {
        if json {
            try printJSON(request)
            return
        }
        Swift.print("\(request.reference)  \(request.kind.rawValue)  \(request.state.rawValue)  "
                    + "due \(gateway.deadlineStatus(of: request).lastDay)"
                    + "\(request.extendedDeadline != nil ? " (extended)" : "")"
                    + (request.deadlineIsProvisional ? " (provisional)" : "") + "  "
                    + "subject \(request.subject ?? "(no match)")")
        if let warning = request.deadlineWarning { Swift.print("  warning: \(warning)") }
        if let reason = request.refusalReason { Swift.print("  refused: \(reason)") }
        if let outcome = request.outcome { Swift.print("  outcome: \(outcome)") }
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
        return formatter.string(from: date)
    }
}
