extension Normalizer {
    /// Normalises a Russian taxpayer number (INN): 10 digits for an organisation, 12 for a person.
    ///
    /// Spaces are dropped. The check digits are not enforced, since real exports carry typos that the tax number
    /// still identifies; use ``innChecksumIsValid(_:)`` to flag them.
    ///
    /// - Returns: The digits.
    /// - Throws: ``ValueProblem`` with ``ValueProblem/Code/invalidINN``.
    public static func inn(_ value: String) throws(ValueProblem) -> String {
        var digits = ""
        for scalar in value.unicodeScalars where !scalar.isBlank {
            guard ("0"..."9").contains(scalar) else {
                throw ValueProblem(
                    .invalidINN,
                    "INN may contain only digits; if the spreadsheet shows it as 7.7E+09, format the column as text"
                )
            }
            digits.unicodeScalars.append(scalar)
        }
        switch digits.utf8.count {
        case 0:
            throw ValueProblem(.invalidINN, "INN is empty")
        case 10, 12:
            guard digits.utf8.contains(where: { $0 != 0x30 }) else {
                throw ValueProblem(.invalidINN, "INN is all zeros")
            }
            return digits
        case let count:
            let hint = count == 9 || count == 11 ? "; the spreadsheet may have dropped a leading zero" : ""
            throw ValueProblem(
                .invalidINN,
                "INN has \(count) digits; an organisation's INN has 10 and a person's 12\(hint)"
            )
        }
    }

    /// Whether the check digits of a normalised INN (10 or 12 digits) are right.
    ///
    /// - Returns: `false` for anything but 10 or 12 ASCII digits with correct check digits.
    public static func innChecksumIsValid(_ inn: String) -> Bool {
        let digits = inn.utf8.map { Int($0) - 0x30 }
        guard digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        func checkDigit(_ weights: [Int]) -> Int {
            zip(weights, digits).reduce(0) { $0 + $1.0 * $1.1 } % 11 % 10
        }
        switch digits.count {
        case 10:
            return checkDigit([2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[9]
        case 12:
            return checkDigit([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[10]
                && checkDigit([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[11]
        default:
            return false
        }
    }
}
