import Foundation

/// A yearly holiday worth a care message: its name and the day it falls on, by the
/// Gregorian or the Chinese (lunisolar) calendar.
///
/// Coded as `{"name":"春节","calendar":"chinese","month":1,"day":1}`; 除夕 is
/// `{"name":"除夕","calendar":"chinese","month":12,"day":"last"}`. Decoding validates
/// like `init(name:day:)`, naming fields by their full path (`holidays[2].month`).
public struct HolidayRule: Sendable, Hashable, Codable {
    /// The day of the year a holiday falls on.
    public enum Day: Sendable, Hashable {
        /// A Gregorian month and day (国庆节: 10, 1). 29 February occurs only in leap years.
        case gregorian(month: Int, day: Int)
        /// A day of an ordinary (not leap) Chinese month (中秋节: 8, 15). A leap month
        /// repeats its month's number but not its festivals. Day 30 occurs only in years
        /// whose month has 30 days.
        case chinese(month: Int, day: Int)
        /// 除夕: the last day of the 12th Chinese month, the eve of 正月初一. Its own case
        /// because that month has 29 or 30 days, so no fixed day number names it.
        case chineseNewYearsEve
    }

    /// The longest name a rule may have, in characters.
    public static let maximumNameLength = 50

    /// What people call the holiday (春节).
    public let name: String
    /// The day it falls on.
    public let day: Day

    /// A validated rule, the name trimmed.
    ///
    /// - Throws: `KehuError.validation` listing every bad field: `name` (empty or longer
    ///   than `maximumNameLength`), `month` (outside 1...12), `day` (outside the month:
    ///   1...30 for Chinese months, 1...29 for February).
    public init(name: String, day: Day) throws {
        var validator = Validator()
        let trimmed = validator.requiredText(name, field: "name", maxLength: Self.maximumNameLength)
        Self.check(day, fieldPrefix: "", into: &validator)
        try validator.check()
        self.init(checkedName: trimmed ?? name, day: day)
    }

    private init(checkedName name: String, day: Day) {
        self.name = name
        self.day = day
    }

    /// The date the holiday falls on in Gregorian `year`, or nil when it does not fall in
    /// that year at all.
    ///
    /// A Chinese date can miss a Gregorian year or fall in it twice, because Chinese years
    /// have 354 to 385 days: 腊八 (12-08) fell on 2022-01-10 and 2022-12-30, and not in
    /// 2023. Then this is the earlier one; `dates(inGregorianYear:)` has both. 29 February
    /// and Chinese day 30 are nil in years that lack them. The default holidays fall in
    /// every year exactly once.
    public func date(inGregorianYear year: Int) -> LocalDate? {
        dates(inGregorianYear: year).first
    }

    /// Every date the holiday falls on in Gregorian `year`, earliest first (zero to two).
    public func dates(inGregorianYear year: Int) -> [LocalDate] {
        switch day {
        case .gregorian(let month, let day):
            return LocalDate(year: year, month: month, day: day).map { [$0] } ?? []
        case .chinese(let month, let day):
            return ChineseCalendar.months(month, overlappingGregorianYear: year).compactMap { chineseMonth in
                guard day <= chineseMonth.length else { return nil }
                return chineseMonth.first.adding(days: day - 1)
            }.filter { $0.year == year }
        case .chineseNewYearsEve:
            return ChineseCalendar.months(12, overlappingGregorianYear: year).compactMap { chineseMonth in
                chineseMonth.first.adding(days: chineseMonth.length - 1)
            }.filter { $0.year == year }
        }
    }

    /// The usual Chinese holidays, in calendar order. 清明节 is left out: it follows a
    /// solar term (when the sun reaches 15° ecliptic longitude, 4 or 5 April), which
    /// neither a Gregorian nor a Chinese month-day can express.
    public static let chineseDefaults: [HolidayRule] = [
        HolidayRule(checkedName: "元旦", day: .gregorian(month: 1, day: 1)),
        HolidayRule(checkedName: "除夕", day: .chineseNewYearsEve),
        HolidayRule(checkedName: "春节", day: .chinese(month: 1, day: 1)),
        HolidayRule(checkedName: "元宵节", day: .chinese(month: 1, day: 15)),
        HolidayRule(checkedName: "劳动节", day: .gregorian(month: 5, day: 1)),
        HolidayRule(checkedName: "端午节", day: .chinese(month: 5, day: 5)),
        HolidayRule(checkedName: "七夕", day: .chinese(month: 7, day: 7)),
        HolidayRule(checkedName: "中秋节", day: .chinese(month: 8, day: 15)),
        HolidayRule(checkedName: "重阳节", day: .chinese(month: 9, day: 9)),
        HolidayRule(checkedName: "国庆节", day: .gregorian(month: 10, day: 1)),
    ]

    private static func check(_ day: Day, fieldPrefix prefix: String, into validator: inout Validator) {
        switch day {
        case .gregorian(let month, let day):
            guard (1...12).contains(month) else { return validator.fail(prefix + "month", "Must be 1 to 12.") }
            // A leap year, so that 29 February is allowed; it then occurs only in leap years.
            let days = LocalDate.numberOfDays(inMonth: month, year: 2000)
            if !(1...days).contains(day) { validator.fail(prefix + "day", "Must be 1 to \(days) for month \(month).") }
        case .chinese(let month, let day):
            if !(1...12).contains(month) { validator.fail(prefix + "month", "Must be 1 to 12.") }
            if !(1...30).contains(day) { validator.fail(prefix + "day", "Must be 1 to 30, or \"last\" with month 12 (除夕).") }
        case .chineseNewYearsEve:
            break
        }
    }
}

extension HolidayRule {
    private enum CodingKeys: String, CodingKey { case name, calendar, month, day }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The `day` member: a number, or `"last"` for the last day of Chinese month 12.
    private static let lastDay = "last"

    /// Decodes and validates a rule. Missing or mistyped members are `DecodingError`s;
    /// values out of range are `KehuError.validation`, listing every bad field.
    public init(from decoder: any Decoder) throws {
        // A misspelt member (`mnoth`) is refused, not ignored.
        let members = try decoder.container(keyedBy: MemberKey.self)
        if let unknown = members.allKeys.first(where: { CodingKeys(stringValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath + [unknown], debugDescription: "Unknown field."))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let calendar = try container.decode(String.self, forKey: .calendar)
        let month = try container.decode(Int.self, forKey: .month)
        let number = try? container.decode(Int.self, forKey: .day)
        let text = number == nil ? try container.decode(String.self, forKey: .day) : nil

        let prefix = Self.fieldPrefix(decoder.codingPath)
        var validator = Validator()
        let trimmed = validator.requiredText(name, field: prefix + "name", maxLength: Self.maximumNameLength)
        var day: Day?
        switch (calendar, number, text) {
        case ("gregorian", let number?, _):
            day = .gregorian(month: month, day: number)
        case ("chinese", let number?, _):
            day = .chinese(month: month, day: number)
        case ("chinese", _, Self.lastDay) where month == 12:
            day = .chineseNewYearsEve
        case ("chinese", _, Self.lastDay) where (1...12).contains(month):
            validator.fail(prefix + "day", "\"last\" is allowed only with month 12 (除夕).")
        case ("chinese", _, Self.lastDay):
            validator.fail(prefix + "month", "Must be 1 to 12.")
        case ("gregorian", _, Self.lastDay):
            validator.fail(prefix + "day", "\"last\" is allowed only with the chinese calendar.")
        case ("gregorian", _, _), ("chinese", _, _):
            validator.fail(prefix + "day", "Must be a day number or \"last\".")
        default:
            validator.fail(prefix + "calendar", "Must be \"gregorian\" or \"chinese\".")
        }
        if let day { Self.check(day, fieldPrefix: prefix, into: &validator) }
        try validator.check()
        guard let trimmed, let day else { preconditionFailure("A rule that passed validation has a name and a day") }
        self.init(checkedName: trimmed, day: day)
    }

    /// Encodes the shape `init(from:)` reads.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        switch day {
        case .gregorian(let month, let day):
            try container.encode("gregorian", forKey: .calendar)
            try container.encode(month, forKey: .month)
            try container.encode(day, forKey: .day)
        case .chinese(let month, let day):
            try container.encode("chinese", forKey: .calendar)
            try container.encode(month, forKey: .month)
            try container.encode(day, forKey: .day)
        case .chineseNewYearsEve:
            try container.encode("chinese", forKey: .calendar)
            try container.encode(12, forKey: .month)
            try container.encode(Self.lastDay, forKey: .day)
        }
    }

    /// `holidays[2].` for a rule decoded at that path, so field errors point into the
    /// whole request body; empty at the top level.
    private static func fieldPrefix(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "" : text + "."
    }
}
