extension Normalizer {
    /// Currency marks an amount may end with.
    private static let currencySuffixes = ["₽", "руб.", "руб", "р.", "rub"]

    /// Normalises a money amount to a decimal string with a dot and exactly two decimals.
    ///
    /// Accepted: a comma or a dot as the decimal separator with at most two decimals (`47893,38`, `47893.38`);
    /// thousands grouped by spaces of any width (`47 893,38`, NBSP), or by the separator the decimal does not use
    /// (`47.893,38`, `47,893.38`), in groups of three; a trailing `₽`, `руб.` or `р.`. The amount must not be
    /// negative.
    ///
    /// - Returns: The canonical amount: `47893.38`, `100.00`, `0.50`.
    /// - Throws: ``ValueProblem`` with ``ValueProblem/Code/invalidAmount``.
    public static func amount(_ value: String) throws(ValueProblem) -> String {
        var text = value.trimmingBlanks().lowercased()
        if let suffix = currencySuffixes.first(where: { text.hasSuffix($0) }) {
            text = String(text.dropLast(suffix.count)).trimmingBlanks()
        }
        guard !text.isEmpty else { throw amountProblem("amount is empty") }
        if text.hasPrefix("-") || text.hasPrefix("−") {
            throw amountProblem("amount is negative; record refunds separately, amounts must be 0 or more")
        }
        // Tokenise: digit runs, separators ("," or "."), and blanks (as a group separator).
        var groups: [String] = []
        var separators: [Character] = []
        var current = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9":
                current.unicodeScalars.append(scalar)
            case _ where scalar.isBlank && current.isEmpty && separators.last == " ":
                continue  // a run of blanks is one group separator
            case _ where scalar == "," || scalar == "." || scalar.isBlank:
                guard !current.isEmpty else {
                    throw amountProblem("amount has a separator in the wrong place; write it as 1234,56")
                }
                groups.append(current)
                separators.append(scalar.isBlank ? " " : Character(scalar))
                current = ""
            default:
                throw amountProblem("amount may contain only digits, spaces, one decimal comma or dot, and ₽")
            }
        }
        guard !current.isEmpty else {
            throw amountProblem("amount ends with a separator; write it as 1234,56")
        }
        groups.append(current)
        // The last "," or "." is the decimal separator unless the same mark also appears earlier, as a thousands
        // separator ("1.234.567").
        var fraction = ""
        if let last = separators.last, last != " " {
            let others = separators.dropLast()
            let groupingWithSame = others.contains(last)
            if !groupingWithSame {
                fraction = groups.removeLast()
                separators.removeLast()
                guard fraction.count <= 2 else {
                    throw amountProblem(
                        "amount has more than two digits after the decimal separator; round it to kopecks, or "
                            + "remove the thousands separator"
                    )
                }
            }
        }
        // What remains is the integer part, grouped by at most one kind of separator, in groups of three.
        if let grouping = separators.first {
            guard separators.allSatisfy({ $0 == grouping }) else {
                throw amountProblem("amount mixes thousands separators; write it as 1234,56")
            }
            guard groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                throw amountProblem(
                    "amount has digits grouped other than by thousands; is it two numbers in one cell?"
                )
            }
        }
        var integer = groups.joined().drop { $0 == "0" }
        if integer.isEmpty { integer = "0" }
        guard integer.count <= 15 else { throw amountProblem("amount has more than 15 digits before the decimals") }
        while fraction.count < 2 { fraction += "0" }
        return "\(integer).\(fraction)"
    }

    private static func amountProblem(_ message: String) -> ValueProblem {
        ValueProblem(.invalidAmount, message)
    }
}
