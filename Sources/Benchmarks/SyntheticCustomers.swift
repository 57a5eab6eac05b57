public import Foundation
import Gateway
import Intake
import Workbook

/// Writes a CSV export of made-up customers (names from a small pool, `@example.com` e-mails, phones in the
/// formats real exports use), for benchmarks and load tests. Deterministic for a given seed.
public enum SyntheticCustomers {
    public static let header = "ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
        + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"

    private static let first = ["Анна", "Иван", "Мария", "Пётр", "Ольга", "Сергей", "Елена", "Дмитрий", "Юлия", "Олег"]
    private static let last = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Попов", "Смирнов", "Волков", "Орлов"]
    private static let sources = ["поиск Яндекс", "рекомендация", "сайт-гид", "инстаграм-эфир"]

    /// Writes `rows` customers to `url`, streaming (memory does not grow with `rows`).
    ///
    /// - Parameter lapsedEvery: When given, every n-th customer last bought in 2020 instead of 2025, so that a
    ///   retention purge run in 2026 finds exactly those due.
    public static func write(rows: Int, to url: URL, seed: UInt64 = 42, lapsedEvery: Int? = nil) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var generator = SplitMix(state: seed)
        var buffer = "\u{FEFF}" + header + "\r\n"
        for i in 0..<rows {
            let name = "\(last[Int(generator.next() % 8)]) \(first[Int(generator.next() % 10)])"
            let phoneDigits = String(format: "9%09llu", generator.next() % 1_000_000_000)
            let phone = i % 3 == 0 ? "+7\(phoneDigits)" : (i % 3 == 1 ? "8 \(phoneDigits)" : phoneDigits)
            let amount = "\(generator.next() % 90_000),\(generator.next() % 100)"
            let day = 1 + Int(generator.next() % 28)
            let month = 1 + Int(generator.next() % 12)
            let consent = generator.next() % 2 == 0 ? "да" : "нет"
            let notes = i % 10 == 0 ? "\"Заметка; с переносом\nстроки\"" : ""
            buffer += "\(name);\(phone);customer\(i)@example.com;\(sources[i % 4]);\(String(format: "%02d.%02d", day, month)).2024;"
            let purchaseYear = lapsedEvery.map { i % $0 == 0 } == true ? 2020 : 2025
            buffer += "\(purchaseYear)-\(String(format: "%02d-%02d", month, day));\(amount);активный;;ООО Пример;7707083893;"
            buffer += "\"постоянный;кофе\";\(consent);Полина;\(notes)\r\n"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }

    /// Saves a generated CSV file as a workbook the way Excel stores such a table: text in the shared string
    /// table, phones made of digits and tax numbers as numbers, dates as serial numbers with a date format, amounts
    /// as numbers. Streams the rows (the shared strings are kept, as Excel's own writer does).
    public static func convertToWorkbook(_ csv: URL, to url: URL) throws {
        var reader = try CSVReader(url: csv)
        let writer = try WorkbookWriter(url: url, sheetName: "Клиенты", strings: .shared)
        while let record = try reader.next() {
            try writer.append(record.fields.enumerated().map { index, value in
                record.number == 1 ? .text(value) : typedCell(value, column: index)
            })
        }
        try writer.close()
    }

    static func typedCell(_ value: String, column: Int) -> CellValue {
        guard !value.isEmpty else { return .empty }
        switch column {
        case 1, 10:
            let digits = value.hasPrefix("+") ? String(value.dropFirst()) : value
            if !digits.isEmpty, digits.count <= 15, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                !digits.hasPrefix("0")
            {
                return .number(digits)
            }
        case 4, 5, 8:
            if let iso = try? Normalizer.date(value) {
                let parts = iso.split(separator: "-").compactMap { Int($0) }
                return .date(ExcelDate(year: parts[0], month: parts[1], day: parts[2]))
            }
        case 6:
            if let amount = try? Normalizer.amount(value) { return .number(amount) }
        default:
            break
        }
        return .text(value)
    }

    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
