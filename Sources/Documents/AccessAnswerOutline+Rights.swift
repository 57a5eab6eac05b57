import Policy

extension AccessAnswerOutline {
    /// One right of the person: its name, the articles and what it lets them do.
    private struct Right {
        let title: LocalizedText
        let citation: LocalizedText
        let text: LocalizedText
    }

    /// The person's rights under the answer's law and how to use them.
    var rights: [DocumentBlock] {
        let list = answer.isRussian ? Self.russianRights : Self.europeanRights
        let contact = answer.operatorInfo
        let deadline = answer.isRussian
            ? t(
                "Мы ответим в течение 10 рабочих дней с получения обращения; срок может быть продлён не более чем на "
                    + "5 рабочих дней, о чём мы сообщим с указанием причин. Требование прекратить рекламу выполняется "
                    + "немедленно.",
                "We answer within 10 working days of receiving your request; we may extend this by up to 5 working "
                    + "days, telling you why. A demand to stop advertising is met at once.")
            : t(
                "Мы ответим без неоправданной задержки и не позднее одного месяца; для сложных запросов срок может "
                    + "быть продлён ещё на два месяца, о чём мы сообщим в течение первого месяца. Обращение бесплатно.",
                "We answer without undue delay and within one month; for complex requests we may extend this by two "
                    + "further months, telling you within the first month. There is no charge.")
        return [
            .heading(level: 2, t("Ваши права и как ими воспользоваться", "Your rights and how to use them")),
            .bullets(list.map { right in
                [.strong(right.title[language]), .text(" (\(right.citation[language])). \(right.text[language])")]
            }),
            .paragraph([
                .strong(t("Как воспользоваться правами. ", "How to use them. ")),
                .text(t(
                    "Напишите нам: \(contact.contact), или направьте письмо по адресу: \(contact.address). Укажите "
                        + "номер запроса \(answer.reference). ",
                    "Write to us at \(contact.contact), or by post to \(contact.address), quoting reference "
                        + "\(answer.reference). ")),
                .text(deadline),
            ]),
        ]
    }

    private static let russianRights: [Right] = [
        Right(
            title: LocalizedText(ru: "Доступ к данным", en: "Access"),
            citation: LocalizedText(ru: "ст. 14 ч. 1 и 7 152-ФЗ", en: "152-FZ Art. 14(1), (7)"),
            text: LocalizedText(
                ru: "Получать сведения об обработке ваших данных и сами данные. Этот документ — такой ответ.",
                en: "Receive information about the processing of your data and the data itself. This document is "
                    + "such an answer.")),
        Right(
            title: LocalizedText(ru: "Уточнение", en: "Rectification"),
            citation: LocalizedText(
                ru: "ст. 14 ч. 1, ст. 20 ч. 3, ст. 21 ч. 2 152-ФЗ", en: "152-FZ Art. 14(1), 20(3), 21(2)"),
            text: LocalizedText(
                ru: "Потребовать исправить неполные, устаревшие или неточные данные; мы исправим их в течение 7 "
                    + "рабочих дней после получения подтверждающих сведений.",
                en: "Have incomplete, outdated or inaccurate data corrected; we correct it within 7 working days of "
                    + "receiving the supporting information.")),
        Right(
            title: LocalizedText(ru: "Блокирование", en: "Blocking"),
            citation: LocalizedText(ru: "ст. 14 ч. 1, ст. 21 ч. 1–2 152-ФЗ", en: "152-FZ Art. 14(1), 21(1)–(2)"),
            text: LocalizedText(
                ru: "Потребовать заблокировать данные на время проверки их точности или законности обработки: "
                    + "заблокированные данные только хранятся.",
                en: "Have your data blocked while its accuracy or the lawfulness of processing is checked: blocked "
                    + "data is only stored.")),
        Right(
            title: LocalizedText(ru: "Уничтожение", en: "Destruction"),
            citation: LocalizedText(
                ru: "ст. 14 ч. 1, ст. 20 ч. 3, ст. 21 ч. 3–4 152-ФЗ", en: "152-FZ Art. 14(1), 20(3), 21(3)–(4)"),
            text: LocalizedText(
                ru: "Потребовать уничтожить данные, полученные незаконно или не нужные для заявленной цели. Данные, "
                    + "которые закон обязывает хранить (например, бухгалтерские документы), блокируются до конца срока "
                    + "хранения и затем уничтожаются.",
                en: "Have data destroyed that was obtained unlawfully or is not needed for the stated purpose. Data "
                    + "the law requires us to keep (such as accounting records) is blocked until that period ends and "
                    + "then destroyed.")),
        Right(
            title: LocalizedText(ru: "Отзыв согласия", en: "Withdrawal of consent"),
            citation: LocalizedText(ru: "ст. 9 ч. 2, ст. 21 ч. 5 152-ФЗ", en: "152-FZ Art. 9(2), 21(5)"),
            text: LocalizedText(
                ru: "Отозвать согласие в любой момент; данные, обрабатываемые на его основании, будут уничтожены в "
                    + "течение 30 дней, если иное не предусмотрено федеральным законом или договором с вами.",
                en: "Withdraw consent at any time; data processed on that basis is destroyed within 30 days unless a "
                    + "federal law or a contract with you provides otherwise.")),
        Right(
            title: LocalizedText(ru: "Прекращение обработки", en: "Stopping processing"),
            citation: LocalizedText(ru: "ст. 21 ч. 5.1 152-ФЗ", en: "152-FZ Art. 21(5.1)"),
            text: LocalizedText(
                ru: "Потребовать прекратить обработку ваших данных; мы прекратим её в течение 10 рабочих дней, кроме "
                    + "случаев, когда закон разрешает продолжать.",
                en: "Demand that we stop processing your data; we stop within 10 working days, except where the law "
                    + "allows us to continue.")),
        Right(
            title: LocalizedText(ru: "Отказ от рекламы", en: "Objection to marketing"),
            citation: LocalizedText(
                ru: "ст. 15 ч. 2 152-ФЗ, ст. 18 38-ФЗ «О рекламе»", en: "152-FZ Art. 15(2); 38-FZ Art. 18"),
            text: LocalizedText(
                ru: "Потребовать прекратить рекламные звонки, SMS, письма и сообщения; мы прекращаем их немедленно.",
                en: "Demand that we stop advertising calls, SMS, e-mails and messages; we stop at once.")),
        Right(
            title: LocalizedText(ru: "Обжалование", en: "Complaint"),
            citation: LocalizedText(ru: "ст. 17 152-ФЗ", en: "152-FZ Art. 17"),
            text: LocalizedText(
                ru: "Обжаловать наши действия или бездействие в Роскомнадзор — уполномоченный орган по защите прав "
                    + "субъектов персональных данных (rkn.gov.ru) — или в суд, а также требовать возмещения убытков и "
                    + "компенсации морального вреда.",
                en: "Complain about our actions or inaction to Roskomnadzor, the authority for the protection of data "
                    + "subjects’ rights (rkn.gov.ru), or to a court, and claim damages.")),
    ]

    private static let europeanRights: [Right] = [
        Right(
            title: LocalizedText(ru: "Доступ", en: "Access"),
            citation: LocalizedText(ru: "ст. 15 GDPR", en: "GDPR Art. 15"),
            text: LocalizedText(
                ru: "Узнать, обрабатываем ли мы ваши данные, и получить их копию. Этот документ — такой ответ.",
                en: "Confirmation whether we process your data, and a copy of it. This document is such an answer.")),
        Right(
            title: LocalizedText(ru: "Исправление", en: "Rectification"),
            citation: LocalizedText(ru: "ст. 16 GDPR", en: "GDPR Art. 16"),
            text: LocalizedText(
                ru: "Потребовать исправить неточные данные и дополнить неполные.",
                en: "Have inaccurate data corrected and incomplete data completed.")),
        Right(
            title: LocalizedText(ru: "Удаление («право на забвение»)", en: "Erasure (“right to be forgotten”)"),
            citation: LocalizedText(ru: "ст. 17 GDPR", en: "GDPR Art. 17"),
            text: LocalizedText(
                ru: "Потребовать удалить данные; то, что закон обязывает хранить (например, бухгалтерские документы), "
                    + "ограничивается до конца срока хранения и затем удаляется.",
                en: "Have your data erased; what the law requires us to keep (such as accounting records) is "
                    + "restricted until that period ends and then erased.")),
        Right(
            title: LocalizedText(ru: "Ограничение обработки", en: "Restriction of processing"),
            citation: LocalizedText(ru: "ст. 18 GDPR", en: "GDPR Art. 18"),
            text: LocalizedText(
                ru: "Потребовать, чтобы данные только хранились, например на время проверки их точности.",
                en: "Have your data only stored, for example while its accuracy is checked.")),
        Right(
            title: LocalizedText(ru: "Уведомление получателей", en: "Notification of recipients"),
            citation: LocalizedText(ru: "ст. 19 GDPR", en: "GDPR Art. 19"),
            text: LocalizedText(
                ru: "Мы сообщаем каждому получателю, перечисленному выше, об исправлении, удалении или ограничении.",
                en: "We tell every recipient listed above about any rectification, erasure or restriction.")),
        Right(
            title: LocalizedText(ru: "Переносимость данных", en: "Data portability"),
            citation: LocalizedText(ru: "ст. 20 GDPR", en: "GDPR Art. 20"),
            text: LocalizedText(
                ru: "Получить данные, которые вы нам предоставили, в структурированном машиночитаемом виде (JSON) или "
                    + "попросить передать их другому оператору, если обработка основана на согласии или договоре.",
                en: "Receive the data you gave us in a structured, machine-readable form (JSON), or have it sent to "
                    + "another controller, where processing is based on consent or a contract.")),
        Right(
            title: LocalizedText(ru: "Возражение", en: "Objection"),
            citation: LocalizedText(ru: "ст. 21 GDPR", en: "GDPR Art. 21"),
            text: LocalizedText(
                ru: "Возразить против обработки на основании наших законных интересов; против прямого маркетинга — в "
                    + "любой момент, после чего мы прекращаем его.",
                en: "Object to processing based on our legitimate interests; object to direct marketing at any time, "
                    + "after which we stop it.")),
        Right(
            title: LocalizedText(ru: "Автоматизированные решения", en: "Automated decisions"),
            citation: LocalizedText(ru: "ст. 22 GDPR", en: "GDPR Art. 22"),
            text: LocalizedText(
                ru: "Не подвергаться решениям, основанным исключительно на автоматизированной обработке.",
                en: "Not to be subject to decisions based solely on automated processing.")),
        Right(
            title: LocalizedText(ru: "Отзыв согласия", en: "Withdrawal of consent"),
            citation: LocalizedText(ru: "ст. 7(3) GDPR", en: "GDPR Art. 7(3)"),
            text: LocalizedText(
                ru: "Отозвать согласие в любой момент так же легко, как вы его дали; это не влияет на законность "
                    + "обработки до отзыва.",
                en: "Withdraw consent at any time, as easily as you gave it; this does not affect processing before "
                    + "the withdrawal.")),
        Right(
            title: LocalizedText(ru: "Жалоба", en: "Complaint"),
            citation: LocalizedText(ru: "ст. 77 и 79 GDPR", en: "GDPR Art. 77, 79"),
            text: LocalizedText(
                ru: "Подать жалобу в надзорный орган, в частности в государстве-члене вашего проживания, работы или "
                    + "места нарушения, и обратиться в суд.",
                en: "Lodge a complaint with a supervisory authority, in particular in the Member State where you live "
                    + "or work or where the infringement took place, and go to court.")),
    ]
}
