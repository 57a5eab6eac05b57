import Foundation
import Policy

/// Lays out one consent as a separate document with the elements of 152-FZ art. 9 p. 4: the subject (to fill in),
/// the operator's name and address, the purpose, the data, the actions and methods, the recipients (processors and
/// transfers abroad), the term and how to withdraw, and the signature, followed by the notice wording itself.
struct ConsentDocumentOutline {
    let purpose: Purpose
    let noticeText: String?
    let facts: PolicyFacts

    init(purpose: Purpose, policies: PolicySet, noticeText: String?, language: Language) {
        self.purpose = purpose
        self.noticeText = noticeText
        self.facts = PolicyFacts(policies: policies, language: language)
    }

    private func t(_ russian: String, _ english: String) -> String { facts.t(russian, english) }
    private var lang: Language { facts.language }

    var document: RenderableDocument {
        let version = purpose.notice.map { "\($0.id), \(t("редакция", "version")) \($0.version)" } ?? purpose.name
        return RenderableDocument(
            language: lang,
            title: t("Согласие на обработку персональных данных", "Consent to the processing of personal data"),
            subtitle: [purpose.description[lang], version],
            centredTitle: true,
            blocks: subject + operatorBlock + what + recipients + term + wording + signature)
    }

    private var subject: [DocumentBlock] {
        [
            .heading(level: 2, t("1. Субъект персональных данных", "1. The data subject")),
            .facts([
                .init(t("Фамилия, имя, отчество", "Full name"), [.blank]),
                .init(t("Адрес", "Address"), [.blank]),
                .init(t("Документ, удостоверяющий личность (вид, номер, дата выдачи, кем выдан)",
                        "Identity document (type, number, date and issuer)"), [.blank]),
            ]),
            .paragraph([.text(t(
                "При получении согласия в электронной форме (веб-форма, ссылка в письме) поля субъекта заполняются "
                    + "из формы, а оператор хранит событие согласия с хешем этого документа.",
                "When consent is given electronically (a web form, a link in an e-mail) the subject's fields come from "
                    + "the form, and the operator keeps the consent event with this document's hash."))]),
        ]
    }

    private var operatorBlock: [DocumentBlock] {
        [
            .heading(level: 2, t("2. Оператор", "2. The operator (controller)")),
            .facts(facts.operatorFacts),
        ]
    }

    private var what: [DocumentBlock] {
        [
            .heading(level: 2, t("3. Цель и перечень персональных данных", "3. Purpose and personal data")),
            .facts([
                .init(t("Цель обработки", "Purpose"), [.strong(purpose.description[lang])]),
                .init(t("Правовое основание", "Legal basis"), purpose.legalBasis.label[lang]),
            ]),
            .bullets(facts.dataList(purpose)),
            .heading(level: 2, t("4. Действия и способы обработки", "4. Operations and methods")),
            .paragraph([.text(t("Действия: \(facts.actions). Способ: \(facts.method).",
                                "Operations: \(facts.actions). Method: \(facts.method)."))]),
        ]
    }

    private var recipients: [DocumentBlock] {
        let list = facts.recipients(purpose)
        var blocks: [DocumentBlock] = [
            .heading(level: 2, t("5. Кому передаются данные", "5. Who receives the data")),
        ]
        guard !list.isEmpty else {
            blocks.append(.paragraph([.text(t("Данные третьим лицам не передаются.",
                                              "The data is not disclosed to anyone else."))]))
            return blocks
        }
        blocks.append(.bullets(list.map { recipient in
            var runs: [DocumentInline] = [.strong(recipient.label[lang])]
            if let processor = facts.processor(for: recipient) {
                runs.append(.text(" — \(processor.name[lang]), \(processor.address[lang])"))
            }
            runs.append(.text(" (\(facts.country(recipient.country)))"))
            return runs
        }))
        for recipient in list where recipient.crossBorder {
            blocks.append(.callout(.warning, [
                .strong(t("Трансграничная передача. ", "Transfer abroad. ")),
                .text(t(
                    "Я согласен(на) на передачу указанных данных в \(facts.country(recipient.country)) получателю "
                        + "\(recipient.label[lang]) (ст. 12 152-ФЗ). ",
                    "I agree to the transfer of these data to \(recipient.label[lang]) in "
                        + "\(facts.country(recipient.country)). ")),
                .text(recipient.transferBasis?[lang] ?? ""),
            ]))
        }
        return blocks
    }

    private var term: [DocumentBlock] {
        let withdrawal = purpose.withdrawalRule.flatMap { facts.policies.retention.rule(named: $0) }
        return [
            .heading(level: 2, t("6. Срок действия и отзыв согласия", "6. Term and withdrawal")),
            .paragraph([.text(t(
                "Согласие действует до достижения цели обработки или до его отзыва; сроки хранения: "
                    + "\(facts.retention(purpose)).",
                "The consent lasts until the purpose is achieved or the consent is withdrawn; retention: "
                    + "\(facts.retention(purpose))."))]),
            .paragraph([.text(t(
                "Отозвать согласие можно в любой момент так же просто, как оно было дано: по ссылке в сообщении, в "
                    + "центре конфиденциальности или письмом по адресу \(facts.profile.address[lang]) либо на "
                    + "\(facts.profile.contactEmail). ",
                "You can withdraw it at any time as easily as you gave it: by the link in any message, in the privacy "
                    + "centre, or by writing to \(facts.profile.address[lang]) or \(facts.profile.contactEmail). ")),
                .text(withdrawal.map { t("После отзыва: \($0.description[lang]).", "After withdrawal: \($0.description[lang]).") } ?? "")]),
            .callout(.info, [.text(t(
                "Согласие оформлено отдельным документом, не объединено с договором, офертой или другими согласиями и "
                    + "не является условием заключения договора (ч. 4 ст. 9 152-ФЗ в ред. 156-ФЗ).",
                "This consent is a separate document, not bundled with a contract, an offer or other consents, and "
                    + "is not a condition of any contract (GDPR Art. 7(2), (4)."))]),
        ]
    }

    private var wording: [DocumentBlock] {
        guard let noticeText else { return [] }
        var blocks: [DocumentBlock] = [.heading(level: 2, t("7. Текст согласия", "7. Consent wording"))]
        let paragraphs = noticeText.components(separatedBy: "\n\n").map {
            $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
        for paragraph in paragraphs where !paragraph.isEmpty {
            if paragraph.hasPrefix("#") {
                blocks.append(.heading(level: 3, String(paragraph.drop { $0 == "#" || $0 == " " })))
            } else {
                blocks.append(.paragraph([.text(paragraph)]))
            }
        }
        return blocks
    }

    private var signature: [DocumentBlock] {
        [
            .table(DocumentTable(
                headers: [t("Дата", "Date"), t("Подпись", "Signature"), t("Расшифровка", "Name")],
                rows: [[[], [], []]], style: .signatures)),
        ]
    }
}
