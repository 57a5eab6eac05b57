import Intake

/// The parsed `operator.yaml`, with the nodes that cross-file checks point at.
struct OperatorFile {
    let profile: OperatorProfile
    let jurisdictionNode: YAMLValue
    let processorRecipientNodes: [(name: String, value: YAMLValue)]
    /// The `processors` list, or the file's root when there is none.
    let processorsNode: YAMLValue
    let notificationNodes: [(name: String, value: YAMLValue)]

    static func parse(_ root: YAMLValue) throws(PolicyError) -> OperatorFile {
        let top = try root.mapping(allowedKeys: [
            "version", "operator", "information_system", "data_location", "jurisdiction", "processors",
            "transfer_notifications",
        ])
        try top.checkVersion()

        let operatorMap = try top.required("operator").mapping(allowedKeys: [
            "name", "address", "inn", "ogrn", "responsible_person", "dpo", "contact", "policy_url",
            "protection_measures",
        ])
        let innValue = try operatorMap.required("inn")
        let inn = try innValue.string()
        guard Normalizer.innChecksumIsValid(inn) else {
            throw innValue.error(
                .invalidValue, "not a valid ИНН: 10 digits for an organisation or 12 for a sole proprietor, with "
                    + "correct check digits; copy it from the registration certificate and quote it")
        }
        let ogrnValue = try operatorMap.required("ogrn")
        let ogrn = try ogrnValue.string()
        guard Self.isValidOGRN(ogrn) else {
            throw ogrnValue.error(
                .invalidValue, "not a valid ОГРН: 13 digits (ОГРНИП: 15) with a correct check digit; quote it")
        }
        if ogrn.count == 15, inn.count != 12 {
            throw ogrnValue.error(.invalidValue, "an ОГРНИП (15 digits) belongs to a sole proprietor, whose ИНН has 12")
        }

        let contactValue = try operatorMap.required("contact")
        let contactMap = try contactValue.mapping(allowedKeys: ["email", "phone"])
        let emailValue = try contactMap.required("email")
        let email = try emailValue.string()
        guard email.contains("@"), !email.hasPrefix("@"), !email.hasSuffix("@"), !email.contains(" ") else {
            throw emailValue.error(.invalidValue, "an e-mail address for personal-data requests, such as privacy@…")
        }
        let phone = try contactMap.optional("phone")?.string()

        let systemValue = try top.required("information_system")
        let locationMap = try top.required("data_location").mapping(allowedKeys: [
            "country", "description", "eu_safeguard",
        ])
        let countryValue = try locationMap.required("country")
        let country = try countryValue.string()
        guard country.count == 2, country.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw countryValue.error(.invalidValue, "use a two-letter ISO 3166 country code such as RU")
        }
        let jurisdictionValue = try top.required("jurisdiction")

        var processors: [OperatorProfile.Processor] = []
        var processorRecipients: [(name: String, value: YAMLValue)] = []
        if let list = top.optional("processors") {
            for item in try list.sequence() {
                let map = try item.mapping(allowedKeys: ["name", "address", "activity", "recipient"])
                let recipientValue = map.optional("recipient")
                let recipient = try recipientValue?.string()
                if let recipient, let recipientValue {
                    processorRecipients.append((recipient, recipientValue))
                }
                processors.append(OperatorProfile.Processor(
                    name: try map.required("name").localizedOrPlain(),
                    address: try map.required("address").localizedOrPlain(),
                    activity: try map.required("activity").localizedOrPlain(), recipient: recipient))
            }
        }

        var notifications: [OperatorProfile.TransferNotification] = []
        var notificationNodes: [(name: String, value: YAMLValue)] = []
        if let map = top.optional("transfer_notifications") {
            for (recipient, value) in try map.entries() {
                let entry = try value.mapping(allowedKeys: ["date", "reference"])
                let dateValue = try entry.required("date")
                guard let date = CalendarDay(iso: try dateValue.string()) else {
                    throw dateValue.error(.invalidDate, "the day the notification was submitted, as YYYY-MM-DD")
                }
                notifications.append(.init(
                    recipient: recipient, date: date, reference: try entry.required("reference").string()))
                notificationNodes.append((recipient, value))
            }
        }

        var profile = OperatorProfile(
            name: try operatorMap.required("name").localizedOrPlain(),
            address: try operatorMap.required("address").localizedOrPlain(), inn: inn, ogrn: ogrn,
            responsiblePerson: try operatorMap.required("responsible_person").localizedOrPlain(),
            dataProtectionOfficer: try operatorMap.optional("dpo")?.localizedOrPlain(), contactEmail: email,
            contactPhone: phone, informationSystem: try systemValue.localizedOrPlain(), dataCountry: country,
            dataLocation: try locationMap.required("description").localizedOrPlain(),
            jurisdiction: try jurisdictionValue.string(), processors: processors,
            transferNotifications: notifications)
        if let urlValue = operatorMap.optional("policy_url") {
            let url = try urlValue.string()
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), !url.contains(" ") else {
                throw urlValue.error(.invalidValue, "the address of the published processing policy, https://…")
            }
            profile.policyURL = url
        }
        profile.protectionMeasures = try operatorMap.optional("protection_measures")?.localizedOrPlain()
        profile.euSafeguard = try locationMap.optional("eu_safeguard")?.localizedOrPlain()
        return OperatorFile(
            profile: profile, jurisdictionNode: jurisdictionValue, processorRecipientNodes: processorRecipients,
            processorsNode: top.optional("processors") ?? root,
            notificationNodes: notificationNodes)
    }

    /// Checks an ОГРН (13 digits) or ОГРНИП (15 digits) check digit.
    static func isValidOGRN(_ ogrn: String) -> Bool {
        let digits = ogrn.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == ogrn.count, digits.count == 13 || digits.count == 15 else { return false }
        let modulus = digits.count == 13 ? 11 : 13
        let remainder = digits.dropLast().reduce(0) { ($0 * 10 + $1) % modulus }
        return remainder % 10 == digits[digits.count - 1]
    }
}

extension YAMLValue {
    /// A text given as `{ru: …, en: …}`, or one plain value used for both languages (names, addresses).
    func localizedOrPlain() throws(PolicyError) -> LocalizedText {
        if case .scalar = node {
            let text = try string()
            return LocalizedText(ru: text, en: text)
        }
        return try localized()
    }
}
