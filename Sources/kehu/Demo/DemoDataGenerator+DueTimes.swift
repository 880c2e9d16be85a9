import Foundation

/// Times of follow-ups: in office hours, Beijing time (UTC+8 all year, the server's default
/// `--time-zone`), which is where the agenda's "today" is meant.
extension DemoDataGenerator {
    static let hourMillis: Int64 = 3_600_000
    private static let beijingOffset: Int64 = 8 * hourMillis
    private static let halfHour: Int64 = 1_800_000

    /// Local midnight starting the day of `millis`.
    static func dayStart(_ millis: Int64) -> Int64 {
        (millis + beijingOffset) / dayMillis * dayMillis - beijingOffset
    }

    /// A time between 09:00 and 18:00 `dayOffset` days from today: on the half hour, as a
    /// person picks a due time, or with `exact` anywhere in it (a time the scheduling
    /// computed from a completion).
    mutating func workingTime(dayOffset: Int, exact: Bool = false) -> Int64 {
        todayStartMillis + Int64(dayOffset) * Self.dayMillis + officeHours(exact: exact)
    }

    /// A moment in office hours on a day within [from, until], kept within them.
    mutating func officeMoment(from: Int64, until: Int64) -> Int64 {
        let day = Self.dayStart(DemoTime.wholeMillis(moment(from: from, until: until)))
        return min(max(day + officeHours(exact: true), from), max(until, from))
    }

    /// When a task that closed at `closed` was due: mostly that day, now and then one to
    /// three days before (done late), sometimes the next day (done early).
    mutating func dueTime(closedAt closed: Int64) -> Int64 {
        let draw = random.unit()
        let daysBefore = draw < 0.75 ? 0 : draw < 0.95 ? random.int(1...3) : -1
        return Self.dayStart(closed) - Int64(daysBefore) * Self.dayMillis + officeHours(exact: true)
    }

    private mutating func officeHours(exact: Bool) -> Int64 {
        Int64(random.int(18...35)) * Self.halfHour + (exact ? random.int64(below: Self.halfHour) : 0)
    }
}
