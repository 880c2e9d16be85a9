import Foundation
@testable import KehuCore
import Testing

/// The day of `text` (`YYYY-MM-DD`), failing the test if it does not parse.
private func day(_ text: String) throws -> LocalDate {
    try #require(LocalDate(text))
}

private func defaultRule(_ name: String) throws -> HolidayRule {
    try #require(HolidayRule.chineseDefaults.first { $0.name == name })
}

private func fieldNames(of error: any Error) -> [String] {
    guard case KehuError.validation(let errors) = error else { return [] }
    return errors.map(\.field)
}

@Suite("LocalDate")
struct LocalDateTests {
    @Test func parsesAndFormats_YYYYMMDD() throws {
        let leapDay = try day("2024-02-29")
        #expect(leapDay.year == 2024 && leapDay.month == 2 && leapDay.day == 29)
        #expect(leapDay.description == "2024-02-29")
        #expect(LocalDate(year: 1, month: 1, day: 1)?.description == "0001-01-01")
        #expect(LocalDate(year: 2025, month: 2, day: 30) == nil)
    }

    static let invalidTexts: [String] = [
        "2025-02-30", "2023-02-29", "1900-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00",
        "0000-01-01", "", "garbage", "2025-1-01", "2025/01/01", "20250101", " 2025-01-01", "2025-01-01T00:00",
        "+025-01-01", "２０２５-01-01", "abcd-ef-gh",
    ]

    @Test(arguments: invalidTexts)
    func rejectsInvalidDatesAndGarbage(_ text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test func addsDaysAcrossMonthsYearsAndLeapDays() throws {
        let start = try day("2024-02-28")
        #expect(start.adding(days: 1) == LocalDate("2024-02-29"))
        #expect(start.adding(days: 2) == LocalDate("2024-03-01"))
        #expect(try day("2025-12-31").adding(days: 1) == LocalDate("2026-01-01"))
        #expect(try day("2026-03-01").adding(days: -1) == LocalDate("2026-02-28"))
        #expect(try day("2025-01-01").days(until: day("2026-01-01")) == 365)
        #expect(try day("2026-01-01").days(until: day("2025-01-01")) == -365)
        #expect(try day("9999-12-31").adding(days: 1) == nil)
        #expect(try day("0001-01-01").adding(days: -1) == nil)
    }

    @Test func comparesByCalendarOrder() throws {
        #expect(try day("2025-12-31") < day("2026-01-01"))
        #expect(try day("2026-01-02") > day("2026-01-01"))
    }

    @Test func convertsToAndFromDatesInAZone() throws {
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let utc = try #require(TimeZone(identifier: "UTC"))
        let instant = try #require(ISO8601DateFormatter().date(from: "2025-01-28T16:00:00Z"))
        #expect(try day("2025-01-29").startOfDay(in: shanghai) == instant)
        #expect(LocalDate(instant, in: shanghai) == LocalDate("2025-01-29"))
        #expect(LocalDate(instant, in: utc) == LocalDate("2025-01-28"))
        #expect(LocalDate(instant.addingTimeInterval(-1), in: shanghai) == LocalDate("2025-01-28"))
    }

    @Test func startOfDayWhereDaylightSavingSkipsMidnight() throws {
        // Brazil began daylight saving at 00:00 on 2018-11-04: the day started at 01:00 (-02:00).
        let saoPaulo = try #require(TimeZone(identifier: "America/Sao_Paulo"))
        let expected = try #require(ISO8601DateFormatter().date(from: "2018-11-04T03:00:00Z"))
        #expect(try day("2018-11-04").startOfDay(in: saoPaulo) == expected)
    }

    @Test func codesAsAString() throws {
        let data = try JSONEncoder().encode([try day("2025-01-29")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2025-01-29"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [try day("2025-01-29")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data(#"["2025-02-30"]"#.utf8))
        }
    }
}

@Suite("CareCalendar")
struct CareCalendarTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var name: String
        var year: Int
        var date: String
        var testDescription: String { "\(name) \(year)" }
    }

    static let holidayDates: [Expected] = [
        Expected(name: "春节", year: 2025, date: "2025-01-29"),
        Expected(name: "春节", year: 2026, date: "2026-02-17"),
        Expected(name: "春节", year: 2027, date: "2027-02-06"),
        Expected(name: "中秋节", year: 2025, date: "2025-10-06"),
        Expected(name: "中秋节", year: 2026, date: "2026-09-25"),
        Expected(name: "中秋节", year: 2027, date: "2027-09-15"),
        Expected(name: "端午节", year: 2025, date: "2025-05-31"),
        Expected(name: "端午节", year: 2026, date: "2026-06-19"),
        Expected(name: "除夕", year: 2025, date: "2025-01-28"),
        Expected(name: "除夕", year: 2026, date: "2026-02-16"),
        Expected(name: "国庆节", year: 2026, date: "2026-10-01"),
    ]

    @Test(arguments: holidayDates)
    func holidayFallsOnKnownDate(_ expected: Expected) throws {
        let rule = try defaultRule(expected.name)
        #expect(rule.date(inGregorianYear: expected.year) == LocalDate(expected.date))
    }

    @Test func everyDefaultFallsOncePerYear_andEveIsTheDayBeforeNewYear() throws {
        let eve = try defaultRule("除夕")
        let newYear = try defaultRule("春节")
        for year in 1900...2100 {
            for rule in HolidayRule.chineseDefaults {
                #expect(rule.dates(inGregorianYear: year).count == 1, "\(rule.name) \(year)")
            }
            #expect(eve.date(inGregorianYear: year)?.adding(days: 1) == newYear.date(inGregorianYear: year), "\(year)")
        }
    }

    /// Every day has a Chinese date, one more than the day before's or a new month's first
    /// after day 29 or 30, including where Foundation itself reports "day 0" (2057-09-28,
    /// 2097-08-07: new moons at Beijing midnight).
    @Test func chineseDatesRunWithoutGapsFrom1900To2100() throws {
        var date = try day("1900-01-01")
        var previous = try #require(ChineseCalendar.monthDay(of: date))
        let end = try day("2100-12-31")
        while date < end {
            date = try #require(date.adding(days: 1))
            let current = try #require(ChineseCalendar.monthDay(of: date), "\(date)")
            let continues = current.day == previous.day + 1 && current.month == previous.month
                && current.isLeapMonth == previous.isLeapMonth
            let startsMonth = current.day == 1 && (29...30).contains(previous.day)
            #expect(continues || startsMonth, "\(date): \(previous) then \(current)")
            previous = current
        }
    }

    @Test func lateWinterLunarDateCanFallTwiceOrNeverInAYear() throws {
        // 腊八 (12-08): 2022-01-10 and 2022-12-30, then not again until 2024-01-18.
        let laba = try HolidayRule(name: "腊八节", day: .chinese(month: 12, day: 8))
        #expect(laba.dates(inGregorianYear: 2022) == [try day("2022-01-10"), try day("2022-12-30")])
        #expect(laba.date(inGregorianYear: 2023) == nil)
        #expect(laba.date(inGregorianYear: 2024) == LocalDate("2024-01-18"))
    }

    @Test func gregorianLeapDayHolidayOccursOnlyInLeapYears() throws {
        let rule = try HolidayRule(name: "闰日", day: .gregorian(month: 2, day: 29))
        #expect(rule.date(inGregorianYear: 2025) == nil)
        #expect(rule.date(inGregorianYear: 2028) == LocalDate("2028-02-29"))
    }

    @Test func leapDayBirthdayFallsOn28FebruaryInOtherYears() throws {
        let birthday = Birthday(birthDate: try day("2000-02-29"), calendar: .gregorian)
        #expect(birthday.date(inGregorianYear: 2025) == LocalDate("2025-02-28"))
        #expect(birthday.date(inGregorianYear: 2028) == LocalDate("2028-02-29"))
        #expect(birthday.date(inGregorianYear: 1999) == nil)
    }

    @Test func lunarBirthdayFollowsTheChineseDate() throws {
        // 1990-10-03 was 八月十五, so the birthday is 中秋 every year.
        let birthday = Birthday(birthDate: try day("1990-10-03"), calendar: .chinese)
        #expect(birthday.date(inGregorianYear: 2025) == LocalDate("2025-10-06"))
        #expect(birthday.date(inGregorianYear: 2026) == LocalDate("2026-09-25"))
        #expect(birthday.date(inGregorianYear: 1990) == LocalDate("1990-10-03"))
        #expect(birthday.date(inGregorianYear: 1989) == nil)
    }

    @Test func leapMonthBirthdayIsKeptInTheOrdinaryMonth() throws {
        // 2023-03-22 was 闰二月初一; 二月初一 was 2024-03-10 and 2025-02-28 (龙抬头 the day after).
        let birthday = Birthday(birthDate: try day("2023-03-22"), calendar: .chinese)
        #expect(birthday.date(inGregorianYear: 2024) == LocalDate("2024-03-10"))
        #expect(birthday.date(inGregorianYear: 2025) == LocalDate("2025-02-28"))
    }

    @Test func lunarDay30FallsOnDay29InShortMonths() throws {
        // 2024-02-09 was 腊月三十; 腊月 had 29 days before the 2025 and 2026 new years.
        let birthday = Birthday(birthDate: try day("2024-02-09"), calendar: .chinese)
        #expect(birthday.date(inGregorianYear: 2025) == LocalDate("2025-01-28"))
        #expect(birthday.date(inGregorianYear: 2026) == LocalDate("2026-02-16"))
    }

    @Test func upcomingCrossesTheYearEnd() throws {
        let birthday = Birthday(birthDate: try day("1990-01-10"))
        let found = try CareCalendar.upcoming(
            from: try day("2026-12-20"), days: 60, holidays: HolidayRule.chineseDefaults, birthday: birthday
        )
        let dates: [String] = found.map(\.date.description)
        let days: [Int] = found.map(\.daysUntil)
        #expect(dates == ["2027-01-01", "2027-01-10", "2027-02-05", "2027-02-06"])
        #expect(days == [12, 21, 47, 48])
        #expect(found.map(\.occasion) == [
            .holiday(try defaultRule("元旦")), .birthday, .holiday(try defaultRule("除夕")), .holiday(try defaultRule("春节")),
        ])
    }

    @Test func upcomingWithZeroDaysIsTodayOnly() throws {
        let holidays = HolidayRule.chineseDefaults
        let newYear = try CareCalendar.upcoming(from: try day("2026-02-17"), days: 0, holidays: holidays)
        #expect(newYear == [CareDate(occasion: .holiday(try defaultRule("春节")), date: try day("2026-02-17"), daysUntil: 0)])
        #expect(try CareCalendar.upcoming(from: try day("2026-02-18"), days: 0, holidays: holidays).isEmpty)
    }

    @Test(arguments: [-1, 367])
    func upcomingRejectsWindowsOutside0To366(_ days: Int) throws {
        let error = try #require(throws: KehuError.self) {
            try CareCalendar.upcoming(from: try day("2026-01-01"), days: days, holidays: [])
        }
        #expect(fieldNames(of: error) == ["days"])
    }

    @Test func invalidRulesAreRejectedWithFieldErrors() throws {
        let both = try #require(throws: KehuError.self) {
            try HolidayRule(name: "  ", day: .chinese(month: 13, day: 31))
        }
        #expect(fieldNames(of: both) == ["name", "month", "day"])
        let february = try #require(throws: KehuError.self) {
            try HolidayRule(name: "二月三十", day: .gregorian(month: 2, day: 30))
        }
        #expect(fieldNames(of: february) == ["day"])
    }

    struct Body: Decodable {
        var holidays: [HolidayRule]
    }

    @Test func decodingValidatesAndNamesFieldsByPath() throws {
        let json = #"""
        {"holidays": [
            {"name": "春节", "calendar": "chinese", "month": 1, "day": 1},
            {"name": "", "calendar": "chinese", "month": 11, "day": "last"},
            {"name": "x", "calendar": "lunar", "month": 1, "day": 1}
        ]}
        """#
        let error = try #require(throws: KehuError.self) {
            try JSONDecoder().decode(Body.self, from: Data(json.utf8))
        }
        #expect(fieldNames(of: error) == ["holidays[1].name", "holidays[1].day"])
        let lunar = #"{"name": "x", "calendar": "lunar", "month": 1, "day": 1}"#
        let calendarError = try #require(throws: KehuError.self) {
            try JSONDecoder().decode(HolidayRule.self, from: Data(lunar.utf8))
        }
        #expect(fieldNames(of: calendarError) == ["calendar"])
    }

    @Test func defaultsRoundTripThroughJSON() throws {
        let data = try JSONEncoder().encode(HolidayRule.chineseDefaults)
        #expect(try JSONDecoder().decode([HolidayRule].self, from: data) == HolidayRule.chineseDefaults)
        let eve = try JSONEncoder().encode(try defaultRule("除夕"))
        let object = try #require(try JSONSerialization.jsonObject(with: eve) as? [String: Any])
        #expect(object["calendar"] as? String == "chinese")
        #expect(object["month"] as? Int == 12)
        #expect(object["day"] as? String == "last")
    }
}
