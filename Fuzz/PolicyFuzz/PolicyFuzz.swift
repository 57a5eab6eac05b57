// libFuzzer entry point for the policy loader (Policy, over Yams). Built by `make fuzz` only.
// The shipped Policies/ folder (PDGATE_POLICIES or ./Policies) is read once; each input replaces one of its files:
// the first byte chooses which, the rest is the new text. Oracles: no crash, no hang, and every rejection is a
// PolicyError naming the file it is about and saying what is wrong.
import Foundation
import Policy

let folder = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PDGATE_POLICIES"] ?? "Policies")
let shipped: [String: String] = {
    var texts: [String: String] = [:]
    for name in PolicySet.requiredFiles {
        texts[name] = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }
    let calendars = folder.appendingPathComponent("calendars")
    for name in ((try? FileManager.default.contentsOfDirectory(atPath: calendars.path)) ?? []).sorted()
    where name.hasSuffix(".yaml") {
        texts["calendars/\(name)"] = try? String(contentsOf: calendars.appendingPathComponent(name), encoding: .utf8)
    }
    precondition(texts.values.allSatisfy { !$0.isEmpty }, "run from the repository root or set PDGATE_POLICIES")
    return texts
}()
let names = shipped.keys.sorted()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let name = names[Int(data[0]) % names.count]
    // PolicySet.load(from:) refuses text that is not UTF-8 before parsing; the fuzzer does the same.
    guard let text = String(validating: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self) else {
        return 0
    }
    var texts = shipped
    texts[name] = text
    do {
        _ = try PolicySet.load(texts: texts)
    } catch {
        precondition(!error.message.isEmpty, "a policy rejection without a reason")
        precondition(!error.file.isEmpty, "a policy error naming no file")
    }
    return 0
}
