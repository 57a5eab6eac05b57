extension Normalizer {
    /// Normalises a phone number to E.164.
    ///
    /// Spaces, dashes, dots and parentheses are dropped. Russian numbers become `+7XXXXXXXXXX`: `+7` and 10
    /// digits, 11 digits starting with `8` or `7`, or 10 digits alone (`9XX XXX XX XX`); the 10 national digits
    /// must start with an area or mobile code (3, 4, 7, 8 or 9). Other countries must be written with `+` and keep
    /// their 8 to 15 digits.
    ///
    /// - Returns: The number in E.164, e.g. `+79001234567`.
    /// - Throws: ``ValueProblem`` with ``ValueProblem/Code/invalidPhone``.
    public static func phone(_ value: String) throws(ValueProblem) -> String {
        let trimmed = value.trimmingBlanks()
        guard !trimmed.isEmpty else { throw phoneProblem("phone is empty") }
        if isScientificNotation(trimmed) {
            throw phoneProblem(
                "phone is in scientific notation (as Excel shows a long number in a narrow column), so its last "
                    + "digits are lost; format the column as Text in the spreadsheet and enter the numbers again"
            )
        }
        var digits: [UInt8] = []
        var hasPlus = false
        for scalar in trimmed.unicodeScalars {
            switch scalar {
            case "0"..."9":
                digits.append(UInt8(scalar.value - 0x30))
            case "+" where digits.isEmpty && !hasPlus:
                hasPlus = true
            case "-", "‐", "–", "—", ".", "(", ")":
                continue
            case _ where scalar.isBlank:
                continue
            default:
                throw phoneProblem(
                    scalar.properties.isAlphabetic
                        ? "phone contains letters; keep only the number (digits, spaces, dashes, parentheses)"
                        : "phone contains a character other than digits, spaces, dashes, dots, parentheses and a "
                            + "leading '+'"
                )
            }
        }
        guard !digits.isEmpty else { throw phoneProblem("phone has no digits") }
        let national: ArraySlice<UInt8>
        if hasPlus {
            if digits[0] == 7 {
                guard digits.count == 11 else {
                    throw phoneProblem(
                        "phone starting with +7 has \(digits.count) digits; a Russian number needs 11 "
                            + "(+7 9XX XXX XX XX)"
                    )
                }
                national = digits[1...]
            } else {
                guard !(digits[0] == 8 && digits.count == 11) else {
                    throw phoneProblem("phone starts with +8; a Russian number starts with +7 or with 8 without '+'")
                }
                guard (8...15).contains(digits.count) else {
                    throw phoneProblem(
                        "international phone has \(digits.count) digits; E.164 allows 8 to 15 after '+' and the "
                            + "country code"
                    )
                }
                return "+" + String(decoding: digits.map { $0 + 0x30 }, as: UTF8.self)
            }
        } else {
            switch digits.count {
            case 10:
                national = digits[...]
            case 11 where digits[0] == 7 || digits[0] == 8:
                national = digits[1...]
            case 11:
                throw phoneProblem(
                    "phone has 11 digits but does not start with 7 or 8; write a foreign number with '+' and its "
                        + "country code"
                )
            default:
                throw phoneProblem(
                    "phone has \(digits.count) digits; a Russian number needs 10 (9XX XXX XX XX) or 11 starting "
                        + "with 7 or 8; write a foreign number with '+' and its country code"
                )
            }
        }
        guard let first = national.first, [3, 4, 7, 8, 9].contains(first) else {
            throw phoneProblem(
                "phone has no valid area or mobile code; after +7 or 8 a number starts with 3, 4, 7, 8 or 9"
            )
        }
        return "+7" + String(decoding: national.map { $0 + 0x30 }, as: UTF8.self)
    }

    /// `9.16E+09`, `7,92E+10`: a number as a spreadsheet displays it, not as it was entered.
    private static func isScientificNotation(_ text: String) -> Bool {
        let upper = Array(text.uppercased().utf8)
        guard let e = upper.firstIndex(of: UInt8(ascii: "E")), e > 0, e + 1 < upper.count else { return false }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        let mantissa = upper[..<e]
        var exponent = upper[(e + 1)...]
        if exponent.first == UInt8(ascii: "+") { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit) && isDigit(mantissa[mantissa.startIndex])
            && mantissa.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }
    }

    private static func phoneProblem(_ message: String) -> ValueProblem {
        ValueProblem(.invalidPhone, message)
    }
}
