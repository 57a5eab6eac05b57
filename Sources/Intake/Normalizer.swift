/// Pure functions that turn the values of an import file into the canonical form pdgate stores and indexes.
///
/// Each throwing normaliser either returns the canonical value or throws a ``ValueProblem`` whose message says
/// what is wrong and how to fix it, without repeating the value. The canonical form matters beyond tidiness: blind
/// indexes are computed over it, so two spellings of one e-mail or phone must normalise to the same bytes.
///
/// ## Topics
///
/// ### Contact details and identity
/// - ``email(_:)``
/// - ``phone(_:)``
/// - ``name(_:)``
///
/// ### Dates, money and tax numbers
/// - ``date(_:)``
/// - ``dateYears``
/// - ``amount(_:)``
/// - ``inn(_:)``
/// - ``innChecksumIsValid(_:)``
///
/// ### Free-form cells
/// - ``tags(_:)``
/// - ``text(_:)``
/// - ``consentAnswer(_:)``
/// - ``checkLength(_:max:)``
public enum Normalizer {
    /// Checks that a normalised value fits its field's maximum length, counted in characters.
    ///
    /// - Throws: ``ValueProblem`` with ``ValueProblem/Code/tooLong``; the message gives both lengths.
    public static func checkLength(_ value: String, max: Int) throws(ValueProblem) {
        let length = value.count
        guard length <= max else {
            throw ValueProblem(.tooLong, "value is \(length) characters long; the field allows at most \(max)")
        }
    }
}
