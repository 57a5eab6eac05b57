extension ConsoleStrings {
    /// Texts of what the console sends or calls outside: answer links to requesters and the connector test, in
    /// English.
    static let deliveryEnglish: [String: String] = [
        "answer_link_title": "Answer link",
        "answer_link_note": "Sends the person a new one-time link to read this answer in the privacy center "
            + "(messages/answer_link.txt), to the e-mail or phone on file; the earlier link stops working at once.",
        "answer_link_button": "Send a new answer link",
        "done_answer_link": "A new answer link was sent; the earlier one no longer works.",
        "answer_link_not_sent": "The new link could not be sent to the person; the earlier one no longer works.",
        "connector_test_button": "Test the connection",
        "connector_test_ok": "the service answered with these credentials.",
        "connector_test_failed": "the service refused or could not be reached:",
        "connector_test_unavailable": "no running connector of this name can be tested here (the dispatcher runs "
            + "with `pdgate serve` and a connectors file).",
    ]

    /// The same, in Russian.
    static let deliveryRussian: [String: String] = [
        "answer_link_title": "Ссылка на ответ",
        "answer_link_note": "Отправляет заявителю новую одноразовую ссылку на этот ответ в центре конфиденциальности "
            + "(messages/answer_link.txt) на e-mail или телефон из базы; прежняя ссылка сразу перестаёт работать.",
        "answer_link_button": "Отправить новую ссылку",
        "done_answer_link": "Новая ссылка на ответ отправлена; прежняя больше не работает.",
        "answer_link_not_sent": "Новую ссылку не удалось отправить заявителю; прежняя больше не работает.",
        "connector_test_button": "Проверить подключение",
        "connector_test_ok": "сервис ответил с этими учётными данными.",
        "connector_test_failed": "сервис отказал или недоступен:",
        "connector_test_unavailable": "работающей интеграции с таким именем здесь нет (диспетчер работает при "
            + "`pdgate serve` с файлом интеграций).",
    ]
}
