import Foundation

/// The calendar unit a series is cut into.
public enum BucketUnit: String, Sendable, CaseIterable {
    /// From local midnight to the next.
    case day
    /// From local midnight of a Monday (ISO 8601 weeks) to the next Monday's.
    case week
    /// From local midnight of the 1st to the next month's.
    case month
}

/// One stretch of local calendar time: a day, a week or a month in some time zone, as the
/// UTC instants it runs between (`start` inclusive, `end` exclusive).
public struct TimeBucket: Sendable, Equatable {
    /// The local date it begins on (a Monday for weeks, a 1st for months).
    public var firstDay: LocalDate
    public var start: Date
    public var end: Date

    public init(firstDay: LocalDate, start: Date, end: Date) {
        self.firstDay = firstDay
        self.start = start
        self.end = end
    }

    /// The whole buckets of `unit` in `timeZone` that overlap `from ..< to`, in order: the
    /// first starts at or before `from`, the last ends at or after `to`. Days are counted
    /// with `LocalDate`, so a daylight-saving change makes a day 23 or 25 hours long rather
    /// than moving midnight. Empty only when `from >= to` or the dates leave years 1...9999.
    public static func covering(from: Date, to: Date, unit: BucketUnit, in timeZone: TimeZone) -> [TimeBucket] {
        guard from < to, let fromDay = LocalDate(from, in: timeZone), var first = firstDay(of: fromDay, unit: unit) else { return [] }
        var buckets: [TimeBucket] = []
        var start = first.startOfDay(in: timeZone)
        while start < to, let next = nextFirstDay(after: first, unit: unit) {
            let end = next.startOfDay(in: timeZone)
            buckets.append(TimeBucket(firstDay: first, start: start, end: end))
            (first, start) = (next, end)
        }
        return buckets
    }

    /// The day a bucket holding `day` begins on.
    static func firstDay(of day: LocalDate, unit: BucketUnit) -> LocalDate? {
        switch unit {
        case .day: day
        // 1970-01-01 was a Thursday, three days after a Monday.
        case .week: day.adding(days: -(((day.dayNumber + 3) % 7 + 7) % 7))
        case .month: LocalDate(year: day.year, month: day.month, day: 1)
        }
    }

    /// The first day of the bucket after the one beginning on `first`.
    static func nextFirstDay(after first: LocalDate, unit: BucketUnit) -> LocalDate? {
        switch unit {
        case .day: first.adding(days: 1)
        case .week: first.adding(days: 7)
        case .month: first.month == 12 ? LocalDate(year: first.year + 1, month: 1, day: 1) : LocalDate(year: first.year, month: first.month + 1, day: 1)
        }
    }
}
