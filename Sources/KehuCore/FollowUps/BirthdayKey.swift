import Foundation

/// Birthdays as keys a database can index: the stored key of a birthday matches one of the
/// keys of a day exactly when the birthday is celebrated that day (`Birthday.dates`). So
/// finding the birthdays in a window is an equality lookup per key, for lunar birthdays too.
///
/// A Gregorian birthday's key is its month and day (`MM-DD`); a lunar one's is `L-MM-DD`
/// with the Chinese month and day of birth (a leap month under its ordinary number).
public enum BirthdayKey {
    /// The key stored for `birthday`, or nil when the lunar date cannot be found.
    public static func key(of birthday: Birthday) -> String? {
        switch birthday.calendar {
        case .gregorian:
            return gregorian(month: birthday.birthDate.month, day: birthday.birthDate.day)
        case .chinese:
            return ChineseCalendar.monthDay(of: birthday.birthDate).map { lunar(month: $0.month, day: $0.day) }
        }
    }

    /// Every key celebrated on `date`: its own month-day, and
    /// - 02-29 on 28 February of a common year;
    /// - its Chinese month-day unless in a leap month, plus day 30 on the 29th of a short month.
    public static func keys(on date: LocalDate) -> [String] {
        var keys = [gregorian(month: date.month, day: date.day)]
        if date.month == 2, date.day == 28, !LocalDate.isLeapYear(date.year) { keys.append(gregorian(month: 2, day: 29)) }
        if let lunar = ChineseCalendar.monthDay(of: date), !lunar.isLeapMonth {
            keys.append(self.lunar(month: lunar.month, day: lunar.day))
            if lunar.day == 29, let next = date.adding(days: 1), ChineseCalendar.monthDay(of: next)?.day == 1 {
                keys.append(self.lunar(month: lunar.month, day: 30))
            }
        }
        return keys
    }

    private static func gregorian(month: Int, day: Int) -> String { twoDigits(month) + "-" + twoDigits(day) }
    private static func lunar(month: Int, day: Int) -> String { "L-" + twoDigits(month) + "-" + twoDigits(day) }
    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
