import Benchmarks
import Foundation

/// Synthetic customers for the reliability tests (`@example.com`, made-up names and phones).
enum SyntheticCustomers {
    static let surnames = ["Сбоев", "Рестартов", "Килов", "Журналов", "Откатов", "Фиксов", "Ключев", "Шардов"]
    static let givenNames = ["Антон", "Борис", "Вадим", "Глеб", "Денис", "Егор", "Жорж", "Захар", "Игнат", "Кирилл"]
    static let patronymics = ["Антонович", "Борисович", "Вадимович", "Глебович", "Денисович", "Егорович"]

    /// A unique name for customer `n` of batch `batch`.
    static func name(batch: Int, n: Int) -> String {
        let index = batch * 1_000 + n
        let surname = surnames[index % surnames.count]
        let given = givenNames[(index / surnames.count) % givenNames.count]
        let patronymic = patronymics[(index / (surnames.count * givenNames.count)) % patronymics.count]
        return "\(surname) \(given) \(patronymic)"
    }

    static func email(batch: Int, n: Int) -> String { "crash\(batch)x\(n)@example.com" }

    /// Ten digits after +7, unique per batch and row.
    static func phone(batch: Int, n: Int) -> String { String(format: "+79%03d%06d", batch % 1_000, n) }

    /// A semicolon CSV of `count` people; every other one a lead first contacted in 2015 (due for purge).
    static func csv(batch: Int, count: Int) -> String {
        var text = "ФИО;Телефон;Email;Дата первого контакта\n"
        for n in 0..<count {
            let contact = n % 2 == 0 ? "01.02.2015" : "01.02.2026"
            text += "\(name(batch: batch, n: n));\(phone(batch: batch, n: n));\(email(batch: batch, n: n));\(contact)\n"
        }
        return text
    }
}
