import Foundation
import Policy
import Requests

extension AccessAnswerOutline {
    /// A purpose's legal basis in words the person understands, citing the answer's law.
    ///
    /// The policy's own wording follows unless it is just the stock label of the basis (``LegalBasis/label``), which
    /// cites one law per language and could contradict the answer's jurisdiction.
    func legalBasis(of purpose: AccessAnswer.PurposeUse) -> String {
        let plain = plainLegalBasis(purpose.legalBasis)
        let own = purpose.legalBasisText.trimmingCharacters(in: .whitespacesAndNewlines)
        let stock = LegalBasis.allCases.flatMap { [$0.label.ru, $0.label.en] }
        guard !own.isEmpty, own != plain, !stock.contains(own) else { return plain }
        return "\(plain) \(own)"
    }

    private func plainLegalBasis(_ code: String) -> String {
        let russian = answer.isRussian
        switch LegalBasis(rawValue: code) {
        case .consent:
            return russian
                ? t(
                    "Ваше согласие (ст. 6 ч. 1 п. 1, ст. 9 152-ФЗ). Его можно отозвать в любой момент.",
                    "Your consent (152-FZ Art. 6(1)(1), Art. 9). You can withdraw it at any time.")
                : t(
                    "Ваше согласие (ст. 6(1)(a) GDPR). Его можно отозвать в любой момент.",
                    "Your consent (GDPR Art. 6(1)(a)). You can withdraw it at any time.")
        case .contract:
            return russian
                ? t(
                    "Договор с вами: данные нужны, чтобы заключить и исполнить его (ст. 6 ч. 1 п. 5 152-ФЗ).",
                    "A contract with you: we need the data to conclude and perform it (152-FZ Art. 6(1)(5)).")
                : t(
                    "Договор с вами: данные нужны, чтобы заключить и исполнить его (ст. 6(1)(b) GDPR).",
                    "A contract with you: we need the data to enter into and perform it (GDPR Art. 6(1)(b)).")
        case .legalObligation:
            return russian
                ? t(
                    "Требование закона: мы обязаны хранить эти данные, например для бухгалтерского учёта "
                        + "(ст. 6 ч. 1 п. 2 152-ФЗ).",
                    "A legal obligation: the law requires us to keep this data, for example for accounting "
                        + "(152-FZ Art. 6(1)(2)).")
                : t(
                    "Требование закона: мы обязаны хранить эти данные, например для бухгалтерского учёта "
                        + "(ст. 6(1)(c) GDPR).",
                    "A legal obligation: the law requires us to keep this data, for example for accounting "
                        + "(GDPR Art. 6(1)(c)).")
        case .legitimateInterest:
            return russian
                ? t(
                    "Наши законные интересы, если они не нарушают ваши права и свободы (ст. 6 ч. 1 п. 7 152-ФЗ).",
                    "Our legitimate interests, where they do not override your rights and freedoms "
                        + "(152-FZ Art. 6(1)(7)).")
                : t(
                    "Наши законные интересы, если они не перевешивают ваши права и свободы (ст. 6(1)(f) GDPR). "
                        + "Вы вправе возразить.",
                    "Our legitimate interests, where they do not override your rights and freedoms "
                        + "(GDPR Art. 6(1)(f)). You may object.")
        case nil:
            return code
        }
    }
}
