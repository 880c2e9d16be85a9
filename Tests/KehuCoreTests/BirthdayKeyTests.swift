import Foundation
import KehuCore
import Testing

/// The agenda finds birthdays by key; the keys must agree with `Birthday.dates` exactly.
@Suite struct BirthdayKeyTests {
    /// Every day of 2024–2027 (a leap year among them) for a spread of birth dates in both
    /// calendars, including 29 February, lunar day 30 and a leap-month birth.
    @Test(arguments: [BirthdayCalendar.gregorian, .chinese])
    func keyOfABirthday_isAmongTheKeysOfADay_exactlyWhenItIsCelebratedThen(_ calendar: BirthdayCalendar) throws {
        let births = [
            "1990-01-01", "1984-02-29", "1985-03-14", "1976-05-29", "1962-08-23", "1980-10-31", "1995-12-31",
            // 1987-07-25 is day 30 of Chinese month 6; 2023-04-10 is in leap month 2 (闰二月).
            "1987-07-25", "2023-04-10", "1966-02-20", "2001-06-21",
        ].compactMap(LocalDate.init)
        let keysByDay = (0..<(4 * 366)).compactMap { LocalDate(year: 2024, month: 1, day: 1)!.adding(days: $0) }
            .filter { $0.year <= 2027 }
            .map { ($0, Set(BirthdayKey.keys(on: $0))) }
        for birth in births {
            let birthday = Birthday(birthDate: birth, calendar: calendar)
            let key = try #require(BirthdayKey.key(of: birthday))
            let expected = Set((2024...2027).flatMap { birthday.dates(inGregorianYear: $0) })
            let found = Set(keysByDay.filter { $0.1.contains(key) }.map(\.0))
            #expect(found == expected, "\(birth) \(calendar): keys find \(found.sorted()), dates are \(expected.sorted())")
        }
    }

    @Test func keys_areMonthDayForGregorian_andLunarWithAnL() throws {
        #expect(BirthdayKey.key(of: Birthday(birthDate: LocalDate("1990-03-07")!)) == "03-07")
        // 2026-02-17 is 春节, Chinese 1-1.
        #expect(BirthdayKey.key(of: Birthday(birthDate: LocalDate("2026-02-17")!, calendar: .chinese)) == "L-01-01")
        #expect(BirthdayKey.keys(on: LocalDate("2027-02-28")!).contains("02-29"))
        #expect(!BirthdayKey.keys(on: LocalDate("2028-02-28")!).contains("02-29"))
    }
}
