// libFuzzer entry point for the CSV reader and the normalisers (Intake). Built by `make fuzz` only:
//   swiftc -sanitize=fuzzer -parse-as-library Fuzz/CSVFuzz/CSVFuzz.swift <Intake objects> -o .build-fuzz/csv-fuzz
// The first input byte chooses the encoding, delimiter and chunk size; the rest is the file. Oracles: no crash, no
// hang, every rejection is a CSVError or ValueProblem with a message, and no message repeats the value it rejects.
import Foundation
import Intake

let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("pdgate-csv-fuzz-\(getpid()).csv")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let control = data[0]
    let body = Data(bytes: data + 1, count: size - 1)
    guard (try? body.write(to: scratch)) != nil else { return 0 }
    let encodings: [TextEncoding?] = [nil, .utf8, .windows1251]
    let delimiters: [UInt8?] = [nil, UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "\t")]
    let chunkSizes = [7, 64, 4_096, CSVReader.defaultChunkSize]
    let encoding = encodings[Int(control % 3)]
    let delimiter = delimiters[Int((control / 3) % 4)]
    let chunkSize = chunkSizes[Int((control / 12) % 4)]
    do {
        var reader = try CSVReader(url: scratch, encoding: encoding, delimiter: delimiter, maxRecordBytes: 8_192,
                                   chunkSize: chunkSize)
        var records = 0
        while let record = try reader.next() {
            records += 1
            precondition(records <= size + 1, "more records than bytes")
            for value in record.fields { normalise(value) }
        }
    } catch {
        precondition(!error.message.isEmpty, "a CSV rejection without a reason")
    }
    return 0
}

/// Runs every normaliser on a value; a rejection must give a reason and must not repeat the value.
func normalise(_ value: String) {
    do { _ = try Normalizer.email(value) } catch { check(error, value) }
    do { _ = try Normalizer.phone(value) } catch { check(error, value) }
    do { _ = try Normalizer.name(value) } catch { check(error, value) }
    do { _ = try Normalizer.date(value) } catch { check(error, value) }
    do { _ = try Normalizer.amount(value) } catch { check(error, value) }
    do { _ = try Normalizer.inn(value) } catch { check(error, value) }
    do { try Normalizer.checkLength(value, max: 64) } catch { check(error, value) }
    _ = Normalizer.tags(value)
    _ = Normalizer.text(value)
    _ = Normalizer.consentAnswer(value)
}

func check(_ problem: ValueProblem, _ value: String) {
    precondition(!problem.message.isEmpty, "a value rejection without a reason")
    let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
    precondition(trimmed.count < 12 || !problem.message.contains(trimmed), "a rejection repeats the value")
}
