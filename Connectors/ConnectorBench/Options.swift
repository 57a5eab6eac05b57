import Foundation

/// Command-line options of the benchmark.
struct Options {
    var events = 20_000
    var concurrency = 10
    var rate = 1_000
    var engine = "asyncio"
    var mode = "dispatcher"
    var transport = "ahc"
    /// Milliseconds the emulator adds to every API request (`--latency-ms`; needs `--engine threaded`).
    var latencyMs = 0
    /// Upsert events queued per person (`--events-per-person`; 2 = an import and a consent event).
    var eventsPerPerson = 1
    /// The service benchmarked (`--service mailchimp|unisender`); UniSender runs its emulator unless `--emulator`.
    var service = "mailchimp"
    /// The emulator's injected faults as JSON (`--faults '{"p500": .05}'`, see emulator_base.py).
    var faults = "{}"
    /// Whether Mailchimp upserts go through its batch call (`--batch on|off`; off: one `PUT` per person).
    var batch = true
    var emulator = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/ConnectorTests/Emulators/mailchimp.py").path

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--events": events = Int(value) ?? events
            case "--concurrency": concurrency = Int(value) ?? concurrency
            case "--rate": rate = Int(value) ?? rate
            case "--emulator": emulator = value
            case "--engine": engine = value
            case "--mode": mode = value
            case "--transport": transport = value
            case "--latency-ms": latencyMs = Int(value) ?? latencyMs
            case "--events-per-person": eventsPerPerson = Int(value) ?? eventsPerPerson
            case "--service": service = value
            case "--faults": faults = value
            case "--batch": batch = value != "off"
            default: FileHandle.standardError.write(Data("unknown option \(argument)\n".utf8))
            }
        }
        if service == "unisender", !arguments.contains("--emulator") {
            emulator = URL(fileURLWithPath: emulator).deletingLastPathComponent()
                .appendingPathComponent("unisender.py").path
        }
    }
}
