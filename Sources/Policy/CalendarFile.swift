/// Reads one `calendars/<id>-<year>.yaml` file.
enum CalendarFile {
    static func parse(_ root: YAMLValue, fileName: String) throws(PolicyError) -> (
        identifier: String, year: CalendarYear
    ) {
        let top = try root.mapping(allowedKeys: [
            "version", "calendar", "year", "provisional", "source", "url", "non_working_weekdays",
            "working_weekends",
        ])
        try top.checkVersion()
        let identifierValue = try top.required("calendar")
        let identifier = try identifierValue.string()
        try checkIdentifier(identifier, at: identifierValue)
        let yearValue = try top.required("year")
        let year = try yearValue.int(in: 1992...2200)
        let expected = "\(identifier)-\(year).yaml"
        guard fileName == expected else {
            throw yearValue.error(.invalidValue, "this file describes \(identifier) \(year); name it \(expected)")
        }

        func days(_ key: String, weekend: Bool) throws(PolicyError) -> Set<CalendarDay> {
            guard let list = top.optional(key) else { return [] }
            var result: Set<CalendarDay> = []
            for item in try list.sequence() {
                guard let day = CalendarDay(iso: try item.string()) else {
                    throw item.error(.invalidDate, "write dates as YYYY-MM-DD, such as \(year)-01-08")
                }
                guard day.year == year else {
                    throw item.error(
                        .invalidDate, "\(day) is not in \(year); move it to \(identifier)-\(day.year).yaml")
                }
                guard day.isWeekend == weekend else {
                    throw item.error(
                        .invalidDate,
                        weekend
                            ? "\(day) is a weekday; only Saturdays and Sundays belong in working_weekends"
                            : "\(day) is a Saturday or Sunday, already a day off; list only weekdays here")
                }
                guard result.insert(day).inserted else {
                    throw item.error(.duplicateName, "\(day) is listed twice; keep one")
                }
            }
            return result
        }

        let nonWorking = try days("non_working_weekdays", weekend: false)
        let working = try days("working_weekends", weekend: true)
        for holiday in CalendarYear.statutoryHolidays {
            let day = CalendarDay(year: year, month: holiday.month, day: holiday.day)
            if !day.isWeekend, !nonWorking.contains(day) {
                throw PolicyError(
                    .invalidDate, file: root.file, line: top.optional("non_working_weekdays")?.line ?? root.line,
                    keyPath: "non_working_weekdays",
                    message: "\(day) is a public holiday (Labour Code art. 112) on a weekday; add it to the list")
            }
        }
        return (
            identifier,
            CalendarYear(
                year: year, source: try top.required("source").string(), url: try top.optional("url")?.string(),
                provisional: try top.optional("provisional")?.bool() ?? false, nonWorkingWeekdays: nonWorking,
                workingWeekends: working)
        )
    }
}
