import Foundation

/// Which calendar a person keeps their birthday by.
public enum BirthdayCalendar: String, Sendable, Hashable, Codable, CaseIterable {
    /// The same month and day every year.
    case gregorian
    /// The Chinese (lunar) month and day of birth, 农历生日.
    case chinese
}

/// A person's birthday: the Gregorian date of birth and the calendar they celebrate by.
public struct Birthday: Sendable, Hashable, Codable {
    /// The date of birth, Gregorian.
    public var birthDate: LocalDate
    /// The calendar the birthday recurs by.
    public var calendar: BirthdayCalendar

    /// A birthday kept by `calendar`, Gregorian unless said otherwise.
    public init(birthDate: LocalDate, calendar: BirthdayCalendar = .gregorian) {
        self.birthDate = birthDate
        self.calendar = calendar
    }

    /// The date the birthday is celebrated in Gregorian `year`, or nil when there is none
    /// (before the birth, or a lunar birthday that misses the year).
    ///
    /// - Gregorian: the same month and day; 29 February falls on 28 February in other
    ///   years (staying in the birth month rather than moving to 1 March).
    /// - Chinese: the Chinese month and day of birth, found in that year. Day 30 falls on
    ///   day 29 in years whose month has only 29 days; a birth in a leap month (闰月) is
    ///   celebrated in the ordinary month of the same number, since most years have no
    ///   such leap month. Chinese years have
    ///   354 to 385 days, so a late-winter lunar birthday can fall twice in a Gregorian
    ///   year (then this is the earlier) or not at all (12-08: none in 2023).
    public func date(inGregorianYear year: Int) -> LocalDate? {
        dates(inGregorianYear: year).first
    }

    /// Every date the birthday is celebrated in Gregorian `year`, earliest first (zero to
    /// two; at most one for a Gregorian birthday).
    public func dates(inGregorianYear year: Int) -> [LocalDate] {
        let dates: [LocalDate]
        switch calendar {
        case .gregorian:
            let day = min(birthDate.day, LocalDate.numberOfDays(inMonth: birthDate.month, year: year))
            dates = LocalDate(year: year, month: birthDate.month, day: day).map { [$0] } ?? []
        case .chinese:
            guard let birth = ChineseCalendar.monthDay(of: birthDate) else { return [] }
            dates = ChineseCalendar.months(birth.month, overlappingGregorianYear: year).compactMap { chineseMonth in
                chineseMonth.first.adding(days: min(birth.day, chineseMonth.length) - 1)
            }
        }
        return dates.filter { $0.year == year && $0 >= birthDate }
    }
}

/// One upcoming occasion for a care message: what it is, when, and how soon.
public struct CareDate: Sendable, Hashable {
    /// What the occasion is.
    public enum Occasion: Sendable, Hashable {
        /// A holiday, by its rule (`rule.name` is what to call it).
        case holiday(HolidayRule)
        /// The person's birthday.
        case birthday
    }

    /// What it is.
    public let occasion: Occasion
    /// The day it falls on.
    public let date: LocalDate
    /// Days from the `today` asked about: 0 for today.
    public let daysUntil: Int

    /// An occurrence as `CareCalendar.upcoming` reports it.
    public init(occasion: Occasion, date: LocalDate, daysUntil: Int) {
        self.occasion = occasion
        self.date = date
        self.daysUntil = daysUntil
    }
}

/// Finds the holidays and birthdays coming up, for follow-up reminders.
public enum CareCalendar {
    /// The widest window `upcoming` accepts, in days: a year, leap or not.
    public static let maximumWindow = 366

    /// Every occurrence of `holidays` and `birthday` from `today` to `days` days later,
    /// both ends included, by date (ties in the order given, holidays before the birthday).
    /// The window may cross into the next year; a window of 0 is today only.
    ///
    /// - Throws: `KehuError.validation` on field `days` unless it is 0...`maximumWindow`.
    public static func upcoming(
        from today: LocalDate, days: Int, holidays: [HolidayRule], birthday: Birthday? = nil
    ) throws -> [CareDate] {
        guard (0...maximumWindow).contains(days) else {
            throw KehuError.validation([FieldError(field: "days", message: "Must be 0 to \(maximumWindow).")])
        }
        // Near year 9999 the window simply ends with the last representable day.
        let end = today.adding(days: days) ?? LocalDate.lastSupported
        var found: [CareDate] = []
        func collect(_ occasion: CareDate.Occasion, _ dates: (Int) -> [LocalDate]) {
            for year in today.year...end.year {
                for date in dates(year) where today <= date && date <= end {
                    found.append(CareDate(occasion: occasion, date: date, daysUntil: today.days(until: date)))
                }
            }
        }
        for rule in holidays { collect(.holiday(rule), rule.dates(inGregorianYear:)) }
        if let birthday { collect(.birthday, birthday.dates(inGregorianYear:)) }
        // `found` is in the tie order already; sort by date keeping it (the index breaks ties).
        return found.enumerated()
            .sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
            .map(\.element)
    }
}

/// Conversions between `LocalDate` and the Chinese calendar, through Foundation's
/// `Calendar(identifier: .chinese)` (ICU's astronomical Chinese calendar).
///
/// ICU numbers Chinese years within 60-year cycles: `year` is 1...60 and `era` counts
/// cycles (2025 is era 78, year 42), so a Chinese year is named by both, and neither is
/// computed here: they are read from a Gregorian date inside that year.
///
/// Only one direction of Foundation is trusted at month boundaries. When a new moon falls
/// within minutes of Beijing midnight, `dateComponents(_:from:)` can call the day "day 0"
/// and `range(of: .day, in: .month, for:)` comes back empty (2057-09-28 and 2097-08-07
/// between 1900 and 2100), while `date(from:)` puts the month's first day on the next
/// day. So month starts come only from `date(from:)`, lengths are the distance between
/// two starts, and `dateComponents` is read only for mid-month days, to name a month.
enum ChineseCalendar {
    /// Chinese dates are reckoned at UTC+8 (Beijing time, GB/T 33661-2017).
    static let timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3_600) ?? .gmt

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .chinese)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// A Chinese month and day.
    struct MonthDay: Equatable {
        var month: Int
        var day: Int
        var isLeapMonth: Bool
    }

    /// A Chinese month: the Gregorian date of its first day, and its length (29 or 30).
    struct Month {
        var first: LocalDate
        var length: Int
    }

    /// The Chinese month and day of `date`.
    static func monthDay(of date: LocalDate) -> MonthDay? {
        // Name the month from the day itself, or, if that reads as before its month's
        // start (a "day 0"), from two weeks earlier, safely inside the previous month.
        for probe in [date, date.adding(days: -15)].compactMap(\.self) {
            let components = monthComponents(at: probe)
            guard let month = start(of: components).flatMap(Self.month(startingAt:)),
                  month.first <= date, month.first.days(until: date) < month.length,
                  let number = components.month else { continue }
            return MonthDay(month: number, day: month.first.days(until: date) + 1, isLeapMonth: components.isLeapMonth ?? false)
        }
        return nil
    }

    /// Ordinary (not leap) month `month` of the two Chinese years that overlap Gregorian
    /// `year`: the one under way on 1 January and the one under way on 31 December (正月初一
    /// is always between 21 January and 20 February, so these differ). Either may start
    /// or end outside `year`; callers pick their day and filter.
    static func months(_ month: Int, overlappingGregorianYear year: Int) -> [Month] {
        let edges = [LocalDate(year: year, month: 1, day: 1), LocalDate(year: year, month: 12, day: 31)]
        return edges.compactMap { edge in
            guard let edge else { return nil }
            var wanted = monthComponents(at: edge)
            wanted.month = month
            wanted.isLeapMonth = false
            // `date(from:)` is lenient (an impossible month rolls over into another), so
            // confirm from the middle of the answer that it is the month asked for.
            guard let first = start(of: wanted), let middle = first.adding(days: 14) else { return nil }
            let found = monthComponents(at: middle)
            guard found.month == month, found.isLeapMonth != true else { return nil }
            return Self.month(startingAt: first)
        }
    }

    /// The month that begins on `first`, its length measured to the next month's start.
    private static func month(startingAt first: LocalDate) -> Month? {
        // Six weeks on is the middle of the next month, whatever its number or leap flag.
        guard let later = first.adding(days: 45), let next = start(of: monthComponents(at: later)) else { return nil }
        let length = first.days(until: next)
        return (29...30).contains(length) ? Month(first: first, length: length) : nil
    }

    /// The era, year, month and leap flag of the Chinese month that `date` falls in.
    private static func monthComponents(at date: LocalDate) -> DateComponents {
        calendar.dateComponents([.era, .year, .month, .isLeapMonth], from: noon(of: date))
    }

    /// The first day of the month that `components` names (era, year, month, leap flag).
    private static func start(of components: DateComponents) -> LocalDate? {
        var first = components
        first.day = 1
        if first.isLeapMonth == nil { first.isLeapMonth = false }
        return calendar.date(from: first).flatMap { LocalDate($0, in: timeZone) }
    }

    /// Noon of `date` in Beijing time: the middle of the day, clear of any doubt about
    /// which day an instant near midnight belongs to.
    private static func noon(of date: LocalDate) -> Date {
        date.startOfDay(in: timeZone).addingTimeInterval(12 * 3_600)
    }
}
