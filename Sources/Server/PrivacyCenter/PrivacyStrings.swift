import Policy

/// The privacy center's texts in Russian and English (Russian is the default language of its pages).
enum PrivacyStrings {
    /// The table for a language.
    static func table(_ language: Language) -> [String: String] { language == .ru ? russian : english }

    /// One text.
    static func text(_ key: String, _ language: Language) -> String { table(language)[key] ?? key }

    static let russian: [String: String] = [
        "center": "Центр конфиденциальности", "skip": "К содержанию",
        "start_title": "Ваши персональные данные",
        "start_intro": "Здесь можно узнать, какие данные о вас хранит оператор, исправить их, отозвать согласие, "
            + "возразить против рекламы или потребовать удаления — так же просто, как вы дали согласие "
            + "(ст. 14 152-ФЗ; ст. 7, 12 GDPR).",
        "start_how": "Укажите e-mail или телефон, которые вы сообщали. Если у нас есть ваши данные, мы отправим "
            + "одноразовый код на e-mail, указанный в ваших данных.",
        "contact_label": "E-mail или телефон", "contact_hint": "Например, anna@example.com или +7 916 000-00-00",
        "send_code": "Получить код", "operator_label": "Оператор персональных данных:",
        "policy_link": "Политика обработки персональных данных",
        "not_configured": "Проверка по e-mail на этом сервере не настроена, поэтому код отправить нельзя. "
            + "Обратитесь к оператору напрямую:",
        "code_title": "Введите код",
        "code_sent": "Если у нас есть данные для этого адреса или телефона, мы отправили 6-значный код на e-mail, "
            + "указанный в ваших данных, а если e-mail не указан — SMS на телефон из ваших данных. "
            + "Код действует 10 минут.",
        "code_label": "Код из письма или SMS", "code_button": "Подтвердить", "new_code": "Запросить новый код",
        "wrong_code": "Код не подошёл. Осталось попыток:",
        "code_void": "Код истёк или попытки закончились. Запросите новый код.",
        "bad_contact": "Введите e-mail (name@example.com) или телефон в международном формате.",
        "too_many": "Слишком много запросов. Повторите через несколько минут.",
        "me_title": "Ваши обращения и согласия", "logout": "Выйти",
        "requests_title": "Обращения", "no_requests": "Обращений пока нет.",
        "col_reference": "Номер", "col_kind": "Вид", "col_received": "Получено", "col_deadline": "Срок ответа",
        "col_state": "Состояние", "col_answer": "Ответ",
        "download_html": "Ответ (HTML, можно распечатать в PDF)", "download_json": "Данные (JSON)",
        "links_note": "Ссылки одноразовые и действуют 15 минут; при следующем входе появятся новые.",
        "new_request": "Новое обращение", "kind_legend": "Что вы хотите сделать?",
        "kind_access": "Узнать, какие данные обо мне хранятся (доступ)",
        "kind_erasure": "Удалить мои данные",
        "kind_rectification": "Исправить неточные данные",
        "kind_objection": "Возразить против рекламных рассылок и звонков (прекращается сразу)",
        "kind_restriction": "Ограничить обработку",
        "field_label": "Какое поле исправить", "value_label": "Правильное значение",
        "value_hint": "Нужно только для исправления.",
        "bad_value": "Это значение не подходит для выбранного поля. Проверьте его и отправьте ещё раз.",
        "file_button": "Отправить обращение",
        "deadline_note": "Срок ответа считается по закону: для России — в рабочих днях по производственному календарю.",
        "consents_title": "Согласия", "consents_intro": "Каждое согласие — отдельный документ. Отозвать согласие так же "
            + "просто, как дать: одна кнопка.",
        "consent_given": "дано", "consent_not_given": "не дано", "read_document": "Текст согласия, редакция",
        "give": "Дать согласие", "withdraw": "Отозвать согласие",
        "done_filed": "Обращение принято.", "done_given": "Согласие записано.",
        "done_erasure": "Требование об удалении принято. Ниже — что будет удалено, что и почему сохранится.",
        "erasure_title": "Что произойдёт по обращению об удалении",
        "erasure_destroyed": "Будут уничтожены:",
        "erasure_held": "По закону мы обязаны сохранить:",
        "erasure_held_why": "Эти сведения будут заблокированы и не будут использоваться ни для чего, кроме "
            + "исполнения закона. Основание:",
        "erasure_hold_end": "Они будут уничтожены после окончания срока хранения:",
        "erasure_nothing_held": "Ничего из ваших данных мы не обязаны хранить по закону: удалено будет всё.",
        "erasure_next": "Ответственный за обработку персональных данных проверит обращение и исполнит его не позднее",
        "erasure_next_message": "Когда данные будут удалены, мы напишем вам, что уничтожено и что сохранено. "
            + "Ваши e-mail и телефон останутся только в виде необратимых хешей в списке исключений, чтобы данные не "
            + "вернулись к нам с очередной загрузкой.",
        "done_withdrawn": "Согласие отозвано.",
        "state_received": "Получено", "state_verified": "Личность подтверждена", "state_in_progress": "В работе",
        "state_completed": "Исполнено", "state_refused": "Отказано",
        "kind_short_access": "Доступ", "kind_short_erasure": "Удаление", "kind_short_rectification": "Исправление",
        "kind_short_restriction": "Ограничение", "kind_short_objection": "Возражение",
        "kind_short_stop_processing": "Прекращение обработки", "kind_short_withdrawal": "Отзыв согласия",
        "error_title": "Не получилось", "back": "На главную страницу центра",
        "answer_open_title": "Ответ на ваше обращение",
        "answer_open_intro": "Нажмите кнопку, чтобы открыть ответ. Ссылка одноразовая: после этого она перестанет "
            + "работать, а ответ будет доступен в этом окне полчаса.",
        "answer_open_button": "Открыть ответ",
        "answer_title": "Ответ на ваше обращение", "answer_intro": "Ответ на обращение",
        "answer_read": "Прочитать ответ (его можно распечатать или сохранить в PDF из браузера)",
        "answer_json": "Скачать ответ в формате JSON",
        "answer_keep": "Сохраните ответ: через полчаса эта страница закроется. Новую ссылку можно попросить у "
            + "оператора.",
        "answer_void": "Ссылка не работает: она уже использована, заменена новой или истекла. Попросите оператора "
            + "прислать новую.",
        "link_void": "Ссылка уже использована, истекла или открыта в другом сеансе. Войдите снова.",
        "form_expired": "Форма устарела. Обновите страницу и повторите.",
        "signup_title": "Подписаться и оставить контакты",
        "signup_intro": "Оставьте контакты, и мы свяжемся с вами. Согласия на рассылки — по желанию, каждое отдельно.",
        "name_label": "Имя и фамилия", "email_label": "E-mail", "phone_label": "Телефон (необязательно)",
        "signup_consents": "Согласия (необязательно)", "consent_to": "Согласен(на):",
        "signup_button": "Отправить", "honeypot": "Не заполняйте это поле",
        "signup_done_title": "Проверьте почту",
        "signup_done": "Мы отправили письмо со ссылкой для подтверждения. Пока вы не перейдёте по ней, ничего "
            + "не сохраняется.",
        "confirm_title": "Подтвердите подписку", "confirm_intro": "Нажмите кнопку, чтобы подтвердить адрес и согласия.",
        "confirm_button": "Подтвердить",
        "confirmed": "Спасибо! Данные и согласия записаны.",
        "confirmed_outdated": "Текст некоторых согласий изменился, их мы не записали; дайте их снова в центре "
            + "конфиденциальности:",
        "confirm_suppressed": "Ранее вы просили удалить ваши данные или возражали против рассылок, поэтому без "
            + "нового согласия мы вас не записали.",
        "confirm_expired": "Ссылка недействительна: она уже использована или истекла. Отправьте форму снова.",
        "mail_code_subject": "Код для центра конфиденциальности",
        "sms_code": "Код для центра конфиденциальности: %@. Действует 10 минут. Никому его не сообщайте.",
        "mail_code_body": "Здравствуйте!\n\nВаш код для входа в центр конфиденциальности: %@\n\nКод действует 10 минут. "
            + "Если вы его не запрашивали, просто удалите это письмо.",
        "mail_signup_subject": "Подтвердите подписку",
        "mail_signup_body": "Здравствуйте!\n\nЧтобы подтвердить адрес и данные согласия, перейдите по ссылке:\n%@\n\n"
            + "Ссылка действует 7 дней. Если вы ничего не отправляли, удалите это письмо: без подтверждения "
            + "ничего не сохранится.",
        "notice_title": "Согласие на обработку персональных данных",
    ]

    static let english: [String: String] = [
        "center": "Privacy center", "skip": "Skip to content",
        "start_title": "Your personal data",
        "start_intro": "Here you can see what the operator holds about you, correct it, withdraw consent, object to "
            + "marketing or ask for erasure, as easily as you gave consent (GDPR art. 7, 12; 152-FZ art. 14).",
        "start_how": "Enter the e-mail or phone you gave us. If we hold data about you, we send a one-time code to "
            + "the e-mail address in your record.",
        "contact_label": "E-mail or phone", "contact_hint": "For example anna@example.com or +7 916 000-00-00",
        "send_code": "Send me a code", "operator_label": "Your data is processed by",
        "policy_link": "How we process personal data",
        "not_configured": "E-mail verification is not configured on this server, so no code can be sent. "
            + "Please contact the operator directly:",
        "code_title": "Enter your code",
        "code_sent": "If we hold data for this address or phone, we have sent a 6-digit code to the e-mail address "
            + "in your record or, when it holds no e-mail, by SMS to the phone in your record. The code works for "
            + "10 minutes.",
        "code_label": "Code from the e-mail or SMS", "code_button": "Confirm", "new_code": "Ask for a new code",
        "wrong_code": "That code is not right. Attempts left:",
        "code_void": "The code has expired or has no attempts left. Ask for a new one.",
        "bad_contact": "Enter an e-mail (name@example.com) or a phone number in international format.",
        "too_many": "Too many requests. Please try again in a few minutes.",
        "me_title": "Your requests and consents", "logout": "Sign out",
        "requests_title": "Requests", "no_requests": "No requests yet.",
        "col_reference": "Reference", "col_kind": "Kind", "col_received": "Received", "col_deadline": "Answer due",
        "col_state": "Status", "col_answer": "Answer",
        "download_html": "Answer (HTML, printable to PDF)", "download_json": "Data (JSON)",
        "links_note": "Links work once, for 15 minutes; you get new ones next time you sign in.",
        "new_request": "New request", "kind_legend": "What would you like to do?",
        "kind_access": "See what data is held about me (access)",
        "kind_erasure": "Erase my data",
        "kind_rectification": "Correct inaccurate data",
        "kind_objection": "Object to marketing e-mails, SMS and calls (stops at once)",
        "kind_restriction": "Restrict processing",
        "field_label": "Field to correct", "value_label": "Correct value",
        "value_hint": "Only needed for a correction.",
        "bad_value": "That value does not fit the chosen field. Check it and send it again.",
        "file_button": "Send request",
        "deadline_note": "The answer is due by the legal deadline: in Russia, working days on the production calendar.",
        "consents_title": "Consents", "consents_intro": "Each consent is a separate document. Withdrawing is as easy "
            + "as giving: one button.",
        "consent_given": "given", "consent_not_given": "not given", "read_document": "Consent document, version",
        "give": "Give consent", "withdraw": "Withdraw consent",
        "done_filed": "Your request has been received.", "done_given": "Your consent has been recorded.",
        "done_erasure": "Your erasure request has been received. Below: what will be erased, and what is kept and why.",
        "erasure_title": "What your erasure request will do",
        "erasure_destroyed": "We will destroy:",
        "erasure_held": "The law requires us to keep:",
        "erasure_held_why": "This will be blocked and used for nothing but meeting that obligation. The law:",
        "erasure_hold_end": "It will be destroyed once the retention period ends:",
        "erasure_nothing_held": "No law requires us to keep any of your data: all of it will be erased.",
        "erasure_next": "The data protection officer will check the request and carry it out by",
        "erasure_next_message": "Once your data is erased, we will write to you with what was destroyed and what was "
            + "kept. Your e-mail and phone stay only as irreversible hashes on a suppression list, so that your data "
            + "does not come back with a later import.",
        "done_withdrawn": "Your consent has been withdrawn.",
        "state_received": "Received", "state_verified": "Identity verified", "state_in_progress": "In progress",
        "state_completed": "Completed", "state_refused": "Refused",
        "kind_short_access": "Access", "kind_short_erasure": "Erasure", "kind_short_rectification": "Rectification",
        "kind_short_restriction": "Restriction", "kind_short_objection": "Objection",
        "kind_short_stop_processing": "Stop processing", "kind_short_withdrawal": "Withdrawal of consent",
        "error_title": "Something went wrong", "back": "Back to the privacy center",
        "answer_open_title": "The answer to your request",
        "answer_open_intro": "Press the button to open the answer. The link works once: after this it stops "
            + "working, and the answer stays open in this window for half an hour.",
        "answer_open_button": "Open the answer",
        "answer_title": "The answer to your request", "answer_intro": "The answer to request",
        "answer_read": "Read the answer (print it or save it as PDF from your browser)",
        "answer_json": "Download the answer as JSON",
        "answer_keep": "Save the answer: this page closes in half an hour. You can ask the operator for a new link.",
        "answer_void": "This link does not work: it was used already, replaced by a newer one, or has expired. "
            + "Ask the operator to send a new one.",
        "link_void": "This link was used already, has expired or belongs to another session. Please sign in again.",
        "form_expired": "The form has expired. Reload the page and try again.",
        "signup_title": "Stay in touch",
        "signup_intro": "Leave your contact details and we will get back to you. Marketing consents are optional, "
            + "each on its own.",
        "name_label": "Full name", "email_label": "E-mail", "phone_label": "Phone (optional)",
        "signup_consents": "Consents (optional)", "consent_to": "I agree to:",
        "signup_button": "Send", "honeypot": "Leave this field empty",
        "signup_done_title": "Check your e-mail",
        "signup_done": "We have sent you a link to confirm. Nothing is stored until you follow it.",
        "confirm_title": "Confirm your sign-up", "confirm_intro": "Press the button to confirm your address and consents.",
        "confirm_button": "Confirm",
        "confirmed": "Thank you! Your details and consents are recorded.",
        "confirmed_outdated": "Some consent documents changed meanwhile and were not recorded; give them again in the "
            + "privacy center:",
        "confirm_suppressed": "You earlier asked us to erase your data or objected to marketing, so without a new "
            + "consent we have not recorded you.",
        "confirm_expired": "This link is not valid: it was used already or has expired. Please send the form again.",
        "mail_code_subject": "Your privacy center code",
        "sms_code": "Your privacy center code: %@. It works for 10 minutes. Do not share it.",
        "mail_code_body": "Hello,\n\nYour code for the privacy center: %@\n\nIt works for 10 minutes. If you did not ask "
            + "for it, just delete this e-mail.",
        "mail_signup_subject": "Please confirm your sign-up",
        "mail_signup_body": "Hello,\n\nTo confirm your address and the consents you gave, follow this link:\n%@\n\n"
            + "It works for 7 days. If you sent nothing, delete this e-mail: nothing is stored without confirmation.",
        "notice_title": "Consent to the processing of personal data",
    ]
}
