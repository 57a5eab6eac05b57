import Foundation
import PDGateTesting
import Gateway
import Intake
import Workbook

/// The shared fixtures (see ``Repository/sharedData``).
enum SharedFixtures {
    static func url(_ name: String) -> URL { Repository.fixture(name) }

    static func manifest(_ name: String) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url(name)))
    }
}

/// Saves a CSV export as a workbook the way a person typing it into Excel would have it: phones made of digits
/// and tax numbers as numbers, valid dates as dates (serial numbers with a date format), plain amounts as
/// numbers, everything else as text. Each record keeps its number as its row.
enum CSVToWorkbook {
    static let dateHeaders: Set<String> = ["Дата первого контакта", "Дата последней покупки", "День рождения"]

    static func convert(_ csv: URL, to url: URL, strings: WorkbookWriter.StringMode = .shared) throws {
        var reader = try CSVReader(url: csv)
        let writer = try WorkbookWriter(url: url, sheetName: "Клиенты", strings: strings)
        var header: [String] = []
        var row = 0
        while let record = try reader.next() {
            row += 1
            while row < record.number {
                try writer.append([])
                row += 1
            }
            if header.isEmpty {
                header = record.fields
                try writer.append(header.map { .text($0) })
                continue
            }
            try writer.append(record.fields.enumerated().map { index, value in
                cell(value, header: index < header.count ? header[index] : "")
            })
        }
        try writer.close()
    }

    static func cell(_ value: String, header: String) -> CellValue {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .empty }
        let digits = text.hasPrefix("+") ? String(text.dropFirst()) : text
        switch header {
        case "Телефон", "ИНН":
            if !digits.isEmpty, digits.count <= 15, digits.allSatisfy(\.isASCIIDigit), !digits.hasPrefix("0") {
                return .number(digits)
            }
        case _ where dateHeaders.contains(header):
            if text.range(of: #"^([0-9]{2}\.[0-9]{2}\.[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})$"#,
                          options: .regularExpression) != nil,
                let iso = try? Normalizer.date(text)
            {
                let parts = iso.split(separator: "-").compactMap { Int($0) }
                return .date(ExcelDate(year: parts[0], month: parts[1], day: parts[2]))
            }
        case "Сумма последней покупки":
            if text.range(of: #"^[0-9]+([.,][0-9]{1,2})?$"#, options: .regularExpression) != nil,
                let amount = try? Normalizer.amount(text)
            {
                return .number(amount)
            }
        default:
            break
        }
        return .text(value)
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
