import Foundation
import Policy
import Requests

/// Lays out a ``RequestLetter`` as the blocks of a ``RenderableDocument`` in one language.
struct RequestLetterOutline {
    let letter: RequestLetter
    let language: Language
    let dates: DocumentDateFormat

    init(_ letter: RequestLetter, language: Language, timeZone: TimeZone) {
        self.letter = letter
        self.language = language
        self.dates = DocumentDateFormat(language: language, timeZone: timeZone)
    }

    func t(_ russian: String, _ english: String) -> String {
        language.choose(russian, english)
    }

    var document: RenderableDocument {
        let title = switch letter.kind {
        case .extensionNotice:
            t("Уведомление о продлении срока ответа на ваш запрос", "Extension of the time to answer your request")
        case .refusal:
            t("Мотивированный отказ в выполнении вашего запроса", "Refusal of your request, with reasons")
        }
        return RenderableDocument(
            language: language, title: title, subtitle: [letter.operatorInfo.name], centredTitle: false,
            blocks: facts + body + rights + contact)
    }

    private var facts: [DocumentBlock] {
        [.facts([
            .init(t("Номер запроса", "Request reference"), [.strong(letter.reference)]),
            .init(t("Вид запроса", "Request"), requestName),
            .init(t("Получен", "Received on"), dates.day(letter.receivedAt)),
            .init(t("Дата письма", "Date of this letter"), dates.day(letter.writtenAt)),
        ])]
    }

    private var body: [DocumentBlock] {
        switch letter.kind {
        case .extensionNotice:
            let newDeadline = letter.extendedDeadline.map(dates.day) ?? "—"
            let law = letter.isRussian
                ? t("ч. 3 ст. 14 и ч. 2 ст. 20 Федерального закона № 152-ФЗ «О персональных данных»",
                    "152-FZ Art. 14(3) and 20(2)")
                : t("ст. 12(3) GDPR", "GDPR Art. 12(3)")
            return [
                .paragraph([.text(t(
                    "Срок ответа на ваш запрос, истекающий \(dates.day(letter.deadline)), продлевается до "
                        + "\(newDeadline) на основании \(law).",
                    "The time to answer your request, which ends on \(dates.day(letter.deadline)), is extended to "
                        + "\(newDeadline) under \(law)."))]),
                .facts([.init(t("Причина продления", "Reason for the extension"), letter.reason)]),
                .paragraph([.text(t(
                    "Срок продлевается один раз. Мы ответим не позднее новой даты.",
                    "The time is extended once only. We will answer by the new date at the latest."))]),
            ]
        case .refusal:
            let law = letter.isRussian
                ? t("Отказ дан в соответствии с ч. 2 ст. 20 Федерального закона № 152-ФЗ «О персональных данных» "
                        + "со ссылкой на основание, указанное ниже.",
                    "This refusal is given under 152-FZ Art. 20(2), citing the ground stated below.")
                : t("Отказ дан в соответствии со ст. 12(4) GDPR.", "This refusal is given under GDPR Art. 12(4).")
            return [
                .paragraph([.text(t(
                    "Ваш запрос не может быть выполнен.", "We cannot act on your request."))]),
                .facts([.init(t("Основание отказа", "Reasons"), letter.reason)]),
                .paragraph([.text(law)]),
            ]
        }
    }

    private var rights: [DocumentBlock] {
        let items: [String]
        if letter.isRussian {
            items = [
                t("Вы вправе обжаловать действия или бездействие оператора в Роскомнадзор — уполномоченный орган по "
                    + "защите прав субъектов персональных данных (Федеральная служба по надзору в сфере связи, "
                    + "информационных технологий и массовых коммуникаций, 109992, г. Москва, Китайгородский проезд, "
                    + "д. 7, стр. 2; rkn.gov.ru), или в суд (ст. 17 152-ФЗ).",
                  "You may complain about our actions or inaction to Roskomnadzor, the authority for the protection "
                    + "of data subjects' rights (7 bldg 2 Kitaygorodsky Proezd, Moscow 109992; rkn.gov.ru), or go to "
                    + "court (152-FZ Art. 17)."),
                t("Вы вправе требовать возмещения убытков и компенсации морального вреда (ст. 24 152-ФЗ).",
                  "You may claim damages, including for moral harm (152-FZ Art. 24)."),
                t("Вы вправе направить повторный запрос (ч. 4–5 ст. 14 152-ФЗ).",
                  "You may send the request again (152-FZ Art. 14(4)–(5))."),
            ]
        } else {
            items = [
                t("Вы вправе подать жалобу в надзорный орган по защите данных, в частности в государстве — члене ЕС "
                    + "вашего обычного проживания, места работы или места предполагаемого нарушения (ст. 77 GDPR; "
                    + "список органов: edpb.europa.eu).",
                  "You may lodge a complaint with a data protection supervisory authority, in particular in the EU "
                    + "Member State where you live or work or where the alleged infringement took place (GDPR "
                    + "Art. 77; list of authorities: edpb.europa.eu)."),
                t("Вы вправе обратиться в суд (ст. 79 GDPR).",
                  "You may seek a judicial remedy (GDPR Art. 79)."),
            ]
        }
        return [
            .heading(level: 2, t("Ваши права", "Your rights")),
            .bullets(items.map { [.text($0)] }),
        ]
    }

    private var contact: [DocumentBlock] {
        let info = letter.operatorInfo
        return [
            .heading(level: 2, t("Оператор", "Controller")),
            .facts([
                .init(t("Наименование", "Name"), info.name),
                .init(t("Адрес", "Address"), info.address),
                .init(t("Контакты для обращений", "Contact for data requests"), info.contact),
            ] + (info.registration.map { [.init(t("Регистрационные данные", "Registration"), $0)] } ?? [])),
        ]
    }

    private var requestName: String {
        switch RequestKind(rawValue: letter.requestKind) {
        case .access: t("доступ к персональным данным", "access to your data")
        case .rectification: t("уточнение персональных данных", "rectification")
        case .erasure: t("уничтожение персональных данных", "erasure")
        case .restriction: t("блокирование персональных данных", "restriction of processing")
        case .objection: t("прекращение рекламных рассылок", "objection to direct marketing")
        case .stopProcessing: t("прекращение обработки персональных данных", "stopping the processing")
        case .withdrawal: t("отзыв согласия", "withdrawal of consent")
        default: letter.requestKind
        }
    }
}
