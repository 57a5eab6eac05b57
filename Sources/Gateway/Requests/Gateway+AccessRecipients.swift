import Foundation
import Policy
import Requests

extension Gateway {
    /// The operator as an access answer or a letter names it, wholly in `language`: `operatorInfo(language:)` plus,
    /// under 152-FZ, how it meets art. 18.1 (responsible person, published policy, measures: art. 14 p. 7 item 9.1).
    func answerOperator(language: Language, russianLaw: Bool) -> AccessAnswer.Operator {
        var info = operatorInfo(language: language)
        guard let profile = policies.operatorProfile else { return info }
        if language == .en {
            info.registration = "taxpayer number (INN) \(profile.inn), state registration number (OGRN) \(profile.ogrn)"
        }
        info.responsiblePerson = profile.responsiblePerson[language]
        info.policyURL = profile.policyURL
        info.protectionMeasures = profile.protectionMeasures?[language]
        if !russianLaw {
            info.responsiblePerson = profile.dataProtectionOfficer?[language]
        }
        return info
    }

    /// Where the operator keeps the data; for an EU subject a country outside the EU/EEA is a third country, with
    /// the safeguard of `operator.yaml` (`data_location.eu_safeguard`).
    func storage(language: Language, russianLaw: Bool) -> AccessAnswer.Storage {
        let profile = policies.operatorDetails
        let abroad = russianLaw ? profile.dataCountry != "RU" : !Recipient.eeaCountries.contains(profile.dataCountry)
        return AccessAnswer.Storage(
            country: profile.dataCountry, description: profile.dataLocation[language], abroad: abroad,
            safeguard: abroad ? (russianLaw ? nil : profile.euSafeguard?[language] ?? noSafeguard(language)) : nil)
    }

    /// The recipients fed by the connectors that received the person's data, in policy order, with the first
    /// delivery's time.
    func deliveredRecipients(_ delivered: [String: Double]) -> [(recipient: Recipient, firstAt: Double)] {
        var found: [String: Double] = [:]
        for (connector, firstAt) in delivered {
            guard let recipient = policies.recipient(forConnector: connector) else { continue }
            found[recipient.name] = min(found[recipient.name] ?? firstAt, firstAt)
        }
        return policies.recipients.compactMap { recipient in
            found[recipient.name].map { (recipient, $0) }
        }
    }

    /// A recipient that received the data, with the processor's name and address and, when abroad for the answer's
    /// law, the basis and safeguards of the transfer.
    func recipientDetail(_ recipient: Recipient, firstAt: Double, language: Language, russianLaw: Bool)
        -> AccessAnswer.RecipientDetail
    {
        let processor = policies.operatorProfile?.processors.first { $0.recipient == recipient.name }
        let abroad = russianLaw ? recipient.crossBorder : recipient.isOutsideEEA
        let safeguard: String? = if !abroad {
            nil
        } else if russianLaw {
            recipient.transferBasis?[language]
        } else {
            recipient.euSafeguard?[language] ?? noSafeguard(language)
        }
        return AccessAnswer.RecipientDetail(
            name: recipient.label[language],
            processor: processor.map { "\($0.name[language]), \($0.address[language])" }, country: recipient.country,
            abroad: abroad, safeguard: safeguard,
            firstReceived: firstAt > 0 ? Date(timeIntervalSince1970: firstAt) : nil)
    }

    /// A recipient as listed under a purpose: its label, country and, when abroad for the answer's law, the mark.
    func recipientLabel(_ recipient: Recipient, language: Language, russianLaw: Bool) -> String {
        let ru = language == .ru
        if russianLaw {
            return recipient.label[language] + " (\(recipient.country)"
                + (recipient.crossBorder ? (ru ? ", трансграничная передача)" : ", cross-border transfer)") : ")")
        }
        return recipient.label[language] + " (\(recipient.country)"
            + (recipient.isOutsideEEA ? (ru ? ", третья страна)" : ", third country)") : ")")
    }

    /// What an answer says when no GDPR safeguard is declared for a transfer: the plain fact, never "on request".
    private func noSafeguard(_ language: Language) -> String {
        language == .ru
            ? "Гарантии по ст. 46 GDPR для этой передачи не установлены."
            : "No safeguard under GDPR Art. 46 is in place for this transfer."
    }
}
