import Foundation

/// A day on the proleptic Gregorian calendar, without a time or a time zone: a birthday,
/// a holiday, or "today" for someone in a given zone. Written `YYYY-MM-DD`.
///
/// Years run from 1 to 9999, what four digits can spell. Day arithmetic is plain integer
/// arithmetic, so it needs no calendar and cannot be shifted by daylight-saving changes.
/// Coded as its `YYYY-MM-DD` string.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    /// The year, 1...9999.
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...28, 29, 30 or 31 as the month has.
    public let day: Int

    /// The years a `LocalDate` can have.
    public static let years = 1...9999

    /// The date, or nil unless it exists (`2025-02-30` does not; `2024-02-29` does).
    public init?(year: Int, month: Int, day: Int) {
        guard Self.years.contains(year), (1...12).contains(month),
              (1...Self.numberOfDays(inMonth: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits, zero-padded); nil for anything else,
    /// including dates that do not exist.
    public init?(_ description: String) {
        let bytes = Array(description.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The calendar day that `date` falls on in `timeZone`, or nil outside years 1...9999.
    ///
    /// Computed from the zone's UTC offset at that instant rather than through
    /// `Calendar`, because Foundation's Gregorian calendar switches to the Julian
    /// calendar before 1582-10-15 while `LocalDate` is proleptic Gregorian throughout.
    public init?(_ date: Date, in timeZone: TimeZone) {
        let seconds = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        let dayNumber = (seconds / 86_400).rounded(.down)
        guard dayNumber.isFinite, dayNumber >= Double(Self.firstDayNumber), dayNumber <= Double(Self.lastDayNumber) else {
            return nil
        }
        self.init(dayNumber: Int(dayNumber))
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// Calendar order.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The date `days` later (earlier when negative), or nil outside years 1...9999.
    public func adding(days: Int) -> LocalDate? {
        let (target, overflow) = dayNumber.addingReportingOverflow(days)
        guard !overflow, (Self.firstDayNumber...Self.lastDayNumber).contains(target) else { return nil }
        return LocalDate(dayNumber: target)
    }

    /// The number of days from this date to `other`: positive when `other` is later.
    public func days(until other: LocalDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// The first instant of this day in `timeZone`: local midnight, or the first time that
    /// exists where a daylight-saving change skips midnight (America/Sao_Paulo, 2018-11-04,
    /// starts at 01:00). For a day a zone skipped altogether (Pacific/Apia, 2011-12-30) the
    /// answer is the start of a neighbouring day.
    public func startOfDay(in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Aim at local noon, which every day has even when midnight is skipped (a zone's
        // offset moves by at most two hours), and let the calendar step back to the day's
        // first instant. Only the time of day comes from `Calendar`, so its Julian dates
        // before 1582 do not matter.
        let noonUTC = Date(timeIntervalSince1970: Double(dayNumber) * 86_400 + 43_200)
        let localNoon = noonUTC.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: noonUTC)))
        return calendar.startOfDay(for: localNoon)
    }

    /// Whether `year` has a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// How many days `month` (1...12) has in `year`.
    public static func numberOfDays(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Decodes a `YYYY-MM-DD` string; anything else is `DecodingError.dataCorrupted`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Expected a date YYYY-MM-DD, got \"\(text)\".")
        }
        self = date
    }

    /// Encodes the `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

// Days since 1970-01-01, after Howard Hinnant's `days_from_civil` and `civil_from_days`
// (https://howardhinnant.github.io/date_algorithms.html): exact for the proleptic
// Gregorian calendar, using 400-year eras of 146,097 days and March-based years so that
// the leap day comes last.
extension LocalDate {
    private static let firstDayNumber = dayNumber(year: 1, month: 1, day: 1)
    private static let lastDayNumber = dayNumber(year: 9999, month: 12, day: 31)

    /// 9999-12-31, the last date there is.
    static let lastSupported = LocalDate(dayNumber: lastDayNumber)

    /// Days since 1970-01-01 (negative before).
    var dayNumber: Int { Self.dayNumber(year: year, month: month, day: day) }

    private static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01; the caller keeps it within years 1...9999.
    private init(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    }
}
